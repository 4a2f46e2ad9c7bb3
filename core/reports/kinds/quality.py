"""Quality reports: the period quality report (QC-14), the annual results (QC-10), one audit
with its written opinion (QC-6…QC-9) and a deliverable version's quality control flow sheet
(QC-2, SEC-11)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from itertools import batched
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.reports.choices import ReportKind
from core.reports.kinds import (
    PartSpec,
    ReportSpec,
    Subject,
    is_staff,
    iso_date,
    not_found,
    object_id,
    register,
)
from staff.choices import Role
from staff.models import User

if TYPE_CHECKING:
    from core.reports.models import ReportSettings

REPORT_OFFICE = (Role.ADMIN, Role.QA_MANAGER)


def _aware(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def quarter_label(start: date, end: date) -> str:
    last = date.fromordinal(end.toordinal() - 1)
    if start.day == 1 and start.month in (1, 4, 7, 10) and (end.month - start.month) % 12 == 3:
        return _("%(year)s Q%(quarter)s (%(start)s – %(end)s)") % {
            "year": start.year,
            "quarter": (start.month - 1) // 3 + 1,
            "start": start.isoformat(),
            "end": last.isoformat(),
        }
    return f"{start.isoformat()} – {last.isoformat()}"


# Audits per rendered part of the quarterly report's appendix (about 20 A4 pages each).
AUDITS_PER_PART = 50


class QuarterlyReport(ReportSpec):
    """QC-14: KPIs against targets, audit results, review statistics, complaints and SLA
    performance, CSAT, corrective actions, top risks, and every concluded audit with its
    criteria. Each section has a ``chart`` slot for one inline SVG chart."""

    kind = ReportKind.QUARTERLY
    template = "reports/pdf/quarterly.html"
    needs_period = True

    def may_request(self, user: User) -> bool:
        return is_staff(user) and user.has_role(*REPORT_OFFICE)

    def title(self) -> str:
        return _("Quarterly quality report")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        if not self.may_request(user):
            raise not_found()
        start, end = iso_date(params, "start"), iso_date(params, "end")
        if end <= start:
            raise ApplicationError(
                _("The end must be after the start."), extra={"end": [params.get("end")]}
            )
        if (end - start).days > 366:
            raise ApplicationError(
                _("A report covers at most one year."), extra={"end": [params.get("end")]}
            )
        normalised = {"start": start.isoformat(), "end": end.isoformat()}
        return Subject(label=quarter_label(start, end), params=normalised)

    def period(self, params: dict[str, Any]) -> str:
        return quarter_label(iso_date(params, "start"), iso_date(params, "end"))

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        start, end = iso_date(params, "start"), iso_date(params, "end")
        return quarterly_data(
            start=start,
            end=end,
            requester=requester,
            lowest_count=settings_row.lowest_count,
            top_risks_count=settings_row.top_risks_count,
        )

    def parts(self, context: dict[str, Any]) -> list[PartSpec]:
        """The appendix of concluded audits is most of a long report: after the first
        ``AUDITS_PER_PART`` (printed in the first part under section 8's heading) it is
        continued in parts of as many audits each, their bookmarks under that heading (P6:
        rendering memory stays that of one part whatever the number of audits)."""
        audits = context["audits"]
        first = PartSpec(self.template, {**context, "audits": audits[:AUDITS_PER_PART]})
        return [first] + [
            PartSpec(
                "reports/pdf/quarterly_continued.html",
                {**context, "audits": list(chunk), "part": number},
                outline_depth=2,
            )
            for number, chunk in enumerate(batched(audits[AUDITS_PER_PART:], AUDITS_PER_PART), 2)
        ]


def quarterly_data(
    *, start: date, end: date, requester: User, lowest_count: int = 10, top_risks_count: int = 10
) -> dict[str, Any]:
    """Everything the period report shows, in nine queries whatever the data (P6). The QC-14
    core (KPIs, grades, lowest scores, actions) is the quality app's own ``quality_report``,
    which answers this report's other figures (reviews, findings and complaints by severity,
    CSAT overall and per dimension) in the same SELECT as its KPIs; then the deadlines per
    policy, the top risks, and the audit appendix in three queries."""
    from clients.choices import ComplaintSeverity, SurveyDimension
    from clients.models import Complaint
    from clients.selectors import csat_from, csat_part
    from core.figures import Whole
    from core.models import SlaClock
    from quality.choices import FindingSeverity, ReviewStatus
    from quality.models import (
        Audit,
        AuditedEngagement,
        CriterionScore,
        Finding,
        LevelReview,
        VersionReview,
    )
    from quality.models.audits import AuditStatus
    from quality.selectors.improvement import quality_report
    from risk.selectors import top_risks

    since, until = _aware(start), _aware(end)
    returned = Exists(LevelReview.objects.filter(review=OuterRef("pk"), rounds__gt=0))
    passed = Q(status=ReviewStatus.PASSED)
    extra = {
        "reviews": VersionReview.objects.filter(
            concluded_at__gte=since, concluded_at__lt=until
        ).values(
            concluded=Whole(Count("id")),
            passed=Whole(Count("id", filter=passed)),
            first_time=Whole(Count("id", filter=passed & ~Q(returned))),
        ),
        "findings": Finding.objects.filter(raised_at__gte=since, raised_at__lt=until).values(
            **{f"n_{v}": Whole(Count("id", filter=Q(severity=v))) for v in FindingSeverity.values},
            **{
                f"open_{v}": Whole(Count("id", filter=Q(severity=v) & ~Q(status="closed")))
                for v in FindingSeverity.values
            },
        ),
        "complaints": Complaint.objects.filter(
            received_at__gte=since, received_at__lt=until
        ).values(
            **{
                f"{column}_{v}": Whole(Count("id", filter=Q(severity=v) & condition))
                for v in ComplaintSeverity.values
                for column, condition in (
                    ("n", Q()),
                    ("closed", Q(closed_at__isnull=False)),
                    ("reopened", Q(reopen_count__gt=0)),
                )
            }
        ),
        "csat": csat_part(since, until),
        **{f"csat_{v}": csat_part(since, until, dimension=v) for v in SurveyDimension.values},
    }
    core = quality_report(start=start, end=end, lowest_count=lowest_count, extra=extra)
    row = core.extra

    reviews = {key: row[f"reviews__{key}"] for key in ("concluded", "passed", "first_time")}
    reviews["first_time_rate"] = _percent(reviews["first_time"], reviews["concluded"])
    findings = [
        {
            "severity": label,
            "n": row[f"findings__n_{value}"],
            "open": row[f"findings__open_{value}"],
        }
        for value, label in FindingSeverity.choices
    ]
    severity_labels = dict(Complaint._meta.get_field("severity").flatchoices)
    # Only the severities that occur, in the order of their values, like a GROUP BY would.
    complaints: list[dict[str, Any]] = [
        {
            "severity": value,
            "n": row[f"complaints__n_{value}"],
            "closed": row[f"complaints__closed_{value}"],
            "reopened": row[f"complaints__reopened_{value}"],
            "label": severity_labels.get(value, value),
        }
        for value in sorted(ComplaintSeverity.values)
        if row[f"complaints__n_{value}"]
    ]
    csat_dimensions = [
        {"key": value, "label": label, "dimension": value, **csat}
        for value, label in sorted(SurveyDimension.choices)
        if (csat := csat_from(row, f"csat_{value}__"))["answers"]
    ]

    sla: list[dict[str, Any]] = [
        dict(row)
        for row in SlaClock.objects.filter(started_at__gte=since, started_at__lt=until)
        .values("policy__code", "policy__name", "policy__name_en")
        .annotate(
            total=Count("id"),
            met=Count("id", filter=Q(met_at__isnull=False)),
            on_time=Count("id", filter=Q(met_at__isnull=False, breached_at__isnull=True)),
            breached=Count("id", filter=Q(breached_at__isnull=False)),
        )
        .order_by("policy__code")
    ]
    english = not (translation_language().startswith("zh"))
    for sla_row in sla:
        sla_row["name"] = (sla_row["policy__name_en"] if english else "") or sla_row["policy__name"]
        sla_row["rate"] = _percent(sla_row["on_time"], sla_row["on_time"] + sla_row["breached"])

    scores = CriterionScore.objects.select_related("criterion").order_by("criterion__position")
    entries = AuditedEngagement.objects.select_related("engagement").prefetch_related(
        Prefetch("scores", queryset=scores)
    )
    audits = list(
        Audit.objects.filter(
            status=AuditStatus.CONCLUDED, concluded_at__gte=since, concluded_at__lt=until
        )
        .select_related("lead_auditor")
        .prefetch_related(Prefetch("entries", queryset=entries.order_by("score", "id")))
        .order_by("concluded_at", "id")
    )
    data = {
        "report": core,
        "reviews": reviews,
        "findings": findings,
        "complaints": complaints,
        "complaints_total": sum(r["n"] for r in complaints),
        "sla": sla,
        "csat": csat_from(row, "csat__"),
        "csat_dimensions": csat_dimensions,
        "top_risks": top_risks(user=requester, limit=top_risks_count),
        "audits": audits,
    }
    data["charts"] = quarterly_charts(data)
    return data


def quarterly_charts(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The report's charts, drawn from the figures already gathered (no further queries) by
    the same SVG functions as the dashboards, so a chart reads the same in both (X-4)."""
    from core import charts

    def chart(title: str, **kwargs: Any) -> dict[str, str]:
        return {"title": title, "svg": charts.bar_chart(title=title, **kwargs)}

    report = data["report"]
    grades = report.grade_distribution
    out = {
        "audits": chart(
            _("Audited engagements by grade"),
            desc=_("Excellent, qualified and unqualified engagements in the period."),
            labels=[_("Excellent"), _("Qualified"), _("Unqualified")],
            series=[
                charts.Series(
                    _("Engagements"),
                    [grades.get(k) or 0 for k in ("excellent", "qualified", "unqualified")],
                )
            ],
            bar_colours=[charts.OK, charts.WARN, charts.BAD],
            height=200,
        ),
        "actions": chart(
            _("Corrective actions"),
            desc=_("Actions opened and closed in the period, open now and overdue."),
            labels=[_("Opened"), _("Closed"), _("Open now"), _("Overdue")],
            series=[
                charts.Series(
                    _("Actions"),
                    [
                        report.actions_opened,
                        report.actions_closed,
                        report.actions_open_now,
                        report.actions_overdue,
                    ],
                )
            ],
            bar_colours=[charts.BRAND, charts.OK, charts.WARN, charts.BAD],
            height=200,
        ),
    }
    if any(row["n"] for row in data["findings"]):
        out["reviews"] = chart(
            _("Findings by severity"),
            desc=_("Findings raised in the period and those still open."),
            labels=[str(row["severity"]) for row in data["findings"]],
            series=[
                charts.Series(_("Raised"), [row["n"] for row in data["findings"]]),
                charts.Series(
                    _("Still open"), [row["open"] for row in data["findings"]], charts.BAD
                ),
            ],
            height=200,
        )
    if any(row["rate"] is not None for row in data["sla"]):
        out["complaints"] = chart(
            _("Deadlines met on time"),
            desc=_("Share of each kind of deadline met on time in the period."),
            labels=[str(row["name"]) for row in data["sla"]],
            series=[
                charts.Series(
                    _("On time"),
                    [
                        float(row["rate"]) if row["rate"] is not None else None
                        for row in data["sla"]
                    ],
                    charts.OK,
                )
            ],
            unit="%",
            height=220,
        )
    dimensions = [row for row in data["csat_dimensions"] if row.get("csat") is not None]
    if dimensions:
        out["csat"] = chart(
            _("CSAT by dimension"),
            desc=_("Share of satisfied answers per survey dimension."),
            labels=[str(row["label"]) for row in dimensions],
            series=[charts.Series("CSAT", [float(row["csat"]) for row in dimensions])],
            unit="%",
            height=200,
        )
    return out


