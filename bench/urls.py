"""The portal's URLs plus ``/_bench/ok/``, a view that does nothing: the framework's own cost."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from danvan.urls import handler404, handler500
from danvan.urls import urlpatterns as site_urlpatterns

BASELINE_PATH = "/_bench/ok/"
# The same view where the anonymous page cache does not look (under /api/): what a request costs
# the framework when nothing is cached — the fair baseline for the beacon, which is never cached.
UNCACHED_BASELINE_PATH = "/api/_bench/ok/"


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path(BASELINE_PATH.strip("/") + "/", ok, name="bench_ok"),
    path(UNCACHED_BASELINE_PATH.strip("/") + "/", ok, name="bench_ok_uncached"),
    # Concatenated, not include()d: Django refuses i18n_patterns (the /en/ pages) in an included URLconf.
    *site_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
