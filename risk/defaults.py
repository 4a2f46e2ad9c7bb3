"""The risk app's standard data, seeded by migration 0001 and re-seedable through
``RiskConfig.seed_defaults()``: levels, the 3 × 4 matrix with the RSK-3 strategy table,
the five categories of RSK-1, one identification checklist per service type and an
emergency plan per category. Idempotent: existing rows (possibly edited by an admin) are
left as they are."""

from __future__ import annotations

from typing import Any

# code, Chinese, English, rank, colour
LEVELS = [
    ("high", "高", "High", 1, "#dc3545"),
    ("medium", "中", "Medium", 2, "#fd7e14"),
    ("low", "低", "Low", 3, "#198754"),
]

# (likelihood, impact) → (level, priority, suggested strategy).
# RSK-3 fixes four cells: high × severe → avoid; high/medium × major → mitigate;
# low × minor → accept. The rest follow how a QA office reads the matrix: the other high-
# and medium-likelihood cells are reduced (mitigate) unless the impact is minor at medium
# likelihood (accept); rare but heavy losses (low × severe/major) are insured or contracted
# away (transfer); low × general is accepted and watched.
MATRIX: dict[tuple[str, str], tuple[str, int, str]] = {
    ("high", "severe"): ("high", 1, "avoid"),
    ("high", "major"): ("high", 1, "mitigate"),
    ("high", "general"): ("medium", 2, "mitigate"),
    ("high", "minor"): ("medium", 3, "mitigate"),
    ("medium", "severe"): ("high", 1, "mitigate"),
    ("medium", "major"): ("medium", 2, "mitigate"),
    ("medium", "general"): ("medium", 3, "mitigate"),
    ("medium", "minor"): ("low", 4, "accept"),
    ("low", "severe"): ("medium", 2, "transfer"),
    ("low", "major"): ("medium", 3, "transfer"),
    ("low", "general"): ("low", 4, "accept"),
    ("low", "minor"): ("low", 4, "accept"),
}

CATEGORIES = [
    ("market", "市场风险", "Market risk", 10),
    ("technical", "技术风险", "Technical risk", 20),
    ("management", "管理风险", "Management risk", 30),
    ("personnel", "人员风险", "Personnel risk", 40),
    ("financial", "财务风险", "Financial risk", 50),
]

# service type ("" = every engagement), name, name_en, [(category, question)]
CHECKLISTS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "",
        "通用咨询项目风险检查表",
        "General engagement risk checklist",
        [
            ("market", "客户需求或市场环境是否可能在项目期间发生重大变化?"),
            ("management", "项目范围、进度和交付标准是否已与客户书面确认?"),
            ("personnel", "关键岗位人员是否有备份,是否存在人员流失风险?"),
            ("financial", "付款节点是否明确,客户是否存在回款风险?"),
            ("technical", "所用方法、数据和工具是否成熟可靠?"),
        ],
    ),
    (
        "management",
        "管理咨询风险检查表",
        "Management consulting risk checklist",
        [
            ("management", "客户高层是否持续支持变革方案?"),
            ("market", "行业政策变化是否会影响方案落地?"),
        ],
    ),
    (
        "engineering",
        "工程咨询风险检查表",
        "Engineering consulting risk checklist",
        [
            ("technical", "设计或造价依据是否齐全并经过复核?"),
            ("management", "是否存在多方协调导致的进度延误?"),
            ("financial", "投资估算偏差是否可能超出合同约定范围?"),
        ],
    ),
    (
        "it",
        "信息化咨询风险检查表",
        "IT consulting risk checklist",
        [
            ("technical", "客户现有系统的数据质量和接口是否可用?"),
            ("technical", "是否涉及网络安全和数据出境合规要求?"),
        ],
    ),
    (
        "finance",
        "财务咨询风险检查表",
        "Financial advisory risk checklist",
        [
            ("financial", "财务数据是否经过审计,口径是否一致?"),
            ("personnel", "客户财务团队是否有足够人力配合?"),
        ],
    ),
]

