"""Reads of the staff app: directory, expiring certificates, training hours against plan,
person page data, the responsibility matrix and declarations. Aggregates in SQL; list
queries are fixed in number whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagements.models import Engagement, TeamMember
from staff.models import (
    Appraisal,
    Attendance,
    Certificate,
    Declaration,
    ProcessStep,
    RaciAssignment,
    StaffProfile,
    TrainingPlan,
    TrainingSession,
    User,
    Violation,
    staff_settings,
)
from staff.permissions import people_visible_to

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))


def staff_directory() -> QuerySet[User]:
    """Active firm staff with their groups loaded in one extra query."""
    return (
        User.objects.filter(is_active=True, client__isnull=True)
        .prefetch_related("groups")
        .order_by("username")
    )


def people_list(viewer: User, *, q: str = "") -> QuerySet[User]:
    """The people list: record fields joined, expiring-certificate count annotated."""
    today = timezone.localdate()
    horizon = today + timedelta(days=staff_settings().certificate_alert_days)
    expiring = (
        Certificate.objects.filter(
            user=OuterRef("pk"), expires_on__gte=today, expires_on__lte=horizon
        )
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    expired = Certificate.objects.filter(user=OuterRef("pk"), expires_on__lt=today)
    qs = (
        people_visible_to(viewer)
        .filter(is_active=True)
        .select_related("staff_profile")
        .prefetch_related("groups")
        .annotate(
            expiring_count=Coalesce(Subquery(expiring), 0),
            has_expired=Exists(expired),
        )
        .order_by("username")
    )
    if q:
        qs = qs.filter(
            Q(display_name__icontains=q)
            | Q(username__icontains=q)
            | Q(staff_profile__department__icontains=q)
            | Q(staff_profile__position__icontains=q)
        )
    return qs


def alert_horizon() -> date:
    return timezone.localdate() + timedelta(days=staff_settings().certificate_alert_days)


def expiring_certificates(viewer: User, *, limit: int = 20) -> list[Certificate]:
    """Certificates expired or expiring within the alert window, soonest first."""
    horizon = timezone.localdate() + timedelta(days=staff_settings().certificate_alert_days)
    return list(
        Certificate.objects.filter(
            user__in=people_visible_to(viewer).values("pk"),
            user__is_active=True,
            expires_on__lte=horizon,
        )
        .select_related("user", "qualification")
        .order_by("expires_on", "id")[:limit]
    )


def certificates_of(person: User) -> list[Certificate]:
    return list(
        Certificate.objects.filter(user=person)
        .select_related("qualification")
        .order_by("qualification__code", "-expires_on")
    )


@dataclass(frozen=True)
class PlanHours:
    plan: TrainingPlan
    target: Decimal
    attended: Decimal

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return min(100, int(self.attended * 100 / self.target))


def hours_against_plans(person: User) -> list[PlanHours]:
    """Each plan the person takes part in with their attended hours (one query)."""
    attended = (
        Attendance.objects.filter(user=person, session__plan=OuterRef("pk"))
        .values("session__plan")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    plans = (
        TrainingPlan.objects.filter(participants=person)
        .annotate(attended=Coalesce(Subquery(attended), ZERO))
        .order_by("-starts_on", "id")
    )
    return [PlanHours(p, p.target_hours, p.attended) for p in plans]


def plan_list() -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.annotate(
        session_count=Count("sessions", distinct=True),
        participant_count=Count("participants", distinct=True),
    ).order_by("-starts_on", "id")


def plan_participants_hours(plan: TrainingPlan) -> QuerySet[User]:
    """Every participant of the plan with hours attended in its sessions (one query)."""
    attended = (
        Attendance.objects.filter(user=OuterRef("pk"), session__plan=plan)
        .values("user")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        plan.participants.all()
        .annotate(attended=Coalesce(Subquery(attended), ZERO))
        .order_by("username")
    )


def plan_sessions(plan: TrainingPlan) -> QuerySet[TrainingSession]:
    return plan.sessions.prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("user"))
    ).order_by("held_on", "id")


def person_history(person: User, *, limit: int = 30) -> list[dict[str, Any]]:
    """The latest changes to the person's record and certificates, newest first."""
    rows: list[dict[str, Any]] = []
    profile_history = StaffProfile.history.filter(user_id=person.pk).select_related("history_user")[
        :limit
    ]
    for h in profile_history:
        rows.append(
            {
                "at": h.history_date,
                "by": h.history_user,
                "type": h.history_type,
                "what": StaffProfile._meta.verbose_name,
                "record": h,
            }
        )
    cert_history = Certificate.history.filter(user_id=person.pk).select_related(
        "history_user", "qualification"
    )[:limit]
    for h in cert_history:
        rows.append(
            {
                "at": h.history_date,
                "by": h.history_user,
                "type": h.history_type,
                "what": h.qualification,
                "record": h,
            }
        )
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows[:limit]


