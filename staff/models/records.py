"""Staff records (STF-1): each person's position, department, education and experience,
the qualifications the firm recognises, certificates with issue and expiry dates, and which
qualification a service type requires. Every change is kept in the history."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class StaffSettings(models.Model):
    """One row (pk=1), read through ``staff_settings()``: firm numbers an admin edits."""

    certificate_alert_days = models.PositiveSmallIntegerField(
        _("certificate expiry alert (days before)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("The holder and the QA managers are told this many days before expiry."),
    )
    require_declaration = models.BooleanField(
        _("independence declaration required"),
        default=True,
        help_text=_(
            "Team members must declare independence and conflicts of interest before "
            "logging progress or time on an engagement."
        ),
    )
    require_second_factor_for_signing = models.BooleanField(
        _("require a second factor for signing roles"),
        default=False,
        help_text=_(
            "When on, people in a role that signs reviews (the roles the review levels name) "
            "cannot sign until they have enrolled an authenticator app (SEC-8)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff settings")
        verbose_name_plural = _("staff settings")

    def __str__(self) -> str:
        return str(_("Staff settings"))


def staff_settings() -> StaffSettings:
    return StaffSettings.objects.filter(pk=1).first() or StaffSettings(pk=1)


class StaffProfile(TimeStampedModel):
    """The personnel record of one member of staff (人员档案)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("line manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    education = models.TextField(_("education"), blank=True)
    experience = models.TextField(_("experience"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff record")
        verbose_name_plural = _("staff records")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)


class QualificationType(TimeStampedModel):
    """A qualification the firm recognises (e.g. 注册咨询工程师)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceRequirement(TimeStampedModel):
    """A qualification everyone joining an engagement of this service type must hold
    unexpired (STF-1)."""

    service_type = models.CharField(_("service type"), max_length=20)
    qualification = models.ForeignKey(
        QualificationType,
        verbose_name=_("qualification"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required qualification")
        verbose_name_plural = _("required qualifications")
        ordering = ["service_type", "qualification"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_type", "qualification"],
                name="%(app_label)s_%(class)s_once_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type}: {self.qualification}"


def certificate_upload_to(instance: Certificate, filename: str) -> str:
    # Our own name on disk: the uploaded name is kept only as metadata.
    suffix = PurePath(filename).suffix.lower()
    return f"staff/certificates/{instance.user_id}/{instance.number or 'cert'}{suffix}"


class Certificate(TimeStampedModel):
    """A certificate proving a qualification, valid from issue to expiry (no expiry date
    means it does not expire)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    qualification = models.ForeignKey(
        QualificationType,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=certificate_upload_to, max_length=255, blank=True
    )
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["user", "expires_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="%(app_label)s_%(class)s_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"], name="certificate_expiry")]

    def __str__(self) -> str:
        return f"{self.qualification} {self.number}".strip()
