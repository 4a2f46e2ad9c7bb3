"""Satisfaction surveys (CRM-4): issued when an engagement is accepted and in a quarterly
round, to the client's users who consented to surveys (SEC-24); sent by Celery with a signed,
expiring, single-use link that carries no personal data (SEC-21); reminded; answered once.
A low mean score sends ``clients.signals.survey_low_score`` after commit."""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clients.choices import ConsentPurpose, SurveyOccasion, SurveyStatus
from clients.models import (
    Consent,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyTemplate,
    relations_settings,
)
from clients.signals import survey_low_score
from core.exceptions import ApplicationError, ConflictError, NotFoundError
from engagements.choices import Stage
from engagements.models import Engagement
from staff.models import User

logger = logging.getLogger("engageqc.surveys")

TOKEN_SALT = "clients.survey-link"  # noqa: S105 - a signing namespace, not a secret
# Engagements surveyed in the quarterly round: those under way with the client.
QUARTERLY_STAGES = (Stage.EXECUTION, Stage.DELIVERY, Stage.ACCEPTANCE, Stage.FOLLOW_UP)


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _template(occasion: str) -> SurveyTemplate | None:
    return SurveyTemplate.objects.filter(occasion=occasion, is_active=True).order_by("code").first()


def _consenting_users() -> Any:
    return Exists(
        Consent.objects.filter(
            person_id=OuterRef("pk"), purpose=ConsentPurpose.SURVEYS, withdrawn_at__isnull=True
        )
    )


def _issue(engagements: list[Engagement], occasion: str, period: str) -> list[int]:
    """Create the missing surveys for the consenting users of the engagements' clients, in
    bulk (surveys carry no history); return the ids of the ones created."""
    template = _template(occasion)
    if template is None or not engagements:
        return []
    numbers = relations_settings()
    now = timezone.now()
    expires = now + timedelta(days=numbers.survey_link_days)
    client_ids = {e.client_id for e in engagements}
    people: dict[int, list[int]] = {}
    for user_id, client_id in (
        User.objects.filter(client_id__in=client_ids, is_active=True)
        .filter(_consenting_users())
        .exclude(email="")
        .values_list("pk", "client_id")
    ):
        people.setdefault(client_id, []).append(user_id)
    rows = [
        Survey(
            template=template,
            engagement=engagement,
            client_id=engagement.client_id,
            recipient_id=user_id,
            occasion=occasion,
            period=period,
            token_nonce=secrets.token_hex(16),
            expires_at=expires,
        )
        for engagement in engagements
        for user_id in people.get(engagement.client_id, [])
    ]
    if not rows:
        return []
    before = set(
        Survey.objects.filter(
            engagement__in=engagements, occasion=occasion, period=period
        ).values_list("pk", flat=True)
    )
    Survey.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return list(
        Survey.objects.filter(engagement__in=engagements, occasion=occasion, period=period)
        .exclude(pk__in=before)
        .values_list("pk", flat=True)
    )


def _publish_sends(ids: list[int]) -> None:
    from clients.tasks import surveys_send
    from core.tasking import publish_on_commit

    for start in range(0, len(ids), 200):
        publish_on_commit(surveys_send, ids[start : start + 200])


@transaction.atomic
def surveys_issue_for_acceptance(*, engagement_id: int) -> list[int]:
    """CRM-4: the survey after the engagement's acceptance passed (once per person)."""
    engagement = Engagement.objects.filter(pk=engagement_id).first()
    if engagement is None:
        return []
    ids = _issue([engagement], SurveyOccasion.ACCEPTANCE, "")
    _publish_sends(ids)
    return ids


@transaction.atomic
def surveys_issue_quarterly(*, today: date | None = None) -> list[int]:
    """CRM-4: the quarterly round over the engagements under way; running it again in the
    same quarter adds nobody twice."""
    today = today or timezone.localdate()
    engagements = list(Engagement.objects.filter(stage__in=QUARTERLY_STAGES))
    ids = _issue(engagements, SurveyOccasion.QUARTERLY, quarter_of(today))
    _publish_sends(ids)
    return ids


# --- links (SEC-21) --------------------------------------------------------------------------


