"""One FilterSet per list, shared by the HTML page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from engagements.choices import ServiceType, Stage
from engagements.models import Engagement
from staff.models import User


class EngagementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    service_type = django_filters.ChoiceFilter(choices=ServiceType.choices, label=_("Service type"))
    client = django_filters.ModelChoiceFilter(queryset=Client.objects.all(), label=_("Client"))
    project_manager = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(client__isnull=True), label=_("Project manager")
    )
    industry = django_filters.CharFilter(
        field_name="client__industry", lookup_expr="icontains", label=_("Industry")
    )

    class Meta:
        model = Engagement
        fields = ["q", "stage", "service_type", "client", "project_manager", "industry"]

    def search(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(client__name__icontains=value)
        )
