"""Delivery (ENG-10), acceptance (ENG-11) and follow-up (ENG-12): the delivery preparation
checklist, the delivery list, acceptance rounds with the client's verdict, and the follow-up
obligations that must be met or waived before the engagement closes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class ChecklistItem(models.TextChoices):
    """The standard items of the delivery preparation checklist, in the order they are done."""

    DELIVERABLES_COMPLETE = "deliverables_complete", _("Deliverables complete")
    DELIVERABLES_REVIEWED = "deliverables_reviewed", _("Deliverables reviewed")
    DELIVERABLES_PACKAGED = "deliverables_packaged", _("Deliverables packaged")
    CLIENT_CONTACT_CONFIRMED = "client_contact_confirmed", _("Client contact confirmed")
    DELIVERY_MODE_AGREED = "delivery_mode_agreed", _("Delivery mode agreed")


class DeliveryMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class AcceptanceStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the client's verdict")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class AcceptanceVerdict(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class ObligationKind(models.TextChoices):
    SATISFACTION_SURVEY = "satisfaction_survey", _("Satisfaction survey")
    RECTIFICATION = "rectification", _("Rectification")
    REVISIT = "revisit", _("Revisit")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    # Not the SLA clock's "Met" (met on time): an obligation has no clock.
    MET = "met", pgettext_lazy("follow-up obligation", "Met")
    WAIVED = "waived", _("Waived")


def _done_with_who(at: str, by: str) -> models.Q:
    return models.Q(**{f"{at}__isnull": True, f"{by}__isnull": True}) | models.Q(
        **{f"{at}__isnull": False, f"{by}__isnull": False}
    )


class DeliveryChecklistItem(TimeStampedModel):
    """One point of the delivery preparation checklist (ENG-10), ticked by the project
    manager. The standard items are seeded when the checklist is first opened."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="delivery_checklist",
    )
    item = models.CharField(_("item"), max_length=40, choices=ChecklistItem.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delivery checklist item")
        verbose_name_plural = _("delivery checklist items")
        ordering = ["engagement", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "item"], name="%(app_label)s_%(class)s_one_per_item"
            ),
            models.CheckConstraint(
                condition=_done_with_who("done_at", "done_by"),
                name="%(app_label)s_%(class)s_done_with_who",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class DeliveryItem(TimeStampedModel):
    """One line of the delivery list (ENG-10): what is delivered, on site or online, when,
    and against which (acceptance) standard."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="delivery_items",
    )
    content = models.CharField(_("content"), max_length=300)
    mode = models.CharField(_("delivery mode"), max_length=10, choices=DeliveryMode.choices)
    planned_at = models.DateTimeField(_("planned delivery time"))
    standard = models.TextField(_("acceptance standard"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delivery item")
        verbose_name_plural = _("delivery items")
        ordering = ["engagement", "planned_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode__in=DeliveryMode.values),
                name="%(app_label)s_%(class)s_mode_valid",
            ),
            models.CheckConstraint(
                condition=_done_with_who("delivered_at", "delivered_by"),
                name="%(app_label)s_%(class)s_delivered_with_who",
            ),
        ]

    def __str__(self) -> str:
        return self.content

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None


class AcceptanceRequest(TimeStampedModel):
    """One round of acceptance (ENG-11): the application (time, content, criteria) and the
    client's verdict, pass or fail with reasons. A failed round is rectified and resubmitted
    as the next round, which points back at it. The verdict is an electronic sign-off (X-2):
    the person entering it re-enters their password and ``content_hash`` binds what was
    judged."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="acceptance_requests",
    )
    round = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    resubmission_of = models.OneToOneField(
        "self",
        verbose_name=_("resubmission of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resubmission",
    )
    rectification = models.TextField(_("rectification since the failed round"), blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("content"))
    criteria = models.TextField(_("acceptance criteria"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AcceptanceStatus.choices,
        default=AcceptanceStatus.PENDING,
    )
    verdict_at = models.DateTimeField(_("verdict at"), null=True, blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verdict by (client user)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verdict_by_name = models.CharField(_("verdict given by"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The client user, or the project manager on the client's behalf."),
    )
    reasons = models.TextField(_("reasons"), blank=True)
    content_hash = models.CharField(_("SHA-256 of the judged content"), max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance request")
        verbose_name_plural = _("acceptance requests")
        ordering = ["engagement", "round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "round"], name="%(app_label)s_%(class)s_one_per_round"
            ),
            models.UniqueConstraint(
                fields=["engagement"],
                condition=models.Q(status=AcceptanceStatus.PENDING),
                name="%(app_label)s_%(class)s_one_pending",
            ),
            models.UniqueConstraint(
                fields=["engagement"],
                condition=models.Q(status=AcceptanceStatus.PASSED),
                name="%(app_label)s_%(class)s_one_passed",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AcceptanceStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(round=1, resubmission_of__isnull=True)
                | models.Q(round__gt=1, resubmission_of__isnull=False),
                name="%(app_label)s_%(class)s_later_rounds_resubmit",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status=AcceptanceStatus.PENDING,
                    verdict_at__isnull=True,
                    recorded_by__isnull=True,
                )
                | (
                    ~models.Q(status=AcceptanceStatus.PENDING)
                    & models.Q(verdict_at__isnull=False, recorded_by__isnull=False)
                    & ~models.Q(verdict_by_name="")
                ),
                name="%(app_label)s_%(class)s_verdict_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AcceptanceStatus.FAILED) | ~models.Q(reasons=""),
                name="%(app_label)s_%(class)s_fail_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} #{self.round}: {self.status}"


class FollowUpObligation(TimeStampedModel):
    """Something owed to the client after acceptance (ENG-12): a satisfaction survey (CRM-4),
    rectification of problems found (IMP-2) or a revisit (CRM-6). The engagement closes only
    when each is met, or waived with a reason. ``standard`` marks the ones created
    automatically when the acceptance passed."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="follow_up_obligations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ObligationKind.choices)
    description = models.TextField(_("description"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    standard = models.BooleanField(_("standard obligation"), default=False)
    outcome = models.TextField(_("outcome"), blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the standard obligations created when the acceptance passed."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up obligation")
        verbose_name_plural = _("follow-up obligations")
        ordering = ["engagement", "due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "kind"],
                condition=models.Q(standard=True),
                name="%(app_label)s_%(class)s_standard_once",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ObligationKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status=ObligationStatus.OPEN, closed_at__isnull=True, closed_by__isnull=True
                )
                | models.Q(
                    status__in=[ObligationStatus.MET, ObligationStatus.WAIVED],
                    closed_at__isnull=False,
                    closed_by__isnull=False,
                ),
                name="%(app_label)s_%(class)s_closed_with_who",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ObligationStatus.WAIVED) | ~models.Q(waiver_reason=""),
                name="%(app_label)s_%(class)s_waiver_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_date})"

    @property
    def is_open(self) -> bool:
        return self.status == ObligationStatus.OPEN


class FollowUpSettings(models.Model):
    """Firm-wide due periods of the standard follow-up obligations; one row (pk=1), read
    through ``follow_up_settings()``."""

    survey_due_days = models.PositiveSmallIntegerField(
        _("satisfaction survey due after (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    revisit_due_days = models.PositiveSmallIntegerField(
        _("revisit due after (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    rectification_due_days = models.PositiveSmallIntegerField(
        _("rectification due after (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    survey_due_days__gte=1, revisit_due_days__gte=1, rectification_due_days__gte=1
                ),
                name="%(app_label)s_%(class)s_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Follow-up settings"))


def follow_up_settings() -> FollowUpSettings:
    return FollowUpSettings.objects.filter(pk=1).first() or FollowUpSettings(pk=1)
