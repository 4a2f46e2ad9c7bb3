from __future__ import annotations

from django.urls import path
from rest_framework import generics, serializers

from bench.bare.models import BareItem


class BareItemSerializer(serializers.ModelSerializer[BareItem]):
    class Meta:
        model = BareItem
        fields = ["id", "nature", "subject", "description", "created_at"]


class BareCreate(generics.ListCreateAPIView[BareItem]):
    serializer_class = BareItemSerializer

    def get_queryset(self):
        return BareItem.objects.order_by("-id")[:50]


urlpatterns = [path("items/", BareCreate.as_view())]
