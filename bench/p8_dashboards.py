"""P8 — dashboards (PERFORMANCE.md): audit grades, CSAT over 1M survey answers, KPI trends.

In the bench database, on the generate_scale_data engagements (P1 builds them): 1M survey
answers (100k in quick mode) over 12 months, 50k scored audit entries (5k), a year of daily
KPI measurements per objective. Measured, each over 30 requests after a warm-up:
- the QA manager's and the admin's dashboard pages (server time p50/p95, query count);
- the live CSAT aggregate over every answer (the baseline: what a dashboard would pay without
  the precomputed table) against the precomputed read the page does;
- the beat refresh of the precomputed figures (recent months, and a full rebuild).
Targets: ≤ 10 queries; p95 ≤ 200 ms (CSAT served from the table refreshed by Celery beat).
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, reset_queries
from django.db.models import Count, Q, Sum
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from staff.choices import Role
from staff.models import User

RUNS = 30


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000, 1)


def _user(name: str, role: str) -> User:
    user, _ = User.objects.get_or_create(username=f"p8_{name}", defaults={"display_name": name})
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _surveys(answers: int, recipient: User) -> None:
    from clients.models import SurveyAnswer, SurveyQuestion, SurveyTemplate

    if SurveyAnswer.objects.count() >= answers:
        return
    template, _ = SurveyTemplate.objects.get_or_create(
        code="p8-bench", defaults={"name": "P8 问卷", "occasion": "quarterly"}
    )
    for position in range(1, 11):
        SurveyQuestion.objects.get_or_create(
            template=template,
            position=position,
            defaults={"dimension": "service", "text": f"问题 {position}"},
        )
    surveys = answers // 10
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM clients_surveyanswer")
        cursor.execute("DELETE FROM clients_survey WHERE template_id = %s", [template.pk])
        # One answered survey per engagement (answered over the last 12 months), 10 answers each.
        cursor.execute(
            """
            INSERT INTO clients_survey (template_id, engagement_id, client_id, recipient_id,
                occasion, period, status, token_nonce, sent_at, expires_at, reminders_sent,
                answered_at, mean_score, low_score, comment, created_at, updated_at)
            SELECT %s, e.id, e.client_id, %s, 'quarterly', 'P8', 'answered', md5(e.id::text),
                   now() - ((e.id %% 365) || ' days')::interval,
                   now() + interval '30 days', 0,
                   now() - ((e.id %% 360) || ' days')::interval, 4.0, false, '', now(), now()
            FROM (SELECT id, client_id FROM engagements_engagement ORDER BY id LIMIT %s) e
            """,
            [template.pk, recipient.pk, surveys],
        )
        cursor.execute(
            """
            INSERT INTO clients_surveyanswer (survey_id, question_id, dimension, score)
            SELECT s.id, q.id, q.dimension, 1 + (s.id * 7 + q.position) %% 5
            FROM clients_survey s JOIN clients_surveyquestion q ON q.template_id = s.template_id
            WHERE s.template_id = %s
            """,
            [template.pk],
        )
        cursor.execute("ANALYZE clients_survey; ANALYZE clients_surveyanswer")


def _audits(entries: int, auditor: User) -> None:
    from engagements.models import Engagement
    from quality.models.audits import Audit, AuditedEngagement, ChecklistTemplate

    if AuditedEngagement.objects.filter(audit__code__startswith="P8-").count() >= entries:
        return
    template = ChecklistTemplate.objects.first()
    if template is None:
        template = ChecklistTemplate.objects.create(code="p8", name="P8")
    Audit.objects.filter(code__startswith="P8-").delete()
    per_audit = 10
    now = timezone.now()
    audits = Audit.objects.bulk_create(
        Audit(
            code=f"P8-{i:06d}",
            kind="scheduled",
            title=f"P8 审计 {i}",
            planned_date=(now - timedelta(days=i % 360)).date(),
            template=template,
            lead_auditor=auditor,
            created_by=auditor,
            status="concluded",
        )
        for i in range(entries // per_audit)
    )
    ids = list(Engagement.objects.order_by("id").values_list("id", flat=True)[:per_audit])
    grades = ["excellent", "qualified", "qualified", "qualified", "unqualified"]
    AuditedEngagement.objects.bulk_create(
        (
            AuditedEngagement(
                audit=audit,
                engagement_id=engagement_id,
                score=Decimal(60 + (audit.pk + j) % 40),
                grade=grades[(audit.pk + j) % 5],
                scored_at=now - timedelta(days=(audit.pk + j) % 360),
            )
            for audit in audits
            for j, engagement_id in enumerate(ids)
        ),
        batch_size=5000,
    )


def _kpis() -> None:
    from quality.models.improvement import KpiMeasurement, KpiObjective

    objectives = list(KpiObjective.objects.filter(is_active=True)[:6])
    if not objectives or KpiMeasurement.objects.filter(objective__in=objectives).count() > 300:
        return
    now = timezone.now()
    KpiMeasurement.objects.bulk_create(
        KpiMeasurement(
            objective=o,
            measured_at=now - timedelta(days=d),
            value=Decimal(70 + (o.pk * 3 + d) % 25),
            status="ok",
        )
        for o in objectives
        for d in range(365)
    )


def _page(client: HttpClient, view: str) -> dict[str, Any]:
    client.get(f"/?view={view}")  # warm-up
    samples = []
    reset_queries()  # a request resets the log; start from an empty one so none is missed
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/?view={view}")
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(f"/?view={view}")
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {"p50_ms": _p(samples, 0.5), "p95_ms": _p(samples, 0.95), "queries": len(ctx)}


def _timed(fn: Any, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return _p(samples, 0.95)


def run(*, quick: bool) -> dict[str, Any]:
    from django.core.management import call_command

    from clients.models import SurveyAnswer
    from core.dashboards import selectors as sel
    from core.dashboards.services import csat_refresh, dashboard_figures_refresh
    from core.models.dashboards import FigureMetric

    answers = 100_000 if quick else 1_000_000
    call_command("generate_scale_data", scale=0.1 if quick else 1.0, force=True, verbosity=0)
    qa = _user("qa", Role.QA_MANAGER)
    admin = _user("admin", Role.ADMIN)
    recipient = _user("client", Role.CLIENT)
    _surveys(answers, recipient)
    _audits(5_000 if quick else 50_000, qa)
    _kpis()
    started = time.perf_counter()
    dashboard_figures_refresh(full=True)
    full_refresh_ms = round((time.perf_counter() - started) * 1000, 1)
    recent_refresh_ms = _timed(lambda: csat_refresh(), runs=3)

    def live_csat() -> list[Any]:
        since = timezone.now() - timedelta(days=365)
        return list(
            SurveyAnswer.objects.filter(survey__answered_at__gte=since)
            .values("survey__answered_at__month")
            .annotate(n=Count("id"), total=Sum("score"), hits=Count("id", filter=Q(score__gte=4)))
        )

    live_ms = _timed(live_csat, runs=3)
    precomputed_ms = _timed(lambda: sel.monthly(FigureMetric.CSAT), runs=20)
    grades_ms = _timed(lambda: sel.audit_grades(since=timezone.localdate() - timedelta(days=365)))
    kpi_ms = _timed(lambda: sel.kpi_trends(), runs=10)

    client = HttpClient(SERVER_NAME="localhost")
    client.force_login(qa)
    qa_page = _page(client, "qa")
    client.force_login(admin)
    admin_page = _page(client, "admin")
    worst_p95 = max(qa_page["p95_ms"], admin_page["p95_ms"])
    worst_queries = max(qa_page["queries"], admin_page["queries"])
    return {
        "scenario": "P8",
        "name": "dashboards",
        "status": "measured",
        "figures": {
            "survey_answers": SurveyAnswer.objects.count(),
            "qa_page_p95_ms": qa_page["p95_ms"],
            "admin_page_p95_ms": admin_page["p95_ms"],
            "qa_page_queries": qa_page["queries"],
            "admin_page_queries": admin_page["queries"],
            "csat_live_aggregate_p95_ms": live_ms,
            "csat_precomputed_read_p95_ms": precomputed_ms,
            "audit_grades_p95_ms": grades_ms,
            "kpi_trends_p95_ms": kpi_ms,
            "figures_full_refresh_ms": full_refresh_ms,
            "csat_recent_refresh_p95_ms": recent_refresh_ms,
            "qa_page_p50_ms": qa_page["p50_ms"],
            "admin_page_p50_ms": admin_page["p50_ms"],
        },
        "baseline": {"csat_live_aggregate_p95_ms": live_ms},
        "ratio": round(live_ms / precomputed_ms, 1) if precomputed_ms else None,
        "target": "≤ 10 queries; p95 ≤ 200 ms; CSAT from a table refreshed by Celery beat",
        "pass": worst_queries <= 10 and worst_p95 <= 200,
    }
