"""Revisits (CRM-6): planned by phone, e-mail or on-site per client and engagement, logged with
the outcome, new opportunities and value-added services; logging an engagement's revisit
meets its follow-up obligation (ENG-12); scoped (SEC-2, SEC-3); page and API twins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from clients.choices import RevisitStatus
from clients.models import Revisit
from clients.services import revisits as svc
from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from engagements.models import FollowUpObligation
from engagements.models.closing import ObligationKind, ObligationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def revisit_owed(engagement_a):
    return FollowUpObligation.objects.create(
        engagement=engagement_a,
        kind=ObligationKind.REVISIT,
        description="Revisit after acceptance",
        due_date=timezone.localdate() + timedelta(days=90),
        standard=True,
    )


def plan(actor, **extra) -> Revisit:
    values: dict[str, Any] = {
        "method": "onsite",
        "planned_date": timezone.localdate() + timedelta(days=7),
        "purpose": "了解方案落地情况",
    }
    values.update(extra)
    return svc.revisit_plan(actor=actor, **values)


def test_logging_the_revisit_meets_the_follow_up_obligation(
    project_manager, engagement_a, revisit_owed
):
    """CRM-6 → ENG-12: the PM logs an on-site revisit with an opportunity and a value-added
    service; the engagement's revisit obligation is met with the outcome."""
    revisit = plan(project_manager, engagement_id=engagement_a.pk, contact_name="赵总")
    assert revisit.client_id == engagement_a.client_id and revisit.owner == project_manager
    done = svc.revisit_log(
        actor=project_manager,
        revisit_id=revisit.pk,
        outcome="客户对实施效果满意",
        opportunities="二期数字化转型咨询",
        value_added_services="免费提供行业对标报告",
        done_at=timezone.now() - timedelta(hours=2),
    )
    assert done.status == RevisitStatus.DONE and done.obligation == revisit_owed
    revisit_owed.refresh_from_db()
    assert revisit_owed.status == ObligationStatus.MET
    assert "客户对实施效果满意" in revisit_owed.outcome
    with pytest.raises(ConflictError):
        svc.revisit_log(actor=project_manager, revisit_id=revisit.pk, outcome="again")


def test_someone_who_may_not_close_obligations_leaves_it_open(
    consultant, engagement_a, revisit_owed
):
    """CRM-6: a team member logs the revisit; the obligation stays for the PM to close."""
    revisit = svc.revisit_record(
        actor=consultant,
        engagement_id=engagement_a.pk,
        method="phone",
        outcome="电话回访，客户无新需求",
    )
    assert revisit.status == RevisitStatus.DONE and revisit.obligation is None
    revisit_owed.refresh_from_db()
    assert revisit_owed.status == ObligationStatus.OPEN


def test_relations_staff_plan_client_revisits_and_cancel(qa_manager, client_a):
    revisit = plan(qa_manager, client_id=client_a.pk, method="email")
    assert revisit.engagement is None
    with pytest.raises(ApplicationError):
        svc.revisit_cancel(actor=qa_manager, revisit_id=revisit.pk, reason=" ")
    cancelled = svc.revisit_cancel(actor=qa_manager, revisit_id=revisit.pk, reason="客户改期")
    assert cancelled.status == RevisitStatus.CANCELLED
    with pytest.raises(ConflictError):
        svc.revisit_log(actor=qa_manager, revisit_id=revisit.pk, outcome="x")
    assert cancelled.history.count() == 2  # planned, then cancelled


def test_scope_and_roles(consultant, engagement_b, client_a, client_user, qa_manager):
    """SEC-2, SEC-3: a foreign engagement is refused, a client-wide revisit is for relations
    staff, client users never see revisits, another's revisit answers 404."""
    with pytest.raises(ApplicationError) as refused:
        plan(consultant, engagement_id=engagement_b.pk)
    assert "engagement" in refused.value.extra
    with pytest.raises(ForbiddenError):
        plan(consultant, client_id=client_a.pk)
    with pytest.raises(ForbiddenError):
        plan(client_user, client_id=client_a.pk)
    theirs = plan(qa_manager, engagement_id=engagement_b.pk)
    with pytest.raises(NotFoundError):
        svc.revisit_log(actor=consultant, revisit_id=theirs.pk, outcome="x")
    with pytest.raises(ApplicationError):
        plan(qa_manager, client_id=client_a.pk, method="fax")


def test_the_page_plans_logs_and_filters(client, project_manager, engagement_a, revisit_owed):
    client.force_login(project_manager)
    url = reverse("clients:revisits")
    response = client.post(
        url,
        {
            "engagement": engagement_a.pk,
            "method": "onsite",
            "planned_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "purpose": "回访实施效果",
        },
    )
    assert response.status_code == 302, response.content
    revisit = Revisit.objects.get()
    page = client.get(reverse("clients:revisit", args=[revisit.pk]))
    assert page.status_code == 200
    logged = client.post(
        reverse("clients:revisit_log", args=[revisit.pk]),
        {
            "log-done_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "log-outcome": "满意",
            "log-opportunities": "新的培训需求",
            "log-meet_obligation": "on",
        },
    )
    assert logged.status_code == 302, logged.content
    revisit_owed.refresh_from_db()
    assert revisit_owed.status == ObligationStatus.MET
    listing = client.get(url, {"has_opportunities": "true"}).content.decode()
    assert "新的培训需求" in listing
    assert "新的培训需求" not in client.get(url, {"status": "planned"}).content.decode()
    assert client.get(url, {"has_opportunities": "maybe"}).status_code == 400


def test_the_api_twin(project_manager, engagement_a, revisit_owed, client_user, consultant):
    api = APIClient()
    api.force_authenticate(project_manager)
    created = api.post(
        reverse("api:clients-revisit-list"),
        {
            "engagement": engagement_a.pk,
            "method": "phone",
            "planned_date": timezone.localdate().isoformat(),
            "purpose": "电话回访",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    logged = api.post(
        reverse("api:clients-revisit-log", args=[pk]),
        {"outcome": "满意", "value_added_services": "赠送培训"},
        format="json",
    )
    assert logged.status_code == 200, logged.content
    assert logged.json()["obligation"] == revisit_owed.pk
    listing = api.get(reverse("api:clients-revisit-list"), {"status": "done"}).json()
    assert [r["id"] for r in listing["results"]] == [pk]
    client_api = APIClient()
    client_api.force_authenticate(client_user)
    assert client_api.get(reverse("api:clients-revisit-list")).status_code == 403
    assert client_api.get(reverse("api:clients-revisit", args=[pk])).status_code == 403
    assert APIClient().get(reverse("api:clients-revisit-list")).status_code in (401, 403)


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_query_count_does_not_grow(
    client, qa_manager, client_a, django_assert_max_num_queries, size
):
    for _n in range(size):
        plan(qa_manager, client_id=client_a.pk)
    client.force_login(qa_manager)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("clients:revisits")).status_code == 200
