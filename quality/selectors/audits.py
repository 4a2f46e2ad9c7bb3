"""Reads for audits: scoped lists and details, the scoring sheet, annual ranking (QC-10)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Window
from django.db.models.functions import DenseRank
from django.shortcuts import get_object_or_404

from engagements.models import Engagement
from quality.models import Audit, AuditedEngagement, CriterionScore, SpotCheckSample
from quality.models.audits import AuditStatus
from staff.choices import Role
from staff.models import User

FIRM_WIDE = (Role.ADMIN, Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR)


def _my_engagements(user: User) -> QuerySet[Engagement]:
    from engagements.permissions import visible_to

    return visible_to(user)


def audits_visible_to(user: User) -> QuerySet[Audit]:
    """The QA office sees every audit; project managers and leads the audits of engagements
    they can see; client users none."""
    qs = Audit.objects.all()
    if not user.is_authenticated or not user.is_active or user.is_client_user or not user.roles:
        return qs.none()
    if user.has_role(*FIRM_WIDE):
        return qs
    mine = AuditedEngagement.objects.filter(engagement__in=_my_engagements(user)).values("audit_id")
    return qs.filter(pk__in=mine)


def access_audit(user: User, pk: int) -> Audit:
    return get_object_or_404(
        audits_visible_to(user).select_related("template", "lead_auditor", "created_by"), pk=pk
    )


def access_entry(user: User, pk: int) -> AuditedEngagement:
    return get_object_or_404(
        AuditedEngagement.objects.filter(audit__in=audits_visible_to(user)).select_related(
            "audit", "audit__template", "engagement", "engagement__project_manager"
        ),
        pk=pk,
    )


def audit_list(*, user: User, kind: str = "", status: str = "", year: int | None = None):
    qs = (
        audits_visible_to(user)
        .select_related("lead_auditor")
        .annotate(
            engagement_count=Count("entries", distinct=True),
            scored_count=Count("entries", filter=Q(entries__score__isnull=False), distinct=True),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(planned_date__year=year)
    return qs.order_by("-planned_date", "-id")


def audit_entries(audit: Audit) -> list[AuditedEngagement]:
    return list(
        audit.entries.select_related(
            "engagement", "engagement__client", "engagement__project_manager", "replied_by"
        ).order_by("id")
    )


@dataclass
class SheetRow:
    criterion_id: int
    text: str
    weight: Decimal
    points: Decimal | None
    note: str


def scoring_sheet(entry: AuditedEngagement) -> list[SheetRow]:
    scores = {s.criterion_id: s for s in CriterionScore.objects.filter(entry=entry)}
    rows = []
    for criterion in entry.audit.template.criteria.all():
        score = scores.get(criterion.pk)
        rows.append(
            SheetRow(
                criterion_id=criterion.pk,
                text=criterion.text,
                weight=criterion.weight,
                points=score.points if score else None,
                note=score.note if score else "",
            )
        )
    return rows


@dataclass
class RankingRow:
    engagement_id: int
    score: Decimal
    rank: int


def annual_ranking(*, year: int) -> list[RankingRow]:
    """QC-10: each engagement team's lowest score in the year's concluded audits (QC-8), ranked
    best first in SQL; equal scores share a rank."""
    rows = (
        AuditedEngagement.objects.filter(
            audit__status=AuditStatus.CONCLUDED,
            audit__planned_date__year=year,
            score__isnull=False,
        )
        .values("engagement_id")
        .annotate(low=Min("score"))
        .annotate(position=Window(DenseRank(), order_by=[Min("score").desc()]))
        .order_by("position", "engagement_id")
    )
    return [RankingRow(r["engagement_id"], r["low"], r["position"]) for r in rows]


def annual_results(*, year: int):
    from quality.models import AnnualResult

    return (
        AnnualResult.objects.filter(year=year)
        .select_related("engagement", "engagement__client", "engagement__project_manager")
        .order_by("rank", "id")
    )


def samples_for(audit: Audit) -> list[SpotCheckSample]:
    """The audit's samples; each gets ``labels``: engagement codes for sampled engagements
    (one query for all), the record ids otherwise."""
    samples = list(audit.samples.select_related("drawn_by").order_by("-created_at"))
    wanted = {i for s in samples if s.population == "engagements" for i in s.sampled_ids}
    codes = dict(Engagement.objects.filter(pk__in=wanted).values_list("pk", "code"))
    for sample in samples:
        sample.labels = [codes.get(i, f"#{i}") for i in sample.sampled_ids]  # type: ignore[attr-defined]
    return samples
