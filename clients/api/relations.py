"""API twins of support requests (CRM-5), revisits (CRM-6), contacts (CRM-1, SEC-26) and the
personal-data actions (SEC-25). Lists share the pages' FilterSets; state changes are action
endpoints calling the same services. Foreign or missing ids answer 404 (SEC-2)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clients import selectors as sel
from clients.api import relations_serializers as s
from clients.api.views import ClientOrRelationsStaff, RelationsStaff, StaffOnly
from clients.filters import RevisitFilter, SupportRequestFilter
from clients.models import ClientContact, PersonalDataRequest, Revisit, SupportRequest
from clients.permissions import can_handle_personal_data, one, support_visible_to
from clients.services import privacy as privacy_svc
from clients.services import revisits as revisit_svc
from clients.services import support as svc
from clients.services.contacts import contact_save
from core.api.pagination import KeysetPagination
from core.api.params import int_param
from staff.models import User


class PrivacyOfficer(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and can_handle_personal_data(user))


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _actor(request: Request) -> User:
    return cast(User, request.user)


# --- support requests (CRM-5) ----------------------------------------------------------------


class SupportListView(ListAPIView[SupportRequest]):
    """The requests the caller sees, with the next deadline; POST raises one (client users,
    channel online)."""

    permission_classes = [IsAuthenticated, ClientOrRelationsStaff]
    serializer_class = s.SupportRequestSerializer
    filterset_class = SupportRequestFilter
    pagination_class = KeysetPagination
    queryset = SupportRequest.objects.none()

    def get_queryset(self):
        return sel.support_list(user=_actor(self.request))

    @extend_schema(request=s.SupportRaiseSerializer, responses={201: s.SupportRequestSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.SupportRaiseSerializer, request)
        item = svc.support_request_raise(
            actor=_actor(request),
            kind=d["kind"],
            subject=d["subject"],
            description=d["description"],
            engagement_id=d.get("engagement"),
        )
        return Response(s.SupportRequestSerializer(item).data, status=status.HTTP_201_CREATED)


class SupportLogView(APIView):
    permission_classes = [IsAuthenticated, RelationsStaff]

    @extend_schema(request=s.SupportLogSerializer, responses={201: s.SupportRequestSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.SupportLogSerializer, request)
        item = svc.support_request_log(
            actor=_actor(request),
            client_id=d["client"],
            engagement_id=d.get("engagement"),
            kind=d["kind"],
            channel=d["channel"],
            subject=d["subject"],
            description=d["description"],
            contact_name=d["contact_name"],
            received_at=d.get("received_at"),
        )
        return Response(s.SupportRequestSerializer(item).data, status=status.HTTP_201_CREATED)


def _support_detail(actor: User, pk: int) -> dict[str, Any]:
    detail = sel.support_detail(user=actor, pk=pk)
    return s.SupportDetailSerializer(
        {"request": detail.request, "replies": detail.replies, "clocks": detail.clocks}
    ).data


class SupportDetailView(APIView):
    permission_classes = [IsAuthenticated, ClientOrRelationsStaff]

    @extend_schema(responses=s.SupportDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_support_detail(_actor(request), pk))


class SupportReplyView(APIView):
    """A message from the client or from staff (staff may mark it internal)."""

    permission_classes = [IsAuthenticated, ClientOrRelationsStaff]

    @extend_schema(
        request=s.SupportReplyInputSerializer, responses={201: s.SupportDetailSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = _actor(request)
        one(support_visible_to(actor), pk)
        d = _valid(s.SupportReplyInputSerializer, request)
        svc.support_reply(actor=actor, request_id=pk, body=d["body"], internal=d["internal"])
        return Response(_support_detail(actor, pk), status=status.HTTP_201_CREATED)


class SupportResolveView(APIView):
    permission_classes = [IsAuthenticated, RelationsStaff]

    @extend_schema(request=s.SupportResolveSerializer, responses=s.SupportRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        actor = _actor(request)
        one(support_visible_to(actor), pk)
        d = _valid(s.SupportResolveSerializer, request)
        item = svc.support_request_resolve(actor=actor, request_id=pk, resolution=d["resolution"])
        return Response(s.SupportRequestSerializer(item).data)


# --- revisits (CRM-6) ------------------------------------------------------------------------


class RevisitListView(ListAPIView[Revisit]):
    """Revisits the caller sees; POST plans one."""

    permission_classes = [IsAuthenticated, StaffOnly]
    serializer_class = s.RevisitSerializer
    filterset_class = RevisitFilter
    pagination_class = KeysetPagination
    queryset = Revisit.objects.none()

    def get_queryset(self):
        return sel.revisit_list(user=_actor(self.request))

    @extend_schema(request=s.RevisitPlanSerializer, responses={201: s.RevisitSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.RevisitPlanSerializer, request)
        revisit = revisit_svc.revisit_plan(
            actor=_actor(request),
            client_id=d.get("client"),
            engagement_id=d.get("engagement"),
            method=d["method"],
            planned_date=d["planned_date"],
            purpose=d["purpose"],
            owner_id=d.get("owner"),
            contact_name=d.get("contact_name", ""),
        )
        return Response(s.RevisitSerializer(revisit).data, status=status.HTTP_201_CREATED)


class RevisitDetailView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(responses=s.RevisitSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.RevisitSerializer(sel.revisit_detail(user=_actor(request), pk=pk)).data)


class RevisitLogView(APIView):
    """The revisit took place; meets the engagement's follow-up revisit when allowed."""

    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=s.RevisitLogSerializer, responses=s.RevisitSerializer)
    def post(self, request: Request, pk: int) -> Response:
        sel.revisit_detail(user=_actor(request), pk=pk)
        d = _valid(s.RevisitLogSerializer, request)
        revisit = revisit_svc.revisit_log(actor=_actor(request), revisit_id=pk, **d)
        return Response(s.RevisitSerializer(revisit).data)


