from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import LanguageInputSerializer, MeSerializer
from staff.models import User
from staff.services import user_set_language


class MeView(APIView):
    """The signed-in user's profile and roles; PATCH sets the interface language (X-4, X-5)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(cast(User, request.user)).data)

    @extend_schema(request=LanguageInputSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        data = LanguageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_set_language(
            user=cast(User, request.user), language=data.validated_data["language"]
        )
        return Response(MeSerializer(user).data)
