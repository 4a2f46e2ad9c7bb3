"""Emergency plans per risk category and incidents handled against them (RSK-5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from risk.choices import IncidentStatus, Severity, TimelineKind
from risk.models.register import Risk, RiskCategory


class EmergencyPlan(TimeStampedModel):
    """应急预案: when it applies (trigger), who does what (roles), whom to call (contacts) and
    the ordered steps an incident follows."""

    category = models.ForeignKey(
        RiskCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=200)
    trigger = models.TextField(_("trigger"))
    roles = models.TextField(_("roles and responsibilities"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["category__order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:plan-detail", args=[self.pk])


class EmergencyPlanStep(models.Model):
    plan = models.ForeignKey(
        EmergencyPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.CharField(_("action"), max_length=300)
    role = models.CharField(_("responsible role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order"], name="%(app_label)s_%(class)s_one_per_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.action}"


class Incident(TimeStampedModel):
    """突发事件: reported, classified by severity, handled step by step, resolved, and closed
    only with a post-incident review."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    risk = models.ForeignKey(
        Risk,
        verbose_name=_("related risk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
    )
    category = models.ForeignKey(
        RiskCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        EmergencyPlan,
        verbose_name=_("emergency plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Post-incident review (事后评估)
    root_cause = models.TextField(_("root cause"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    improvements = models.JSONField(_("improvement actions"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["status", "severity"], name="risk_incident_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(reviewed_by__isnull=False),
                name="%(app_label)s_%(class)s_closed_only_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risk:incident-detail", args=[self.pk])


class IncidentStep(models.Model):
    """A step of the plan copied onto the incident when it is reported, ticked off in order."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.CharField(_("action"), max_length=300)
    role = models.CharField(_("responsible role"), max_length=100, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("incident step")
        verbose_name_plural = _("incident steps")
        ordering = ["incident", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "order"], name="%(app_label)s_%(class)s_one_per_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.action}"


class IncidentEvent(models.Model):
    """One entry of an incident's timeline: who did what, when."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TimelineKind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind}"
