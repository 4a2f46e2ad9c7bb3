"""One FilterSet per list, shared by the HTML page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, StaticFilterSet
from engagements.choices import ServiceType, Stage
from engagements.models import Engagement


class EngagementFilter(StaticFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    service_type = django_filters.ChoiceFilter(choices=ServiceType.choices, label=_("Service type"))
    # Plain ids: results are scoped by visible_to anyway, and a choice field would build a
    # queryset-backed form field on every request (P1).
    client = IdFilter(field_name="client_id", label=_("Client"))
    project_manager = IdFilter(field_name="project_manager_id", label=_("Project manager"))
    industry = django_filters.CharFilter(
        field_name="client__industry", lookup_expr="icontains", label=_("Industry")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Engagement
        fields = ["q", "stage", "service_type", "client", "project_manager", "industry", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Engagement], name: str, value: bool | None
    ) -> QuerySet[Engagement]:
        """Engagements with a milestone past its planned date and not completed."""
        if value is None:
            return queryset
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        from engagements.models.plan import Milestone

        late = Milestone.objects.filter(
            engagement=OuterRef("pk"),
            actual_date__isnull=True,
            planned_date__lt=timezone.localdate(),
        )
        return queryset.filter(Exists(late)) if value else queryset.exclude(Exists(late))

    def search(self, queryset: QuerySet[Engagement], name: str, value: str) -> QuerySet[Engagement]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(client__name__icontains=value)
        )
