"""API twins of the clients pages (CRM-2, CRM-3, CRM-4, CRM-1): explicit action endpoints with
input and output serializers, each calling the same service as the page. Every lookup is
scoped, so another client's id answers 404 (SEC-2); ids in bodies are scope-checked by the
services (SEC-3)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any, cast

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clients import selectors as sel
from clients.api import serializers as s
from clients.models import Client, CommunicationRecord, Complaint, Consent, Survey
from clients.permissions import (
    complaints_visible_to,
    is_relations_staff,
    one,
    surveys_visible_to,
    visible_to,
)
from clients.services import complaints as svc
from clients.services import surveys as survey_svc
from clients.services.communications import communication_log
from clients.services.consents import consent_grant, consent_withdraw
from clients.views.common import serve_attachment
from core.api.pagination import KeysetPagination
from core.api.params import date_param, int_param
from core.api.permissions import AnyRole
from staff.models import User


class ClientViewSet(viewsets.ReadOnlyModelViewSet[Client]):
    """Client organisations visible to the caller."""

    serializer_class = s.ClientSerializer
    permission_classes = [IsAuthenticated, AnyRole]

    def get_queryset(self):
        return visible_to(self.request.user).order_by("name")


class ClientOrRelationsStaff(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_client_user or is_relations_staff(user))
        )


class RelationsStaff(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(
            request.user and request.user.is_authenticated and is_relations_staff(request.user)
        )


class ClientUserOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_client_user)


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class Base(APIView):
    permission_classes = [IsAuthenticated, ClientOrRelationsStaff]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


def _detail_data(actor: User, pk: int) -> dict[str, Any]:
    detail = sel.complaint_detail(user=actor, pk=pk)
    return s.ComplaintDetailSerializer(
        {
            "complaint": detail.complaint,
            "replies": detail.replies,
            "attachments": detail.attachments,
        }
    ).data


def _scoped(actor: User, pk: int) -> None:
    """SEC-2: a foreign or missing complaint answers 404 before the body is even read."""
    one(complaints_visible_to(actor), pk)


# --- complaints (CRM-3) ----------------------------------------------------------------------


class ComplaintListView(ListAPIView[Complaint]):
    """The complaints the caller sees; POST submits one from the portal (client users,
    multipart when files come with it)."""

    permission_classes = [IsAuthenticated, ClientOrRelationsStaff]
    serializer_class = s.ComplaintSerializer
    pagination_class = KeysetPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Complaint.objects.none()

    def get_queryset(self):
        return sel.complaint_list(
            user=cast(User, self.request.user), q=self.request.query_params.get("q", "")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Search reference, subject and description")
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.ComplaintSubmitSerializer, responses={201: s.ComplaintSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.ComplaintSubmitSerializer, request)
        complaint = svc.complaint_submit(
            actor=cast(User, request.user),
            engagement_id=d.get("engagement"),
            nature=d["nature"],
            subject=d["subject"],
            description=d["description"],
            files=d.get("files", []),
        )
        return Response(s.ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintLogView(Base):
    permission_classes = [IsAuthenticated, RelationsStaff]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=s.ComplaintLogSerializer, responses={201: s.ComplaintSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.ComplaintLogSerializer, request)
        complaint = svc.complaint_log(
            actor=self.actor,
            client_id=d["client"],
            engagement_id=d.get("engagement"),
            channel=d["channel"],
            nature=d["nature"],
            severity=d["severity"],
            subject=d["subject"],
            description=d["description"],
            contact_name=d["contact_name"],
            received_at=d.get("received_at"),
            files=d.get("files", []),
        )
        return Response(s.ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintDetailView(Base):
    @extend_schema(responses=s.ComplaintDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail_data(self.actor, pk))


def _action(
    input_serializer: type[serializers.Serializer[Any]], run: Any, *, staff: bool
) -> type[Base]:
    class ActionView(Base):
        permission_classes = [IsAuthenticated, RelationsStaff if staff else ClientUserOnly]

        @extend_schema(request=input_serializer, responses=s.ComplaintSerializer)
        def post(self, request: Request, pk: int) -> Response:
            _scoped(self.actor, pk)
            d = _valid(input_serializer, request)
            complaint = run(self.actor, pk, d)
            return Response(s.ComplaintSerializer(complaint).data)

    return ActionView


ComplaintClassifyView = _action(
    s.ClassifySerializer,
    lambda a, pk, d: svc.complaint_classify(
        actor=a,
        complaint_id=pk,
        nature=d["nature"],
        severity=d["severity"],
        handler_id=d.get("handler"),
    ),
    staff=True,
)
ComplaintRespondView = _action(
    s.BodySerializer,
    lambda a, pk, d: svc.complaint_respond(actor=a, complaint_id=pk, **d),
    staff=True,
)
ComplaintAnalyseView = _action(
    s.AnalyseSerializer,
    lambda a, pk, d: svc.complaint_analyse(actor=a, complaint_id=pk, **d),
    staff=True,
)
ComplaintFeedbackView = _action(
    s.BodySerializer,
    lambda a, pk, d: svc.complaint_feedback(actor=a, complaint_id=pk, **d),
    staff=True,
)
ComplaintRectifiedView = _action(
    s.RectifiedSerializer,
    lambda a, pk, d: svc.complaint_rectified(actor=a, complaint_id=pk, **d),
    staff=True,
)
ComplaintConfirmView = _action(
    s.ConfirmSerializer,
    lambda a, pk, d: svc.complaint_confirm(actor=a, complaint_id=pk, **d),
    staff=False,
)
ComplaintReopenView = _action(
    s.ReopenSerializer,
    lambda a, pk, d: svc.complaint_reopen(actor=a, complaint_id=pk, **d),
    staff=False,
)
for _cls, _name in [
    (ComplaintClassifyView, "ComplaintClassifyView"),
    (ComplaintRespondView, "ComplaintRespondView"),
    (ComplaintAnalyseView, "ComplaintAnalyseView"),
    (ComplaintFeedbackView, "ComplaintFeedbackView"),
    (ComplaintRectifiedView, "ComplaintRectifiedView"),
    (ComplaintConfirmView, "ComplaintConfirmView"),
    (ComplaintReopenView, "ComplaintReopenView"),
]:
    _cls.__name__ = _cls.__qualname__ = _name


class ComplaintReplyView(Base):
    """A message from the client or from staff (staff may mark it internal)."""

    @extend_schema(request=s.ReplyInputSerializer, responses={201: s.ComplaintReplySerializer})
    def post(self, request: Request, pk: int) -> Response:
        _scoped(self.actor, pk)
        d = _valid(s.ReplyInputSerializer, request)
        reply = svc.complaint_reply(actor=self.actor, complaint_id=pk, **d)
        return Response(s.ComplaintReplySerializer(reply).data, status=status.HTTP_201_CREATED)


class ComplaintAttachmentsView(Base):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.AttachInputSerializer},
        responses={201: s.ComplaintDetailSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        _scoped(self.actor, pk)
        d = _valid(s.AttachInputSerializer, request)
        svc.complaint_attach(actor=self.actor, complaint_id=pk, files=d["files"])
        return Response(_detail_data(self.actor, pk), status=status.HTTP_201_CREATED)


class ComplaintAttachmentDownloadView(Base):
    """SEC-5: the file, through this authorising view only, as a download."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, complaint_pk: int, pk: int) -> Any:
        return serve_attachment(request, complaint_pk, pk)  # type: ignore[arg-type]


