"""Meetings: the kickoff with its agenda and distributed materials (ENG-7), weekly, monthly
and special-topic meetings whose minutes, decisions and action items go to the
participants (COM-1)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class MeetingKind(models.TextChoices):
    KICKOFF = "kickoff", _("Kickoff meeting")
    WEEKLY = "weekly", _("Weekly meeting")
    MONTHLY = "monthly", _("Monthly meeting")
    SPECIAL_TOPIC = "special_topic", _("Special-topic meeting")


# The items every kickoff agenda covers (ENG-7), offered as the agenda's headings.
KICKOFF_AGENDA_ITEMS = (
    _("Background"),
    _("Goals"),
    _("Tasks"),
    _("Schedule"),
    _("Quality requirements"),
    _("Communication rules"),
)


class Meeting(TimeStampedModel):
    """A project meeting with its participants, minutes and decisions."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("held at"))
    agenda = models.TextField(_("agenda"), blank=True)
    materials = models.TextField(_("distributed materials"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        through="engagements.MeetingAttendance",
        related_name="meetings",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    distributed_at = models.DateTimeField(_("minutes distributed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["engagement", "-held_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement"],
                condition=models.Q(kind="kickoff"),
                name="%(app_label)s_%(class)s_one_kickoff",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_distributed(self) -> bool:
        return self.distributed_at is not None


class KickoffManager(models.Manager["KickoffMeeting"]):
    def get_queryset(self) -> models.QuerySet[KickoffMeeting]:
        return super().get_queryset().filter(kind=MeetingKind.KICKOFF)


class KickoffMeeting(Meeting):
    """The kickoff meeting of an engagement (ENG-7): a meeting of kind ``kickoff``."""

    objects: ClassVar[KickoffManager] = KickoffManager()

    class Meta:
        proxy = True
        verbose_name = _("kickoff meeting")
        verbose_name_plural = _("kickoff meetings")


class MeetingAttendance(models.Model):
    """An invited participant of a meeting and whether they attended."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="%(app_label)s_%(class)s_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.meeting_id}"


class ActionItem(TimeStampedModel):
    """Something a meeting decided someone will do by a date (COM-1)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("description"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["meeting", "due_date", "id"]

    def __str__(self) -> str:
        return self.description


class MeetingDistribution(models.Model):
    """The minutes went to this participant at this time (COM-1)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="distributions"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    distributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    distributed_at = models.DateTimeField(_("distributed at"))

    class Meta:
        verbose_name = _("minutes distribution")
        verbose_name_plural = _("minutes distributions")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "recipient"], name="%(app_label)s_%(class)s_once_per_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} → {self.recipient_id}"
