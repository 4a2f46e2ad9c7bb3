"""Demo staff data for `make run` (idempotent): records, certificates (one expiring soon,
one expired), a training plan with sessions, onboarding, mentoring, an appraisal with goals
and an interview, the responsibility matrix of ENG-2026-001, declarations and a violation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from staff.choices import PlanPeriod, Rating, ViolationOutcome
from staff.models import (
    Appraisal,
    Attendance,
    Certificate,
    Declaration,
    Goal,
    Interview,
    MentorPair,
    OnboardingTask,
    QualificationType,
    RaciAssignment,
    ServiceRequirement,
    StaffProfile,
    TrainingPlan,
    TrainingSession,
    Violation,
)

PROFILES = {
    "consultant": (
        "高级咨询顾问",
        "管理咨询部",
        "lead",
        "2023-03-01",
        "清华大学 工商管理硕士",
        "五年制造业运营咨询经验，主导过三个精益项目。",
    ),
    "pm": (
        "项目经理",
        "管理咨询部",
        "director",
        "2019-07-15",
        "复旦大学 管理科学与工程硕士",
        "十年项目管理经验，PMP 持证。",
    ),
    "lead": (
        "专业负责人",
        "工程咨询部",
        "director",
        "2018-05-10",
        "同济大学 土木工程硕士",
        "负责工程咨询专业技术把关。",
    ),
    "director": (
        "总工程师",
        "技术委员会",
        None,
        "2012-09-01",
        "天津大学 博士",
        "二十年工程与管理咨询经验。",
    ),
    "qa": (
        "质量经理",
        "质量管理部",
        "director",
        "2016-04-01",
        "南开大学 管理学学士",
        "负责质量体系与内部审核。",
    ),
    "legal": ("法务专员", "法务部", "director", "2021-02-01", "华东政法大学 法学硕士", ""),
}


def seed_demo(users: dict[str, Any]) -> None:
    today = timezone.localdate()
    for username, (
        position,
        department,
        manager,
        joined,
        education,
        experience,
    ) in PROFILES.items():
        StaffProfile.objects.get_or_create(
            user=users[username],
            defaults={
                "position": position,
                "department": department,
                "manager": users[manager] if manager else None,
                "joined_on": date.fromisoformat(joined),
                "education": education,
                "experience": experience,
            },
        )
    quals = {q.code: q for q in QualificationType.objects.all()}
    ServiceRequirement.objects.get_or_create(service_type="it", qualification=quals["cisp"])
    certificates = [
        (
            "consultant",
            "pmp",
            "PMP-3390121",
            today - timedelta(days=3 * 365),
            today + timedelta(days=35),
        ),
        (
            "consultant",
            "cpec",
            "ZX-2023-0456",
            today - timedelta(days=700),
            today + timedelta(days=1100),
        ),
        (
            "lead",
            "cost_engineer",
            "ZJ-2020-1188",
            today - timedelta(days=5 * 365),
            today - timedelta(days=20),
        ),
        ("pm", "pmp", "PMP-2201984", today - timedelta(days=400), today + timedelta(days=800)),
        (
            "lead",
            "cisp",
            "CISP-2021-77",
            today - timedelta(days=4 * 365),
            today - timedelta(days=90),
        ),
    ]
    for username, code, number, issued, expires in certificates:
        Certificate.objects.get_or_create(
            user=users[username],
            qualification=quals[code],
            number=number,
            defaults={"issued_on": issued, "expires_on": expires, "issued_by": "行业协会"},
        )

    year = today.year
    plan, created = TrainingPlan.objects.get_or_create(
        title=f"{year}年度全员培训计划",
        defaults={
            "period": PlanPeriod.ANNUAL,
            "starts_on": date(year, 1, 1),
            "ends_on": date(year, 12, 31),
            "target_hours": Decimal("40"),
            "description": "质量标准、咨询方法与职业道德。",
        },
    )
    if created:
        plan.participants.set([users[u] for u in ("consultant", "pm", "lead", "qa")])
    sessions = [
        ("咨询服务质量标准宣贯", date(year, 3, 12), Decimal("4"), "陈质量", False),
        ("新员工入职培训", date(year, 4, 8), Decimal("8"), "系统管理员", True),
        ("职业道德与独立性", date(year, 6, 20), Decimal("3"), "刘法务", False),
    ]
    for title, held_on, hours, trainer, onboarding in sessions:
        session, _ = TrainingSession.objects.get_or_create(
            plan=plan,
            title=title,
            defaults={
                "held_on": held_on,
                "hours": hours,
                "trainer": trainer,
                "is_onboarding": onboarding,
            },
        )
        for username in ("consultant", "lead") if not onboarding else ("consultant",):
            Attendance.objects.get_or_create(
                session=session, user=users[username], defaults={"hours": hours}
            )
    quarter, _ = TrainingPlan.objects.get_or_create(
        title=f"{year}年第四季度专业培训",
        defaults={
            "period": PlanPeriod.QUARTERLY,
            "starts_on": date(year, 10, 1),
            "ends_on": date(year, 12, 31),
            "target_hours": Decimal("12"),
        },
    )
    quarter.participants.add(users["consultant"], users["lead"])
    for title, due, done in [
        ("阅读质量管理手册", today - timedelta(days=200), today - timedelta(days=190)),
        ("完成信息安全培训", today - timedelta(days=150), None),
    ]:
        OnboardingTask.objects.get_or_create(
            user=users["consultant"], title=title, defaults={"due_on": due, "done_on": done}
        )
    MentorPair.objects.get_or_create(
        mentor=users["lead"],
        mentee=users["consultant"],
        starts_on=date(year, 1, 1),
        defaults={"goals": "提升方案设计与客户沟通能力"},
    )
    _engagement_records(users, today)


def _engagement_records(users: dict[str, Any], today: date) -> None:
    from engagements.models import Engagement, Milestone
    from engagements.models.plan import Phase
    from engagements.services import plan as plan_svc
    from staff.selectors import period_default
    from staff.services.raci import raci_apply_defaults

    # Everyone on a demo team has declared, so the demo journeys can log work (STF-5).
    for engagement in Engagement.objects.filter(code__startswith="ENG-2026-"):
        for member in engagement.members.all():
            Declaration.objects.get_or_create(
                engagement=engagement,
                user=member,
                defaults={"independent": True, "declared_at": timezone.now()},
            )
    main = Engagement.objects.filter(code="ENG-2026-001").first()
    if main is None:
        return
    if not RaciAssignment.objects.filter(engagement=main).exists():
        raci_apply_defaults(actor=users["pm"], engagement_id=main.pk)
    start, end = period_default()
    # Dated milestones for the appraisal figures: three on time, one late.
    plan = [
        ("现状调研报告", Phase.RESEARCH, start + timedelta(days=30), start + timedelta(days=28)),
        ("诊断访谈纪要", Phase.ANALYSIS, start + timedelta(days=70), start + timedelta(days=70)),
        (
            "转型方案初稿",
            Phase.SOLUTION_DESIGN,
            start + timedelta(days=110),
            start + timedelta(days=118),
        ),
        (
            "方案评审会",
            Phase.SOLUTION_REVIEW,
            start + timedelta(days=150),
            start + timedelta(days=149),
        ),
    ]
    for title, phase, planned, actual in plan:
        if Milestone.objects.filter(engagement=main, phase=phase, title=title).exists():
            continue
        milestone = plan_svc.milestone_create(
            actor=users["pm"],
            engagement_id=main.pk,
            phase=phase,
            title=title,
            planned_date=planned,
            owner_id=users["consultant"].pk,
        )
        plan_svc.milestone_complete(actor=users["pm"], milestone_id=milestone.pk, on=actual)
    appraisal, created = Appraisal.objects.get_or_create(
        user=users["consultant"],
        period_start=start,
        period_end=end,
        defaults={
            "appraiser": users["qa"],
            "rating": Rating.GOOD,
            "assessment": "按期交付大部分里程碑，客户反馈良好；方案初稿略有延误，需加强进度管理。",
        },
    )
    if created:
        Goal.objects.create(
            appraisal=appraisal,
            objective="提升交付准时率",
            key_results="里程碑准时率不低于 90%\n每周更新项目进度",
            weight=40,
            score=Decimal("0.75"),
        )
        Goal.objects.create(
            appraisal=appraisal,
            objective="取得注册咨询工程师继续教育学时",
            key_results="完成 40 学时培训",
            weight=30,
            score=Decimal("0.60"),
        )
        Interview.objects.create(
            appraisal=appraisal,
            held_on=end + timedelta(days=10),
            interviewer=users["qa"],
            notes="回顾上半年工作，确认下半年改进目标：进度管理与方案质量。",
        )
    Violation.objects.get_or_create(
        user=users["lead"],
        occurred_on=today - timedelta(days=60),
        defaults={
            "engagement": main,
            "description": "未申报与客户供应商的亲属关系。",
            "outcome": ViolationOutcome.WARNING,
            "outcome_note": "书面警告，已补充申报。",
            "recorded_by": users["qa"],
        },
    )
