from rest_framework import viewsets

from engagements.api.serializers import EngagementSerializer
from engagements.filters import EngagementFilter
from engagements.models import Engagement
from engagements.selectors import engagement_list


class EngagementViewSet(viewsets.ReadOnlyModelViewSet[Engagement]):
    """Engagements visible to the caller; client users see only their organisation's."""

    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter

    def get_queryset(self):
        return engagement_list(user=self.request.user)
