"""views_public (issue 15)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