def survey_token(survey: Survey) -> str:
    """A signed, timestamped token with the survey's id and its one-time nonce; no name, no
    e-mail address. It dies when the survey is answered, cancelled or expired."""
    return signing.dumps({"s": survey.pk, "n": survey.token_nonce}, salt=TOKEN_SALT, compress=True)


def survey_link(survey: Survey) -> str:
    return settings.ENGAGEQC_BASE_URL.rstrip("/") + reverse(
        "portal:survey_token", args=[survey_token(survey)]
    )


def survey_by_token(token: str, *, lock: bool = False) -> Survey:
    """The open survey a link points at, or NotFoundError for a forged, expired, used or
    revoked link (all alike)."""
    gone = NotFoundError(_("This survey link is invalid, expired or already used."))
    max_age = timedelta(days=relations_settings().survey_link_days)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        raise gone from None
    if not isinstance(data, dict) or not data.get("n"):
        raise gone
    qs = Survey.objects.select_related("template", "engagement", "recipient")
    if lock:
        qs = qs.select_for_update(of=("self",))
    survey = qs.filter(pk=int(data.get("s") or 0), token_nonce=data["n"]).first()
    if survey is None or not _answerable(survey):
        raise gone
    return survey


def _answerable(survey: Survey) -> bool:
    return (
        survey.status in (SurveyStatus.PENDING, SurveyStatus.SENT)
        and survey.expires_at > timezone.now()
        and bool(survey.token_nonce)
    )


# --- sending ---------------------------------------------------------------------------------


def _message(survey: Survey, *, reminder: bool) -> EmailMessage:
    recipient = survey.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            "survey": survey,
            "link": survey_link(survey),
            "reminder": reminder,
            "engagement": survey.engagement,
        }
        subject = (
            _("Reminder: how satisfied are you with %(title)s?")
            if reminder
            else _("How satisfied are you with %(title)s?")
        ) % {"title": survey.engagement.title}
        body = render_to_string("clients/email/survey.txt", context)
    return EmailMessage(subject, body, None, [recipient.email])


def _mail(survey: Survey, *, reminder: bool) -> None:
    _message(survey, reminder=reminder).send()


def survey_send(*, survey_id: int) -> bool:
    """Send one survey's e-mail if it is still waiting and its person still consents; the
    row is claimed first, so a redelivered task sends nothing twice (P10)."""
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(of=("self",))
            .select_related("engagement", "recipient")
            .filter(pk=survey_id, status=SurveyStatus.PENDING)
            .first()
        )
        if survey is None:
            return False
        if not Consent.objects.filter(
            person_id=survey.recipient_id, purpose=ConsentPurpose.SURVEYS, withdrawn_at__isnull=True
        ).exists():
            survey.status = SurveyStatus.CANCELLED
            survey.token_nonce = ""
            survey.save(update_fields=["status", "token_nonce", "updated_at"])
            return False
        survey.status = SurveyStatus.SENT
        survey.sent_at = timezone.now()
        survey.save(update_fields=["status", "sent_at", "updated_at"])
    _mail(survey, reminder=False)
    return True


def surveys_send_batch(*, survey_ids: list[int]) -> int:
    """``survey_send`` for many surveys at once (the fan-out task's unit, P10): the waiting
    ones whose person still consents are claimed in one UPDATE, the others cancelled in one,
    and the e-mails go out over one mail connection. A redelivered batch claims nothing
    again, so it sends nothing twice."""
    consents = Consent.objects.filter(
        person_id=OuterRef("recipient_id"),
        purpose=ConsentPurpose.SURVEYS,
        withdrawn_at__isnull=True,
    )
    now = timezone.now()
    with transaction.atomic():
        waiting = Survey.objects.filter(pk__in=survey_ids, status=SurveyStatus.PENDING)
        claimed = list(
            waiting.filter(Exists(consents))
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", flat=True)
        )
        Survey.objects.filter(pk__in=claimed).update(
            status=SurveyStatus.SENT, sent_at=now, updated_at=now
        )
        waiting.exclude(Exists(consents)).update(
            status=SurveyStatus.CANCELLED, token_nonce="", updated_at=now
        )
    surveys = Survey.objects.filter(pk__in=claimed).select_related("engagement", "recipient")
    messages = [_message(survey, reminder=False) for survey in surveys]
    if messages:
        with mailers.default as connection:
            connection.send_messages(messages)
    return len(messages)


