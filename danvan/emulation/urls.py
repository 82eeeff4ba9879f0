"""The public and API addresses of “Dân vận khéo” models."""

from . import views

urlpatterns = [*views.urlpatterns]
