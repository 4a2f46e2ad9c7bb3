"""API URLs of plan, progress and meetings (included by engagements/api/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
