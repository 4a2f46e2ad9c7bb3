from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("engagement/<int:pk>/", views.engagement_documents, name="engagement"),
    path("engagement/<int:pk>/new/", views.document_create, name="create"),
    path("engagement/<int:pk>/materials/", views.material_register, name="material-register"),
    path(
        "engagement/<int:pk>/materials/service-ended/",
        views.materials_service_ended,
        name="materials-service-ended",
    ),
    path("engagement/<int:pk>/archive/", views.archive_request, name="archive-request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/", views.version_upload, name="version-upload"),
    path("versions/<int:pk>/download/", views.download, name="download"),
    path("versions/<int:pk>/release/", views.version_release, name="release"),
    path("versions/<int:pk>/make-current/", views.version_make_current, name="make-current"),
    path("materials/<int:pk>/dispose/", views.material_dispose, name="material-dispose"),
    path("materials/<int:pk>/consent/", views.material_consent, name="material-consent"),
    path(
        "materials/<int:pk>/certificate/", views.material_certificate, name="material-certificate"
    ),
    path("packages/<int:pk>/download/", views.package_download, name="package-download"),
    path("audits/", views.audits, name="audits"),
    path("audits/run/", views.audit_run, name="audit-run"),
    path("portal/", views.portal, name="documents_portal"),
]
