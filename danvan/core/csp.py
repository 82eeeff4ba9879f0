"""Content-Security-Policy (django-csp 4) and the endpoint browsers send violation reports to.

Public pages are cached and shared by every visitor (decision 0002), so they carry one fixed policy
without nonces: every script is a static file (``script-src 'self'``), no inline script, no event
attribute, no ``javascript:`` URL. The Wagtail admin renders inline scripts and styles of its own,
so paths under ``settings.DANVAN_ADMIN_CSP_PREFIXES`` get ``settings.DANVAN_ADMIN_CONTENT_SECURITY_POLICY``
instead (decision 0017). The middleware sits above the page cache, so cache hits carry the header.
"""

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .ratelimit import exceeded, too_many_requests

logger = logging.getLogger("danvan.security.csp")

REPORT_MAX_BYTES = 8 * 1024
# Responses a browser shows with its own viewer, not as a document that could run our scripts;
# Chromium's PDF viewer inherits the response's policy and stays blank under object-src 'none'.
UNGOVERNED_TYPES = ("application/pdf",)


class DanvanCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with a second, wider policy for the admin's paths."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.DANVAN_ADMIN_CSP_PREFIXES))
        ):
            parts.config = dict(settings.DANVAN_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith(UNGOVERNED_TYPES):
            return response
        result: HttpResponseBase = super().process_response(request, response)
        return result


def _where(uri: Any) -> str:
    """A reported address without its query or fragment (they may hold what a visitor typed)."""
    text = str(uri or "")[:300]
    if "://" not in text:
        return text[:40]  # "inline", "eval", "data", "self"…
    parts = urlsplit(text)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's CSP violation report (``report-uri``): the directive, what was blocked and on
    which page — no address, cookie or query string. Small (8 KB) and rate limited per address."""
    wait = exceeded(request, "csp_report")
    if wait is not None:
        return too_many_requests(request, wait)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = REPORT_MAX_BYTES + 1
    if length > REPORT_MAX_BYTES:
        return JsonResponse(
            {"error": _("Báo cáo quá lớn.")}, status=413, json_dumps_params={"ensure_ascii": False}
        )
    try:
        body = json.loads(request.read(REPORT_MAX_BYTES + 1)[:REPORT_MAX_BYTES] or b"{}")
        report = body.get("csp-report", body) if isinstance(body, dict) else None
    except (ValueError, UnicodeDecodeError):
        report = None
    if not isinstance(report, dict):
        return JsonResponse(
            {"error": _("Báo cáo không đúng định dạng.")},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    directive = str(report.get("effective-directive") or report.get("violated-directive") or "?")[:60]
    logger.warning(
        "CSP violation: %s blocked %s on %s",
        directive.split(" ")[0],
        _where(report.get("blocked-uri")),
        _where(report.get("document-uri")),
    )
    return HttpResponse(status=204)
