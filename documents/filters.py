"""FilterSets of the documents app, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import StaticFilterSet, StrictBooleanFilter
from core.search import substring_search
from documents.choices import Confidentiality, DeliverableType
from documents.models import Document, VersionText
from engagements.choices import ServiceType, Stage


class DocumentFilter(StaticFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    engagement = django_filters.NumberFilter(field_name="engagement_id", label=_("Engagement"))
    deliverable_type = django_filters.ChoiceFilter(
        choices=DeliverableType.choices, label=_("Document type")
    )
    confidentiality = django_filters.ChoiceFilter(
        choices=Confidentiality.choices, label=_("Confidentiality")
    )
    project_stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Project stage"))
    service_content = django_filters.ChoiceFilter(
        choices=ServiceType.choices, label=_("Service content")
    )
    is_deliverable = StrictBooleanFilter(label=_("Deliverable"))

    class Meta:
        model = Document
        fields = [
            "q",
            "engagement",
            "deliverable_type",
            "confidentiality",
            "project_stage",
            "service_content",
            "is_deliverable",
        ]

    def search(self, queryset: QuerySet[Document], name: str, value: str) -> QuerySet[Document]:
        """Code, title or the extracted text of any version (pg_trgm indexes on PostgreSQL)."""
        in_text = VersionText.objects.filter(content__icontains=value.strip()).values_list(
            "version__document_id"
        )
        return substring_search(
            queryset, value, fields=("code", "title"), coded=("code",), also=in_text
        )
