"""API twins of the review pages (X-5): the inbox, a version's review with its record
sheets, and one explicit action endpoint per step, each calling the same service as the page.
Every lookup starts from ``versions_visible_to``: a foreign or missing id answers 404; client
users get 403 (reviews are internal to the firm)."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.navigation import ALL_STAFF
from engagements.selectors.plan import engagement_for
from quality.choices import DefectSource, FindingSeverity
from quality.models import DefectReport, Finding, LevelReview, Signature, VersionReview
from quality.permissions.reviews import access_finding, access_level, access_version
from quality.selectors import reviews as sel
from quality.services import reviews as svc
from staff.models import User

# --- serializers -----------------------------------------------------------------------------


class ReviewSignatureSerializer(serializers.ModelSerializer[Signature]):
    meaning = serializers.CharField(read_only=True)
    meaning_label = serializers.CharField(source="get_meaning_display", read_only=True)

    class Meta:
        model = Signature
        fields = [
            "id",
            "position",
            "signer",
            "printed_name",
            "meaning",
            "meaning_label",
            "signed_at",
            "file_sha256",
            "content_hash",
            "previous_hash",
            "record_hash",
        ]
        read_only_fields = fields


class ReviewFindingSerializer(serializers.ModelSerializer[Finding]):
    severity = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "level_review",
            "location",
            "severity",
            "description",
            "raised_by",
            "raised_at",
            "answer",
            "answered_by",
            "answered_at",
            "recheck_note",
            "status",
            "closed_at",
        ]
        read_only_fields = fields


class ReviewLevelSheetSerializer(serializers.ModelSerializer[LevelReview]):
    level_code = serializers.CharField(source="level.code", read_only=True)
    level_name = serializers.CharField(source="level.label", read_only=True)
    required_role = serializers.CharField(read_only=True)
    meaning = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    findings = ReviewFindingSerializer(many=True, read_only=True)
    signature = serializers.SerializerMethodField()

    class Meta:
        model = LevelReview
        fields = [
            "id",
            "position",
            "level_code",
            "level_name",
            "required_role",
            "meaning",
            "reviewer",
            "status",
            "rounds",
            "findings",
            "signature",
        ]
        read_only_fields = fields

    @extend_schema_field(ReviewSignatureSerializer(allow_null=True))
    def get_signature(self, obj: LevelReview) -> dict[str, Any] | None:
        signature = getattr(obj, "signature", None)
        return ReviewSignatureSerializer(signature).data if signature else None


class VersionReviewSerializer(serializers.ModelSerializer[VersionReview]):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = VersionReview
        fields = [
            "id",
            "version",
            "document",
            "engagement",
            "author",
            "status",
            "current_position",
            "is_major",
            "submitted_by",
            "submitted_at",
            "concluded_at",
        ]
        read_only_fields = fields


class ReviewSheetSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(source="version.pk")
    document_code = serializers.CharField(source="version.document.code")
    number = serializers.IntegerField(source="version.number")
    sha256 = serializers.CharField(source="version.sha256")
    review = VersionReviewSerializer(allow_null=True)
    levels = ReviewLevelSheetSerializer(many=True)


class ReviewInboxRowSerializer(serializers.ModelSerializer[LevelReview]):
    version = serializers.IntegerField(source="review.version_id", read_only=True)
    document_code = serializers.CharField(source="review.document.code", read_only=True)
    document_title = serializers.CharField(source="review.document.title", read_only=True)
    version_number = serializers.IntegerField(source="review.version.number", read_only=True)
    level_name = serializers.CharField(source="level.label", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = LevelReview
        fields = [
            "id",
            "version",
            "document_code",
            "document_title",
            "version_number",
            "position",
            "level_name",
            "status",
            "reviewer",
        ]
        read_only_fields = fields


class ReleaseCheckDocumentSerializer(serializers.Serializer[Any]):
    """A deliverable document, named."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class ReviewInboxSerializer(serializers.Serializer[Any]):
    to_review = ReviewInboxRowSerializer(many=True)
    to_answer = ReviewInboxRowSerializer(many=True)
    to_submit = ReleaseCheckDocumentSerializer(many=True)
    all = ReviewInboxRowSerializer(many=True)


class ReviewFindingInputSerializer(serializers.Serializer[dict[str, Any]]):
    location = serializers.CharField(max_length=200)
    severity = serializers.ChoiceField(choices=FindingSeverity.choices)
    description = serializers.CharField(max_length=5000)


class ReviewAnswerInputSerializer(serializers.Serializer[dict[str, Any]]):
    answer = serializers.CharField(max_length=5000)


class ReviewRecheckInputSerializer(serializers.Serializer[dict[str, Any]]):
    accepted = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReviewSignInputSerializer(serializers.Serializer[dict[str, Any]]):
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    otp = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        help_text="The current code of the signer's authenticator app; required when the "
        "signer enrolled one (SEC-8, SEC-12).",
    )


class ReviewRejectInputSerializer(ReviewSignInputSerializer):
    reason = serializers.CharField(max_length=5000)


class ReviewDefectInputSerializer(serializers.Serializer[dict[str, Any]]):
    """``defect_source``, not ``source``: engagements already publish a ``SourceEnum``."""

    defect_source = serializers.ChoiceField(choices=DefectSource.choices)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    description = serializers.CharField(max_length=5000)


