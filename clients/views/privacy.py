"""Contacts (CRM-1, SEC-26) and personal-data requests (SEC-25). Contacts are listed masked;
the privacy pages — for administrators and legal reviewers — export a person's data (JSON or
a readable page), correct it and erase it by pseudonymisation, each logged."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients import selectors as sel
from clients.forms_relations import (
    ContactForm,
    PrivacyCorrectForm,
    PrivacyEraseForm,
    PrivacyReasonForm,
)
from clients.models import ClientContact
from clients.permissions import PRIVACY_ROLES, RELATIONS_ROLES, one, visible_to
from clients.services import privacy as svc
from clients.services.contacts import contact_save
from core.exceptions import ApplicationError
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.views.plan import add_service_error
from staff.models import User


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) < 18 else None


@role_required(*RELATIONS_ROLES)
def contact_list_view(request: AuthedHttpRequest) -> HttpResponse:
    """CRM-1/SEC-26: phone and e-mail masked (138****5678, z***@example.com)."""
    client_id = _int(request.GET.get("client"))
    form = ContactForm(
        request.POST or None,
        clients=visible_to(request.user).order_by("name"),
        initial={"client": client_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                contact_save(
                    actor=request.user,
                    client_id=d["client"].pk,
                    name=d["name"],
                    position=d["position"],
                    phone=d["phone"],
                    email=d["email"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("The contact is saved."))
                return redirect(request.get_full_path())
        else:
            status = 400
    rows = sel.contact_list(user=request.user, client_id=client_id)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "clients/contacts.html", {"page": page, "form": form}, status=status)


@role_required(*PRIVACY_ROLES)
def privacy_index_view(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    people = Paginator(sel.privacy_people(q=q), 25).get_page(request.GET.get("page"))
    log = sel.privacy_log()[:20]
    return render(request, "clients/privacy/index.html", {"people": people, "q": q, "log": log})


def _person_page(
    request: AuthedHttpRequest, pk: int, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    person = one(User.objects.select_related("client"), pk)
    contact = ClientContact.objects.filter(user=person).first()
    forms_ = {
        "export": PrivacyReasonForm(prefix="export"),
        "correct": PrivacyCorrectForm(person=person, contact=contact),
        "erase": PrivacyEraseForm(),
    }
    forms_.update(bound or {})
    return render(
        request,
        "clients/privacy/person.html",
        {
            "person": person,
            "erased": svc.is_erased(person),
            "contact": contact,
            "forms": forms_,
            "log": sel.privacy_log(person_id=person.pk),
        },
        status=status,
    )


@role_required(*PRIVACY_ROLES)
def privacy_person_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, pk)


@require_POST
@role_required(*PRIVACY_ROLES)
def privacy_export_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """SEC-25: the person's data as a JSON file or a readable page; the export is logged."""
    form = PrivacyReasonForm(request.POST, prefix="export")
    if not form.is_valid():
        return _person_page(request, pk, {"export": form}, status=400)
    try:
        data = svc.person_export(
            actor=request.user, person_id=pk, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        add_service_error(form, exc)
        return _person_page(request, pk, {"export": form}, status=exc.status_code)
    username = data["account"]["username"]
    if request.POST.get("format") == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{pk}.json"'
        response["Cache-Control"] = "private, no-store"
        return response
    response = render(request, "clients/privacy/export.html", {"data": data, "username": username})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*PRIVACY_ROLES)
def privacy_correct_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = one(User.objects.all(), pk)
    contact = ClientContact.objects.filter(user=person).first()
    form = PrivacyCorrectForm(request.POST, person=person, contact=contact)
    if not form.is_valid():
        return _person_page(request, pk, {"correct": form}, status=400)
    d = dict(form.cleaned_data)
    reason = d.pop("reason")
    changes = {k: v for k, v in d.items() if k in form.changed_data}
    if not person.client_id:
        changes.pop("phone", None)
        changes.pop("position", None)
    try:
        svc.person_correct(actor=request.user, person_id=pk, reason=reason, changes=changes)
    except ApplicationError as exc:
        add_service_error(form, exc)
        if not exc.extra:
            messages.error(request, exc.message)
        return _person_page(request, pk, {"correct": form}, status=exc.status_code)
    messages.success(request, _("The correction is saved and logged."))
    return redirect("clients:privacy_person", pk)


@require_POST
@role_required(*PRIVACY_ROLES)
def privacy_erase_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    form = PrivacyEraseForm(request.POST)
    if not form.is_valid():
        return _person_page(request, pk, {"erase": form}, status=400)
    try:
        svc.person_erase(actor=request.user, person_id=pk, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _person_page(request, pk, {"erase": form}, status=exc.status_code)
    messages.success(request, _("The person's data is erased; the account is closed."))
    return redirect("clients:privacy_person", pk)
