"""Document pages: the index with search and filters, an engagement's documents (upload,
client materials, archive package), a document's versions and download log, the audits list
and the client's released documents. Files leave only through ``download`` and
``package_download``, which authorise and log first (SEC-5, DOC-3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError, ForbiddenError, NotFoundError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from documents import forms, selectors
from documents import permissions as perms
from documents.choices import PackageStatus
from documents.filters import DocumentFilter
from documents.models import ArchivePackage, DownloadLog
from documents.services import archive, materials
from documents.services import documents as svc
from documents.services.uploads import allowed_extensions, download_response
from engagements.permissions import access_engagement, can_manage

STAFF = ROLES_FOR["documents"]
PAGE_SIZE = 50


def client_ip(request: AuthedHttpRequest) -> str | None:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def _attempt(request: AuthedHttpRequest, action: Callable[[], Any], done: str) -> bool:
    """A refused step is flashed on the page it came from; a refusal of the actor (403) or of
    the object (404) is answered as such, not as a redirect that reads like success (SEC-1)."""
    try:
        action()
    except (ForbiddenError, NotFoundError):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


def _form_errors(request: AuthedHttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@role_required(*STAFF)
def index(request: AuthedHttpRequest) -> HttpResponse:
    filterset = DocumentFilter(request.GET, queryset=selectors.document_list(user=request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/index.html", {"filter": filterset, "page": page})


@role_required(*STAFF)
def engagement_documents(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    documents = selectors.document_list(user=request.user).filter(engagement=engagement)
    context = {
        "engagement": engagement,
        "documents": documents,
        "can_upload": perms.can_upload(request.user, engagement),
        "can_manage": can_manage(request.user, engagement),
        "can_handle_materials": perms.can_handle_materials(request.user, engagement),
        "can_build_archive": perms.can_build_archive(request.user, engagement),
        "create_form": forms.DocumentCreateForm(),
        "material_form": forms.MaterialReceiptForm(),
        "dispose_form": forms.DisposeForm(),
        "consent_form": forms.ConsentForm(),
        "materials": selectors.engagement_materials(engagement=engagement),
        "packages": selectors.engagement_packages(engagement=engagement),
        "completeness": archive.archive_completeness(engagement),
        "extensions": ", ".join(allowed_extensions()),
    }
    return render(request, "documents/engagement.html", context)


@role_required(*STAFF)
@require_POST
def document_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    form = forms.DocumentCreateForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("documents:engagement", pk=engagement.pk)
    created: dict[str, Any] = {}

    def create() -> None:
        created["document"] = svc.document_create(
            actor=request.user, engagement=engagement, **form.cleaned_data
        )

    if _attempt(request, create, _("Document uploaded.")):
        return redirect("documents:detail", pk=created["document"].pk)
    return redirect("documents:engagement", pk=engagement.pk)


@role_required(*STAFF)
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    document = perms.access_document(request.user, pk)
    show_log = perms.can_see_download_log(request.user, document)
    context = {
        "document": document,
        "versions": selectors.document_versions(user=request.user, document=document),
        "can_upload": perms.can_upload(request.user, document.engagement),
        "can_release": perms.can_release(request.user, document),
        "show_log": show_log,
        "downloads": selectors.download_log(document=document) if show_log else [],
        "upload_form": forms.VersionUploadForm(),
        "extensions": ", ".join(allowed_extensions()),
    }
    return render(request, "documents/detail.html", context)


@role_required(*STAFF)
@require_POST
def version_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    document = perms.access_document(request.user, pk)
    form = forms.VersionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(
            request,
            lambda: svc.document_version_upload(
                actor=request.user, document=document, **form.cleaned_data
            ),
            _("New version uploaded."),
        )
    else:
        _form_errors(request, form)
    return redirect("documents:detail", pk=document.pk)


@role_required(*STAFF)
@require_POST
def version_release(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = perms.access_version(request.user, pk)
    form = forms.ReleaseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _attempt(
        request,
        lambda: svc.document_release(actor=request.user, version=version, note=note),
        _("Version released to the client."),
    )
    return redirect("documents:detail", pk=version.document_id)


@role_required(*STAFF)
@require_POST
def version_make_current(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = perms.access_version(request.user, pk)
    _attempt(
        request,
        lambda: svc.document_set_current(actor=request.user, version=version),
        _("Current version changed."),
    )
    return redirect("documents:detail", pk=version.document_id)


@login_required
def download(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    """The only way to a version's bytes: authorise (404 otherwise), log, stream."""
    version = perms.access_version(request.user, pk)
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    svc.download_record(
        user=request.user,
        version=version,
        channel=DownloadLog.Channel.WEB,
        ip_address=client_ip(request),
    )
    return download_response(handle, version.original_name, version.content_type)


