"""Complaints (CRM-3) through their services and pages: clocks of the standard, the client's
confirmation or reopening, staff logging, the serious-complaint signal, attachments checked
and served only through the authorising view (SEC-5, SEC-17), and foreign ids refused
(SEC-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from clients.choices import ComplaintStatus
from clients.models import Complaint, ComplaintAttachment
from clients.services import complaints as svc
from clients.signals import complaint_serious
from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from core.models import SlaClock
from staff.choices import Role
from tests.clients.conftest import PNG, big, pdf, upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def clocks(complaint: Complaint) -> dict[str, SlaClock]:
    rows = SlaClock.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint), object_id=complaint.pk
    ).select_related("policy")
    return {c.policy.code: c for c in rows if c.is_open} | {
        f"{c.policy.code}:closed": c for c in rows if not c.is_open
    }


def submit(client_user, engagement=None, **extra) -> Complaint:
    data: dict = {
        "nature": "deliverable",
        "subject": "报告数据错误",
        "description": "第三章数据与原始资料不符。",
        "engagement_id": engagement.pk if engagement else None,
    }
    data.update(extra)
    complaint = svc.complaint_submit(actor=client_user, **data)
    assert complaint.intake_pending  # P3: left to the task published on commit
    svc.complaint_intake(complaint_id=complaint.pk)  # what the worker then does
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def received(serious_receiver):
    return serious_receiver


@pytest.fixture
def serious_receiver():
    seen: list[Complaint] = []

    def receiver(sender, complaint, **kwargs):
        seen.append(complaint)

    complaint_serious.connect(receiver, dispatch_uid="test-serious")
    yield seen
    complaint_serious.disconnect(dispatch_uid="test-serious")


def test_a_portal_complaint_starts_the_three_clocks_of_the_standard(client_user, engagement_a):
    """CRM-3: first response 24 h, initial analysis 24 h, feedback to the client 48 h."""
    complaint = submit(client_user, engagement_a)
    open_clocks = clocks(complaint)
    assert set(open_clocks) == {
        "complaint_first_response",
        "complaint_initial_analysis",
        "complaint_feedback",
    }
    start = complaint.received_at
    assert open_clocks["complaint_first_response"].due_at == start + timedelta(hours=24)
    assert open_clocks["complaint_initial_analysis"].due_at == start + timedelta(hours=24)
    assert open_clocks["complaint_feedback"].due_at == start + timedelta(hours=48)
    assert complaint.channel == "portal" and complaint.client == client_user.client
    assert complaint.status == ComplaintStatus.SUBMITTED


def test_the_clock_targets_are_the_admin_edited_policies(client_user):
    """CRM-3: the numbers are data (SLA policies), not literals."""
    from core.models import SlaPolicy

    SlaPolicy.objects.filter(code="complaint_first_response").update(target_minutes=12 * 60)
    complaint = submit(client_user)
    due = clocks(complaint)["complaint_first_response"].due_at
    assert due == complaint.received_at + timedelta(hours=12)


def test_response_analysis_feedback_and_rectification_meet_their_clocks(client_user, qa_manager):
    """CRM-3: each step meets its clock; a process problem starts the one-week
    rectification clock; the client confirms and the complaint closes."""
    complaint = submit(client_user)
    svc.complaint_respond(actor=qa_manager, complaint_id=complaint.pk, body="已收到，正在处理。")
    svc.complaint_analyse(
        actor=qa_manager, complaint_id=complaint.pk, analysis="校核流程缺失", process_problem=True
    )
    state = clocks(complaint)
    assert state["complaint_first_response:closed"].state == "met"
    assert state["complaint_initial_analysis:closed"].state == "met"
    rectification = state["complaint_process_rectification"]
    assert rectification.due_at - rectification.started_at == timedelta(days=7)
    svc.complaint_feedback(actor=qa_manager, complaint_id=complaint.pk, body="已更正并重新交付。")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.AWAITING_CLIENT
    assert clocks(complaint)["complaint_feedback:closed"].state == "met"
    svc.complaint_rectified(actor=qa_manager, complaint_id=complaint.pk, note="增加数据复核步骤")
    assert "complaint_process_rectification" not in clocks(complaint)
    svc.complaint_confirm(actor=client_user, complaint_id=complaint.pk, comment="满意")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.closed_at is not None


def test_the_client_reopens_and_a_new_feedback_clock_runs(client_user, qa_manager):
    """CRM-3: not satisfied → reopened with a reason, back to work, 48 h again."""
    complaint = submit(client_user)
    svc.complaint_feedback(actor=qa_manager, complaint_id=complaint.pk, body="处理结果如下……")
    with pytest.raises(ApplicationError):
        svc.complaint_reopen(actor=client_user, complaint_id=complaint.pk, reason=" ")
    svc.complaint_reopen(actor=client_user, complaint_id=complaint.pk, reason="问题仍然存在")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS and complaint.reopen_count == 1
    feedback = clocks(complaint)["complaint_feedback"]
    assert feedback.is_open and feedback.due_at - feedback.started_at == timedelta(hours=48)
    # Only once feedback is given again can the client confirm.
    with pytest.raises(ConflictError):
        svc.complaint_confirm(actor=client_user, complaint_id=complaint.pk)


def test_staff_log_a_phone_complaint_with_the_time_it_was_received(qa_manager, client_a):
    """CRM-3: logged by staff from phone / e-mail / visit; clocks run from receipt."""
    received_at = timezone.now() - timedelta(hours=5)
    complaint = svc.complaint_log(
        actor=qa_manager,
        client_id=client_a.pk,
        channel="phone",
        nature="conduct",
        severity="minor",
        subject="电话投诉",
        description="调研人员迟到。",
        contact_name="周女士",
        received_at=received_at,
    )
    assert complaint.logged_by == qa_manager and complaint.channel == "phone"
    assert clocks(complaint)["complaint_first_response"].due_at == received_at + timedelta(hours=24)
    with pytest.raises(ApplicationError):
        svc.complaint_log(
            actor=qa_manager,
            client_id=client_a.pk,
            channel="portal",
            nature="conduct",
            severity="minor",
            subject="x",
            description="y",
            contact_name="z",
        )


def test_only_relations_staff_handle_complaints(client_user, consultant, other_client_user):
    complaint = submit(client_user)
    with pytest.raises(ForbiddenError):
        svc.complaint_respond(actor=client_user, complaint_id=complaint.pk, body="x")
    with pytest.raises(ForbiddenError):  # not client relations staff
        svc.complaint_respond(actor=consultant, complaint_id=complaint.pk, body="x")
    with pytest.raises(NotFoundError):  # SEC-2
        svc.complaint_reply(actor=other_client_user, complaint_id=complaint.pk, body="x")


def test_a_complaint_about_another_clients_engagement_is_refused(client_user, engagement_b):
    """SEC-3: a foreign engagement id in the request is refused and nothing is saved."""
    with pytest.raises(ApplicationError) as refused:
        submit(client_user, engagement_b)
    assert "engagement" in refused.value.extra
    assert not Complaint.objects.exists()


def test_a_serious_complaint_sends_the_signal_once_after_commit(
    client_user, qa_manager, client_a, serious_receiver, django_capture_on_commit_callbacks
):
    """CRM-3: a serious complaint → ``complaint_serious`` (the quality app opens QC-6)."""
    with django_capture_on_commit_callbacks(execute=True):
        general = submit(client_user)
        svc.complaint_log(
            actor=qa_manager,
            client_id=client_a.pk,
            channel="visit",
            nature="deliverable",
            severity="serious",
            subject="重大质量问题",
            description="方案不可实施。",
            contact_name="周女士",
        )
    assert [c.subject for c in serious_receiver] == ["重大质量问题"]
    with django_capture_on_commit_callbacks(execute=True):
        svc.complaint_classify(
            actor=qa_manager, complaint_id=general.pk, nature="deliverable", severity="serious"
        )
        svc.complaint_classify(
            actor=qa_manager, complaint_id=general.pk, nature="service", severity="serious"
        )
    assert [c.pk for c in serious_receiver][1:] == [general.pk]


def test_the_client_never_sees_internal_notes(client, client_user, qa_manager):
    complaint = submit(client_user)
    svc.complaint_analyse(
        actor=qa_manager,
        complaint_id=complaint.pk,
        analysis="内部：责任人张三",
        process_problem=False,
    )
    svc.complaint_respond(actor=qa_manager, complaint_id=complaint.pk, body="我们正在核实")
    client.force_login(client_user)
    page = client.get(reverse("portal:complaint", args=[complaint.pk]))
    assert "我们正在核实" in page.content.decode()
    assert "责任人张三" not in page.content.decode()
    api = client.get(reverse("api:clients-complaint", args=[complaint.pk])).json()
    assert all(not r["internal"] for r in api["replies"])


# --- attachments (SEC-17, SEC-5) -------------------------------------------------------------


def test_attachments_are_kept_under_a_random_name(client_user):
    complaint = submit(client_user, files=[pdf("../../etc/现场照片.pdf")])
    attachment = complaint.attachments.get()
    assert attachment.original_name == "现场照片.pdf"
    assert attachment.content_type == "application/pdf"
    assert "现场照片" not in attachment.file.name and attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "Only these file types"),
        ("drawing.svg", b"<svg onload=alert(1)>", "Only these file types"),
        ("run.exe", b"MZ\x90\x00", "Only these file types"),
        ("fake.pdf", b"<html>not a pdf</html>", "does not match"),
        ("fake.png", b"%PDF-1.4 a pdf", "does not match"),
        ("polyglot.pdf", b"%PDF-1.4\n<script>alert(1)</script>", "web page content"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_uploads_are_checked_by_extension_magic_bytes_and_content(
    client_user, name, content, reason
):
    """SEC-17: allowlist + magic bytes + no HTML/SVG/polyglots; nothing saved on refusal."""
    with pytest.raises(ApplicationError, match=reason):
        submit(client_user, files=[upload(name, content)])
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


def test_uploads_over_the_admin_set_size_are_refused(client_user):
    """SEC-17: the size limit is the firm's setting."""
    from clients.models import RelationsSettings

    RelationsSettings.objects.update_or_create(pk=1, defaults={"attachment_max_mb": 1})
    with pytest.raises(ApplicationError, match="too large"):
        submit(client_user, files=[big(1024 * 1024)])
    submit(client_user, files=[big(1000), upload("p.png", PNG)])


