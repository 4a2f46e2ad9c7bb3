"""The risk register: identification (RSK-1), the matrix (RSK-2), strategies (RSK-3) and
monitoring with review dates on the SLA clock and history (RSK-4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, ForbiddenError
from core.models import Notification, SlaClock
from core.sla.sweep import sla_sweep
from risk.choices import Impact, Likelihood
from risk.models import MatrixCell, RiskCategory, RiskChecklist, RiskLevel
from risk.selectors import heat_map, risk_history
from risk.services import register as svc

pytestmark = pytest.mark.django_db


# --- RSK-1 ----------------------------------------------------------------------------------


def test_rsk1_a_risk_is_raised_on_an_engagement_with_its_method_cause_and_owner(
    raise_risk, engagement_a, project_manager, consultant
) -> None:  # RSK-1
    risk = raise_risk(
        project_manager,
        engagement_a,
        method="delphi",
        description="客户数据分散在多个系统",
        cause="客户IT部门人手不足",
        owner_id=consultant.pk,
    )
    assert risk.engagement == engagement_a
    assert (risk.method, risk.cause, risk.owner, risk.raised_by) == (
        "delphi",
        "客户IT部门人手不足",
        consultant,
        project_manager,
    )
    assert risk.code.startswith("RSK-")


def test_rsk1_firm_wide_risks_are_raised_by_the_oversight_roles_only(
    raise_risk, qa_manager, project_manager
) -> None:  # RSK-1
    risk = raise_risk(qa_manager, None, title="行业政策收紧")
    assert risk.engagement is None
    with pytest.raises(ForbiddenError):
        raise_risk(project_manager, None)


def test_rsk1_the_five_categories_exist_and_admins_can_add_more(category) -> None:  # RSK-1
    codes = set(RiskCategory.objects.values_list("code", flat=True))
    assert {"market", "technical", "management", "personnel", "financial"} <= codes
    RiskCategory.objects.create(code="compliance", name="合规风险", name_en="Compliance risk")
    assert RiskCategory.objects.count() == 6


def test_rsk1_checklist_identification_names_an_item_of_a_checklist_for_the_service_type(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-1
    general = RiskChecklist.objects.get(service_type="")
    other_type = RiskChecklist.objects.exclude(service_type__in=["", engagement_a.service_type])
    with pytest.raises(ApplicationError):
        raise_risk(project_manager, engagement_a, method="checklist")
    with pytest.raises(ApplicationError):
        raise_risk(
            project_manager,
            engagement_a,
            method="checklist",
            checklist_item_id=other_type[0].items.all()[0].pk,
        )
    item = general.items.all()[0]
    risk = raise_risk(project_manager, engagement_a, method="checklist", checklist_item_id=item.pk)
    assert risk.checklist_item == item


def test_rsk1_team_outsiders_cannot_raise_risks_on_an_engagement(
    raise_risk, engagement_a, consultant, outsider
) -> None:  # RSK-1
    for user in (consultant, outsider):
        with pytest.raises(ForbiddenError):
            raise_risk(user, engagement_a)


# --- RSK-2 ----------------------------------------------------------------------------------


def test_rsk2_the_matrix_has_twelve_cells_each_with_a_level_and_priority() -> None:  # RSK-2
    cells = MatrixCell.objects.all()
    assert cells.count() == len(Likelihood) * len(Impact) == 12
    assert all(c.level_id and c.priority >= 1 for c in cells)


def test_rsk2_a_risk_takes_level_and_priority_from_its_cell(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-2
    risk = raise_risk(project_manager, engagement_a, likelihood="high", impact="severe")
    assert (risk.level.code, risk.priority) == ("high", 1)
    risk = raise_risk(project_manager, engagement_a, likelihood="low", impact="minor")
    assert (risk.level.code, risk.priority) == ("low", 4)


def test_rsk2_admins_relevel_and_recolour_a_cell_and_open_risks_follow(
    raise_risk, engagement_a, project_manager, admin_user
) -> None:  # RSK-2
    risk = raise_risk(project_manager, engagement_a, likelihood="low", impact="minor")
    cell = MatrixCell.objects.get(likelihood="low", impact="minor")
    medium = RiskLevel.objects.get(code="medium")
    with pytest.raises(ForbiddenError):
        svc.matrix_cell_update(
            actor=project_manager,
            cell_id=cell.pk,
            level_id=medium.pk,
            priority=3,
            suggested_strategy="accept",
        )
    svc.matrix_cell_update(
        actor=admin_user,
        cell_id=cell.pk,
        level_id=medium.pk,
        priority=3,
        suggested_strategy="accept",
        colour="#123456",
    )
    risk.refresh_from_db()
    assert (risk.level, risk.priority, risk.cell.display_colour) == (medium, 3, "#123456")


def test_rsk2_heat_map_counts_open_risks_per_cell_for_an_engagement_and_the_firm(
    raise_risk, engagement_a, engagement_b, project_manager, qa_manager
) -> None:  # RSK-2
    raise_risk(project_manager, engagement_a, likelihood="high", impact="severe")
    raise_risk(project_manager, engagement_a, likelihood="high", impact="severe")
    raise_risk(qa_manager, engagement_b, likelihood="low", impact="minor")
    grid = heat_map(risks=None, engagement=engagement_a)
    counts = {(c.likelihood, c.impact): c.count for row in grid.rows for c in row.cells}
    assert counts[("high", "severe")] == 2 and counts[("low", "minor")] == 0
    firm = heat_map(risks=None)
    firm_counts = {(c.likelihood, c.impact): c.count for row in firm.rows for c in row.cells}
    assert firm_counts[("high", "severe")] == 2 and firm_counts[("low", "minor")] == 1
    assert [row.likelihood for row in grid.rows] == ["high", "medium", "low"]
    assert [c.impact for c in grid.rows[0].cells] == ["severe", "major", "general", "minor"]


# --- RSK-3 ----------------------------------------------------------------------------------

STRATEGY_TABLE = [
    ("high", "severe", "avoid"),  # SPEC: high likelihood, severe impact → avoid
    ("high", "major", "mitigate"),  # SPEC: high or medium likelihood, major impact → mitigate
    ("high", "general", "mitigate"),
    ("high", "minor", "mitigate"),
    ("medium", "severe", "mitigate"),
    ("medium", "major", "mitigate"),  # SPEC
    ("medium", "general", "mitigate"),
    ("medium", "minor", "accept"),
    ("low", "severe", "transfer"),
    ("low", "major", "transfer"),
    ("low", "general", "accept"),
    ("low", "minor", "accept"),  # SPEC: low likelihood, minor impact → accept
]


@pytest.mark.parametrize(("likelihood", "impact", "strategy"), STRATEGY_TABLE)
def test_rsk3_the_matrix_suggests_the_strategy_of_every_cell(
    raise_risk, engagement_a, project_manager, likelihood, impact, strategy
) -> None:  # RSK-3
    risk = raise_risk(project_manager, engagement_a, likelihood=likelihood, impact=impact)
    assert risk.suggested_strategy == strategy


def test_rsk3_the_table_covers_all_twelve_cells() -> None:  # RSK-3
    assert {(li, im) for li, im, _s in STRATEGY_TABLE} == {
        (li.value, im.value) for li in Likelihood for im in Impact
    }


@pytest.mark.parametrize(("likelihood", "impact", "_strategy"), STRATEGY_TABLE)
def test_rsk3_transfer_is_always_selectable(
    raise_risk, engagement_a, project_manager, likelihood, impact, _strategy
) -> None:  # RSK-3
    risk = raise_risk(project_manager, engagement_a, likelihood=likelihood, impact=impact)
    risk = svc.risk_choose_strategy(
        actor=project_manager, risk_id=risk.pk, strategy="transfer", transfer_mode="insurance"
    )
    assert (risk.strategy, risk.transfer_mode) == ("transfer", "insurance")


def test_rsk3_transfer_names_how_and_other_deviations_need_a_reason(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-3
    risk = raise_risk(project_manager, engagement_a, likelihood="high", impact="severe")
    with pytest.raises(ApplicationError):
        svc.risk_choose_strategy(actor=project_manager, risk_id=risk.pk, strategy="transfer")
    with pytest.raises(ApplicationError):
        svc.risk_choose_strategy(actor=project_manager, risk_id=risk.pk, strategy="accept")
    risk = svc.risk_choose_strategy(
        actor=project_manager, risk_id=risk.pk, strategy="accept", note="客户已书面豁免"
    )
    assert risk.strategy == "accept"
    risk = svc.risk_choose_strategy(actor=project_manager, risk_id=risk.pk, strategy="avoid")
    assert risk.strategy == "avoid"


def test_rsk3_response_actions_have_owners_and_due_dates_and_residual_risk_is_recorded(
    raise_risk, engagement_a, project_manager, consultant
) -> None:  # RSK-3
    risk = raise_risk(project_manager, engagement_a, likelihood="high", impact="major")
    action = svc.response_action_add(
        actor=project_manager,
        risk_id=risk.pk,
        description="每周与客户IT确认数据提供进度",
        owner_id=consultant.pk,
        due_date=timezone.localdate() + timedelta(days=7),
    )
    assert (action.owner, action.risk) == (consultant, risk)
    with pytest.raises(ForbiddenError):
        svc.response_action_add(
            actor=consultant,
            risk_id=risk.pk,
            description="x",
            owner_id=consultant.pk,
            due_date=timezone.localdate(),
        )
    done = svc.response_action_done(actor=consultant, action_id=action.pk)
    assert done.done_at is not None
    risk = svc.risk_set_residual(
        actor=project_manager, risk_id=risk.pk, residual_likelihood="low", residual_impact="major"
    )
    assert risk.residual_level is not None
    assert (risk.residual_likelihood, risk.residual_level.code) == ("low", "medium")


# --- RSK-4 ----------------------------------------------------------------------------------


def test_rsk4_each_open_risk_has_a_review_date_on_the_sla_clock(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-4
    risk = raise_risk(project_manager, engagement_a)
    assert risk.review_date is not None
    clock = SlaClock.objects.get(object_id=risk.pk, policy__code="risk_review")
    assert clock.owner == risk.owner and clock.state == "running"
    assert timezone.localtime(clock.due_at).date() == risk.review_date + timedelta(days=1)


def test_rsk4_an_overdue_review_alerts_the_owner_once(
    raise_risk, engagement_a, project_manager, consultant
) -> None:  # RSK-4
    tomorrow = timezone.localdate() + timedelta(days=1)
    risk = raise_risk(project_manager, engagement_a, owner_id=consultant.pk, review_date=tomorrow)
    later = timezone.now() + timedelta(days=3)
    sla_sweep(now=later)
    sla_sweep(now=later + timedelta(hours=1))
    alerts = Notification.objects.filter(recipient=consultant, kind="sla_breach")
    assert alerts.count() == 1
    assert alerts.get().link == risk.get_absolute_url()


def test_rsk4_a_review_meets_the_clock_and_starts_the_next_one(
    raise_risk, engagement_a, project_manager, consultant
) -> None:  # RSK-4
    risk = raise_risk(project_manager, engagement_a, owner_id=consultant.pk)
    next_date = timezone.localdate() + timedelta(days=14)
    svc.risk_review(
        actor=consultant,
        risk_id=risk.pk,
        likelihood="low",
        impact="major",
        note="数据已到位大半",
        next_review_date=next_date,
    )
    clocks = SlaClock.objects.filter(object_id=risk.pk, policy__code="risk_review")
    assert sorted(clocks.values_list("state", flat=True)) == ["met", "running"]
    risk.refresh_from_db()
    assert risk.review_date == next_date and risk.level.code == "medium"


def test_rsk4_closing_a_risk_cancels_its_review_clock(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-4
    risk = raise_risk(project_manager, engagement_a)
    svc.risk_close(actor=project_manager, risk_id=risk.pk, reason="风险已消除")
    assert not SlaClock.objects.filter(object_id=risk.pk, state="running").exists()


def test_rsk4_history_shows_how_the_level_moved(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-4
    risk = raise_risk(project_manager, engagement_a, likelihood="high", impact="severe")
    svc.risk_assess(
        actor=project_manager,
        risk_id=risk.pk,
        likelihood="medium",
        impact="major",
        reason="已采取措施",
    )
    svc.risk_assess(actor=project_manager, risk_id=risk.pk, likelihood="low", impact="minor")
    moves = risk_history(risk=risk)
    assert [m.level.code for m in moves if m.level_changed] == ["high", "medium", "low"]
    assert moves[-1].reason == "Reassessed" or moves[-1].reason
    assert moves[1].reason == "已采取措施"


def test_rsk4_new_risks_can_be_raised_at_any_stage(
    raise_risk, engagement_a, project_manager
) -> None:  # RSK-4
    for stage in ("lead", "execution", "follow_up"):
        engagement_a.stage = stage
        engagement_a.save()
        assert raise_risk(project_manager, engagement_a).pk
