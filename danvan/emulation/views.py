"""Public gallery and API of “Dân vận khéo” models (issue 16)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