# --- client materials (DOC-5) -------------------------------------------------------------


@role_required(*STAFF)
@require_POST
def material_register(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    form = forms.MaterialReceiptForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: materials.client_material_register(
                actor=request.user, engagement=engagement, **form.cleaned_data
            ),
            _("Client material registered."),
        )
    else:
        _form_errors(request, form)
    return redirect("documents:engagement", pk=engagement.pk)


@role_required(*STAFF)
@require_POST
def materials_service_ended(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    _attempt(
        request,
        lambda: materials.client_materials_service_ended(actor=request.user, engagement=engagement),
        _("Service end recorded: the return-or-destroy clock is running."),
    )
    return redirect("documents:engagement", pk=engagement.pk)


def _material(request: AuthedHttpRequest, pk: int) -> Any:
    return get_object_or_404(
        perms.materials_visible_to(request.user).select_related("engagement"), pk=pk
    )


@role_required(*STAFF)
@require_POST
def material_dispose(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    form = forms.DisposeForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: materials.client_material_dispose(
                actor=request.user, material=material, **form.cleaned_data
            ),
            _("Return or destruction recorded; the certificate is ready."),
        )
    else:
        _form_errors(request, form)
    return redirect("documents:engagement", pk=material.engagement_id)


@role_required(*STAFF)
@require_POST
def material_consent(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: materials.client_material_record_consent(
                actor=request.user, material=material, **form.cleaned_data
            ),
            _("The client's written consent is recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect("documents:engagement", pk=material.engagement_id)


@role_required(*STAFF)
def material_certificate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    if not material.certificate_number:
        raise Http404
    return render(request, "documents/certificate.html", {"material": material})


# --- archive packages (DOC-4) and audits (DOC-6) -----------------------------------------------


@role_required(*STAFF)
@require_POST
def archive_request(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    _attempt(
        request,
        lambda: archive.archive_package_request(actor=request.user, engagement=engagement),
        _("The archive package is being built; refresh in a moment."),
    )
    return redirect("documents:engagement", pk=engagement.pk)


@role_required(*STAFF)
def package_download(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    package = get_object_or_404(
        ArchivePackage.objects.select_related("engagement").filter(status=PackageStatus.READY),
        pk=pk,
    )
    engagement = access_engagement(request.user, package.engagement_id)
    if not perms.can_build_archive(request.user, engagement):
        raise Http404
    return download_response(  # type: ignore[return-value]  # a streamed FileResponse
        package.file.open("rb"), f"{engagement.code}-archive.zip", "application/zip"
    )


@role_required(*STAFF)
def audits(request: AuthedHttpRequest) -> HttpResponse:
    if not perms.can_run_audit(request.user):
        raise Http404
    runs = selectors.audit_list()
    latest = runs[0] if runs else None
    findings = latest.findings.select_related("package__engagement") if latest else []
    return render(
        request, "documents/audits.html", {"runs": runs, "latest": latest, "findings": findings}
    )


@role_required(*STAFF)
@require_POST
def audit_run(request: AuthedHttpRequest) -> HttpResponse:
    _attempt(
        request,
        lambda: archive.document_audit_run(actor=request.user),
        _("Document audit finished."),
    )
    return redirect("documents:audits")


# --- the client's portal page ---------------------------------------------------------------------


@role_required(*ROLES_FOR["portal"])
def portal(request: AuthedHttpRequest) -> HttpResponse:
    versions = selectors.released_to_client(user=request.user)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/portal.html", {"page": page})