# --- surveys (CRM-4) -------------------------------------------------------------------------


class SurveyListView(ListAPIView[Survey]):
    permission_classes = [IsAuthenticated, ClientOrRelationsStaff]
    serializer_class = s.SurveySerializer
    pagination_class = KeysetPagination
    queryset = Survey.objects.none()

    def get_queryset(self):
        return sel.survey_list(user=cast(User, self.request.user))


class SurveyDetailView(Base):
    @extend_schema(responses=s.SurveyFormSerializer)
    def get(self, request: Request, pk: int) -> Response:
        survey = one(surveys_visible_to(self.actor).select_related("engagement"), pk)
        return Response(
            s.SurveyFormSerializer(
                {"survey": survey, "questions": survey_svc.survey_questions(survey)}
            ).data
        )


def _scores(d: dict[str, Any]) -> dict[int, int]:
    return {row["question"]: row["score"] for row in d["scores"]}


class SurveyAnswerView(Base):
    permission_classes = [IsAuthenticated, ClientUserOnly]

    @extend_schema(request=s.SurveyAnswerSerializer, responses=s.SurveySerializer)
    def post(self, request: Request, pk: int) -> Response:
        one(surveys_visible_to(self.actor), pk)
        d = _valid(s.SurveyAnswerSerializer, request)
        survey = survey_svc.survey_answer(
            actor=self.actor, survey_id=pk, scores=_scores(d), comment=d["comment"]
        )
        return Response(s.SurveySerializer(survey).data)


