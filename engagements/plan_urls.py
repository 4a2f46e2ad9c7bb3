"""URLs of the plan, progress and meeting pages (included by engagements/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
