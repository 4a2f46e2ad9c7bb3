"""Demo data for `make run`: a firm, two client organisations, one user per role and a few
engagements at different stages. Idempotent: keyed on natural keys, safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction

from clients.models import Client
from engagements.choices import ServiceType, Stage
from engagements.models import Engagement
from staff.choices import Role
from staff.models import User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed on purpose for the demo logins


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    client_code: str | None = None


DEMO_CLIENTS = [
    ("huaxin", "华信制造集团", "制造业"),
    ("lanting", "兰亭城市发展有限公司", "城市建设"),
]

DEMO_USERS = [
    DemoUser("consultant", "张咨询", Role.CONSULTANT),
    DemoUser("pm", "李经理", Role.PROJECT_MANAGER),
    DemoUser("lead", "王专业", Role.DISCIPLINE_LEAD),
    DemoUser("director", "赵总工", Role.TECHNICAL_DIRECTOR),
    DemoUser("qa", "陈质量", Role.QA_MANAGER),
    DemoUser("legal", "刘法务", Role.LEGAL_REVIEWER),
    DemoUser("admin", "系统管理员", Role.ADMIN),
    DemoUser("client_a", "华信 周女士", Role.CLIENT, "huaxin"),
    DemoUser("client_b", "兰亭 吴先生", Role.CLIENT, "lanting"),
]

DEMO_ENGAGEMENTS = [
    ("ENG-2026-001", "数字化转型战略咨询", "huaxin", ServiceType.MANAGEMENT, Stage.EXECUTION),
    ("ENG-2026-002", "精益生产体系诊断", "huaxin", ServiceType.MANAGEMENT, Stage.ACCEPTANCE),
    ("ENG-2026-003", "智慧园区可行性研究", "lanting", ServiceType.ENGINEERING, Stage.FEASIBILITY),
    ("ENG-2026-004", "城市更新项目全过程咨询", "lanting", ServiceType.ENGINEERING, Stage.CONTRACT),
    ("ENG-2026-005", "财务共享中心规划", "huaxin", ServiceType.FINANCE, Stage.LEAD),
    ("ENG-2026-006", "信息系统安全评估", "lanting", ServiceType.IT, Stage.CLOSED),
]


@transaction.atomic
def demo_seed() -> list[DemoUser]:
    clients = {
        code: Client.objects.update_or_create(
            code=code, defaults={"name": name, "industry": industry}
        )[0]
        for code, name, industry in DEMO_CLIENTS
    }
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "display_name": spec.display_name,
                "email": f"{spec.username}@demo.engageqc.local",
                "client": clients[spec.client_code] if spec.client_code else None,
                "is_staff": spec.role == Role.ADMIN,
                "is_superuser": spec.role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=spec.role.value)[0])
        users[spec.username] = user

    for code, title, client_code, service_type, stage in DEMO_ENGAGEMENTS:
        engagement, created = Engagement.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "client": clients[client_code],
                "service_type": service_type,
                "project_manager": users["pm"],
                "source": "market_research",
            },
        )
        engagement.members.add(users["consultant"], users["lead"])
        _declare(engagement, [users["consultant"], users["lead"]])
        if created:
            _walk_to(engagement, stage, users)
    # Each domain app adds its own demo records (risks, reviews, complaints…) through
    # ``AppConfig.demo_seed(users)``; it must be idempotent like the rest of this seed.
    for app_config in apps.get_app_configs():
        seed = getattr(app_config, "demo_seed", None)
        if callable(seed):
            seed(users)
    # The dashboards' monthly figures, as beat would refresh them (P8).
    from core.dashboards.services import dashboard_figures_refresh

    dashboard_figures_refresh(full=True)
    return DEMO_USERS


def _declare(engagement: Engagement, members: list[User]) -> None:
    """Team members declare independence before working on an engagement (STF-5)."""
    from staff.models import Declaration
    from staff.services.conduct import declaration_submit

    for member in members:
        if not Declaration.objects.filter(engagement=engagement, user=member).exists():
            declaration_submit(actor=member, engagement_id=engagement.pk, independent=True)


def _walk_to(engagement: Engagement, stage: str, users: dict[str, User]) -> None:
    """Take a new demo engagement to ``stage`` through the real services, so its records
    (requirements, feasibility, quotation, reviews, contract) are consistent."""
    from engagements.choices import MAIN_LINE
    from engagements.services import lifecycle as svc

    pm = users["pm"]
    target = Stage(stage)
    if target == Stage.DECLINED or target not in MAIN_LINE:
        return
    steps = MAIN_LINE[1 : MAIN_LINE.index(target) + 1]
    for step in steps:
        if step == Stage.FEASIBILITY:
            svc.requirements_save(
                actor=pm,
                engagement=engagement,
                background="客户希望系统提升运营效率。",
                goals="六个月内形成可实施方案。",
            )
        elif step == Stage.QUOTATION:
            svc.feasibility_save(
                actor=pm,
                engagement=engagement,
                technical="方法成熟",
                technical_experts="王专业",
                economic="预算匹配",
                economic_experts="李经理",
                time="周期可控",
                time_experts="赵总工",
            )
            svc.feasibility_conclude(actor=pm, engagement=engagement, conclusion="accept")
        elif step == Stage.PROPOSAL:
            svc.quotation_create(
                actor=pm,
                engagement=engagement,
                lines=[
                    {
                        "kind": "fee",
                        "description": "咨询服务费",
                        "quantity": "1",
                        "unit_price": "280000",
                    },
                    {
                        "kind": "travel",
                        "description": "差旅费",
                        "quantity": "4",
                        "unit_price": "3500",
                    },
                ],
            )
        elif step == Stage.CONTRACT:
            svc.proposal_save(
                actor=pm,
                engagement=engagement,
                objectives="明确目标与路径",
                scope="全公司",
                methods="访谈、数据分析、标杆对比",
                schedule="六个月",
                deliverables="诊断报告与实施方案",
                team_introduction="资深顾问团队",
            )
            svc.proposal_review(
                actor=users["director"],
                engagement=engagement,
                decision="pass",
                password=DEMO_PASSWORD,
            )
            svc.proposal_send(actor=pm, engagement=engagement)
        elif step == Stage.KICKOFF:
            svc.contract_save(
                actor=pm,
                engagement=engagement,
                scope="见项目方案",
                term="六个月",
                payment="3:4:3 分期支付",
                confidentiality="双方保密",
                liability="以合同金额为限",
            )
            svc.contract_legal_review(
                actor=users["legal"],
                engagement=engagement,
                decision="pass",
                password=DEMO_PASSWORD,
                checklist={"complete": True, "accurate": True, "legal": True, "risk_clauses": True},
            )
            svc.contract_sign(actor=users["admin"], engagement=engagement, password=DEMO_PASSWORD)
        elif step == Stage.EXECUTION:
            _kickoff_and_plan(engagement, users)
        elif step in _CLOSING_STEPS:
            _CLOSING_STEPS[step](engagement, users)
        svc.engagement_transition(actor=pm, engagement=engagement, to_stage=step)


def _kickoff_and_plan(engagement: Engagement, users: dict[str, User]) -> None:
    """Team, a held kickoff meeting with its minutes (ENG-7) and a plan with progress (ENG-8)."""
    from datetime import timedelta

    from django.utils import timezone

    from engagements.models.meetings import MeetingKind
    from engagements.models.plan import Phase, TeamRole
    from engagements.services import meetings, plan

    pm, consultant, lead = users["pm"], users["consultant"], users["lead"]
    for person, role in [
        (pm, TeamRole.PROJECT_MANAGER),
        (lead, TeamRole.DISCIPLINE_LEAD),
        (consultant, TeamRole.CONSULTANT),
    ]:
        plan.team_member_add(actor=pm, engagement_id=engagement.pk, user_id=person.pk, role=role)
    now = timezone.now()
    kickoff = meetings.meeting_create(
        actor=pm,
        engagement_id=engagement.pk,
        kind=MeetingKind.KICKOFF,
        title="项目启动会",
        held_at=now - timedelta(days=20),
        agenda="项目背景、目标、任务分工、进度计划、质量要求、沟通机制",
        materials="项目方案、进度计划表",
        participant_ids=[pm.pk, lead.pk, consultant.pk],
    )
    meetings.meeting_record_minutes(
        actor=pm,
        meeting_id=kickoff.pk,
        minutes="明确了各阶段负责人和每周例会安排。",
        decisions="每周一召开项目例会。",
        attended_ids=[pm.pk, lead.pk, consultant.pk],
    )
    today = timezone.localdate()
    for offset, phase, title in [
        (-10, Phase.RESEARCH, "现状调研完成"),
        (5, Phase.ANALYSIS, "问题诊断报告"),
        (25, Phase.SOLUTION_DESIGN, "方案初稿"),
    ]:
        milestone = plan.milestone_create(
            actor=pm,
            engagement_id=engagement.pk,
            phase=phase,
            title=title,
            planned_date=today + timedelta(days=offset),
            owner_id=consultant.pk,
        )
        if offset < 0:
            plan.milestone_complete(actor=pm, milestone_id=milestone.pk)
        elif offset == 5:
            plan.progress_log(
                actor=consultant,
                milestone_id=milestone.pk,
                percent_complete=40,
                note="访谈已完成一半",
            )


def _finish_work(engagement: Engagement, users: dict[str, User]) -> None:
    """Delivery needs every milestone before the delivery phase completed (ENG-10)."""
    from engagements.models import Milestone
    from engagements.models.plan import Phase
    from engagements.services import plan

    open_work = Milestone.objects.filter(engagement=engagement, actual_date__isnull=True)
    for milestone in open_work.exclude(phase=Phase.DELIVERY):
        plan.milestone_complete(actor=users["pm"], milestone_id=milestone.pk)


def _prepare_delivery(engagement: Engagement, users: dict[str, User]) -> None:
    """Acceptance needs the delivery checklist ticked and the delivery list delivered."""
    from django.utils import timezone

    from engagements.services import closing

    pm = users["pm"]
    for row in closing.delivery_checklist_seed(actor=pm, engagement=engagement):
        closing.delivery_checklist_tick(actor=pm, item_id=row.pk, done=True)
    item = closing.delivery_item_add(
        actor=pm,
        engagement=engagement,
        content="诊断报告与实施方案",
        mode="on_site",
        planned_at=timezone.now(),
        standard="客户签收确认",
    )
    closing.delivery_item_deliver(actor=pm, item_id=item.pk)


def _accept(engagement: Engagement, users: dict[str, User]) -> None:
    """Follow-up needs a passed acceptance (ENG-11); recorded on the client's behalf."""
    from engagements.services import closing

    pm = users["pm"]
    request = closing.acceptance_request(
        actor=pm, engagement=engagement, content="诊断报告与实施方案", criteria="覆盖合同范围"
    )
    closing.acceptance_verdict(
        actor=pm,
        request_id=request.pk,
        verdict="pass",
        password=DEMO_PASSWORD,
        client_contact="客户项目负责人",
    )


def _settle_follow_up(engagement: Engagement, users: dict[str, User]) -> None:
    """Closing needs every follow-up obligation met or waived (ENG-12)."""
    from engagements.services import closing

    for obligation in engagement.follow_up_obligations.all():
        closing.obligation_meet(actor=users["pm"], obligation_id=obligation.pk, outcome="已完成")


_CLOSING_STEPS = {
    Stage.DELIVERY: _finish_work,
    Stage.ACCEPTANCE: _prepare_delivery,
    Stage.FOLLOW_UP: _accept,
    Stage.CLOSED: _settle_follow_up,
}