class SurveyByTokenView(APIView):
    """SEC-21: the e-mailed link's survey, without signing in; answered once."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses=s.SurveyFormSerializer)
    def get(self, request: Request, token: str) -> Response:
        survey = survey_svc.survey_by_token(token)
        return Response(
            s.SurveyFormSerializer(
                {"survey": survey, "questions": survey_svc.survey_questions(survey)}
            ).data
        )

    @extend_schema(request=s.SurveyAnswerSerializer, responses=s.SurveySerializer)
    def post(self, request: Request, token: str) -> Response:
        d = _valid(s.SurveyAnswerSerializer, request)
        survey = survey_svc.survey_answer_by_token(
            token=token, scores=_scores(d), comment=d["comment"]
        )
        return Response(s.SurveySerializer(survey).data)


class CsatView(Base):
    """CSAT for a period (CRM-4), computed in SQL; filters as ``csat_for_period``."""

    permission_classes = [IsAuthenticated, RelationsStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("engagement", OpenApiTypes.INT),
            OpenApiParameter("client", OpenApiTypes.INT),
            OpenApiParameter("service_type", OpenApiTypes.STR),
            OpenApiParameter("project_manager", OpenApiTypes.INT),
            OpenApiParameter("dimension", OpenApiTypes.STR),
        ],
        responses=s.CsatSerializer,
    )
    def get(self, request: Request) -> Response:
        q = request.query_params
        today = timezone.localdate()
        start = date_param(request, "start") or today.replace(day=1)
        end = date_param(request, "end") or today
        tz = timezone.get_current_timezone()
        filters: dict[str, Any] = {}
        for key in ("engagement", "client", "project_manager"):
            if (number := int_param(request, key)) is not None:
                filters[key] = number
        for key in ("service_type", "dimension"):
            if q.get(key):
                filters[key] = q[key]
        data = sel.csat_for_period(
            datetime.combine(start, time.min, tzinfo=tz),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
            **filters,
        )
        return Response(s.CsatSerializer(data).data)


# --- consents (CRM-1, SEC-24) ----------------------------------------------------------------


class ConsentListView(Base):
    """The caller's own consents; POST gives one."""

    permission_classes = [IsAuthenticated, ClientUserOnly]

    @extend_schema(responses=s.ConsentSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = sel.consent_list(user=self.actor, person=self.actor)
        return Response(s.ConsentSerializer(rows, many=True).data)

    @extend_schema(request=s.ConsentGrantSerializer, responses={201: s.ConsentSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.ConsentGrantSerializer, request)
        consent = consent_grant(actor=self.actor, person=self.actor, channel="portal", **d)
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(Base):
    @extend_schema(request=None, responses=s.ConsentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        consent: Consent = consent_withdraw(actor=self.actor, consent_id=pk)
        return Response(s.ConsentSerializer(consent).data)


# --- communication records (CRM-7) -----------------------------------------------------------


class StaffOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and not user.is_client_user and user.roles)


class CommunicationListView(ListAPIView[CommunicationRecord]):
    """The communication log the caller sees (``?client=``, ``?engagement=``); POST logs one."""

    permission_classes = [IsAuthenticated, StaffOnly]
    serializer_class = s.CommunicationSerializer
    pagination_class = KeysetPagination
    queryset = CommunicationRecord.objects.none()

    def get_queryset(self):
        q = self.request.query_params
        client_id = q.get("client", "")
        engagement_id = q.get("engagement", "")
        return sel.communication_list(
            user=cast(User, self.request.user),
            client_id=int(client_id) if client_id.isdecimal() else None,
            engagement_id=int(engagement_id) if engagement_id.isdecimal() else None,
        )

    @extend_schema(
        request=s.CommunicationInputSerializer, responses={201: s.CommunicationSerializer}
    )
    def post(self, request: Request) -> Response:
        d = _valid(s.CommunicationInputSerializer, request)
        record = communication_log(
            actor=cast(User, request.user),
            client_id=d.get("client"),
            engagement_id=d.get("engagement"),
            channel=d["channel"],
            direction=d["direction"],
            occurred_at=d.get("occurred_at"),
            contact_name=d["contact_name"],
            subject=d["subject"],
            summary=d["summary"],
        )
        return Response(s.CommunicationSerializer(record).data, status=status.HTTP_201_CREATED)
