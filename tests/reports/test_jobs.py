"""Report jobs: permissions per kind (404 for forbidden and missing alike, clients never),
the page with htmx polling, the API twin (X-5), downloads re-authorised and logged, and the
render routed to the dedicated ``reports`` queue."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from core.exceptions import NotFoundError
from core.reports.models import ReportJob
from core.reports.services import report_request
from core.reports.tasks import render_report
from documents.models import DownloadLog

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-04-01"}


def test_the_render_task_goes_to_the_reports_queue():
    route = settings.CELERY_TASK_ROUTES["core.reports.tasks.*"]
    assert route == {"queue": "reports"}
    assert render_report.name.startswith("core.reports.tasks.")


@pytest.mark.parametrize("who", ["consultant", "project_manager", "technical_director"])
def test_quarterly_and_annual_reports_are_for_admins_and_qa_managers_only(request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(NotFoundError):
        report_request(actor=user, kind="quarterly", params=PERIOD)
    with pytest.raises(NotFoundError):
        report_request(actor=user, kind="annual", params={"year": 2025})


def test_clients_never_get_a_report(client_user, engagement_a):
    for kind, params in [
        ("quarterly", PERIOD),
        ("acceptance", {"object_id": engagement_a.pk}),
        ("risk_register", {}),
    ]:
        with pytest.raises(NotFoundError):
            report_request(actor=client_user, kind=kind, params=params)


def test_an_engagement_report_needs_sight_of_the_engagement(
    project_manager, outsider, engagement_a, engagement_b
):
    report_request(actor=project_manager, kind="acceptance", params={"object_id": engagement_a.pk})
    with pytest.raises(NotFoundError):
        report_request(actor=outsider, kind="acceptance", params={"object_id": engagement_a.pk})
    with pytest.raises(NotFoundError):
        report_request(actor=outsider, kind="acceptance", params={"object_id": 10**9})


def test_an_appraisal_report_is_for_the_person_their_manager_and_keepers(
    qa_manager, consultant, project_manager
):
    from datetime import date

    from staff.models import Appraisal

    appraisal = Appraisal.objects.create(
        user=consultant,
        appraiser=qa_manager,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    for user in (consultant, qa_manager):
        report_request(actor=user, kind="appraisal", params={"object_id": appraisal.pk})
    with pytest.raises(NotFoundError):
        report_request(actor=project_manager, kind="appraisal", params={"object_id": appraisal.pk})


def test_the_page_requests_a_report_and_polls_it_until_done(client, admin_user, render_job):
    client.force_login(admin_user)
    response = client.post(reverse("reports:index"), {"kind": "quarterly", **PERIOD})
    assert response.status_code == 302
    job = ReportJob.objects.get(requested_by=admin_user)
    assert job.status == "queued"
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in row
    job, pdf = render_job(job)
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in row and reverse("reports:download", args=[job.pk]) in row
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert DownloadLog.objects.filter(version=job.version, user=admin_user).exists()


def test_another_users_job_answers_404(client, admin_user, qa_manager, client_user):
    job = report_request(actor=admin_user, kind="quarterly", params=PERIOD)
    for user in (qa_manager, client_user):
        client.force_login(user)
        assert client.get(reverse("reports:job", args=[job.pk])).status_code in (403, 404)
        assert client.get(reverse("reports:download", args=[job.pk])).status_code in (403, 404)


def test_the_page_query_count_does_not_grow_with_jobs(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    for size in (1, 12):
        while ReportJob.objects.count() < size:
            report_request(actor=admin_user, kind="quarterly", params=PERIOD)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("reports:index")).status_code == 200


def test_the_api_creates_polls_and_downloads(client, qa_manager, render_job):
    client.force_login(qa_manager)
    created = client.post(
        "/api/reports/jobs/", {"kind": "quarterly", **PERIOD, "language": "en"}, "application/json"
    )
    assert created.status_code == 202, created.content
    job_id = created.json()["id"]
    assert client.get(f"/api/reports/jobs/{job_id}/").json()["status"] == "queued"
    render_job(ReportJob.objects.get(pk=job_id))
    body = client.get(f"/api/reports/jobs/{job_id}/").json()
    assert body["status"] == "done" and len(body["sha256"]) == 64
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_api_refuses_bad_input_and_foreign_objects(client, consultant, client_b):
    from tests.factories import EngagementFactory

    other = EngagementFactory(client=client_b)
    client.force_login(consultant)
    bad = client.post("/api/reports/jobs/", {"kind": "nope"}, "application/json")
    assert bad.status_code == 400
    foreign = client.post(
        "/api/reports/jobs/",
        {"kind": "acceptance", "object_id": other.pk},
        "application/json",
    )
    assert foreign.status_code == 404