class ReviewDefectSerializer(serializers.ModelSerializer[DefectReport]):
    defect_source = serializers.CharField(source="source", read_only=True)
    responsible = serializers.SerializerMethodField()

    class Meta:
        model = DefectReport
        fields = [
            "id",
            "version",
            "defect_source",
            "location",
            "description",
            "reported_at",
            "responsible",
        ]
        read_only_fields = fields

    def get_responsible(self, obj: DefectReport) -> list[int]:
        return [r.signer_id for r in obj.responsibilities.all()]


class ReleaseCheckSerializer(serializers.Serializer[Any]):
    allowed = serializers.BooleanField()
    blocking = ReleaseCheckDocumentSerializer(many=True)


# --- views -----------------------------------------------------------------------------------


class StaffOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ALL_STAFF))


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _sheet(version_id: int, user: User) -> dict[str, Any]:
    version = access_version(user, version_id)
    sheet = sel.version_sheet(version)
    return ReviewSheetSerializer(sheet).data


class ReviewAPIView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


class ReviewInboxView(ReviewAPIView):
    @extend_schema(responses=ReviewInboxSerializer)
    def get(self, request: Request) -> Response:
        """What waits for the signed-in user (and, for the QA manager, everything in review)."""
        return Response(ReviewInboxSerializer(sel.inbox(self.actor)).data)


class ReviewVersionView(ReviewAPIView):
    @extend_schema(responses=ReviewSheetSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """A version's review: levels, findings, answers, re-checks and signatures."""
        return Response(_sheet(pk, self.actor))


class ReviewSubmitView(ReviewAPIView):
    @extend_schema(request=None, responses={201: ReviewSheetSerializer})
    def post(self, request: Request, pk: int) -> Response:
        version = access_version(self.actor, pk)
        svc.review_submit(actor=self.actor, version=version)
        return Response(_sheet(pk, self.actor), status=status.HTTP_201_CREATED)


class ReviewFindingAddView(ReviewAPIView):
    @extend_schema(request=ReviewFindingInputSerializer, responses={201: ReviewFindingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        level = access_level(self.actor, pk)
        data = _valid(ReviewFindingInputSerializer, request)
        finding = svc.finding_raise(actor=self.actor, level_id=level.pk, **data)
        return Response(ReviewFindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class ReviewReturnView(ReviewAPIView):
    @extend_schema(request=None, responses=ReviewSheetSerializer)
    def post(self, request: Request, pk: int) -> Response:
        level = access_level(self.actor, pk)
        svc.level_return(actor=self.actor, level_id=level.pk)
        return Response(_sheet(level.review.version_id, self.actor))


class ReviewSignView(ReviewAPIView):
    @extend_schema(request=ReviewSignInputSerializer, responses={201: ReviewSignatureSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Electronic signature: the password is re-entered, and the one-time code where the
        signer enrolled an authenticator (X-2, SEC-8, SEC-12)."""
        level = access_level(self.actor, pk)
        data = _valid(ReviewSignInputSerializer, request)
        signature = svc.review_sign(
            actor=self.actor,
            level_id=level.pk,
            password=data["password"],
            otp=data["otp"],
            request=request._request,
        )
        return Response(ReviewSignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class ReviewRejectView(ReviewAPIView):
    @extend_schema(request=ReviewRejectInputSerializer, responses=ReviewSheetSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """The expert panel's rejection, which prevails over earlier levels (QC-5)."""
        level = access_level(self.actor, pk)
        data = _valid(ReviewRejectInputSerializer, request)
        svc.review_reject(
            actor=self.actor,
            level_id=level.pk,
            reason=data["reason"],
            password=data["password"],
            otp=data["otp"],
            request=request._request,
        )
        return Response(_sheet(level.review.version_id, self.actor))


class ReviewFindingAnswerView(ReviewAPIView):
    @extend_schema(request=ReviewAnswerInputSerializer, responses=ReviewFindingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        finding = access_finding(self.actor, pk)
        data = _valid(ReviewAnswerInputSerializer, request)
        finding = svc.finding_answer(actor=self.actor, finding_id=finding.pk, **data)
        return Response(ReviewFindingSerializer(finding).data)


class ReviewFindingRecheckView(ReviewAPIView):
    @extend_schema(request=ReviewRecheckInputSerializer, responses=ReviewFindingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        finding = access_finding(self.actor, pk)
        data = _valid(ReviewRecheckInputSerializer, request)
        finding = svc.finding_recheck(actor=self.actor, finding_id=finding.pk, **data)
        return Response(ReviewFindingSerializer(finding).data)


class ReviewDefectView(ReviewAPIView):
    @extend_schema(request=ReviewDefectInputSerializer, responses={201: ReviewDefectSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """A defect found later, traced to every signer who passed the version (QC-4)."""
        version = access_version(self.actor, pk)
        data = _valid(ReviewDefectInputSerializer, request)
        defect = svc.defect_report(
            actor=self.actor,
            version=version,
            source=data["defect_source"],
            location=data["location"],
            description=data["description"],
        )
        return Response(ReviewDefectSerializer(defect).data, status=status.HTTP_201_CREATED)


class ReviewReleaseCheckView(ReviewAPIView):
    @extend_schema(responses=ReleaseCheckSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """Deliverables whose current version has not passed review (ENG-10)."""
        engagement = engagement_for(self.actor, pk)
        blocking = sel.deliverables_blocking_release(engagement)
        return Response(
            ReleaseCheckSerializer({"allowed": not blocking, "blocking": blocking}).data
        )
