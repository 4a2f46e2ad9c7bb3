from rest_framework import viewsets

from clients.api.serializers import ClientSerializer
from clients.models import Client
from clients.permissions import visible_to


class ClientViewSet(viewsets.ReadOnlyModelViewSet[Client]):
    """Client organisations visible to the caller."""

    serializer_class = ClientSerializer

    def get_queryset(self):
        return visible_to(self.request.user).order_by("name")
