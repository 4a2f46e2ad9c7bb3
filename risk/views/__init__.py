"""Risk pages: the index, registers and risk pages (register.py), incidents and emergency
plans (incidents.py)."""

from risk.views.incidents import (
    incident_action_view,
    incident_detail_view,
    incident_list_view,
    incident_report_view,
    plan_detail_view,
    plan_edit_view,
    plan_list_view,
)
from risk.views.register import (
    engagement_register_view,
    firm_register_view,
    index,
    matrix_css_view,
    risk_action_view,
    risk_detail_view,
    risk_edit_view,
    risk_raise_view,
    suggest_view,
)

__all__ = [
    "engagement_register_view",
    "firm_register_view",
    "incident_action_view",
    "incident_detail_view",
    "incident_list_view",
    "incident_report_view",
    "index",
    "matrix_css_view",
    "plan_detail_view",
    "plan_edit_view",
    "plan_list_view",
    "risk_action_view",
    "risk_detail_view",
    "risk_edit_view",
    "risk_raise_view",
    "suggest_view",
]