def translation_language() -> str:
    from django.utils.translation import get_language

    return get_language() or ""


class AnnualReport(ReportSpec):
    """QC-10: the year's published ranking, the award, re-inspections and members recorded."""

    kind = ReportKind.ANNUAL
    template = "reports/pdf/annual.html"
    needs_year = True

    def may_request(self, user: User) -> bool:
        return is_staff(user) and user.has_role(*REPORT_OFFICE)

    def title(self) -> str:
        return _("Annual audit results")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        if not self.may_request(user):
            raise not_found()
        try:
            year = int(params.get("year"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApplicationError(
                _("Give a year."), extra={"year": [_("A number is required.")]}
            ) from None
        if not 2000 <= year <= 2100:
            raise ApplicationError(_("Give a year."), extra={"year": [str(year)]})
        return Subject(label=str(year), params={"year": year})

    def period(self, params: dict[str, Any]) -> str:
        return str(params["year"])

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        from quality.models.audits import audit_settings
        from quality.selectors.audits import annual_results

        year = int(params["year"])
        results = list(annual_results(year=year))
        return {
            "year": year,
            "results": results,
            "awarded": [r for r in results if r.award],
            "reinspect": [r for r in results if r.reinspect],
            "settings": audit_settings(),
        }


class AuditReport(ReportSpec):
    """QC-6…QC-9: one audit — kind, engagements with their checklist scores and grades, the
    conclusion (the lowest score, QC-8), the written opinion and the team's reply."""

    kind = ReportKind.AUDIT
    template = "reports/pdf/audit.html"
    needs_object = True

    def title(self) -> str:
        return _("Audit report")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        from quality.selectors.audits import audits_visible_to

        if not is_staff(user):
            raise not_found()
        audit = audits_visible_to(user).filter(pk=object_id(params)).first()
        if audit is None:
            raise not_found()
        return Subject(label=f"{audit.code} {audit.title}", params={"object_id": audit.pk})

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        from quality.models import Audit, AuditedEngagement, CriterionScore
        from quality.models.audits import audit_settings

        audit = Audit.objects.select_related("template", "lead_auditor", "created_by").get(
            pk=params["object_id"]
        )
        criteria = list(audit.template.criteria.order_by("position", "id"))
        entries = list(
            AuditedEngagement.objects.filter(audit=audit)
            .select_related("engagement", "engagement__client", "engagement__project_manager")
            .select_related("replied_by")
            .order_by("id")
        )
        scores: dict[tuple[int, int], CriterionScore] = {
            (s.entry_id, s.criterion_id): s
            for s in CriterionScore.objects.filter(entry__audit=audit)
        }
        for entry in entries:
            entry.sheet = [  # type: ignore[attr-defined]
                {"criterion": c, "score": scores.get((entry.pk, c.pk))} for c in criteria
            ]
        scored = [e for e in entries if e.score is not None]
        lowest = min(scored, key=lambda e: e.score or 0) if scored else None
        return {"audit": audit, "entries": entries, "lowest": lowest, "settings": audit_settings()}


class FlowSheetReport(ReportSpec):
    """QC-2 / SEC-11: 质量控制流程单 of one deliverable version — each level with its findings,
    the author's answers and the re-checks, and the signature manifest (printed name, UTC
    time, meaning, hashes)."""

    kind = ReportKind.FLOW_SHEET
    template = "reports/pdf/flow_sheet.html"
    needs_object = True

    def title(self) -> str:
        return _("Quality control flow sheet")

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        from quality.models import VersionReview
        from quality.permissions.reviews import versions_visible_to

        if not is_staff(user):
            raise not_found()
        version = (
            versions_visible_to(user)
            .filter(pk=object_id(params))
            .select_related("document", "document__engagement")
            .first()
        )
        if version is None or not VersionReview.objects.filter(version=version).exists():
            raise not_found()
        return Subject(
            label=f"{version.document.code} v{version.number} {version.document.title}",
            params={"object_id": version.pk},
            engagement_id=version.document.engagement_id,
        )

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        from documents.models import DocumentVersion
        from quality.selectors.reviews import signatures_of, version_sheet

        version = DocumentVersion.objects.select_related(
            "document", "document__engagement", "document__engagement__client", "author"
        ).get(pk=params["object_id"])
        sheet = version_sheet(version)
        signatures = signatures_of(version)
        signers = {u.pk: u for u in User.objects.filter(pk__in=[s.signer_id for s in signatures])}
        for signature in signatures:
            signature.signer_user = signers.get(signature.signer_id)  # type: ignore[attr-defined]
        return {"version": version, "sheet": sheet, "signatures": signatures}


register(QuarterlyReport())
register(AnnualReport())
register(AuditReport())
register(FlowSheetReport())
