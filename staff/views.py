from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from staff.selectors import staff_directory


@role_required(*ROLES_FOR["staff"])
def index(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(staff_directory(), 50).get_page(request.GET.get("page"))
    return render(request, "staff/index.html", {"page": page})
