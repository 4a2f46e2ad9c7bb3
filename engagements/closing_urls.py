"""URLs of delivery, acceptance and follow-up pages (included by engagements/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