def surveys_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic survey work: expire overdue links, send what a lost publish left
    waiting, remind the people who have not answered."""
    now = now or timezone.now()
    numbers = relations_settings()
    expired = Survey.objects.filter(
        status__in=[SurveyStatus.PENDING, SurveyStatus.SENT], expires_at__lte=now
    ).update(status=SurveyStatus.EXPIRED, token_nonce="", updated_at=now)
    waiting = list(
        Survey.objects.filter(
            status=SurveyStatus.PENDING, created_at__lte=now - timedelta(minutes=10)
        ).values_list("pk", flat=True)[:5000]
    )
    sent = sum(1 for pk in waiting if survey_send(survey_id=pk))
    due = now - timedelta(days=numbers.survey_reminder_days)
    reminded = 0
    for pk in (
        Survey.objects.filter(
            status=SurveyStatus.SENT, reminders_sent__lt=numbers.survey_max_reminders
        )
        .filter(Q(last_reminded_at__lte=due) | Q(last_reminded_at__isnull=True, sent_at__lte=due))
        .filter(
            Exists(
                Consent.objects.filter(
                    person_id=OuterRef("recipient_id"),
                    purpose=ConsentPurpose.SURVEYS,
                    withdrawn_at__isnull=True,
                )
            )
        )
        .values_list("pk", flat=True)[:5000]
    ):
        with transaction.atomic():
            survey = (
                Survey.objects.select_for_update(of=("self",))
                .select_related("engagement", "recipient")
                .filter(pk=pk, status=SurveyStatus.SENT)
                .first()
            )
            if survey is None:
                continue
            survey.reminders_sent += 1
            survey.last_reminded_at = now
            survey.save(update_fields=["reminders_sent", "last_reminded_at", "updated_at"])
        _mail(survey, reminder=True)
        reminded += 1
    return {"expired": expired, "sent": sent, "reminded": reminded}


# --- answering -------------------------------------------------------------------------------


def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(template_id=survey.template_id).order_by("position"))


def _save_answers(survey: Survey, scores: dict[int, int], comment: str) -> Survey:
    if not _answerable(survey):
        raise ConflictError(_("This survey can no longer be answered."))
    questions = survey_questions(survey)
    errors: dict[str, list[str]] = {}
    for question in questions:
        score = scores.get(question.pk)
        if score is None or not 1 <= int(score) <= 5:
            errors[f"q{question.pk}"] = [_("Choose a score from 1 to 5.")]
    if errors:
        raise ApplicationError(_("Answer every question with a score from 1 to 5."), extra=errors)
    answers = [
        SurveyAnswer(survey=survey, question=q, dimension=q.dimension, score=int(scores[q.pk]))
        for q in questions
    ]
    SurveyAnswer.objects.bulk_create(answers)
    mean = Decimal(sum(a.score for a in answers)) / Decimal(len(answers) or 1)
    survey.mean_score = mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    survey.low_score = survey.mean_score <= relations_settings().low_score_threshold
    survey.comment = comment.strip()
    survey.status = SurveyStatus.ANSWERED
    survey.answered_at = timezone.now()
    survey.token_nonce = ""  # single use (SEC-21)
    survey.save(
        update_fields=[
            "mean_score",
            "low_score",
            "comment",
            "status",
            "answered_at",
            "token_nonce",
            "updated_at",
        ]
    )
    if survey.low_score:
        answered = survey
        transaction.on_commit(lambda: survey_low_score.send(sender=Survey, survey=answered))
    return survey


@transaction.atomic
def survey_answer_by_token(*, token: str, scores: dict[int, int], comment: str = "") -> Survey:
    survey = survey_by_token(token, lock=True)
    return _save_answers(survey, scores, comment)


@transaction.atomic
def survey_answer(
    *, actor: User, survey_id: int, scores: dict[int, int], comment: str = ""
) -> Survey:
    """A signed-in client user answers their own survey in the portal."""
    from clients.permissions import one, surveys_visible_to

    survey = one(surveys_visible_to(actor).filter(recipient_id=actor.pk), survey_id, lock=True)
    return _save_answers(survey, scores, comment)
