"""Satisfaction surveys (CRM-4): sent when an engagement is accepted and in a quarterly round,
only to people who consented (SEC-24), through signed, expiring, single-use links without
personal data (SEC-21); reminders; CSAT in SQL; a low score sends its signal."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from clients.models import RelationsSettings, Survey, SurveyQuestion, SurveyTemplate
from clients.selectors import csat_breakdown, csat_for_period
from clients.services import surveys as svc
from clients.services.consents import consent_grant, consent_withdraw
from clients.signals import survey_low_score
from config.celery import app as celery_app
from core.exceptions import ConflictError, NotFoundError
from engagements.choices import Stage
from engagements.services import lifecycle
from tests.engagements.test_closing import request_round, verdict, walk
from tests.factories import EngagementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    """Run Celery tasks in-process for this test (configuration, not a mock)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def in_acceptance(users, project_manager, client_a):
    engagement = lifecycle.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="满意度项目",
        service_type="engineering",
        source="market_research",
    )
    return walk(Stage.ACCEPTANCE, engagement, users)


def make_survey(engagement, person, **extra) -> Survey:
    values = {
        "template": SurveyTemplate.objects.get(code="acceptance"),
        "engagement": engagement,
        "client_id": engagement.client_id,
        "recipient": person,
        "occasion": "acceptance",
        "period": "",
        "status": "sent",
        "token_nonce": "a" * 32,
        "sent_at": timezone.now(),
        "expires_at": timezone.now() + timedelta(days=5),
    }
    values.update(extra)
    return Survey.objects.create(**values)


def all_scores(survey: Survey, score: int) -> dict[int, int]:
    return {q.pk: score for q in svc.survey_questions(survey)}


def test_the_standard_templates_are_seeded_as_editable_rows(db):
    """CRM-4: Likert questions on service quality, deliverable quality and team."""
    template = SurveyTemplate.objects.get(code="acceptance")
    dimensions = set(
        SurveyQuestion.objects.filter(template=template).values_list("dimension", flat=True)
    )
    assert dimensions == {"service", "deliverable", "team"}
    assert SurveyTemplate.objects.filter(code="quarterly", occasion="quarterly").exists()


def test_an_accepted_engagement_sends_surveys_to_consenting_people(
    in_acceptance,
    users,
    project_manager,
    consenting,
    client_a,
    eager,
    django_capture_on_commit_callbacks,
):
    """CRM-4: acceptance passed → Celery issues and sends one survey per consenting person;
    people without the consent get none (SEC-24)."""
    UserFactory(username="no_consent", roles=["client"], client=client_a)
    with django_capture_on_commit_callbacks(execute=True):
        verdict(consenting, request_round(in_acceptance, project_manager), "pass")
    survey = Survey.objects.get()
    assert survey.recipient == consenting and survey.status == "sent"
    assert survey.occasion == "acceptance"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [consenting.email]
    body = mail.outbox[0].body
    link = next(word for word in body.split() if "/portal/s/" in word)
    assert svc.survey_by_token(link.rstrip("/").rsplit("/", 1)[1]).pk == survey.pk
    # SEC-21: nothing personal in the URL — no name, e-mail, username or client.
    for personal in (consenting.email, consenting.username, str(consenting), client_a.name):
        assert personal not in link
    # Running the task again issues nothing twice (idempotent).
    assert svc.surveys_issue_for_acceptance(engagement_id=in_acceptance.pk) == []


