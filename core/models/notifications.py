"""In-app notifications and per-user delivery preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("In-app only")


class Notification(models.Model):
    """One event for one recipient. ``event_key`` + recipient is unique, so emitting the same
    event twice (two sweeps, a retried task) never notifies twice."""

    class Email(models.TextChoices):
        PENDING = "pending", _("To be e-mailed")
        DIGEST = "digest", _("Waiting for the digest")
        SENDING = "sending", _("Being e-mailed")
        SENT = "sent", _("E-mailed")
        SKIPPED = "skipped", _("Not e-mailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    event_key = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    critical = models.BooleanField(_("critical"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "recipient"],
                name="%(app_label)s_%(class)s_once_per_event_and_recipient",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["email_status"],
                name="notification_email_queue",
                condition=models.Q(email_status__in=["pending", "digest", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def title(self) -> str:
        """The title in the active language (the recipient's, in their inbox and e-mail)."""
        from core.notifications.kinds import render_title

        return render_title(self.kind, self.params)


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    mode = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="%(app_label)s_%(class)s_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"
