"""Demo records of the clients app for `make run`: consents, complaints at different steps,
answered surveys, support requests, revisits and contacts. Idempotent: each record is looked
up by a natural key first."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clients.choices import ConsentChannel, ConsentPurpose, SurveyOccasion, SurveyStatus
from clients.models import (
    ClientContact,
    Complaint,
    Consent,
    Revisit,
    SupportRequest,
    Survey,
    SurveyTemplate,
)
from clients.services import complaints as complaint_svc
from clients.services import revisits as revisit_svc
from clients.services import support as support_svc
from clients.services.consents import consent_grant
from clients.services.contacts import contact_save, profile_update
from clients.services.surveys import _save_answers, survey_questions
from engagements.models import Engagement
from staff.models import User


@transaction.atomic
def demo_seed(users: dict[str, User]) -> None:
    for name in ("client_a", "client_b"):
        person = users[name]
        for purpose in (ConsentPurpose.SERVICE, ConsentPurpose.SURVEYS):
            if not Consent.objects.filter(person=person, purpose=purpose).exists():
                consent_grant(
                    actor=person, person=person, purpose=purpose, channel=ConsentChannel.PORTAL
                )
    engagements = {e.code: e for e in Engagement.objects.filter(code__startswith="ENG-2026-")}
    qa = users["qa"]
    if not Complaint.objects.filter(subject="阶段报告交付延迟").exists():
        complaint = complaint_svc.complaint_submit(
            actor=users["client_a"],
            nature="timeliness",
            subject="阶段报告交付延迟",
            description="第二阶段诊断报告原定上周五交付，至今未收到，也没有提前说明原因。",
            engagement_id=engagements["ENG-2026-002"].pk if "ENG-2026-002" in engagements else None,
        )
        complaint_svc.complaint_respond(
            actor=qa,
            complaint_id=complaint.pk,
            body="非常抱歉给您带来不便，我们已收到投诉，项目经理将在今天内与您联系说明情况。",
        )
    if not Complaint.objects.filter(subject="现场调研人员着装与沟通问题").exists():
        complaint_svc.complaint_log(
            actor=qa,
            client_id=users["client_b"].client_id or 0,
            channel="phone",
            nature="conduct",
            severity="minor",
            subject="现场调研人员着装与沟通问题",
            description="客户来电反映现场调研时个别人员沟通不够耐心。",
            contact_name="吴先生",
            received_at=timezone.now() - timedelta(hours=3),
        )
    closed = engagements.get("ENG-2026-006")
    template = SurveyTemplate.objects.filter(occasion=SurveyOccasion.ACCEPTANCE).first()
    if closed and template and not Survey.objects.filter(engagement=closed).exists():
        survey = Survey.objects.create(
            template=template,
            engagement=closed,
            client_id=closed.client_id,
            recipient=users["client_b"],
            occasion=SurveyOccasion.ACCEPTANCE,
            period="",
            status=SurveyStatus.SENT,
            token_nonce=secrets.token_hex(16),
            sent_at=timezone.now() - timedelta(days=2),
            expires_at=timezone.now() + timedelta(days=19),
        )
        scores = {
            q.pk: score
            for q, score in zip(survey_questions(survey), [5, 4, 4, 5, 5, 4], strict=False)
        }
        _save_answers(survey, scores, "团队专业、响应及时，希望后续培训更深入。")
    accepted = engagements.get("ENG-2026-002")
    if accepted and template and not Survey.objects.filter(engagement=accepted).exists():
        Survey.objects.create(
            template=template,
            engagement=accepted,
            client_id=accepted.client_id,
            recipient=users["client_a"],
            occasion=SurveyOccasion.QUARTERLY,
            period="demo",
            status=SurveyStatus.SENT,
            token_nonce=secrets.token_hex(16),
            sent_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=21),
        )

    _demo_relations(users, engagements)


def _demo_relations(users: dict[str, User], engagements: dict[str, Engagement]) -> None:
    """CRM-5, CRM-6, SEC-26: a request and an enquiry, revisits, contacts."""
    qa, client_a = users["qa"], users["client_a"]
    if not SupportRequest.objects.filter(subject="报告平台无法下载附件").exists():
        item = support_svc.support_request_raise(
            actor=client_a,
            kind="support",
            subject="报告平台无法下载附件",
            description="点击阶段报告的附件后页面没有反应，麻烦协助处理。",
        )
        support_svc.support_reply(
            actor=qa, request_id=item.pk, body="您好，我们已收到，技术同事正在排查，今天内回复您。"
        )
    if not SupportRequest.objects.filter(subject="咨询服务是否包含员工培训").exists():
        support_svc.support_request_log(
            actor=qa,
            client_id=client_a.client_id or 0,
            kind="enquiry",
            channel="hotline",
            subject="咨询服务是否包含员工培训",
            description="客户来电询问管理咨询项目是否包含中层管理人员培训。",
            contact_name="刘女士",
            received_at=timezone.now() - timedelta(minutes=20),
        )
    accepted = engagements.get("ENG-2026-002")
    if accepted and not Revisit.objects.filter(engagement=accepted).exists():
        revisit_svc.revisit_plan(
            actor=users["pm"],
            engagement_id=accepted.pk,
            method="onsite",
            planned_date=timezone.localdate() + timedelta(days=10),
            purpose="了解诊断建议的落地情况，收集改进意见",
            contact_name="陈总",
        )
        revisit_svc.revisit_record(
            actor=qa,
            client_id=accepted.client_id,
            method="phone",
            outcome="客户对项目团队满意，希望明年继续合作。",
            opportunities="供应链数字化二期咨询",
            value_added_services="赠送行业对标报告一份",
            contact_name="陈总",
            done_at=timezone.now() - timedelta(days=3),
            meet_obligation=False,
        )
    if not ClientContact.objects.filter(user__isnull=True).exists():
        contact_save(
            actor=qa,
            client_id=client_a.client_id or 0,
            name="陈立新",
            position="运营副总裁",
            phone="13812345678",
            email="chen.lixin@example.com",
        )
    if not ClientContact.objects.filter(user=client_a).exists():
        profile_update(actor=client_a, position="项目联络人", phone="13900001234")
