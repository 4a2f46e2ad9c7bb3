"""Reads of the clients app: lists and details scoped by ``permissions``, and CSAT in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from clients.choices import ComplaintStatus, SurveyStatus
from clients.models import (
    Client,
    ClientContact,
    CommunicationRecord,
    Complaint,
    ComplaintAttachment,
    ComplaintReply,
    Consent,
    PersonalDataRequest,
    Revisit,
    SupportReply,
    SupportRequest,
    Survey,
    SurveyAnswer,
    relations_settings,
)
from clients.permissions import (
    complaints_visible_to,
    consents_visible_to,
    contacts_visible_to,
    one,
    revisits_visible_to,
    support_visible_to,
    surveys_visible_to,
    visible_to,
)
from core.models import SlaClock
from core.search import substring_search
from engagements.models import AcceptanceRequest, Engagement, Milestone
from engagements.models.closing import AcceptanceStatus
from engagements.permissions import visible_to as engagements_visible_to
from staff.models import User

SEARCH_MAX = 100


def client_list(*, user: User) -> QuerySet[Client]:
    return visible_to(user).annotate(engagement_count=Count("engagements")).order_by("name")


# --- complaints ------------------------------------------------------------------------------


def complaint_list(
    *, user: User, status: str = "", open_only: bool = False, q: str = ""
) -> QuerySet[Complaint]:
    """Newest first; ``q`` matches the reference, subject or description (pg_trgm, P7)."""
    qs = complaints_visible_to(user).select_related("client", "engagement")
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.exclude(status=ComplaintStatus.CLOSED)
    qs = substring_search(
        qs,
        q[:SEARCH_MAX],
        fields=("reference", "subject", "description"),
        coded=("reference",),
    )
    return qs.order_by("-received_at", "-id")


@dataclass
class ComplaintDetail:
    complaint: Complaint
    replies: list[ComplaintReply]
    attachments: list[ComplaintAttachment]
    clocks: list[SlaClock]


def complaint_detail(*, user: User, pk: int) -> ComplaintDetail:
    """A complaint with its replies (internal notes only for staff), files and clocks."""
    replies = ComplaintReply.objects.select_related("author")
    if user.is_client_user:
        replies = replies.filter(internal=False)
    complaint = one(
        complaints_visible_to(user)
        .select_related("client", "engagement", "handler", "logged_by", "submitted_by")
        .prefetch_related(
            Prefetch("replies", queryset=replies, to_attr="shown_replies"),
            Prefetch("attachments", queryset=ComplaintAttachment.objects.all(), to_attr="files"),
        ),
        pk,
    )
    clocks: list[SlaClock] = []
    if not user.is_client_user:
        clocks = list(
            SlaClock.objects.filter(
                content_type=ContentType.objects.get_for_model(Complaint), object_id=complaint.pk
            )
            .select_related("policy")
            .order_by("started_at", "id")
        )
    return ComplaintDetail(
        complaint=complaint,
        replies=complaint.shown_replies,  # type: ignore[attr-defined]
        attachments=complaint.files,  # type: ignore[attr-defined]
        clocks=clocks,
    )


def attachment_for(*, user: User, complaint_pk: int, pk: int) -> ComplaintAttachment:
    qs = ComplaintAttachment.objects.filter(
        complaint__in=complaints_visible_to(user), complaint_id=complaint_pk
    )
    return one(qs, pk)


# --- portal ----------------------------------------------------------------------------------


def portal_engagements(*, user: User) -> QuerySet[Engagement]:
    return (
        engagements_visible_to(user)
        .select_related("project_manager")
        .annotate(
            pending_acceptance=Count(
                "acceptance_requests",
                filter=Q(acceptance_requests__status=AcceptanceStatus.PENDING),
                distinct=True,
            )
        )
        .order_by("-created_at", "-id")
    )


@dataclass
class PortalEngagement:
    engagement: Engagement
    milestones: list[Milestone]
    rounds: list[AcceptanceRequest]


def portal_engagement(*, user: User, pk: int) -> PortalEngagement:
    engagement = one(engagements_visible_to(user).select_related("project_manager"), pk)
    return PortalEngagement(
        engagement=engagement,
        milestones=list(
            Milestone.objects.filter(engagement=engagement).order_by("planned_date", "id")
        ),
        rounds=list(
            AcceptanceRequest.objects.filter(engagement=engagement)
            .select_related("verdict_by")
            .order_by("round")
        ),
    )


def pending_acceptances(*, user: User) -> QuerySet[AcceptanceRequest]:
    return (
        AcceptanceRequest.objects.filter(
            engagement__in=engagements_visible_to(user), status=AcceptanceStatus.PENDING
        )
        .select_related("engagement")
        .order_by("requested_at")
    )


def survey_list(*, user: User) -> QuerySet[Survey]:
    return (
        surveys_visible_to(user)
        .select_related("engagement", "template", "recipient")
        .order_by("-created_at", "-id")
    )


def open_surveys(*, user: User) -> QuerySet[Survey]:
    return survey_list(user=user).filter(status__in=[SurveyStatus.PENDING, SurveyStatus.SENT])


def consent_list(*, user: User, person: User) -> QuerySet[Consent]:
    return consents_visible_to(user).filter(person=person).order_by("purpose", "-granted_at")


# --- CSAT (CRM-4) ----------------------------------------------------------------------------


def _answers(start: datetime, end: datetime, filters: dict[str, Any]) -> QuerySet[SurveyAnswer]:
    qs = SurveyAnswer.objects.filter(
        survey__status=SurveyStatus.ANSWERED,
        survey__answered_at__gte=start,
        survey__answered_at__lt=end,
    )
    lookups = {
        "engagement": "survey__engagement",
        "client": "survey__client",
        "service_type": "survey__engagement__service_type",
        "project_manager": "survey__engagement__project_manager",
        "team_member": "survey__engagement__members",
        "dimension": "dimension",
        "occasion": "survey__occasion",
    }
    for key, value in filters.items():
        if key not in lookups:
            raise TypeError(f"csat_for_period() got an unexpected filter {key!r}")
        if value is not None and value != "":
            qs = qs.filter(**{lookups[key]: value})
    return qs


def _with_csat(row: dict[str, Any]) -> dict[str, Any]:
    answers = row["answers"] or 0
    row["csat"] = round(row["satisfied"] * 100 / answers, 1) if answers else None
    row["mean"] = round(float(row["mean"]), 2) if row["mean"] is not None else None
    return row


def csat_part(start: datetime, end: datetime, **filters: Any) -> QuerySet[SurveyAnswer, Any]:
    """The CSAT figures of [start, end) as a one-row part for ``core.figures.one_row`` (the
    firm's "satisfied" score read inside the same query)."""
    from clients.models.settings import RelationsSettings
    from core.figures import Whole, setting

    satisfied_from = setting(RelationsSettings, "satisfied_from")
    return _answers(start, end, filters).values(
        responses=Whole(Count("survey", distinct=True)),
        answers=Whole(Count("id")),
        satisfied=Whole(Count("id", filter=Q(score__gte=satisfied_from))),
        mean=Whole(Avg("score")),
    )


def csat_from(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The CSAT dict of :func:`csat_for_period` from a ``one_row`` answer."""
    keys = ("responses", "answers", "satisfied", "mean")
    return _with_csat({key: row[f"{prefix}{key}"] for key in keys})


def csat_for_period(start: datetime, end: datetime, **filters: Any) -> dict[str, Any]:
    """CSAT of the answers given in [start, end): the share of answers at or above the firm's
    "satisfied" score, the mean score, and the numbers of surveys and answers — one SQL
    aggregate. Filters: engagement, client, service_type, project_manager, team_member,
    dimension, occasion (ids or values)."""
    from core.figures import one_row

    return csat_from(one_row({"c": csat_part(start, end, **filters)}), "c__")


GROUPS = {
    "engagement": ("survey__engagement", "survey__engagement__code"),
    "service_type": ("survey__engagement__service_type", None),
    "project_manager": (
        "survey__engagement__project_manager",
        "survey__engagement__project_manager__display_name",
    ),
    "dimension": ("dimension", None),
    "client": ("survey__client", "survey__client__name"),
}


def csat_breakdown(
    start: datetime, end: datetime, *, by: str, **filters: Any
) -> list[dict[str, Any]]:
    """CSAT per engagement, service type, project manager (team), dimension or client: one
    grouped SQL query."""
    key, label = GROUPS[by]
    satisfied_from = relations_settings().satisfied_from
    fields = [key, label] if label else [key]
    rows = (
        _answers(start, end, filters)
        .values(*fields)
        .annotate(
            responses=Count("survey", distinct=True),
            answers=Count("id"),
            satisfied=Count("id", filter=Q(score__gte=satisfied_from)),
            mean=Avg("score"),
        )
        .order_by(key)
    )
    return [_with_csat({"key": r[key], "label": r[label] if label else r[key], **r}) for r in rows]


def dissatisfaction_reasons(start: datetime, end: datetime, *, limit: int = 50) -> QuerySet[Survey]:
    """The comments of low-score surveys, for the analysis of reasons (CRM-4)."""
    return (
        Survey.objects.filter(
            status=SurveyStatus.ANSWERED,
            low_score=True,
            answered_at__gte=start,
            answered_at__lt=end,
        )
        .select_related("engagement", "client")
        .order_by("-answered_at")[:limit]
    )


# --- communication records (CRM-7) -----------------------------------------------------------


def communication_list(
    *, user: User, client_id: int | None = None, engagement_id: int | None = None
) -> QuerySet[CommunicationRecord]:
    """Relations staff see every client's records; other staff those of engagements they
    see; client users none (the log is internal)."""
    from clients.permissions import is_relations_staff

    qs = CommunicationRecord.objects.select_related("client", "engagement", "recorded_by")
    if not user.is_authenticated or not user.is_active or user.is_client_user:
        return qs.none()
    if not is_relations_staff(user):
        qs = qs.filter(engagement__in=engagements_visible_to(user))
    if client_id:
        qs = qs.filter(client_id=client_id)
    if engagement_id:
        qs = qs.filter(engagement_id=engagement_id)
    return qs.order_by("-occurred_at", "-id")


# --- support requests (CRM-5) ----------------------------------------------------------------


def _open_clocks(model: type) -> QuerySet[SlaClock]:
    return SlaClock.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        state__in=[SlaClock.State.RUNNING, SlaClock.State.PAUSED],
    )


def support_list(*, user: User) -> QuerySet[SupportRequest]:
    """Requests the user sees, with the next deadline of their open clocks and whether one
    is overdue (two subqueries, so the page's query count does not grow with rows)."""
    clocks = _open_clocks(SupportRequest)
    return (
        support_visible_to(user)
        .select_related("client", "engagement", "handler")
        .annotate(
            next_due=Subquery(clocks.order_by("due_at").values("due_at")[:1]),
            overdue=Exists(clocks.filter(breached_at__isnull=False)),
        )
        .order_by("-received_at", "-id")
    )


@dataclass
class SupportDetail:
    request: SupportRequest
    replies: list[SupportReply]
    clocks: list[SlaClock]


def support_detail(*, user: User, pk: int) -> SupportDetail:
    replies = SupportReply.objects.select_related("author")
    if user.is_client_user:
        replies = replies.filter(internal=False)
    request = one(
        support_visible_to(user)
        .select_related("client", "engagement", "handler", "raised_by", "logged_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies")),
        pk,
    )
    clocks: list[SlaClock] = []
    if not user.is_client_user:
        clocks = list(
            SlaClock.objects.filter(
                content_type=ContentType.objects.get_for_model(SupportRequest),
                object_id=request.pk,
            )
            .select_related("policy")
            .order_by("started_at", "id")
        )
    return SupportDetail(
        request=request,
        replies=request.shown_replies,  # type: ignore[attr-defined]
        clocks=clocks,
    )


# --- revisits (CRM-6) ------------------------------------------------------------------------


def revisit_list(*, user: User) -> QuerySet[Revisit]:
    return revisits_visible_to(user).select_related("client", "engagement", "owner", "obligation")


def revisit_detail(*, user: User, pk: int) -> Revisit:
    return one(revisit_list(user=user), pk)


# --- contacts (CRM-1, SEC-26) ----------------------------------------------------------------


def contact_list(*, user: User, client_id: int | None = None) -> QuerySet[ClientContact]:
    qs = contacts_visible_to(user).select_related("client", "user")
    if client_id:
        qs = qs.filter(client_id=client_id)
    return qs.order_by("client__name", "name", "id")


def privacy_people(*, q: str = "") -> QuerySet[User]:
    """People whose data can be exported, corrected or erased (SEC-25), found by name,
    username or e-mail."""
    qs = User.objects.select_related("client").order_by("username")
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(display_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    return qs


def privacy_log(*, person_id: int | None = None) -> QuerySet[PersonalDataRequest]:
    qs = PersonalDataRequest.objects.select_related("person", "actor")
    if person_id:
        qs = qs.filter(person_id=person_id)
    return qs.order_by("-at", "-id")
