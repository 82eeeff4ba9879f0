"""URLs of the programmes app, included at the site root by danvan/urls.py. Each part keeps its own list."""

from . import api

urlpatterns = [*api.urlpatterns]
