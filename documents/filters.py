"""FilterSets of the documents app, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import StaticFilterSet, StrictBooleanFilter
from documents.choices import Confidentiality, DeliverableType
from documents.models import Document, VersionText
from engagements.choices import ServiceType, Stage

TEXT_MATCH_LIMIT = 5000


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
        value = value.strip()
        if not value:
            return queryset
        # The text matches are fetched first as a literal id list, so PostgreSQL can combine
        # three trigram index scans (BitmapOr) instead of scanning every document (P7).
        in_text = list(
            VersionText.objects.filter(content__icontains=value)
            .values_list("version__document_id", flat=True)
            .distinct()[:TEXT_MATCH_LIMIT]
        )
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(pk__in=in_text)
        )