def test_the_quarterly_round_surveys_engagements_under_way_once_per_quarter(
    consenting, client_a, client_b, eager, django_capture_on_commit_callbacks
):
    """CRM-4: the quarterly beat round; running it twice in a quarter adds nobody."""
    running = EngagementFactory(client=client_a, stage=Stage.EXECUTION)
    EngagementFactory(client=client_a, stage=Stage.LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        first = svc.surveys_issue_quarterly(today=date(2026, 10, 1))
    assert len(first) == 1
    assert Survey.objects.get().engagement == running and Survey.objects.get().period == "2026-Q4"
    assert svc.surveys_issue_quarterly(today=date(2026, 11, 15)) == []
    assert len(svc.surveys_issue_quarterly(today=date(2027, 1, 2))) == 1


def test_a_link_works_once_and_forged_or_expired_links_do_not(consenting, engagement_a, client):
    """SEC-21: signed, expiring, single-use."""
    survey = make_survey(engagement_a, consenting)
    token = svc.survey_token(survey)
    url = reverse("portal:survey_token", args=[token])
    assert client.get(url).status_code == 200
    data = {f"q{q.pk}": 4 for q in svc.survey_questions(survey)}
    assert client.post(url, data).status_code == 200
    survey.refresh_from_db()
    assert survey.status == "answered" and survey.mean_score == Decimal("4.00")
    assert client.get(url).status_code == 404  # used
    with pytest.raises(NotFoundError):
        svc.survey_answer_by_token(token=token, scores=all_scores(survey, 5))
    other = make_survey(EngagementFactory(client=engagement_a.client), consenting)
    with pytest.raises(NotFoundError):
        svc.survey_by_token(token[:-2] + "xx")  # tampered
    forged = signing.dumps({"s": other.pk, "n": "b" * 32}, salt=svc.TOKEN_SALT)
    with pytest.raises(NotFoundError):
        svc.survey_by_token(forged)  # wrong nonce
    Survey.objects.filter(pk=other.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(NotFoundError):
        svc.survey_by_token(svc.survey_token(other))  # expired


def test_a_link_older_than_the_validity_is_refused_even_if_the_row_says_otherwise(
    consenting, engagement_a, time_machine=None
):
    RelationsSettings.objects.update_or_create(pk=1, defaults={"survey_link_days": 1})
    survey = make_survey(engagement_a, consenting, expires_at=timezone.now() + timedelta(days=30))
    old = signing.TimestampSigner(salt=svc.TOKEN_SALT)
    token = signing.dumps(
        {"s": survey.pk, "n": survey.token_nonce}, salt=svc.TOKEN_SALT, compress=True
    )
    assert svc.survey_by_token(token).pk == survey.pk
    stale = old.sign_object({"s": survey.pk, "n": survey.token_nonce}, compress=True)
    # Re-sign with a timestamp two days back.
    value, _ts, sig = stale.rsplit(":", 2)
    back = signing.b62_encode(int((timezone.now() - timedelta(days=2)).timestamp()))
    stale_token = f"{value}:{back}"
    stale_token = f"{stale_token}:{old.signature(stale_token)}"
    with pytest.raises(NotFoundError):
        svc.survey_by_token(stale_token)


def test_every_question_needs_a_score_from_one_to_five(consenting, engagement_a):
    survey = make_survey(engagement_a, consenting)
    scores = all_scores(survey, 4)
    scores.popitem()
    with pytest.raises(Exception, match="Answer every question"):
        svc.survey_answer(actor=consenting, survey_id=survey.pk, scores=scores)
    with pytest.raises(Exception, match="Answer every question"):
        svc.survey_answer(actor=consenting, survey_id=survey.pk, scores=all_scores(survey, 6))
    survey.refresh_from_db()
    assert survey.status == "sent" and not survey.answers.exists()


def test_a_low_score_sends_the_signal_once_after_commit(
    consenting, engagement_a, django_capture_on_commit_callbacks
):
    """CRM-4: a low mean score → ``survey_low_score`` (the quality app opens an action)."""
    seen: list[Survey] = []
    survey_low_score.connect(
        lambda sender, survey, **kw: seen.append(survey), dispatch_uid="t", weak=False
    )
    try:
        good = make_survey(engagement_a, consenting)
        bad = make_survey(EngagementFactory(client=engagement_a.client), consenting)
        with django_capture_on_commit_callbacks(execute=True):
            svc.survey_answer(actor=consenting, survey_id=good.pk, scores=all_scores(good, 4))
            svc.survey_answer(
                actor=consenting, survey_id=bad.pk, scores=all_scores(bad, 2), comment="报告太晚"
            )
    finally:
        survey_low_score.disconnect(dispatch_uid="t")
    assert [s.pk for s in seen] == [bad.pk]
    bad.refresh_from_db()
    assert bad.low_score and bad.mean_score == Decimal("2.00")


def test_withdrawing_consent_stops_surveys_at_once(consenting, engagement_a, client):
    """SEC-24 / CRM-4: open surveys are cancelled, their links die, nothing more is sent."""
    sent = make_survey(engagement_a, consenting)
    waiting = make_survey(
        EngagementFactory(client=engagement_a.client), consenting, status="pending", sent_at=None
    )
    token = svc.survey_token(sent)
    consent = consenting.consents.get(purpose="surveys")
    client.force_login(consenting)
    client.post(reverse("portal:consent_withdraw", args=[consent.pk]))
    sent.refresh_from_db()
    waiting.refresh_from_db()
    assert sent.status == waiting.status == "cancelled"
    with pytest.raises(NotFoundError):
        svc.survey_by_token(token)
    assert svc.survey_send(survey_id=waiting.pk) is False
    assert mail.outbox == []
    with pytest.raises(ConflictError):
        consent_withdraw(actor=consenting, consent_id=consent.pk)


def test_sending_checks_the_consent_at_send_time(consenting, engagement_a):
    survey = make_survey(engagement_a, consenting, status="pending", sent_at=None)
    consent = consenting.consents.get(purpose="surveys")
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert svc.survey_send(survey_id=survey.pk) is False
    survey.refresh_from_db()
    assert survey.status == "cancelled" and mail.outbox == []


def test_the_sweep_reminds_expires_and_sends_what_was_left_waiting(consenting, engagement_a):
    """CRM-4 reminders (admin-set interval and count); expired links close."""
    now = timezone.now()
    far = now + timedelta(days=40)
    due = make_survey(engagement_a, consenting, sent_at=now - timedelta(days=6), expires_at=far)
    e2 = EngagementFactory(client=engagement_a.client)
    make_survey(e2, consenting, expires_at=now - timedelta(minutes=1))
    e3 = EngagementFactory(client=engagement_a.client)
    left = make_survey(e3, consenting, status="pending", sent_at=None, expires_at=far)
    Survey.objects.filter(pk=left.pk).update(created_at=now - timedelta(hours=1))
    result = svc.surveys_sweep(now=now)
    assert result == {"expired": 1, "sent": 1, "reminded": 1}
    due.refresh_from_db()
    assert due.reminders_sent == 1
    assert svc.surveys_sweep(now=now)["reminded"] == 0  # not again before the interval
    later = now + timedelta(days=6)
    assert svc.surveys_sweep(now=later)["reminded"] == 2  # `due` and `left`, max 2 each
    assert svc.surveys_sweep(now=later + timedelta(days=6))["reminded"] == 1
    assert svc.surveys_sweep(now=later + timedelta(days=12))["reminded"] == 0


def test_csat_per_engagement_service_type_team_and_period_in_sql(
    consenting, client_a, project_manager, django_assert_num_queries
):
    """CRM-4: CSAT = share of answers ≥ 4, plus the mean; filters and groups in SQL."""
    e1 = EngagementFactory(
        client=client_a, service_type="management", project_manager=project_manager
    )
    e2 = EngagementFactory(client=client_a, service_type="it")
    s1 = make_survey(e1, consenting)
    s2 = make_survey(e2, consenting)
    svc.survey_answer(actor=consenting, survey_id=s1.pk, scores=all_scores(s1, 5))
    svc.survey_answer(actor=consenting, survey_id=s2.pk, scores=all_scores(s2, 2))
    start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    with django_assert_num_queries(1):  # one aggregate, the settings row read inside it (P6)
        overall = csat_for_period(start, end)
    assert overall["responses"] == 2 and overall["answers"] == 12
    assert overall["csat"] == 50.0 and overall["mean"] == 3.5
    assert csat_for_period(start, end, engagement=e1.pk)["csat"] == 100.0
    assert csat_for_period(start, end, service_type="it")["mean"] == 2.0
    assert csat_for_period(start, end, project_manager=project_manager.pk)["responses"] == 1
    assert csat_for_period(start, end, dimension="team")["answers"] == 4
    assert csat_for_period(end, end + timedelta(days=1))["csat"] is None
    rows = {r["key"]: r for r in csat_breakdown(start, end, by="service_type")}
    assert rows["management"]["csat"] == 100.0 and rows["it"]["csat"] == 0.0
    with pytest.raises(TypeError):
        csat_for_period(start, end, colour="red")


def test_the_csat_page_and_api(client, consenting, engagement_a, qa_manager, client_user):
    survey = make_survey(engagement_a, consenting)
    svc.survey_answer(
        actor=consenting, survey_id=survey.pk, scores=all_scores(survey, 1), comment="沟通不足"
    )
    client.force_login(qa_manager)
    page = client.get(reverse("clients:csat"))
    assert page.status_code == 200 and "沟通不足" in page.content.decode()
    api = APIClient()
    api.force_authenticate(qa_manager)
    data = api.get(reverse("api:clients-csat")).json()
    assert data["responses"] == 1 and data["csat"] == 0.0
    assert api.get(reverse("api:clients-csat"), {"engagement": "x"}).status_code == 400
    # SEC-22/SEC-23: an empty, malformed or out-of-range period or id is a 400 naming it.
    for bad in ({"end": ""}, {"start": "2026-13-01"}, {"end": "20260101"}, {"client": "9" * 20}):
        response = api.get(reverse("api:clients-csat"), bad)
        assert response.status_code == 400, bad
        assert next(iter(bad)) in response.json()["error"]["fields"], bad
    dated = api.get(reverse("api:clients-csat"), {"start": "2000-01-01", "end": "2000-01-31"})
    assert dated.status_code == 200 and dated.json()["responses"] == 0
    api.force_authenticate(client_user)
    assert api.get(reverse("api:clients-csat")).status_code == 403


def test_a_survey_answered_through_the_api_and_the_public_link_api(consenting, engagement_a):
    survey = make_survey(engagement_a, consenting)
    other = make_survey(EngagementFactory(client=engagement_a.client), consenting)
    api = APIClient()
    api.force_authenticate(consenting)
    form = api.get(reverse("api:clients-survey", args=[survey.pk])).json()
    scores = [{"question": q["id"], "score": 5} for q in form["questions"]]
    done = api.post(
        reverse("api:clients-survey-answer", args=[survey.pk]), {"scores": scores}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "answered"
    anonymous = APIClient()
    url = reverse("api:clients-survey-token", args=[svc.survey_token(other)])
    assert anonymous.get(url).status_code == 200
    scores = [{"question": q.pk, "score": 3} for q in svc.survey_questions(other)]
    assert anonymous.post(url, {"scores": scores}, format="json").status_code == 200
    assert anonymous.post(url, {"scores": scores}, format="json").status_code == 404


def test_consents_record_notice_version_time_channel_and_flags(
    client_user, qa_manager, other_client_user
):
    """CRM-1 / SEC-24: one active consent per purpose, withdrawable; staff record one from
    a paper form; nobody else records consents for a person."""
    consent = consent_grant(
        actor=qa_manager,
        person=client_user,
        purpose="marketing",
        channel="paper",
        notice_version="2026-02",
        sharing=True,
    )
    assert consent.notice_version == "2026-02" and consent.sharing and consent.granted_at
    with pytest.raises(ConflictError):
        consent_grant(actor=client_user, person=client_user, purpose="marketing", channel="portal")
    with pytest.raises(Exception, match="Only the person"):
        consent_grant(
            actor=other_client_user, person=client_user, purpose="surveys", channel="portal"
        )
    api = APIClient()
    api.force_authenticate(client_user)
    assert (
        api.post(
            reverse("api:clients-consent-list"), {"purpose": "surveys"}, format="json"
        ).status_code
        == 201
    )
    assert len(api.get(reverse("api:clients-consent-list")).json()) == 2


def test_batch_send_is_idempotent_and_checks_consent(consenting, engagement_a):
    """P10 / CRM-4 / SEC-24: the fan-out task's batch claims the waiting surveys in one go,
    cancels those whose person withdrew, and a redelivered batch sends nothing twice."""
    other = UserFactory(client=engagement_a.client, email="gone@client.example")
    waiting = make_survey(engagement_a, consenting, status="pending", sent_at=None)
    withdrawn = make_survey(
        EngagementFactory(client=engagement_a.client), other, status="pending", sent_at=None
    )
    ids = [waiting.pk, withdrawn.pk]
    assert svc.surveys_send_batch(survey_ids=ids) == 1
    assert svc.surveys_send_batch(survey_ids=ids) == 0
    assert [m.to for m in mail.outbox] == [[consenting.email]]
    waiting.refresh_from_db()
    withdrawn.refresh_from_db()
    assert waiting.status == "sent" and waiting.sent_at is not None
    assert withdrawn.status == "cancelled" and withdrawn.token_nonce == ""
