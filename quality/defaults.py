"""Defaults the quality migrations seed; ``QualityConfig.seed_defaults`` re-runs them."""

from __future__ import annotations

from typing import Any

# (position, code, Chinese name, English name, meaning, required role, major only, prevails)
REVIEW_LEVELS = [
    (1, "check", "校核", "Check", "checked", "discipline_lead", False, False),
    (2, "review", "审核", "Review", "reviewed", "project_manager", False, False),
    (3, "approval", "审定", "Approval", "approved", "technical_director", False, False),
    (4, "expert_panel", "专家评审", "Expert panel", "panel_endorsed", "qa_manager", True, True),
]


def seed_review_levels(apps: Any = None, schema_editor: Any = None) -> None:
    """Create the standard levels that are missing; never overwrite an admin's edits."""
    if apps is None:
        from django.apps import apps as registry

        model: Any = registry.get_model("quality", "ReviewLevel")
    else:
        model = apps.get_model("quality", "ReviewLevel")
    for position, code, name_zh, name_en, meaning, role, major_only, prevails in REVIEW_LEVELS:
        if model.objects.filter(code=code).exists():
            continue
        if model.objects.filter(position=position).exists():
            position = model.objects.order_by("-position").first().position + 1
        model.objects.create(
            position=position,
            code=code,
            name_zh=name_zh,
            name_en=name_en,
            meaning=meaning,
            required_role=role,
            major_only=major_only,
            prevails=prevails,
        )
