"""Content-Security-Policy (django-csp 4) and the endpoint browsers send violation reports to.

Public pages are cached and shared by every visitor (decision 0002), so they carry one fixed policy
without nonces: every script is a static file (``script-src 'self'``), no inline script, no event
attribute, no ``javascript:`` URL. The Wagtail admin renders inline scripts and styles of its own,
so paths under ``settings.DANVAN_ADMIN_CSP_PREFIXES`` get ``settings.DANVAN_ADMIN_CONTENT_SECURITY_POLICY``
instead (decision 0017). The middleware sits above the page cache, so cache hits carry the header.

Browsers send their violation reports to ``POST /api/v1/csp-reports/`` (``router``, mounted by
``danvan.api``; CSRF-exempt as every operation of the API).
"""

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Router
from ninja.decorators import decorate_view

from .api import error_response, errors
from .ratelimit import rate_limited

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


REPORT_FIELDS = {
    "document-uri": "Trang nơi có vi phạm (chỉ phần trước ? được ghi lại).",
    "violated-directive": "Chỉ thị bị vi phạm.",
    "effective-directive": "Chỉ thị có hiệu lực (được ghi lại, nếu có).",
    "blocked-uri": "Tài nguyên bị chặn (chỉ phần trước ? được ghi lại), hoặc inline, eval…",
}
# Any value is taken (its text is logged): the fields have no type, so that the schema says no more
# than the endpoint checks.
REPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Báo cáo của trình duyệt; các trường khác được bỏ qua.",
    "properties": {name: {"description": text} for name, text in REPORT_FIELDS.items()},
}
REPORT_BODY: dict[str, Any] = {
    "type": "object",
    "description": 'Dạng `{"csp-report": {…}}` của report-uri; một đối tượng không có khoá ấy được coi '
    "là chính báo cáo.",
    "properties": {"csp-report": REPORT_SCHEMA},
    "example": {
        "csp-report": {
            "document-uri": "https://danvan.example/tin-tuc/",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "https://cdn.example/x.js",
        }
    },
}
CSP_REPORT_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "description": f"JSON, tối đa {REPORT_MAX_BYTES // 1024} KB. Trình duyệt gửi application/csp-report; "
        "application/json cũng được nhận. Không có nội dung: coi như báo cáo rỗng.",
        "content": {
            "application/csp-report": {"schema": REPORT_BODY},
            "application/json": {"schema": REPORT_BODY},
        },
    },
    "responses": {204: {"description": "Đã ghi nhận."}},
}

router = Router(tags=["Bảo mật"])


@router.post(
    "/csp-reports/",
    url_name="csp_report",
    response={204: None, **errors(413)},
    summary="Nhận báo cáo vi phạm chính sách bảo mật nội dung (CSP) từ trình duyệt",
    openapi_extra=CSP_REPORT_OPENAPI,
)
@decorate_view(rate_limited("csp_report"))
def csp_report(request: HttpRequest) -> HttpResponse:
    """Địa chỉ `report-uri` của chính sách CSP: ghi vào nhật ký chỉ thị bị vi phạm, cái bị chặn và trang
    nào — không ghi địa chỉ IP, cookie hay chuỗi truy vấn. Tối đa 8 KB, giới hạn số lần theo địa chỉ."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = REPORT_MAX_BYTES + 1
    if length > REPORT_MAX_BYTES:
        return error_response(_("Báo cáo quá lớn."), 413)
    try:
        body = json.loads(request.read(REPORT_MAX_BYTES + 1)[:REPORT_MAX_BYTES] or b"{}")
        report = body.get("csp-report", body) if isinstance(body, dict) else None
    except (ValueError, UnicodeDecodeError):
        report = None
    if not isinstance(report, dict):
        return error_response(_("Báo cáo không đúng định dạng."), 400)
    directive = str(report.get("effective-directive") or report.get("violated-directive") or "?")[:60]
    logger.warning(
        "CSP violation: %s blocked %s on %s",
        directive.split(" ")[0],
        _where(report.get("blocked-uri")),
        _where(report.get("document-uri")),
    )
    return HttpResponse(status=204)
