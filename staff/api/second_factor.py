"""API twin of the account-security page (SEC-8, X-5): enrol an authenticator, confirm it,
turn it off, renew the recovery codes. Only the caller's own account; staff only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from staff.api.views import StaffAPIView, _valid
from staff.services import second_factor as svc


class SecondFactorStatusSerializer(serializers.Serializer[dict[str, Any]]):
    enrolled = serializers.BooleanField()
    pending = serializers.BooleanField()
    required_by_firm = serializers.BooleanField(
        help_text="The firm requires a second factor for the caller's signing role."
    )


class SecondFactorEnrolmentSerializer(serializers.Serializer[dict[str, Any]]):
    secret = serializers.CharField(help_text="Base32 key to type into the app.")
    otpauth_url = serializers.CharField()
    qr_svg = serializers.CharField(help_text="The otpauth URL as an SVG QR code.")


class SecondFactorCodeInputSerializer(serializers.Serializer[dict[str, Any]]):
    otp = serializers.CharField(max_length=16)


class SecondFactorDisableInputSerializer(SecondFactorCodeInputSerializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False)


class RecoveryCodesSerializer(serializers.Serializer[dict[str, Any]]):
    recovery_codes = serializers.ListField(child=serializers.CharField())


class SecondFactorView(StaffAPIView):
    @extend_schema(responses=SecondFactorStatusSerializer)
    def get(self, request: Request) -> Response:
        """Whether the caller has an authenticator, one waiting for confirmation, or must
        enrol one because of a signing role."""
        enrolled = svc.is_enrolled(self.actor)
        return Response(
            {
                "enrolled": enrolled,
                "pending": not enrolled and svc.pending_device(self.actor) is not None,
                "required_by_firm": svc.enrolment_required(self.actor),
            }
        )


class SecondFactorEnrolView(StaffAPIView):
    @extend_schema(request=None, responses={201: SecondFactorEnrolmentSerializer})
    def post(self, request: Request) -> Response:
        """Start enrolling: a new key, shown once, to confirm with a code."""
        device = svc.second_factor_enrol_start(actor=self.actor)
        return Response(
            {
                "secret": svc.secret_base32(device),
                "otpauth_url": device.config_url,
                "qr_svg": svc.qr_svg(device),
            },
            status=status.HTTP_201_CREATED,
        )


class SecondFactorConfirmView(StaffAPIView):
    @extend_schema(request=SecondFactorCodeInputSerializer, responses=RecoveryCodesSerializer)
    def post(self, request: Request) -> Response:
        """Confirm the pending key with a current code; answers the recovery codes once."""
        data = _valid(SecondFactorCodeInputSerializer, request)
        codes = svc.second_factor_enrol_confirm(actor=self.actor, code=data["otp"])
        return Response({"recovery_codes": codes})


class SecondFactorDisableView(StaffAPIView):
    @extend_schema(request=SecondFactorDisableInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        """Turn the second factor off: password and a current code."""
        data = _valid(SecondFactorDisableInputSerializer, request)
        svc.second_factor_disable(
            actor=self.actor,
            password=data["password"],
            code=data["otp"],
            request=request._request,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecoveryCodesView(StaffAPIView):
    @extend_schema(request=SecondFactorCodeInputSerializer, responses=RecoveryCodesSerializer)
    def post(self, request: Request) -> Response:
        """New recovery codes after a current authenticator code; the old ones stop working."""
        data = _valid(SecondFactorCodeInputSerializer, request)
        codes = svc.recovery_codes_regenerate(
            actor=self.actor, code=data["otp"], request=request._request
        )
        return Response({"recovery_codes": codes})
