"""The site's URLs plus one test-only page that breaks the Content-Security-Policy (e2e/test_csp.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from danvan.urls import urlpatterns as site_urlpatterns

PROBE_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>probe</title>
<script>document.title = "inline ran";</script></head>
<body><button id="b" onclick="document.title = 'handler ran'">b</button></body></html>"""


def inline_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PROBE_HTML)


urlpatterns = [path("csp-probe/", inline_script), *site_urlpatterns]
