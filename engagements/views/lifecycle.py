from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.filters import EngagementFilter
from engagements.permissions import access_engagement
from engagements.selectors import engagement_list


@role_required(*ROLES_FOR["engagements"])
def engagement_list_view(request: AuthedHttpRequest) -> HttpResponse:
    filterset = EngagementFilter(request.GET, queryset=engagement_list(user=request.user))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(request, "engagements/list.html", {"filter": filterset, "page": page})


@role_required(*ROLES_FOR["engagements"])
def engagement_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return render(request, "engagements/detail.html", {"engagement": engagement})
