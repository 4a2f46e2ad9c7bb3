"""FilterSets of the clients app, one per list, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clients.choices import (
    RevisitMethod,
    RevisitStatus,
    SupportChannel,
    SupportKind,
    SupportStatus,
)
from clients.models import Revisit, SupportRequest
from core.filters import IdFilter, StaticFilterSet, StrictBooleanFilter


class SupportRequestFilter(StaticFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=SupportStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=SupportKind.choices, label=_("Kind"))
    channel = django_filters.ChoiceFilter(choices=SupportChannel.choices, label=_("Channel"))
    client = IdFilter(field_name="client_id", label=_("Client"))
    overdue = StrictBooleanFilter(field_name="overdue", label=_("Overdue"))

    class Meta:
        model = SupportRequest
        fields = ["q", "status", "kind", "channel", "client", "overdue"]

    def search(
        self, queryset: QuerySet[SupportRequest], name: str, value: str
    ) -> QuerySet[SupportRequest]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(subject__icontains=value))


class RevisitFilter(StaticFilterSet):
    status = django_filters.ChoiceFilter(choices=RevisitStatus.choices, label=_("Status"))
    method = django_filters.ChoiceFilter(choices=RevisitMethod.choices, label=_("Method"))
    client = IdFilter(field_name="client_id", label=_("Client"))
    engagement = IdFilter(field_name="engagement_id", label=_("Engagement"))
    owner = IdFilter(field_name="owner_id", label=_("Owner"))
    planned_before = django_filters.DateFilter(
        field_name="planned_date", lookup_expr="lte", label=_("Planned on or before")
    )
    has_opportunities = StrictBooleanFilter(method="with_opportunities", label=_("Opportunities"))

    class Meta:
        model = Revisit
        fields = [
            "status",
            "method",
            "client",
            "engagement",
            "owner",
            "planned_before",
            "has_opportunities",
        ]

    def with_opportunities(
        self, queryset: QuerySet[Revisit], name: str, value: bool | None
    ) -> QuerySet[Revisit]:
        if value is None:
            return queryset
        return queryset.exclude(opportunities="") if value else queryset.filter(opportunities="")
