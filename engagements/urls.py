from django.urls import path

from engagements import views

app_name = "engagements"
urlpatterns = [
    path("", views.engagement_list_view, name="list"),
    path("<int:pk>/", views.engagement_detail_view, name="detail"),
]
