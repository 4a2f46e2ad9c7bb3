"""Client contacts and personal data (CRM-1, SEC-25…SEC-27): contact details encrypted at rest
and masked in lists, a log of every export, correction and erasure of a person's data, and
the retention schedule the periodic purge enforces."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import PrivacyAction
from core.crypto import EncryptedTextField, mask_email, mask_phone
from core.models import TimeStampedModel


class ClientContact(TimeStampedModel):
    """A person at the client. ``user`` links the contact profile of a client user (their
    phone and position, edited in the portal). Phone and e-mail are ciphertext in the
    database, history included (SEC-26)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_profile",
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client contact")
        verbose_name_plural = _("client contacts")
        ordering = ["client", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def email_masked(self) -> str:
        return mask_email(self.email) if self.email else ""


class PersonalDataRequest(models.Model):
    """One export, correction or erasure of a person's data: who asked for it, who did it,
    when, and which fields changed (never the values — SEC-25)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="personal_data_requests",
    )
    action = models.CharField(_("action"), max_length=8, choices=PrivacyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("request or reason"), max_length=300)
    fields = models.JSONField(_("fields changed"), default=list, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.action} {self.at:%Y-%m-%d}"


def _days(label: Any, default: int) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(36500)]
    )


class RetentionSettings(models.Model):
    """How long each category of personal data is kept (SEC-27); one row (pk=1). The purge
    pseudonymises or deletes what is older; quality facts (dates, classification, scores)
    stay."""

    closed_complaints_days = _days(_("closed complaints: personal details kept (days)"), 1825)
    resolved_support_days = _days(_("resolved support requests: details kept (days)"), 1095)
    survey_comments_days = _days(_("survey answers: comments kept (days)"), 1095)
    communications_days = _days(_("communication logs: contact and summary kept (days)"), 1825)
    download_logs_days = _days(_("download logs kept (days)"), 365)
    expired_tokens_days = _days(_("expired survey links: token kept (days)"), 30)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedule")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="%(app_label)s_%(class)s_singleton"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Retention schedule"))


def retention_settings() -> RetentionSettings:
    return RetentionSettings.objects.filter(pk=1).first() or RetentionSettings(pk=1)


class RetentionRun(models.Model):
    """One pass of the purge and what it did per category."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    counts = models.JSONField(_("records purged per category"), default=dict)

    class Meta:
        verbose_name = _("retention purge run")
        verbose_name_plural = _("retention purge runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
