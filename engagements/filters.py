"""One FilterSet per list, shared by the HTML page and the API."""

import django_filters

from engagements.models import Engagement


class EngagementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="")

    class Meta:
        model = Engagement
        fields = ["stage", "service_type", "client"]
