from django.http import HttpResponse
from django.shortcuts import render

from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest


@role_required(*ROLES_FOR["quality"])
def index(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "quality/index.html")