def test_files_download_only_through_the_authorising_view(
    client, client_user, other_client_user, qa_manager, consultant, settings
):
    """SEC-5 and SEC-2: the owner and relations staff download as an attachment; another
    client and staff outside client relations get 404; the raw media path answers 404."""
    complaint = submit(client_user, files=[pdf("合同.pdf")])
    attachment = complaint.attachments.get()
    portal_url = reverse("portal:complaint_attachment", args=[complaint.pk, attachment.pk])
    staff_url = reverse("clients:complaint_attachment", args=[complaint.pk, attachment.pk])
    api_url = reverse("api:clients-complaint-attachment", args=[complaint.pk, attachment.pk])
    client.force_login(client_user)
    response = client.get(portal_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(api_url).status_code == 200
    client.force_login(other_client_user)
    assert client.get(portal_url).status_code == 404
    assert client.get(api_url).status_code == 404
    client.force_login(qa_manager)
    assert client.get(staff_url).status_code == 200
    client.force_login(consultant)
    assert client.get(staff_url).status_code == 403
    assert client.get(api_url).status_code == 403
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404


# --- pages -----------------------------------------------------------------------------------


def test_a_client_submits_a_complaint_with_a_file_in_the_portal(client, client_user, engagement_a):
    client.force_login(client_user)
    url = reverse("portal:complaint_new")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "engagement": engagement_a.pk,
            "nature": "timeliness",
            "subject": "交付延迟",
            "description": "报告晚了一周。",
            "files": [pdf()],
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.attachments.count() == 1
    assert complaint.engagement == engagement_a


def test_a_refused_upload_shows_the_form_again_with_the_reason(client, client_user):
    client_user.language = "en"
    client_user.save(update_fields=["language"])
    client.force_login(client_user)
    response = client.post(
        reverse("portal:complaint_new"),
        {
            "nature": "other",
            "subject": "x",
            "description": "y",
            "files": [upload("a.pdf", b"nope")],
        },
    )
    assert response.status_code == 400
    assert "does not match" in response.content.decode()
    assert not Complaint.objects.exists()


def test_staff_handle_a_complaint_from_the_page(client, client_user, qa_manager):
    complaint = submit(client_user)
    qa_manager.language = "en"
    qa_manager.save(update_fields=["language"])
    client.force_login(qa_manager)
    detail = reverse("clients:complaint", args=[complaint.pk])
    assert client.get(detail).status_code == 200
    response = client.post(
        reverse("clients:complaint_respond", args=[complaint.pk]), {"respond-body": "已收到"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("clients:complaint_respond", args=[complaint.pk]), {"respond-body": "再次"}
    )
    assert (
        response.status_code == 409
        and "already has its first response" in response.content.decode()
    )
    client.post(
        reverse("clients:complaint_feedback", args=[complaint.pk]), {"feedback-body": "已处理"}
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.AWAITING_CLIENT
    client.force_login(client_user)
    client.post(reverse("portal:complaint_confirm", args=[complaint.pk]), {"confirm-comment": "好"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


def test_complaint_flow_through_the_api(client_user, qa_manager, engagement_a):
    """The API twins: submit (multipart with a file), respond, feedback, confirm."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(client_user)
    created = api.post(
        reverse("api:clients-complaint-list"),
        {
            "nature": "service",
            "subject": "态度",
            "description": "回复慢",
            "engagement": engagement_a.pk,
            "files": [pdf()],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert Complaint.objects.get(pk=pk).attachments.count() == 1
    assert (
        api.post(reverse("api:clients-complaint-respond", args=[pk]), {"body": "x"}).status_code
        == 403
    )
    api.force_authenticate(qa_manager)
    assert (
        api.post(reverse("api:clients-complaint-respond", args=[pk]), {"body": "收到"}).status_code
        == 200
    )
    assert (
        api.post(
            reverse("api:clients-complaint-feedback", args=[pk]), {"body": "处理完"}
        ).status_code
        == 200
    )
    api.force_authenticate(client_user)
    confirmed = api.post(reverse("api:clients-complaint-confirm", args=[pk]), {"comment": ""})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "closed"
    again = api.post(reverse("api:clients-complaint-confirm", args=[pk]), {})
    assert again.status_code == 409
    bad = api.post(
        reverse("api:clients-complaint-list"), {"nature": "nope", "subject": "", "description": ""}
    )
    assert bad.status_code == 400


def test_staff_log_a_complaint_from_the_page(client, qa_manager, client_a):
    """CRM-3: the log page for phone / e-mail / visit complaints."""
    client.force_login(qa_manager)
    url = reverse("clients:complaint_log")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "client": client_a.pk,
            "channel": "email",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "contact_name": "周女士",
            "nature": "billing",
            "severity": "general",
            "subject": "发票金额有误",
            "description": "发票金额与合同不符。",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "email" and complaint.logged_by == qa_manager


def test_staff_are_notified_when_a_complaint_arrives_and_the_client_moves(
    client_user, qa_manager, project_manager, engagement_a, django_capture_on_commit_callbacks
):
    """CRM-3: the QA desk and the engagement's PM hear of a new complaint and of the client's
    message, confirmation or reopening — once per event."""
    from core.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(client_user, engagement_a)
        svc.complaint_reply(actor=client_user, complaint_id=complaint.pk, body="补充说明")
        svc.complaint_feedback(actor=qa_manager, complaint_id=complaint.pk, body="已更正")
        svc.complaint_reopen(actor=client_user, complaint_id=complaint.pk, reason="仍有错误")
    for person in (qa_manager, project_manager):
        kinds = sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))
        assert kinds == ["complaint_changed", "complaint_changed", "complaint_received"]
    assert not Notification.objects.filter(recipient=client_user).exists()
    from core.notifications.kinds import render_title

    row = Notification.objects.filter(recipient=qa_manager, kind="complaint_received").get()
    assert complaint.reference in render_title(row.kind, row.params, "en")
    changed = Notification.objects.filter(recipient=qa_manager, kind="complaint_changed").first()
    assert "客户" in render_title(changed.kind, changed.params, "zh-hans")


def test_complaints_are_found_by_reference_subject_or_text_in_chinese(
    client, client_user, other_client_user, qa_manager
):  # CRM-3, P7, SEC-2
    """The complaint list, its API twin and its export search reference, subject and
    description; the search never widens what the caller may see."""
    from rest_framework.test import APIClient

    from clients import selectors as sel

    mine = submit(client_user, subject="交付延期", description="智慧园区方案的交付比约定晚了两周。")
    submit(client_user, subject="发票抬头错误", description="请重开发票。")
    theirs = submit(other_client_user, subject="交付延期", description="智慧园区项目同样延期。")
    assert list(sel.complaint_list(user=qa_manager, q="智慧园区").order_by("pk")) == [mine, theirs]
    assert list(sel.complaint_list(user=client_user, q="智慧园区")) == [mine]
    assert list(sel.complaint_list(user=qa_manager, q=mine.reference.lower())) == [mine]
    assert sel.complaint_list(user=qa_manager, q="  ").count() == 3

    client.force_login(qa_manager)
    page = client.get(reverse("clients:complaints"), {"q": "发票"})
    assert page.status_code == 200
    assert "发票抬头错误" in page.text and "交付延期" not in page.text

    api = APIClient()
    api.force_authenticate(client_user)
    rows = api.get("/api/clients/complaints/", {"q": "延期"}).json()["results"]
    assert [r["reference"] for r in rows] == [mine.reference]


def test_a_portal_complaint_leaves_its_intake_to_the_task_published_on_commit(
    client_user, qa_manager, django_capture_on_commit_callbacks, monkeypatch
):
    """P3: the portal POST writes the complaint and its history and publishes the intake on
    commit; the intake starts the three clocks from when the complaint was received (CRM-3),
    records the webhook event and notifies the desk, once however often it runs."""
    from core import tasking
    from core.models import Notification, WebhookEvent

    published: list[tuple[str, tuple]] = []
    monkeypatch.setattr(tasking, "publish", lambda task, *args: published.append((task.name, args)))
    api = APIClient()
    api.force_authenticate(client_user)
    body = {"nature": "service", "subject": "延误", "description": "报告晚了两周"}
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(reverse("api:clients-complaint-list"), body, format="json")
    assert created.status_code == 201, created.content
    complaint = Complaint.objects.get(pk=created.json()["id"])
    assert published == [("clients.tasks.complaint_intake", (complaint.pk,))]
    assert complaint.intake_pending and clocks(complaint) == {}

    assert svc.complaint_intake(complaint_id=complaint.pk) is True
    running = clocks(complaint)
    assert set(running) == set(svc.INTAKE_POLICIES)
    assert running["complaint_first_response"].started_at == complaint.received_at
    assert Notification.objects.filter(event_key=f"complaint:{complaint.pk}:received").exists()
    assert not Complaint.objects.get(pk=complaint.pk).intake_pending

    events = WebhookEvent.objects.count()
    assert svc.complaint_intake(complaint_id=complaint.pk) is False  # a redelivered task
    assert len(clocks(complaint)) == 3 and WebhookEvent.objects.count() == events


def test_the_intake_sweep_picks_up_a_lost_publish(client_user):
    """SEC-29: the publish is lost (here: the test's transaction never commits, so nothing is
    published); the sweep runs the intake, and a second sweep finds nothing to do."""
    lost = svc.complaint_submit(
        actor=client_user, nature="service", subject="丢失", description="发布丢失"
    )
    assert svc.complaint_intake_sweep() == 1
    assert len(clocks(lost)) == 3
    assert svc.complaint_intake_sweep() == 0


def test_staff_acting_before_the_intake_runs_it_first(client_user, qa_manager):
    """CRM-3: a response given before the worker ran the intake still meets a first-response
    clock (the intake runs inside the response, with the complaint locked)."""
    complaint = svc.complaint_submit(
        actor=client_user, nature="service", subject="很快", description="马上回复"
    )
    svc.complaint_respond(actor=qa_manager, complaint_id=complaint.pk, body="已收到")
    state = clocks(complaint)
    assert state["complaint_first_response:closed"].state == "met"
    assert {"complaint_initial_analysis", "complaint_feedback"} <= set(state)
    assert svc.complaint_intake(complaint_id=complaint.pk) is False


def test_a_reference_collision_draws_a_new_reference(client_user, monkeypatch):
    """P12 found one 500 in 25k portal POSTs: two complaints drew the same reference. A
    collision now draws again instead of failing the request."""
    first = svc.complaint_submit(
        actor=client_user, nature="service", subject="一", description="第一条"
    )
    drawn = iter([first.reference, "TS20260101-NEW00001"])
    monkeypatch.setattr(svc, "_reference", lambda at: next(drawn))
    second = svc.complaint_submit(
        actor=client_user, nature="service", subject="二", description="第二条"
    )
    assert second.reference == "TS20260101-NEW00001"


@pytest.mark.postgres
def test_complaints_are_found_by_a_fragment_of_the_reference(client_user, qa_manager):
    """P7: a fragment at the start or in the middle of a reference is found in any case,
    through the 4-gram index of references on PostgreSQL."""
    from clients import selectors as sel

    first = submit(client_user)
    second = submit(client_user)
    Complaint.objects.filter(pk=first.pk).update(reference="P7-TS-0004123")
    Complaint.objects.filter(pk=second.pk).update(reference="TS-0004-B")

    def found(term: str) -> list[str]:
        rows = sel.complaint_list(user=qa_manager, q=term).order_by("reference")
        return list(rows.values_list("reference", flat=True))

    assert found("TS-0004") == ["P7-TS-0004123", "TS-0004-B"]
    assert found("ts-0004-b") == ["TS-0004-B"]  # at the start, lower case
    assert found("p7-ts-00") == ["P7-TS-0004123"]
    assert found("TS-0005") == []


def _data_queries(ctx: CaptureQueriesContext) -> list[str]:
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(control)]


def test_portal_complaint_post_runs_a_constant_three_queries(client_user, qa_manager):
    """P3: the portal complaint POST (token auth, validation, the complaint and its history
    row) runs 3 queries in one transaction without savepoints of its own, however many
    complaints and desk members exist; the clocks, the webhook check and the desk's
    notifications are the intake's (above)."""
    from django.db import connection
    from rest_framework.authtoken.models import Token

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=client_user).key}")
    body = {"nature": "service", "subject": "报告延误", "description": "交付的报告晚了两周。"}
    url = reverse("api:clients-complaint-list")

    def post() -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as ctx:
            assert api.post(url, body, format="json").status_code == 201
        return ctx

    first = post()
    UserFactory.create_batch(3, roles=[Role.QA_MANAGER])
    for _ in range(3):
        post()
    last = post()
    assert len(_data_queries(first)) == len(_data_queries(last)) == 3, _data_queries(last)
    # The test's own transaction makes the service's one atomic block a single savepoint.
    assert sum(q["sql"].startswith("SAVEPOINT") for q in last.captured_queries) <= 1
    complaint = Complaint.objects.order_by("-pk").first()
    assert complaint is not None and complaint.history.count() == 1
    assert complaint.intake_pending


def test_a_colliding_reference_reruns_the_transaction_with_a_new_one(client_user, monkeypatch):
    """P3 (and the P12 soak's one 500): the complaint's insert has no savepoint of its own, so
    a reference drawn twice reruns the whole transaction with a fresh draw; nothing is
    written twice (one history row, three clocks)."""
    first = submit(client_user)
    draws = iter([first.reference, "TS20260101-FRESH001"])
    monkeypatch.setattr(svc, "_reference", lambda at: next(draws))
    second = submit(client_user)
    assert second.reference == "TS20260101-FRESH001"
    assert second.history.count() == 1
    assert SlaClock.objects.filter(object_id=second.pk).count() == 3
    assert Complaint.objects.count() == 2
