"""Defaults the staff migrations seed and ``StaffConfig.seed_defaults`` re-seeds: the
settings row, the process steps of the standard with the firm's default responsibility
matrix by team role (STF-4), and the common qualifications (STF-1). Idempotent."""

from __future__ import annotations

from typing import Any

# (code, 中文, English)
PROCESS_STEPS: list[tuple[str, str, str]] = [
    ("intake", "项目承接", "Intake and contract"),
    ("planning", "项目策划", "Planning"),
    ("research", "调研", "Research"),
    ("analysis", "分析诊断", "Analysis"),
    ("solution_design", "方案设计", "Solution design"),
    ("solution_review", "方案评审", "Solution review"),
    ("execution", "实施指导", "Execution"),
    ("delivery", "成果交付", "Delivery"),
    ("acceptance", "验收", "Acceptance"),
    ("follow_up", "回访", "Follow-up"),
]

PM, LEAD, CONSULTANT, ANALYST, ASSISTANT = (
    "project_manager",
    "discipline_lead",
    "consultant",
    "analyst",
    "assistant",
)

# step → {team role: letter}; exactly one "A" per step.
DEFAULT_MATRIX: dict[str, dict[str, str]] = {
    "intake": {PM: "A", LEAD: "C", CONSULTANT: "I"},
    "planning": {PM: "A", LEAD: "R", CONSULTANT: "C"},
    "research": {LEAD: "A", CONSULTANT: "R", ANALYST: "R", PM: "I"},
    "analysis": {LEAD: "A", CONSULTANT: "R", ANALYST: "R", PM: "C"},
    "solution_design": {PM: "A", LEAD: "R", CONSULTANT: "R"},
    "solution_review": {LEAD: "A", PM: "R", CONSULTANT: "C"},
    "execution": {PM: "A", CONSULTANT: "R", LEAD: "C"},
    "delivery": {PM: "A", CONSULTANT: "R", LEAD: "C"},
    "acceptance": {PM: "A", LEAD: "C", CONSULTANT: "I"},
    "follow_up": {PM: "A", CONSULTANT: "R", ASSISTANT: "R"},
}

QUALIFICATIONS: list[tuple[str, str, str]] = [
    ("cpec", "注册咨询工程师（投资）", "Registered consulting engineer (investment)"),
    ("cpa", "注册会计师", "Certified public accountant"),
    ("pmp", "项目管理专业人士（PMP）", "Project Management Professional"),
    ("cisp", "注册信息安全专业人员", "Certified information security professional"),
    ("cost_engineer", "一级造价工程师", "Class 1 cost engineer"),
]


def seed(apps: Any) -> None:
    """Create what is missing; never overwrite what an admin has edited."""
    settings_model = apps.get_model("staff", "StaffSettings")
    step_model = apps.get_model("staff", "ProcessStep")
    default_model = apps.get_model("staff", "DefaultRaci")
    qualification_model = apps.get_model("staff", "QualificationType")
    settings_model.objects.get_or_create(pk=1)
    for order, (code, name, name_en) in enumerate(PROCESS_STEPS, start=1):
        step, created = step_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        if created or not default_model.objects.filter(step=step).exists():
            for role, letter in DEFAULT_MATRIX[code].items():
                default_model.objects.get_or_create(
                    step=step, team_role=role, defaults={"letter": letter}
                )
    for code, name, name_en in QUALIFICATIONS:
        qualification_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
