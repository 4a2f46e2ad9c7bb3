"""API twins of the staff pages (STF-1 … STF-5). Every write calls the same service as the
page; lookups are scoped (another person's record or a foreign engagement answers 404);
client users are refused (403)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import NotFoundError
from core.navigation import ALL_STAFF
from engagements.permissions import access_engagement
from staff import selectors as sel
from staff.api import serializers as s
from staff.models import Declaration, TrainingPlan, User, Violation
from staff.permissions import access_person, require_keeper
from staff.services import appraisal as appraisal_svc
from staff.services import conduct as conduct_svc
from staff.services import raci as raci_svc
from staff.services import records as records_svc
from staff.services import training as training_svc


class FirmStaff(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ALL_STAFF))


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class StaffAPIView(APIView):
    permission_classes = [IsAuthenticated, FirmStaff]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


class StaffListView[M: Any](ListAPIView[M]):
    permission_classes = [IsAuthenticated, FirmStaff]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


# --- people and certificates (STF-1) ----------------------------------------------------------


class PeopleView(StaffListView[User]):
    """People whose records the caller may open, with certificate alert counts."""

    serializer_class = s.PersonSerializer
    queryset = User.objects.none()

    def get_queryset(self) -> QuerySet[User]:
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return sel.people_list(self.actor, q=self.request.query_params.get("q", "")[:100])


def _person_detail(person: User) -> dict[str, Any]:
    return {
        "person": person,
        "record": getattr(person, "staff_profile", None),
        "certificates": sel.certificates_of(person),
        "training": sel.hours_against_plans(person),
    }


class PersonView(StaffAPIView):
    @extend_schema(responses=s.PersonDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        person = access_person(self.actor, pk)
        return Response(s.PersonDetailSerializer(_person_detail(person)).data)


class PersonRecordView(StaffAPIView):
    @extend_schema(request=s.ProfileInputSerializer, responses=s.ProfileSerializer)
    def put(self, request: Request, pk: int) -> Response:
        d = _valid(s.ProfileInputSerializer, request)
        profile = records_svc.profile_save(
            actor=self.actor,
            user_id=pk,
            position=d["position"],
            department=d["department"],
            manager_id=d["manager"],
            joined_on=d["joined_on"],
            education=d["education"],
            experience=d["experience"],
        )
        return Response(s.ProfileSerializer(profile).data)


class PersonCertificatesView(StaffAPIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=s.CertificateInputSerializer, responses={201: s.CertificateSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.CertificateInputSerializer, request)
        certificate = records_svc.certificate_add(
            actor=self.actor,
            user_id=pk,
            qualification_id=d["qualification"],
            issued_on=d["issued_on"],
            expires_on=d["expires_on"],
            number=d["number"],
            issued_by=d["issued_by"],
            attachment=d["attachment"],
        )
        return Response(s.CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


class CertificateRenewView(StaffAPIView):
    @extend_schema(request=s.RenewInputSerializer, responses=s.CertificateSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.RenewInputSerializer, request)
        certificate = records_svc.certificate_renew(
            actor=self.actor,
            certificate_id=pk,
            issued_on=d["issued_on"],
            expires_on=d["expires_on"],
        )
        return Response(s.CertificateSerializer(certificate).data)


class ExpiringCertificatesView(StaffAPIView):
    @extend_schema(responses=s.CertificateSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = sel.expiring_certificates(self.actor, limit=200)
        return Response(s.CertificateSerializer(rows, many=True).data)


class PersonOnboardingView(StaffAPIView):
    @extend_schema(request=s.OnboardingInputSerializer, responses={201: None})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.OnboardingInputSerializer, request)
        task = training_svc.onboarding_task_add(
            actor=self.actor, user_id=pk, title=d["title"], due_on=d["due_on"]
        )
        return Response({"id": task.pk}, status=status.HTTP_201_CREATED)


class OnboardingDoneView(StaffAPIView):
    @extend_schema(request=None, responses={200: None})
    def post(self, request: Request, pk: int) -> Response:
        task = training_svc.onboarding_task_done(
            actor=self.actor, task_id=pk, on=timezone.localdate()
        )
        return Response({"id": task.pk, "done_on": task.done_on})


# --- training (STF-2) -------------------------------------------------------------------------


class TrainingPlansView(StaffListView[TrainingPlan]):
    serializer_class = s.TrainingPlanSerializer
    queryset = TrainingPlan.objects.none()

    def get_queryset(self) -> QuerySet[TrainingPlan]:
        if getattr(self, "swagger_fake_view", False):
            return TrainingPlan.objects.none()
        require_keeper(self.actor)
        return sel.plan_list()

    @extend_schema(request=s.TrainingPlanInputSerializer, responses={201: s.TrainingPlanSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.TrainingPlanInputSerializer, request)
        plan = training_svc.plan_create(
            actor=self.actor,
            title=d["title"],
            period=d["period"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            target_hours=d["target_hours"],
            participant_ids=d["participants"],
            description=d["description"],
        )
        return Response(s.TrainingPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


def _plan(actor: User, pk: int) -> TrainingPlan:
    require_keeper(actor)
    plan = TrainingPlan.objects.filter(pk=pk).first()
    if plan is None:
        raise NotFoundError(gettext("Training plan not found."))
    return plan


class TrainingPlanHoursView(StaffAPIView):
    """Each participant's attended hours against the plan's target."""

    @extend_schema(responses=s.ParticipantHoursSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        plan = _plan(self.actor, pk)
        rows = sel.plan_participants_hours(plan)
        return Response(s.ParticipantHoursSerializer(rows, many=True).data)


class TrainingSessionsView(StaffAPIView):
    @extend_schema(responses=s.TrainingSessionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        plan = _plan(self.actor, pk)
        return Response(
            s.TrainingSessionSerializer(plan.sessions.order_by("held_on"), many=True).data
        )

    @extend_schema(
        request=s.TrainingSessionInputSerializer, responses={201: s.TrainingSessionSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.TrainingSessionInputSerializer, request)
        session = training_svc.session_create(actor=self.actor, plan_id=pk, **d)
        return Response(s.TrainingSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SessionAttendanceView(StaffAPIView):
    @extend_schema(request=s.AttendanceInputSerializer, responses={200: None})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.AttendanceInputSerializer, request)
        rows = training_svc.attendance_record(
            actor=self.actor, session_id=pk, user_ids=d["users"], hours=d["hours"]
        )
        return Response({"recorded": len(rows)})


class MentoringView(StaffAPIView):
    @extend_schema(request=s.MentorInputSerializer, responses={201: None})
    def post(self, request: Request) -> Response:
        d = _valid(s.MentorInputSerializer, request)
        pair = training_svc.mentor_pair_add(
            actor=self.actor,
            mentor_id=d["mentor"],
            mentee_id=d["mentee"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            goals=d["goals"],
        )
        return Response({"id": pair.pk}, status=status.HTTP_201_CREATED)


# --- appraisal (STF-3) ------------------------------------------------------------------------


class PersonAppraisalsView(StaffAPIView):
    @extend_schema(responses=s.AppraisalSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        person = access_person(self.actor, pk)
        return Response(s.AppraisalSerializer(sel.appraisals_of(person), many=True).data)

    @extend_schema(request=s.AppraisalOpenSerializer, responses={201: s.AppraisalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.AppraisalOpenSerializer, request)
        appraisal = appraisal_svc.appraisal_open(actor=self.actor, user_id=pk, **d)
        return Response(s.AppraisalSerializer(appraisal).data, status=status.HTTP_201_CREATED)


def _appraisal_body(actor: User, pk: int) -> dict[str, Any]:
    from staff.views import _appraisal_figures

    appraisal = appraisal_svc.appraisal_for(actor, pk)
    return {
        "appraisal": appraisal,
        "figures": _appraisal_figures(appraisal),
        **sel.appraisal_detail(appraisal),
    }


class AppraisalView(StaffAPIView):
    """The appraisal with each figure, its value and its source link."""

    @extend_schema(responses=s.AppraisalDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.AppraisalDetailSerializer(_appraisal_body(self.actor, pk)).data)


class AppraisalAssessView(StaffAPIView):
    @extend_schema(request=s.AssessInputSerializer, responses=s.AppraisalSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.AssessInputSerializer, request)
        appraisal = appraisal_svc.appraisal_assess(actor=self.actor, appraisal_id=pk, **d)
        return Response(s.AppraisalSerializer(appraisal).data)


class AppraisalGoalsView(StaffAPIView):
    @extend_schema(request=s.GoalInputSerializer, responses={201: s.GoalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.GoalInputSerializer, request)
        goal = appraisal_svc.goal_add(actor=self.actor, appraisal_id=pk, **d)
        return Response(s.GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class AppraisalInterviewsView(StaffAPIView):
    @extend_schema(request=s.InterviewInputSerializer, responses={201: s.InterviewSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.InterviewInputSerializer, request)
        interview = appraisal_svc.interview_record(actor=self.actor, appraisal_id=pk, **d)
        return Response(s.InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class AppraisalFinaliseView(StaffAPIView):
    @extend_schema(request=None, responses=s.AppraisalDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        appraisal_svc.appraisal_finalise(actor=self.actor, appraisal_id=pk)
        return Response(s.AppraisalDetailSerializer(_appraisal_body(self.actor, pk)).data)


# --- responsibility matrix (STF-4) ------------------------------------------------------------


def _raci_cells(engagement: Any) -> list[dict[str, Any]]:
    matrix = sel.raci_matrix(engagement)
    return [
        {"step": step.pk, "step_name": step.name, "user": user_id, "letter": letter}
        for step in matrix.steps
        for user_id, letter in matrix.cells.get(step.pk, {}).items()
    ]


class RaciView(StaffAPIView):
    @extend_schema(responses=s.RaciCellSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        engagement = access_engagement(self.actor, pk)
        return Response(s.RaciCellSerializer(_raci_cells(engagement), many=True).data)


class RaciSetView(StaffAPIView):
    @extend_schema(request=s.RaciInputSerializer, responses=s.RaciCellSerializer(many=True))
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.RaciInputSerializer, request)
        raci_svc.raci_set(
            actor=self.actor,
            engagement_id=pk,
            step_id=d["step"],
            user_id=d["user"],
            letter=d["letter"],
        )
        engagement = access_engagement(self.actor, pk)
        return Response(s.RaciCellSerializer(_raci_cells(engagement), many=True).data)


class RaciDefaultsView(StaffAPIView):
    @extend_schema(request=None, responses={201: s.RaciCellSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        raci_svc.raci_apply_defaults(actor=self.actor, engagement_id=pk)
        engagement = access_engagement(self.actor, pk)
        return Response(
            s.RaciCellSerializer(_raci_cells(engagement), many=True).data,
            status=status.HTTP_201_CREATED,
        )


# --- conduct (STF-5) --------------------------------------------------------------------------


class DeclarationsView(StaffListView[Declaration]):
    """The caller's own declarations; QA managers and administrators see everyone's."""

    serializer_class = s.DeclarationSerializer
    queryset = Declaration.objects.none()

    def get_queryset(self) -> QuerySet[Declaration]:
        if getattr(self, "swagger_fake_view", False):
            return Declaration.objects.none()
        from staff.permissions import is_keeper

        rows = sel.declarations_list()
        return rows if is_keeper(self.actor) else rows.filter(user=self.actor)


class DeclareView(StaffAPIView):
    @extend_schema(request=s.DeclarationInputSerializer, responses={201: s.DeclarationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.DeclarationInputSerializer, request)
        declaration = conduct_svc.declaration_submit(
            actor=self.actor,
            engagement_id=pk,
            independent=d["independent"],
            conflicts=d["conflicts"],
        )
        return Response(s.DeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)


class DeclarationClearView(StaffAPIView):
    @extend_schema(request=None, responses=s.DeclarationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        declaration = conduct_svc.declaration_clear(actor=self.actor, declaration_id=pk)
        return Response(s.DeclarationSerializer(declaration).data)


class ViolationsView(StaffListView[Violation]):
    serializer_class = s.ViolationSerializer
    queryset = Violation.objects.none()

    def get_queryset(self) -> QuerySet[Violation]:
        if getattr(self, "swagger_fake_view", False):
            return Violation.objects.none()
        require_keeper(self.actor)
        return sel.violations_list()

    @extend_schema(request=s.ViolationInputSerializer, responses={201: s.ViolationSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.ViolationInputSerializer, request)
        violation = conduct_svc.violation_record(
            actor=self.actor,
            user_id=d["user"],
            occurred_on=d["occurred_on"],
            description=d["description"],
            engagement_id=d["engagement"],
        )
        return Response(s.ViolationSerializer(violation).data, status=status.HTTP_201_CREATED)


class ViolationDecideView(StaffAPIView):
    @extend_schema(request=s.OutcomeInputSerializer, responses=s.ViolationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.OutcomeInputSerializer, request)
        violation = conduct_svc.violation_decide(
            actor=self.actor, violation_id=pk, outcome=d["outcome"], outcome_note=d["outcome_note"]
        )
        return Response(s.ViolationSerializer(violation).data)
