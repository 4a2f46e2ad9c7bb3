"""The engagement API: reads scoped by visible_to, and every lifecycle step as an explicit
action calling the same service as the page (X-5)."""

from __future__ import annotations

from typing import Any, cast

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from clients.permissions import visible_to as clients_visible_to
from core.api.concurrency import IF_MATCH, STALE, with_etag, write_if_current
from core.api.pagination import KeysetPagination
from core.api.permissions import AnyRole, StaffWritesOnly
from core.exceptions import NotFoundError
from engagements.api import lifecycle as io
from engagements.api.serializers import EngagementSerializer, engagement_row
from engagements.filters import EngagementFilter
from engagements.models import Contract, Engagement, FeasibilityAssessment, Proposal, Requirements
from engagements.selectors import engagement_list, engagement_list_rows, quotation_versions
from engagements.selectors.kpis import engagement_kpis
from engagements.services import lifecycle as svc
from staff.models import User

# Actions on one engagement: no list filters or pagination (neither in the schema nor applied
# to the lookup, where ``?stage=…`` would otherwise turn an existing engagement into a 404).
ONE_ENGAGEMENT: dict[str, Any] = {"detail": True, "filter_backends": [], "pagination_class": None}


class EngagementViewSet(viewsets.ReadOnlyModelViewSet[Engagement]):
    """Engagements visible to the caller; client users see only their organisation's."""

    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    queryset = Engagement.objects.none()
    permission_classes = [IsAuthenticated, AnyRole, StaffWritesOnly]
    pagination_class = KeysetPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return engagement_list(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Plain rows through the keyset pager: the same output as the serializer (P1)."""
        queryset = self.filter_queryset(engagement_list_rows(user=self.actor))
        page = self.paginate_queryset(queryset)
        tz = timezone.get_current_timezone()
        return self.get_paginated_response([engagement_row(row, tz) for row in page or []])

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)

    def _input(self, serializer_class: Any) -> dict[str, Any]:
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return cast(dict[str, Any], data.validated_data)

    def _editable(self, model: Any, serializer: Any, save: Any) -> Response:
        """GET or PUT one editable record of the engagement, with ETag/If-Match (SEC-15)."""
        engagement = self.get_object()
        rows = model.objects.filter(engagement=engagement)
        if self.request.method == "PUT":
            data = self._input(serializer)
            saved = write_if_current(
                self.request, rows, lambda: save(actor=self.actor, engagement=engagement, **data)
            )
            return with_etag(Response(serializer(saved).data), saved)
        current = get_object_or_404(rows)
        return with_etag(Response(serializer(current).data), current)

    def _out(self, engagement: Engagement) -> Response:
        return Response(EngagementSerializer(engagement).data)

    @extend_schema(request=io.IntakeSerializer, responses={201: EngagementSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a lead or client enquiry (ENG-1); an enquiry starts its answer clock."""
        data = self._input(io.IntakeSerializer)
        client = clients_visible_to(self.actor).filter(pk=data.pop("client")).first()
        if client is None:
            raise NotFoundError("client")
        engagement = svc.engagement_intake(actor=self.actor, client=client, **data)
        return Response(EngagementSerializer(engagement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=io.TransitionSerializer, responses=EngagementSerializer)
    @action(**ONE_ENGAGEMENT, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        data = self._input(io.TransitionSerializer)
        return self._out(
            svc.engagement_transition(actor=self.actor, engagement=self.get_object(), **data)
        )

    @extend_schema(request=io.ReasonSerializer, responses=EngagementSerializer)
    @action(**ONE_ENGAGEMENT, methods=["post"])
    def resume(self, request: Request, pk: str) -> Response:
        data = self._input(io.ReasonSerializer)
        return self._out(
            svc.engagement_resume(actor=self.actor, engagement=self.get_object(), **data)
        )

    @extend_schema(request=None, responses=EngagementSerializer)
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="answer-enquiry",
    )
    def answer_enquiry(self, request: Request, pk: str) -> Response:
        return self._out(
            svc.engagement_answer_enquiry(actor=self.actor, engagement=self.get_object())
        )

    @extend_schema(responses=io.TransitionOutSerializer(many=True))
    @action(**ONE_ENGAGEMENT, methods=["get"])
    def transitions(self, request: Request, pk: str) -> Response:
        rows = self.get_object().transitions.select_related("actor").order_by("at", "id")
        return Response(io.TransitionOutSerializer(rows, many=True).data)

    @extend_schema(methods=["GET"], responses=io.RequirementsSerializer)
    @extend_schema(
        methods=["PUT"],
        request=io.RequirementsSerializer,
        responses={200: io.RequirementsSerializer, 412: STALE},
        parameters=[IF_MATCH],
    )
    @action(**ONE_ENGAGEMENT, methods=["get", "put"])
    def requirements(self, request: Request, pk: str) -> Response:
        return self._editable(Requirements, io.RequirementsSerializer, svc.requirements_save)

    @extend_schema(methods=["GET"], responses=io.FeasibilitySerializer)
    @extend_schema(
        methods=["PUT"],
        request=io.FeasibilitySerializer,
        responses={200: io.FeasibilitySerializer, 412: STALE},
        parameters=[IF_MATCH],
    )
    @action(**ONE_ENGAGEMENT, methods=["get", "put"])
    def feasibility(self, request: Request, pk: str) -> Response:
        return self._editable(FeasibilityAssessment, io.FeasibilitySerializer, svc.feasibility_save)

    @extend_schema(request=io.ConcludeSerializer, responses=io.FeasibilitySerializer)
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="feasibility/conclude",
    )
    def feasibility_conclude(self, request: Request, pk: str) -> Response:
        data = self._input(io.ConcludeSerializer)
        assessment = svc.feasibility_conclude(
            actor=self.actor, engagement=self.get_object(), **data
        )
        return Response(io.FeasibilitySerializer(assessment).data)

    @extend_schema(methods=["GET"], responses=io.QuotationSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=io.QuotationSerializer, responses={201: io.QuotationSerializer}
    )
    @action(**ONE_ENGAGEMENT, methods=["get", "post"])
    def quotations(self, request: Request, pk: str) -> Response:
        engagement = self.get_object()
        if request.method == "POST":
            data = self._input(io.QuotationSerializer)
            quotation = svc.quotation_create(actor=self.actor, engagement=engagement, **data)
            fresh = quotation_versions(engagement=engagement).get(pk=quotation.pk)
            return Response(io.QuotationSerializer(fresh).data, status=status.HTTP_201_CREATED)
        return Response(
            io.QuotationSerializer(quotation_versions(engagement=engagement), many=True).data
        )

    @extend_schema(methods=["GET"], responses=io.ProposalSerializer)
    @extend_schema(
        methods=["PUT"],
        request=io.ProposalSerializer,
        responses={200: io.ProposalSerializer, 412: STALE},
        parameters=[IF_MATCH],
    )
    @action(**ONE_ENGAGEMENT, methods=["get", "put"])
    def proposal(self, request: Request, pk: str) -> Response:
        return self._editable(Proposal, io.ProposalSerializer, svc.proposal_save)

    @extend_schema(request=io.ReviewInputSerializer, responses={201: io.ReviewSerializer})
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="proposal/review",
    )
    def proposal_review(self, request: Request, pk: str) -> Response:
        data = self._input(io.ReviewInputSerializer)
        review = svc.proposal_review(actor=self.actor, engagement=self.get_object(), **data)
        return Response(io.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=io.ProposalSerializer)
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="proposal/send",
    )
    def proposal_send(self, request: Request, pk: str) -> Response:
        return Response(
            io.ProposalSerializer(
                svc.proposal_send(actor=self.actor, engagement=self.get_object())
            ).data
        )

    @extend_schema(methods=["GET"], responses=io.ContractSerializer)
    @extend_schema(
        methods=["PUT"],
        request=io.ContractSerializer,
        responses={200: io.ContractSerializer, 412: STALE},
        parameters=[IF_MATCH],
    )
    @action(**ONE_ENGAGEMENT, methods=["get", "put"])
    def contract(self, request: Request, pk: str) -> Response:
        return self._editable(Contract, io.ContractSerializer, svc.contract_save)

    @extend_schema(request=io.LegalReviewInputSerializer, responses={201: io.ReviewSerializer})
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="contract/legal-review",
    )
    def contract_legal_review(self, request: Request, pk: str) -> Response:
        data = self._input(io.LegalReviewInputSerializer)
        checklist = {key: data.pop(key) for key in svc.LEGAL_CHECKLIST}
        review = svc.contract_legal_review(
            actor=self.actor, engagement=self.get_object(), checklist=checklist, **data
        )
        return Response(io.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=io.PasswordSerializer, responses=io.ContractSerializer)
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="contract/sign",
    )
    def contract_sign(self, request: Request, pk: str) -> Response:
        data = self._input(io.PasswordSerializer)
        return Response(
            io.ContractSerializer(
                svc.contract_sign(actor=self.actor, engagement=self.get_object(), **data)
            ).data
        )

    @extend_schema(request=io.CopySerializer, responses={201: io.CopySerializer})
    @action(
        **ONE_ENGAGEMENT,
        methods=["post"],
        url_path="contract/copies",
    )
    def contract_copies(self, request: Request, pk: str) -> Response:
        data = self._input(io.CopySerializer)
        copy = svc.contract_distribute(actor=self.actor, engagement=self.get_object(), **data)
        return Response(
            {"recipient": copy.recipient, "copies": copy.copies}, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=io.KpiSerializer)
    @action(**ONE_ENGAGEMENT, methods=["get"])
    def kpis(self, request: Request, pk: str) -> Response:
        """Schedule deviation and cost overrun against the firm's thresholds (ENG-9)."""
        kpis = engagement_kpis(engagement=self.get_object())
        return Response(io.KpiSerializer(cast(Any, kpis)).data)

    @extend_schema(request=io.BudgetSerializer, responses=EngagementSerializer)
    @action(**ONE_ENGAGEMENT, methods=["post"])
    def budget(self, request: Request, pk: str) -> Response:
        data = self._input(io.BudgetSerializer)
        return self._out(
            svc.engagement_set_budget(actor=self.actor, engagement=self.get_object(), **data)
        )

    @extend_schema(responses=io.ReviewSerializer(many=True))
    @action(**ONE_ENGAGEMENT, methods=["get"])
    def reviews(self, request: Request, pk: str) -> Response:
        rows = self.get_object().reviews.select_related("reviewer").order_by("at", "id")
        return Response(io.ReviewSerializer(rows, many=True).data)