def appraisals_of(person: User) -> QuerySet[Appraisal]:
    return person.appraisals.select_related("appraiser").order_by("-period_end")


def appraisal_detail(appraisal: Appraisal) -> dict[str, Any]:
    return {
        "goals": list(appraisal.goals.order_by("id")),
        "interviews": list(appraisal.interviews.select_related("interviewer").order_by("held_on")),
    }


# --- responsibility matrix -------------------------------------------------------------------


@dataclass(frozen=True)
class RaciMatrix:
    steps: list[ProcessStep]
    people: list[User]
    # cells[step_id][user_id] = letter
    cells: dict[int, dict[int, str]]

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "step": step,
                "cells": [
                    (person, self.cells.get(step.pk, {}).get(person.pk, ""))
                    for person in self.people
                ],
                "has_accountable": "A" in self.cells.get(step.pk, {}).values(),
            }
            for step in self.steps
        ]


def raci_matrix(engagement: Engagement) -> RaciMatrix:
    """Steps × people (PM, team members, anyone already in the matrix): three queries."""
    steps = list(ProcessStep.objects.order_by("order", "code"))
    cells: dict[int, dict[int, str]] = {}
    user_ids: list[int] = []
    if engagement.project_manager_id:
        user_ids.append(engagement.project_manager_id)
    for step_id, user_id, letter in RaciAssignment.objects.filter(
        engagement=engagement
    ).values_list("step_id", "user_id", "letter"):
        cells.setdefault(step_id, {})[user_id] = letter
        if user_id not in user_ids:
            user_ids.append(user_id)
    team = Engagement.members.through.objects.filter(engagement_id=engagement.pk).values_list(
        "user_id", flat=True
    )
    for uid in team:
        if uid not in user_ids:
            user_ids.append(uid)
    people_by_id = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    people = [people_by_id[uid] for uid in user_ids if uid in people_by_id]
    return RaciMatrix(steps=steps, people=people, cells=cells)


# --- declarations ----------------------------------------------------------------------------


def my_engagements_to_declare(user: User) -> QuerySet[Engagement]:
    """Engagements the person is on, with their declaration (if any) annotated."""
    mine = Declaration.objects.filter(engagement=OuterRef("pk"), user=user)
    return (
        Engagement.objects.filter(members=user)
        .annotate(
            declared=Exists(mine),
            declaration_id=Subquery(mine.values("pk")[:1]),
        )
        .select_related("client")
        .order_by("-created_at", "-id")
    )


def declarations_list() -> QuerySet[Declaration]:
    return Declaration.objects.select_related("user", "engagement", "cleared_by").order_by(
        "-declared_at", "-id"
    )


def undeclared_members() -> QuerySet[Any]:
    """Team members (engagement, person) without a declaration, for the conduct register."""
    declared = Declaration.objects.filter(
        engagement_id=OuterRef("engagement_id"), user_id=OuterRef("user_id")
    )
    return (
        Engagement.members.through.objects.exclude(Exists(declared))
        .select_related("engagement", "user")
        .order_by("engagement_id", "user_id")
    )


def violations_list() -> QuerySet[Violation]:
    return Violation.objects.select_related("user", "engagement", "recorded_by").order_by(
        "-occurred_on", "-id"
    )


def team_role_names(engagement: Engagement) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for member in TeamMember.objects.filter(engagement=engagement):
        names.setdefault(member.user_id, []).append(member.get_role_display())
    return names


def period_default() -> tuple[date, date]:
    """The previous calendar half-year: the usual appraisal period."""
    today = timezone.localdate()
    if today.month <= 6:
        return date(today.year - 1, 7, 1), date(today.year - 1, 12, 31)
    return date(today.year, 1, 1), date(today.year, 6, 30)
