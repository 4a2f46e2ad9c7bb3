from django.urls import path

from core.api import exports, notifications
from core.api.views import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("notifications/", notifications.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/unread-count/",
        notifications.NotificationUnreadCountView.as_view(),
        name="notifications-unread",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/preferences/",
        notifications.NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
    path("exports/jobs/<uuid:pk>/", exports.ExportJobView.as_view(), name="export-job"),
    path(
        "exports/jobs/<uuid:pk>/file/", exports.ExportJobFileView.as_view(), name="export-job-file"
    ),
    path("exports/<slug:key>/<slug:file_format>/", exports.ExportView.as_view(), name="export"),
]
