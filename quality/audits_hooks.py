"""App-start and seeding hooks of the audits, KPI and CAPA part of the quality app: the
notification kinds it sends, the defaults its migration seeds (re-run by the tests after a
flush) and the demo records for ``make run``."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.utils.translation import gettext_lazy as _


def register_notification_kinds() -> None:
    from core.notifications.kinds import KINDS, Kind

    KINDS.setdefault(
        "kpi_breach",
        Kind(
            "kpi_breach",
            _("Quality objective breached"),
            _("KPI breached: %(kpi)s at %(value)s (target %(target)s)"),
            critical=True,
        ),
    )
    KINDS.setdefault(
        "action_assigned",
        Kind(
            "action_assigned",
            _("Corrective action assigned"),
            _("A corrective action is assigned to you: %(target)s"),
        ),
    )


def seed_audit_defaults() -> None:
    migration = importlib.import_module("quality.migrations.0001_audits")
    migration.create_defaults(apps, None)


def demo_seed_audits(users: dict) -> None:
    """Idempotent: keyed on the demo audit's title."""
    from django.utils import timezone

    from engagements.models import Engagement
    from quality.models import Audit, CaseEntry, CorrectiveAction, Initiative
    from quality.services import audits as audit_svc
    from quality.services import improvement as imp_svc

    qa, pm = users["qa"], users["pm"]
    engagements = {e.code: e for e in Engagement.objects.filter(code__startswith="ENG-2026-")}
    if len(engagements) < 6 or Audit.objects.filter(title="2026年度第一季度定期质量检查").exists():
        return
    today = timezone.localdate()
    audit = audit_svc.audit_plan(
        actor=qa,
        kind="scheduled",
        title="2026年度第一季度定期质量检查",
        planned_date=today - timedelta(days=20),
        engagements=[engagements["ENG-2026-001"], engagements["ENG-2026-002"]],
    )
    criteria = list(audit.template.criteria.all())
    for entry, share in zip(
        audit.entries.order_by("id"), (Decimal("0.86"), Decimal("0.72")), strict=True
    ):
        audit_svc.audit_score(
            actor=qa,
            entry=entry,
            points={c.pk: (c.weight * share).quantize(Decimal("0.5")) for c in criteria},
            notes={criteria[0].pk: "策划文件齐全"},
        )
    audit_svc.audit_conclude(actor=qa, audit=audit)
    first, second = list(audit.entries.order_by("id"))
    audit_svc.audit_opinion_send(
        actor=qa, entry=first, opinion="整体执行规范；请补充第二阶段复核记录并完善归档目录。"
    )
    audit_svc.audit_reply(actor=pm, entry=first, reply="已补充复核记录，归档目录已按要求更新。")
    audit_svc.audit_opinion_send(
        actor=qa,
        entry=second,
        opinion="成果文件存在数据口径不一致问题，请于10日内书面回复整改措施。",
    )
    audit_svc.audit_plan(
        actor=qa,
        kind="spot_check",
        title="成果文件抽查",
        planned_date=today + timedelta(days=7),
        engagements=[engagements["ENG-2026-003"]],
    )
    audit_svc.audit_open_special_investigation(
        engagement=engagements["ENG-2026-004"],
        reason="客户投诉：阶段成果延期两周且未提前沟通。",
        actor=qa,
    )
    audit_svc.spot_check_draw(actor=qa, population="engagements", seed=20260101, audit=audit)
    if not CorrectiveAction.objects.filter(source_kind="failed_acceptance").exists():
        action = imp_svc.action_open(
            source_kind="failed_acceptance",
            source_text="验收未通过：报告附录数据与正文不一致。",
            engagement=engagements["ENG-2026-002"],
            owner=pm,
            actor=qa,
            title="修正验收报告数据一致性",
            department="管理咨询部",
            target="重新提交并一次通过验收",
            severity="major",
        )
        imp_svc.action_plan_save(
            actor=pm, action=action, plan="逐项核对附录数据；增加交叉复核步骤。"
        )
        imp_svc.action_do_record(actor=pm, action=action, done_note="已完成核对并更新报告。")
    if not Initiative.objects.exists():
        initiative = imp_svc.initiative_create(
            actor=qa,
            title="优化三级复核时效",
            owner=users["director"],
            process_area="质量控制",
            evaluation="上季度复核平均耗时 6.5 天，超出目标 5 天。",
            due_date=today + timedelta(days=60),
        )
        imp_svc.initiative_advance(
            actor=qa, initiative=initiative, note="设立复核日历，超过3天自动提醒。"
        )
    closed = engagements["ENG-2026-006"]
    if closed.stage == "closed" and not CaseEntry.objects.filter(engagement=closed).exists():
        imp_svc.case_create(
            actor=qa,
            engagement=closed,
            summary="为客户完成信息系统安全评估，识别高风险项 12 项并给出整改路线图。",
            lessons="提前获取系统资产清单可缩短现场调研时间；高风险项需与客户IT负责人逐项确认。",
            tags="安全评估 等保 整改路线图",
        )
    imp_svc.kpi_sweep()
