"""Exportable lists of the documents app (P9): the document register with its FilterSet."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.exports import Column, ExportSpec, any_role, filtered, person, register
from core.navigation import ALL_STAFF
from documents.choices import Confidentiality, DeliverableType
from documents.filters import DocumentFilter
from documents.selectors import document_list
from engagements.choices import ServiceType, Stage
from staff.models import User


def _documents(user: User, params: QueryDict) -> QuerySet[Any]:
    return filtered(DocumentFilter, params, document_list(user=user))


register(
    ExportSpec(
        key="documents",
        title=_("Documents"),
        rows=_documents,
        allowed=any_role(*ALL_STAFF),
        columns=(
            Column(_("Document code"), "code"),
            Column(_("Title"), "title"),
            Column(_("Engagement"), "engagement__code"),
            Column(_("Document type"), "deliverable_type", choices=DeliverableType.choices),
            Column(_("Deliverable"), "is_deliverable"),
            Column(_("Confidentiality"), "confidentiality", choices=Confidentiality.choices),
            Column(_("Project stage"), "project_stage", choices=Stage.choices),
            Column(_("Service content"), "service_content", choices=ServiceType.choices),
            Column(_("Current version"), "current_version__number"),
            Column(_("Versions"), "version_count"),
            person(_("Created by"), "created_by"),
            Column(_("Updated at"), "updated_at"),
        ),
    )
)
