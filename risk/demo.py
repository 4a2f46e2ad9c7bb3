"""Demo risks, an incident and an early warning for `make run` (idempotent: keyed on
titles, created through the services)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from engagements.models import Engagement
from risk.models import Incident, Risk, RiskCategory
from risk.services import incidents as incident_svc
from risk.services import register as svc
from risk.services.warnings import early_warning_sweep
from staff.models import User

# engagement code (None = firm-wide), title, category, method, likelihood, impact, cause
DEMO_RISKS = [
    (
        "ENG-2026-001",
        "客户核心数据无法按期提供",
        "technical",
        "brainstorming",
        "high",
        "severe",
        "客户IT部门同时承担ERP升级,人手紧张",
    ),
    (
        "ENG-2026-001",
        "客户高层对转型方向意见不一",
        "management",
        "delphi",
        "medium",
        "major",
        "董事会与经营层战略重点不同",
    ),
    (
        "ENG-2026-001",
        "关键顾问可能被调往其他项目",
        "personnel",
        "checklist",
        "medium",
        "general",
        "公司同期承接多个大型项目",
    ),
    (
        "ENG-2026-002",
        "诊断范围扩大导致成本超支",
        "financial",
        "brainstorming",
        "high",
        "major",
        "客户新增两个车间的诊断需求",
    ),
    (
        "ENG-2026-002",
        "现场调研期间生产安全事故",
        "management",
        "checklist",
        "low",
        "severe",
        "调研需进入生产车间",
    ),
    (
        "ENG-2026-004",
        "城市更新政策调整",
        "market",
        "delphi",
        "low",
        "major",
        "地方政策尚在征求意见",
    ),
    (
        None,
        "行业监管趋严带来的合规风险",
        "market",
        "delphi",
        "medium",
        "severe",
        "咨询行业资质和数据合规要求提高",
    ),
    (None, "核心咨询师流失", "personnel", "brainstorming", "low", "minor", "同业竞争加剧"),
]


@transaction.atomic
def demo_seed(users: dict[str, User]) -> None:
    pm, qa, consultant = users["pm"], users["qa"], users["consultant"]
    categories = {c.code: c for c in RiskCategory.objects.all()}
    engagements = {e.code: e for e in Engagement.objects.filter(code__startswith="ENG-2026-")}
    for code, title, category, method, likelihood, impact, cause in DEMO_RISKS:
        if Risk.objects.filter(title=title).exists():
            continue
        engagement = engagements.get(code) if code else None
        if code and engagement is None:
            continue
        item_id = None
        if method == "checklist":
            from risk.models import RiskChecklistItem

            item = RiskChecklistItem.objects.filter(
                checklist__service_type="", category=categories[category]
            ).first()
            item_id = item.pk if item else None
            if item_id is None:
                method = "brainstorming"
        risk = svc.risk_raise(
            actor=pm if engagement else qa,
            engagement_id=engagement.pk if engagement else None,
            title=title,
            category_id=categories[category].pk,
            method=method,
            checklist_item_id=item_id,
            likelihood=likelihood,
            impact=impact,
            cause=cause,
            owner_id=(consultant if engagement else qa).pk,
        )
        if title == "客户核心数据无法按期提供":
            svc.risk_choose_strategy(
                actor=pm, risk_id=risk.pk, strategy="mitigate", note="无法回避,先降低可能性"
            )
            svc.response_action_add(
                actor=pm,
                risk_id=risk.pk,
                description="与客户IT约定每周数据交付清单",
                owner_id=consultant.pk,
                due_date=timezone.localdate() + timedelta(days=7),
            )
            svc.risk_assess(
                actor=pm,
                risk_id=risk.pk,
                likelihood="medium",
                impact="severe",
                reason="客户已指派数据专员",
            )
    engagement = engagements.get("ENG-2026-001")
    if engagement and not Incident.objects.filter(title="客户访谈资料外泄风险").exists():
        incident = incident_svc.incident_report(
            actor=pm,
            engagement_id=engagement.pk,
            category_id=categories["technical"].pk,
            title="客户访谈资料外泄风险",
            description="一名顾问的笔记本电脑在出差途中遗失,内含客户访谈记录。",
            severity="major",
            occurred_at=timezone.now() - timedelta(hours=5),
        )
        first = incident.steps.order_by("order").first()
        if first is not None:
            incident_svc.incident_step_done(
                actor=pm,
                incident_id=incident.pk,
                step_id=first.pk,
                note="已电话通知客户信息安全负责人",
            )
    early_warning_sweep()