# category, title, trigger, roles, contacts, [(action, role)]
PLANS: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    (
        "market",
        "客户需求重大变更应急预案",
        "客户提出超出合同范围的重大需求变更,或市场环境突变导致项目目标失效。",
        "项目经理:牵头评估;技术总监:评审变更方案;法务:合同变更。",
        "项目经理、技术总监、法务审核人",
        [
            ("记录变更内容并评估对范围、进度、费用的影响", "项目经理"),
            ("与客户召开变更沟通会并形成会议纪要", "项目经理"),
            ("技术总监评审调整后的方案", "技术总监"),
            ("签订补充协议或变更确认书", "法务审核人"),
        ],
    ),
    (
        "technical",
        "成果重大技术差错应急预案",
        "已交付或待交付成果中发现可能造成客户损失的重大技术差错。",
        "专业负责人:定位差错;项目经理:对客户沟通;质量经理:启动专项稽查。",
        "专业负责人、项目经理、质量经理",
        [
            ("立即暂停相关成果的使用并通知客户", "项目经理"),
            ("定位差错范围和原因", "专业负责人"),
            ("修正成果并重新履行三级复核", "专业负责人"),
            ("向客户重新交付并说明原因", "项目经理"),
        ],
    ),
    (
        "management",
        "项目严重延期应急预案",
        "关键里程碑延误超过两周或进度偏差率超过预警阈值。",
        "项目经理:制定赶工计划;技术总监:协调资源。",
        "项目经理、技术总监",
        [
            ("分析延误原因和关键路径", "项目经理"),
            ("制定赶工或调整计划并报技术总监批准", "项目经理"),
            ("向客户说明并确认新的计划", "项目经理"),
        ],
    ),
    (
        "personnel",
        "关键人员离职应急预案",
        "项目经理或专业负责人等关键人员突然离职或长期无法工作。",
        "技术总监:指定接替人员;项目经理:组织交接。",
        "技术总监、人事",
        [
            ("指定临时接替人员", "技术总监"),
            ("完成工作和资料交接", "项目经理"),
            ("向客户通报团队调整", "项目经理"),
        ],
    ),
    (
        "financial",
        "客户回款严重逾期应急预案",
        "客户付款逾期超过30天或出现经营困难迹象。",
        "项目经理:催收沟通;法务:评估法律措施;财务:跟踪回款。",
        "项目经理、法务审核人、财务部",
        [
            ("发出书面催款函", "项目经理"),
            ("评估是否暂停后续服务", "技术总监"),
            ("必要时启动法律程序", "法务审核人"),
        ],
    ),
]


def seed(apps: Any) -> None:
    """Create what is missing; ``apps`` is a migration's app registry or the live one."""
    level_model = apps.get_model("risk", "RiskLevel")
    cell_model = apps.get_model("risk", "MatrixCell")
    category_model = apps.get_model("risk", "RiskCategory")
    checklist_model = apps.get_model("risk", "RiskChecklist")
    item_model = apps.get_model("risk", "RiskChecklistItem")
    plan_model = apps.get_model("risk", "EmergencyPlan")
    step_model = apps.get_model("risk", "EmergencyPlanStep")

    levels = {}
    for code, name, name_en, rank, colour in LEVELS:
        levels[code], _created = level_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "rank": rank, "colour": colour}
        )
    for (likelihood, impact), (level, priority, strategy) in MATRIX.items():
        cell_model.objects.get_or_create(
            likelihood=likelihood,
            impact=impact,
            defaults={
                "level": levels[level],
                "priority": priority,
                "suggested_strategy": strategy,
            },
        )
    categories = {}
    for code, name, name_en, order in CATEGORIES:
        categories[code], _created = category_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
    for service_type, name, name_en, questions in CHECKLISTS:
        checklist, created = checklist_model.objects.get_or_create(
            service_type=service_type, name=name, defaults={"name_en": name_en}
        )
        if created:
            for order, (category, question) in enumerate(questions, start=1):
                item_model.objects.create(
                    checklist=checklist,
                    category=categories[category],
                    question=question,
                    order=order,
                )
    for category, title, trigger, roles, contacts, steps in PLANS:
        plan, created = plan_model.objects.get_or_create(
            category=categories[category],
            title=title,
            defaults={"trigger": trigger, "roles": roles, "contacts": contacts},
        )
        if created:
            for order, (action, role) in enumerate(steps, start=1):
                step_model.objects.create(plan=plan, order=order, action=action, role=role)
