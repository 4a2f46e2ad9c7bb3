"""Support requests and enquiries (CRM-5): raised in the portal or logged by staff from the
hotline or e-mail, timed by the SLA clocks of the standard (first feedback 24 h, initial
handling 72 h, an enquiry answered within one working hour — X-3), answered and resolved by
staff, seen by the client with status and replies, scoped (SEC-2, SEC-3), and the staff are
notified."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from clients.choices import SupportStatus
from clients.models import SupportRequest
from clients.services import support as svc
from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from core.models import Notification, SlaClock

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def clocks(request: SupportRequest) -> dict[str, SlaClock]:
    rows = SlaClock.objects.filter(
        content_type=ContentType.objects.get_for_model(SupportRequest), object_id=request.pk
    ).select_related("policy")
    return {c.policy.code: c for c in rows}


def raise_(user, kind="support", **extra) -> SupportRequest:
    values = {"kind": kind, "subject": "系统登录问题", "description": "无法登录报告平台。"}
    values.update(extra)
    return svc.support_request_raise(actor=user, **values)


def test_a_support_request_runs_24_and_72_hour_clocks(client_user, qa_manager):
    """CRM-5: first feedback within 24 h, initial handling within 72 h, calendar time."""
    request = raise_(client_user)
    found = clocks(request)
    assert set(found) == {"support_first_feedback", "support_initial_handling"}
    assert found["support_first_feedback"].due_at == request.received_at + timedelta(hours=24)
    assert found["support_initial_handling"].due_at == request.received_at + timedelta(hours=72)
    assert request.channel == "online" and request.status == SupportStatus.OPEN


def test_an_enquiry_is_answered_within_one_working_hour(qa_manager, client_a):
    """CRM-5, X-3: logged from the hotline on a Friday at 17:30, due Monday 09:30."""
    friday = datetime(2026, 11, 20, 17, 30, tzinfo=SHANGHAI)
    request = svc.support_request_log(
        actor=qa_manager,
        client_id=client_a.pk,
        kind="enquiry",
        channel="hotline",
        subject="咨询服务范围",
        description="是否包含供应链诊断？",
        contact_name="王经理",
        received_at=friday,
    )
    found = clocks(request)
    assert set(found) == {"enquiry_answer"}
    assert found["enquiry_answer"].due_at == datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)
    svc.support_reply(actor=qa_manager, request_id=request.pk, body="包含，详见方案。")
    assert clocks(request)["enquiry_answer"].state == SlaClock.State.MET


def test_the_first_visible_reply_meets_the_first_feedback_and_resolving_the_handling(
    client_user, qa_manager
):
    """CRM-5: an internal note is not feedback; the first reply the client reads is."""
    request = raise_(client_user)
    svc.support_reply(actor=qa_manager, request_id=request.pk, body="内部：查日志", internal=True)
    assert clocks(request)["support_first_feedback"].state == SlaClock.State.RUNNING
    svc.support_reply(actor=qa_manager, request_id=request.pk, body="已收到，正在排查。")
    request.refresh_from_db()
    assert request.status == SupportStatus.ANSWERED and request.first_feedback_at
    assert request.handler == qa_manager
    assert clocks(request)["support_first_feedback"].state == SlaClock.State.MET
    assert clocks(request)["support_initial_handling"].state == SlaClock.State.RUNNING
    svc.support_request_resolve(actor=qa_manager, request_id=request.pk, resolution="已重置密码。")
    request.refresh_from_db()
    assert request.status == SupportStatus.RESOLVED and request.resolved_at
    assert clocks(request)["support_initial_handling"].state == SlaClock.State.MET
    with pytest.raises(ConflictError):
        svc.support_request_resolve(actor=qa_manager, request_id=request.pk, resolution="again")


def test_a_client_message_reopens_a_resolved_request_with_a_new_handling_clock(
    client_user, qa_manager
):
    request = raise_(client_user)
    svc.support_request_resolve(actor=qa_manager, request_id=request.pk, resolution="已处理")
    svc.support_reply(actor=client_user, request_id=request.pk, body="问题仍然存在")
    request.refresh_from_db()
    assert request.status == SupportStatus.OPEN and request.resolved_at is None
    assert clocks(request)["support_initial_handling"].state == SlaClock.State.RUNNING


def test_staff_are_notified_of_new_requests_and_client_messages(
    client_user, qa_manager, django_capture_on_commit_callbacks
):
    """CRM-5: the QA desk hears of a new request and of the client's reply."""
    with django_capture_on_commit_callbacks(execute=True):
        request = raise_(client_user)
        svc.support_reply(actor=client_user, request_id=request.pk, body="补充截图说明")
    kinds = list(Notification.objects.filter(recipient=qa_manager).values_list("kind", flat=True))
    assert sorted(kinds) == ["support_changed", "support_received"]


def test_scope_and_roles(client_user, other_client_user, qa_manager, consultant, engagement_b):
    """SEC-2, SEC-3: another client's request answers 404; a foreign engagement is refused;
    only relations staff answer and resolve; staff log only hotline or e-mail requests."""
    request = raise_(client_user)
    with pytest.raises(NotFoundError):
        svc.support_reply(actor=other_client_user, request_id=request.pk, body="hi")
    with pytest.raises(NotFoundError):
        svc.support_reply(actor=consultant, request_id=request.pk, body="hi")
    with pytest.raises(ApplicationError) as refused:
        raise_(client_user, engagement_id=engagement_b.pk)
    assert "engagement" in refused.value.extra
    with pytest.raises(ForbiddenError):
        svc.support_request_resolve(actor=client_user, request_id=request.pk, resolution="x")
    with pytest.raises(ForbiddenError):
        svc.support_request_raise(actor=qa_manager, kind="support", subject="s", description="d")
    with pytest.raises(ApplicationError) as wrong_channel:
        svc.support_request_log(
            actor=qa_manager,
            client_id=request.client_id,
            kind="support",
            channel="online",
            subject="s",
            description="d",
            contact_name="x",
        )
    assert "channel" in wrong_channel.value.extra
    with pytest.raises(ApplicationError):
        raise_(client_user, kind="complaint")


