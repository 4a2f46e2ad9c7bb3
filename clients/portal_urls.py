from django.urls import path

from clients import views

app_name = "portal"
urlpatterns = [
    path("", views.portal_home, name="home"),
    path("engagements/<int:pk>/", views.portal_engagement, name="engagement"),
]
