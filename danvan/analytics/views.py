"""The beacon, the no-JavaScript pixel, the counter's numbers, and the page that explains them."""

import base64
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from danvan.core import net

from . import client, selectors, services
from .paths import clean_path, is_public_path, site_for

MAX_BODY = 2048
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _not_counted(request: HttpRequest, user_agent: str) -> bool:
    user = getattr(request, "user", None)
    return (
        client.is_robot(user_agent)
        or client.is_prefetch(request)
        or bool(user is not None and user.is_authenticated and user.is_staff)  # editors' own views
    )


def _count(request: HttpRequest, raw_path: object, referrer: str) -> HttpResponse | None:
    """None when counted or deliberately not counted; a 4xx response otherwise."""
    path = clean_path(raw_path)
    if path is None or not is_public_path(path, site_for(request)):
        return _bad(_("Đường dẫn không phải một trang của cổng thông tin này."))
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    if _not_counted(request, user_agent):
        return None
    hit = services.Hit(
        path=path,
        ip=net.client_ip(request),
        user_agent=user_agent,
        referrer=referrer[:500],
        host=request.get_host(),
        device=client.device_class(user_agent),
    )
    try:
        services.record_hit(hit)
    except services.RateLimited:
        return JsonResponse({"error": _("Quá nhiều yêu cầu, xin thử lại sau.")}, status=429)
    return None


@csrf_exempt  # anonymous and cookie-less; cross-site posts are refused below
@require_http_methods(["POST"])
def hit(request: HttpRequest) -> HttpResponse:
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return _bad(_("Chỉ nhận lượt xem từ chính cổng thông tin."))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return _bad(_("Nội dung gửi lên quá lớn."))
    try:
        body: Any = json.loads(request.body[: MAX_BODY + 1])
    except (ValueError, UnicodeDecodeError):
        return _bad(_("Nội dung gửi lên không phải JSON hợp lệ."))
    if not isinstance(body, dict) or not isinstance(body.get("referrer", ""), str):
        return _bad(_('Nội dung gửi lên cần có dạng {"path": "/..."}.'))
    refused = _count(request, body.get("path"), body.get("referrer", ""))
    return refused or HttpResponse(status=204)


@require_safe
@never_cache
def pixel(request: HttpRequest) -> HttpResponse:
    """The <noscript> image: counts GETs (a HEAD only checks the image exists)."""
    if request.method == "GET":
        refused = _count(request, request.GET.get("path"), "")
        if refused is not None:
            return refused
    return HttpResponse(PIXEL, content_type="image/gif")


@require_safe
@never_cache
def visit_counts(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.visit_counts())


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(
        request, "analytics/about.html", {"visit_gap_minutes": int(services.VISIT_GAP.total_seconds() // 60)}
    )
