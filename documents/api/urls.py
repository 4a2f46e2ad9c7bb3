"""API of the documents app, under /api/documents/ (names prefixed ``document-``)."""

from django.urls import URLPattern, path

from documents.api import views as v

urlpatterns: list[URLPattern] = [
    path("", v.DocumentListView.as_view(), name="document-list"),
    path("<int:pk>/", v.DocumentDetailView.as_view(), name="document-detail"),
    path("<int:pk>/versions/", v.VersionUploadView.as_view(), name="document-version-upload"),
    path("<int:pk>/downloads/", v.DownloadLogView.as_view(), name="document-downloads"),
    path(
        "versions/<int:pk>/download/",
        v.VersionDownloadView.as_view(),
        name="document-version-download",
    ),
    path(
        "versions/<int:pk>/release/",
        v.VersionReleaseView.as_view(),
        name="document-version-release",
    ),
    path(
        "versions/<int:pk>/make-current/",
        v.VersionMakeCurrentView.as_view(),
        name="document-version-make-current",
    ),
    path("released/", v.ReleasedListView.as_view(), name="document-released"),
    path("engagements/<int:pk>/materials/", v.MaterialsView.as_view(), name="document-materials"),
    path(
        "engagements/<int:pk>/materials/service-ended/",
        v.ServiceEndedView.as_view(),
        name="document-materials-service-ended",
    ),
    path(
        "materials/<int:pk>/dispose/",
        v.MaterialDisposeView.as_view(),
        name="document-material-dispose",
    ),
    path(
        "materials/<int:pk>/consent/",
        v.MaterialConsentView.as_view(),
        name="document-material-consent",
    ),
    path("engagements/<int:pk>/archive/", v.ArchiveView.as_view(), name="document-archive"),
    path(
        "packages/<int:pk>/download/",
        v.PackageDownloadView.as_view(),
        name="document-package-download",
    ),
    path("audits/", v.AuditListView.as_view(), name="document-audits"),
]