def test_the_client_never_sees_internal_notes(client, client_user, qa_manager):
    request = raise_(client_user)
    svc.support_reply(actor=qa_manager, request_id=request.pk, body="内部备注XYZ", internal=True)
    svc.support_reply(actor=qa_manager, request_id=request.pk, body="公开答复ABC")
    client.force_login(client_user)
    page = client.get(reverse("portal:support_request", args=[request.pk])).content.decode()
    assert "公开答复ABC" in page and "内部备注XYZ" not in page
    api = APIClient()
    api.force_authenticate(client_user)
    body = api.get(reverse("api:clients-support-request", args=[request.pk])).json()
    assert [r["body"] for r in body["replies"]] == ["公开答复ABC"]


def test_the_portal_raises_and_shows_status(client, client_user):
    """CRM-5: the client raises a request in the portal and sees its status."""
    client.force_login(client_user)
    response = client.post(
        reverse("portal:support_new"),
        {"kind": "support", "subject": "报告下载失败", "description": "点击下载没有反应"},
    )
    request = SupportRequest.objects.get()
    assert response.status_code == 302
    listing = client.get(reverse("portal:support")).content.decode()
    assert "报告下载失败" in listing and request.reference in listing
    assert client.post(reverse("portal:support_new"), {"kind": "support"}).status_code == 400


def test_the_staff_inbox_filters_and_shows_clocks(client, qa_manager, client_user):
    """CRM-5: the inbox lists requests with their next deadline and filters by overdue."""
    late = raise_(client_user, subject="已超时的请求")
    clock = clocks(late)["support_first_feedback"]
    SlaClock.objects.filter(pk=clock.pk).update(breached_at=timezone.now())
    raise_(client_user, kind="enquiry", subject="新的咨询")
    client.force_login(qa_manager)
    page = client.get(reverse("clients:support")).content.decode()
    assert "已超时的请求" in page and "新的咨询" in page
    overdue = client.get(reverse("clients:support"), {"overdue": "true"}).content.decode()
    assert "已超时的请求" in overdue and "新的咨询" not in overdue
    enquiries = client.get(reverse("clients:support"), {"kind": "enquiry"}).content.decode()
    assert "新的咨询" in enquiries and "已超时的请求" not in enquiries


def test_staff_reply_and_resolve_from_the_page(client, qa_manager, client_user):
    request = raise_(client_user)
    client.force_login(qa_manager)
    url = reverse("clients:support_request", args=[request.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("clients:support_reply", args=[request.pk]), {"reply-body": "我们正在处理"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("clients:support_resolve", args=[request.pk]), {"resolve-resolution": "已修复"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportStatus.RESOLVED
    assert (
        client.post(
            reverse("clients:support_resolve", args=[request.pk]), {"resolve-resolution": ""}
        )
    ).status_code in (400, 409)


def test_the_api_twin(client_user, qa_manager, client_a, other_client_user):
    """CRM-5 through the API: raise, log, list with filters, reply, resolve; 404 across
    clients."""
    api = APIClient()
    api.force_authenticate(client_user)
    created = api.post(
        reverse("api:clients-support-list"),
        {"kind": "enquiry", "subject": "API 咨询", "description": "内容"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    staff = APIClient()
    staff.force_authenticate(qa_manager)
    logged = staff.post(
        reverse("api:clients-support-log"),
        {
            "client": client_a.pk,
            "kind": "support",
            "channel": "email",
            "subject": "邮件请求",
            "description": "内容",
            "contact_name": "李女士",
        },
        format="json",
    )
    assert logged.status_code == 201, logged.content
    listing = staff.get(reverse("api:clients-support-list"), {"kind": "enquiry"}).json()
    assert [r["id"] for r in listing["results"]] == [pk]
    assert listing["results"][0]["next_due"]
    assert staff.get(reverse("api:clients-support-list"), {"overdue": "maybe"}).status_code == 400
    reply = staff.post(
        reverse("api:clients-support-reply", args=[pk]), {"body": "答复"}, format="json"
    )
    assert reply.status_code == 201, reply.content
    resolved = staff.post(
        reverse("api:clients-support-resolve", args=[pk]), {"resolution": "完成"}, format="json"
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    other = APIClient()
    other.force_authenticate(other_client_user)
    assert other.get(reverse("api:clients-support-request", args=[pk])).status_code == 404
    assert (
        other.post(reverse("api:clients-support-reply", args=[pk]), {"body": "x"}, format="json")
    ).status_code == 404
    anonymous = APIClient()
    assert anonymous.get(reverse("api:clients-support-list")).status_code in (401, 403)


@pytest.mark.parametrize("size", [2, 12])
def test_the_inbox_query_count_does_not_grow(
    client, qa_manager, client_user, django_assert_max_num_queries, size
):
    for n in range(size):
        raise_(client_user, subject=f"请求 {n}")
    client.force_login(qa_manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("clients:support")).status_code == 200
    client.force_login(client_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portal:support")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_the_api_list_query_count_does_not_grow(
    qa_manager, client_user, django_assert_max_num_queries, size
):
    for n in range(size):
        raise_(client_user, subject=f"请求 {n}")
    api = APIClient()
    api.force_authenticate(qa_manager)
    with django_assert_max_num_queries(8):
        assert api.get(reverse("api:clients-support-list")).status_code == 200
