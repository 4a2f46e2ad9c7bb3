"""Satisfaction surveys (CRM-4): admin-editable templates of Likert questions; one survey per
person and occasion, answered once through a signed, expiring link (SEC-21)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clients.choices import SurveyDimension, SurveyOccasion, SurveyStatus
from core.models import TimeStampedModel


class SurveyTemplate(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    occasion = models.CharField(_("used for"), max_length=12, choices=SurveyOccasion.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name


class SurveyQuestion(models.Model):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    dimension = models.CharField(_("dimension"), max_length=12, choices=SurveyDimension.choices)
    text = models.CharField(_("question (Chinese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return self.text_en if translation.get_language() == "en" and self.text_en else self.text


class Survey(TimeStampedModel):
    """One person's survey on one engagement for one occasion (the acceptance, or a quarter
    such as ``2026-Q4``). ``token_nonce`` makes the e-mailed link single-use and revocable."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="+")
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    occasion = models.CharField(_("occasion"), max_length=12, choices=SurveyOccasion.choices)
    period = models.CharField(_("period"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.PENDING
    )
    token_nonce = models.CharField(max_length=32)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    mean_score = models.DecimalField(
        _("mean score"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    low_score = models.BooleanField(_("low score"), default=False)
    comment = models.TextField(_("reasons and suggestions"), blank=True)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "recipient", "occasion", "period"],
                name="%(app_label)s_%(class)s_once_per_person_and_occasion",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "sent_at"],
                name="clients_survey_open",
                condition=models.Q(status="sent"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}/{self.recipient_id} {self.occasion} {self.period}"


class SurveyAnswer(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(_("dimension"), max_length=12, choices=SurveyDimension.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["survey", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question"], name="%(app_label)s_%(class)s_once_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="%(app_label)s_%(class)s_likert_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.score}"
