"""Communication records (CRM-7): logged per client and engagement by relations staff and by
the engagement's team, kept internal, scoped (SEC-2, SEC-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from clients.models import CommunicationRecord
from clients.selectors import communication_list
from clients.services.communications import communication_log
from core.exceptions import ApplicationError, ForbiddenError

pytestmark = pytest.mark.django_db


def log(actor, **extra) -> CommunicationRecord:
    values: dict = {
        "channel": "phone",
        "direction": "inbound",
        "subject": "需求变更沟通",
        "summary": "客户希望增加仓储环节的诊断。",
    }
    values.update(extra)
    return communication_log(actor=actor, **values)


def test_the_team_logs_communications_of_its_engagement(consultant, engagement_a, engagement_b):
    """CRM-7: archived with the engagement and its client; a foreign engagement is refused
    (SEC-3)."""
    record = log(
        consultant, engagement_id=engagement_a.pk, occurred_at=timezone.now() - timedelta(hours=1)
    )
    assert record.client == engagement_a.client and record.engagement == engagement_a
    with pytest.raises(ApplicationError) as refused:
        log(consultant, engagement_id=engagement_b.pk)
    assert "engagement" in refused.value.extra
    with pytest.raises(ApplicationError):  # a consultant logs only about their engagements
        log(consultant, client_id=engagement_a.client_id)
    with pytest.raises(ApplicationError):
        log(
            consultant,
            engagement_id=engagement_a.pk,
            occurred_at=timezone.now() + timedelta(hours=1),
        )


def test_relations_staff_log_per_client_and_client_users_cannot(qa_manager, client_a, client_user):
    record = log(qa_manager, client_id=client_a.pk, channel="visit", direction="outbound")
    assert record.engagement is None and record.client == client_a
    with pytest.raises(ForbiddenError):
        log(client_user, client_id=client_a.pk)


def test_the_log_is_scoped_and_internal(
    client, consultant, qa_manager, engagement_a, engagement_b, client_user, other_client_user
):
    """SEC-2: staff see the records of engagements they see; client users never see the log."""
    mine = log(consultant, engagement_id=engagement_a.pk)
    other = log(qa_manager, engagement_id=engagement_b.pk)
    assert list(communication_list(user=consultant)) == [mine]
    assert set(communication_list(user=qa_manager)) == {mine, other}
    assert not communication_list(user=client_user).exists()
    client.force_login(client_user)
    assert client.get(reverse("clients:communications")).status_code == 403
    api = APIClient()
    api.force_authenticate(other_client_user)
    assert api.get(reverse("api:clients-communication-list")).status_code == 403


def test_the_page_and_the_api_log_and_filter(client, qa_manager, engagement_a, client_a):
    client.force_login(qa_manager)
    url = reverse("clients:communications")
    response = client.post(
        url,
        {
            "client": client_a.pk,
            "engagement": engagement_a.pk,
            "channel": "email",
            "direction": "outbound",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "subject": "发送周报",
            "summary": "第 3 周进度报告已发送。",
        },
    )
    assert response.status_code == 302
    assert "发送周报" in client.get(url, {"engagement": engagement_a.pk}).content.decode()
    api = APIClient()
    api.force_authenticate(qa_manager)
    created = api.post(
        reverse("api:clients-communication-list"),
        {
            "client": client_a.pk,
            "channel": "meeting",
            "direction": "inbound",
            "subject": "会谈",
            "summary": "讨论验收",
        },
        format="json",
    )
    assert created.status_code == 201
    rows = api.get(reverse("api:clients-communication-list"), {"client": client_a.pk}).json()[
        "results"
    ]
    assert len(rows) == 2


@pytest.mark.parametrize("size", [3, 15])
def test_the_log_page_runs_a_fixed_number_of_queries(
    client, qa_manager, engagement_a, size, django_assert_max_num_queries
):
    for _ in range(size):
        log(qa_manager, engagement_id=engagement_a.pk)
    client.force_login(qa_manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("clients:communications")).status_code == 200
