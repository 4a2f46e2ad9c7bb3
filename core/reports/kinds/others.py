"""The acceptance report (ENG-11), the risk register report (RSK-1…RSK-4) and a person's
appraisal (STF-3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from core.reports.choices import ReportKind
from core.reports.kinds import ReportSpec, Subject, is_staff, not_found, object_id, register
from documents.choices import Confidentiality
from staff.models import User

if TYPE_CHECKING:
    from core.reports.models import ReportSettings


class AcceptanceReport(ReportSpec):
    """ENG-11: the delivery list and every acceptance round — content, criteria, the client's
    verdict with reasons, who gave it and when, the hash of the judged content."""

    kind = ReportKind.ACCEPTANCE
    template = "reports/pdf/acceptance.html"
    needs_object = True

    def title(self) -> str:
        return _("Acceptance report")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        from engagements.permissions import visible_to

        if not is_staff(user):
            raise not_found()
        engagement = visible_to(user).filter(pk=object_id(params)).first()
        if engagement is None:
            raise not_found()
        return Subject(
            label=f"{engagement.code} {engagement.title}",
            params={"object_id": engagement.pk},
            engagement_id=engagement.pk,
        )

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        from engagements.models import Engagement
        from engagements.selectors.closing import acceptance_rounds, delivery_items

        engagement = Engagement.objects.select_related("client", "project_manager").get(
            pk=params["object_id"]
        )
        rounds = list(acceptance_rounds(engagement=engagement).order_by("round", "id"))
        return {
            "engagement": engagement,
            "items": list(delivery_items(engagement=engagement).order_by("planned_at", "id")),
            "rounds": rounds,
            "passed": next((r for r in rounds if r.status == "passed"), None),
        }


class RiskRegisterReport(ReportSpec):
    """RSK-1…RSK-4: the open risks the requester may see (firm-wide, or one engagement's),
    with category, likelihood, impact, level, priority, strategy, owner and review date."""

    kind = ReportKind.RISK_REGISTER
    template = "reports/pdf/risk_register.html"

    def may_request(self, user: User) -> bool:
        from risk.permissions import has_risk_role

        return is_staff(user) and has_risk_role(user)

    def title(self) -> str:
        return _("Risk register report")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        if not self.may_request(user):
            raise not_found()
        if params.get("object_id") in (None, ""):
            return Subject(label=str(_("Whole register")), params={})
        from engagements.permissions import visible_to

        engagement = visible_to(user).filter(pk=object_id(params)).first()
        if engagement is None:
            raise not_found()
        return Subject(
            label=f"{engagement.code} {engagement.title}",
            params={"object_id": engagement.pk},
            engagement_id=engagement.pk,
        )

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        from engagements.models import Engagement
        from risk.selectors import risk_list

        engagement = None
        if params.get("object_id"):
            engagement = Engagement.objects.get(pk=params["object_id"])
        risks = list(risk_list(user=requester, engagement=engagement))
        return {"engagement": engagement, "risks": risks}


class AppraisalReport(ReportSpec):
    """STF-3: one appraisal — figures (stored when finalised), goals, the manager's assessment
    and the interviews. The person, their line manager and the record keepers only."""

    kind = ReportKind.APPRAISAL
    template = "reports/pdf/appraisal.html"
    confidentiality = Confidentiality.SECRET
    needs_object = True

    def title(self) -> str:
        return _("Appraisal report")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        from staff.permissions import appraisals_visible_to

        if not is_staff(user):
            raise not_found()
        appraisal = (
            appraisals_visible_to(user).filter(pk=object_id(params)).select_related("user").first()
        )
        if appraisal is None:
            raise not_found()
        return Subject(
            label=f"{appraisal.user} {appraisal.period_start} – {appraisal.period_end}",
            params={"object_id": appraisal.pk},
        )

    def period(self, params: dict[str, Any]) -> str:
        from staff.models import Appraisal

        appraisal = Appraisal.objects.get(pk=params["object_id"])
        return f"{appraisal.period_start.isoformat()} – {appraisal.period_end.isoformat()}"

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        from staff.appraisal import compute_figures, label_for
        from staff.models import Appraisal
        from staff.selectors import appraisal_detail

        appraisal = Appraisal.objects.select_related("user", "appraiser", "finalised_by").get(
            pk=params["object_id"]
        )
        stored = (
            appraisal.figures
            if appraisal.is_final
            else compute_figures(appraisal.user, appraisal.period_start, appraisal.period_end)
        )
        figures = [
            {"key": key, **value, "label": label_for(key, value.get("label", key))}
            for key, value in stored.items()
        ]
        return {"appraisal": appraisal, "figures": figures, **appraisal_detail(appraisal)}


register(AcceptanceReport())
register(RiskRegisterReport())
register(AppraisalReport())
