from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from clients.selectors import client_list
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.permissions import access_engagement
from engagements.selectors import engagement_list


@role_required(*ROLES_FOR["clients"])
def client_list_view(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(client_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "clients/list.html", {"page": page})


@role_required(*ROLES_FOR["portal"])
def portal_home(request: AuthedHttpRequest) -> HttpResponse:
    engagements = engagement_list(user=request.user)
    return render(request, "clients/portal_home.html", {"engagements": engagements})


@role_required(*ROLES_FOR["portal"])
def portal_engagement(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return render(request, "clients/portal_engagement.html", {"engagement": engagement})
