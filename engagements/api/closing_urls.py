"""API URLs of delivery, acceptance and follow-up (included by engagements/api/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