class RevisitCancelView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=s.RevisitCancelSerializer, responses=s.RevisitSerializer)
    def post(self, request: Request, pk: int) -> Response:
        sel.revisit_detail(user=_actor(request), pk=pk)
        d = _valid(s.RevisitCancelSerializer, request)
        revisit = revisit_svc.revisit_cancel(
            actor=_actor(request), revisit_id=pk, reason=d["reason"]
        )
        return Response(s.RevisitSerializer(revisit).data)


# --- contacts (CRM-1, SEC-26) ----------------------------------------------------------------


class ContactListView(ListAPIView[ClientContact]):
    """Contacts with masked phone and e-mail (``?client=``); POST adds one."""

    permission_classes = [IsAuthenticated, RelationsStaff]
    serializer_class = s.ContactSerializer
    pagination_class = KeysetPagination
    queryset = ClientContact.objects.none()

    def get_queryset(self):
        return sel.contact_list(
            user=_actor(self.request), client_id=int_param(self.request, "client")
        )

    @extend_schema(
        parameters=[OpenApiParameter("client", int, required=False)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.ContactInputSerializer, responses={201: s.ContactSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.ContactInputSerializer, request)
        contact = contact_save(
            actor=_actor(request),
            client_id=d["client"],
            name=d["name"],
            position=d["position"],
            phone=d["phone"],
            email=d["email"],
        )
        return Response(s.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


# --- personal data (SEC-25) ------------------------------------------------------------------


class PersonExportView(APIView):
    """The person's data as JSON (``?as=html`` for a readable page); logged."""

    permission_classes = [IsAuthenticated, PrivacyOfficer]

    @extend_schema(request=s.PrivacyReasonSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Any:
        d = _valid(s.PrivacyReasonSerializer, request)
        data = privacy_svc.person_export(actor=_actor(request), person_id=pk, reason=d["reason"])
        if request.query_params.get("as") == "html":
            from django.template.loader import render_to_string

            html = render_to_string(
                "clients/privacy/export.html",
                {"data": data, "username": data["account"]["username"]},
                request=request._request,
            )
            return HttpResponse(html, content_type="text/html; charset=utf-8")
        return Response(data)


class PersonCorrectView(APIView):
    permission_classes = [IsAuthenticated, PrivacyOfficer]

    @extend_schema(request=s.PrivacyCorrectSerializer, responses=s.PersonalDataRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = dict(_valid(s.PrivacyCorrectSerializer, request))
        reason = d.pop("reason")
        privacy_svc.person_correct(actor=_actor(request), person_id=pk, reason=reason, changes=d)
        latest = PersonalDataRequest.objects.filter(person_id=pk).order_by("-id").first()
        return Response(s.PersonalDataRequestSerializer(latest).data)


class PersonEraseView(APIView):
    permission_classes = [IsAuthenticated, PrivacyOfficer]

    @extend_schema(request=s.PrivacyReasonSerializer, responses=s.PersonalDataRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(s.PrivacyReasonSerializer, request)
        privacy_svc.person_erase(actor=_actor(request), person_id=pk, reason=d["reason"])
        latest = PersonalDataRequest.objects.filter(person_id=pk).order_by("-id").first()
        return Response(s.PersonalDataRequestSerializer(latest).data)


class PersonalDataLogView(ListAPIView[PersonalDataRequest]):
    permission_classes = [IsAuthenticated, PrivacyOfficer]
    serializer_class = s.PersonalDataRequestSerializer
    pagination_class = KeysetPagination
    queryset = PersonalDataRequest.objects.none()

    def get_queryset(self):
        return sel.privacy_log()
