"""The visit counter's API (decision 0005): the beacon every page sends, the no-JavaScript pixel and
the counter's two numbers. Only views of this site's live public pages count; robots, prefetches and
editors' own views are answered but not counted; a visitor sending more than
``DANVAN_HITS_PER_MINUTE`` beacons a minute is refused (429).

The beacon reads its body itself, so that its refusals keep their own messages (not JSON, not an
object, a wrong type, too large, from another site); the body's schema is declared beside it.
"""

import base64
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, P, QueryEx, Router, Schema
from ninja.decorators import decorate_view

from danvan.core import net
from danvan.core.api import ApiError, errors

from . import client, selectors, services
from .paths import MAX_PATH, clean_path, is_public_path, site_for

MAX_BODY = 2048
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

router = Router(tags=["Thống kê truy cập"])

PATH_DESCRIPTION = (
    f"Đường dẫn của trang vừa xem, bắt đầu bằng / (tối đa {MAX_PATH} ký tự; phần ?… và #… bỏ qua). "
    "Không phải một trang công khai của cổng thì bị từ chối (400)."
)
HIT_BODY = {
    "type": "object",
    "properties": {
        "path": {"type": "string", "description": PATH_DESCRIPTION, "examples": ["/tin-tuc/"]},
        "referrer": {
            "type": "string",
            "default": "",
            "description": "Trang trước đó (document.referrer); chỉ tên miền được ghi lại.",
            "examples": ["https://www.google.com/"],
        },
    },
    "required": ["path"],
}
HIT_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": f"JSON, tối đa {MAX_BODY} byte.",
        "content": {"application/json": {"schema": HIT_BODY}},
    },
    "responses": {204: {"description": "Đã nhận (được đếm, hoặc cố ý không đếm)."}},
}
PIXEL_OPENAPI: dict[str, Any] = {
    "responses": {
        200: {
            "description": "Ảnh GIF 1×1 trong suốt; không bao giờ được lưu đệm.",
            "content": {"image/gif": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class VisitsOut(Schema):
    today: int = Field(description="Số lượt truy cập hôm nay (ngày theo giờ Việt Nam).", examples=[128])
    total: int = Field(description="Tổng số lượt truy cập từ khi bắt đầu đếm.", examples=[40213])


def _not_counted(request: HttpRequest, user_agent: str) -> bool:
    user = getattr(request, "user", None)
    return (
        client.is_robot(user_agent)
        or client.is_prefetch(request)
        or bool(user is not None and user.is_authenticated and user.is_staff)  # editors' own views
    )


def _count(request: HttpRequest, raw_path: object, referrer: str) -> None:
    """Counts the view, or deliberately does not; raises ApiError (400, 429) otherwise."""
    path = clean_path(raw_path)
    if path is None or not is_public_path(path, site_for(request)):
        raise ApiError(_("Đường dẫn không phải một trang của cổng thông tin này."))
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    if _not_counted(request, user_agent):
        return
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
        raise ApiError(_("Quá nhiều yêu cầu, xin thử lại sau."), status=429) from None


@router.post(
    "/hits/",
    url_name="analytics_hit",
    response={204: None, **errors()},
    summary="Đếm một lượt xem trang (beacon của mỗi trang)",
    openapi_extra=HIT_OPENAPI,
)
def hit(request: HttpRequest) -> HttpResponse:
    """Mỗi trang gửi một lần khi được xem. Chỉ nhận từ chính cổng thông tin (tiêu đề
    `Sec-Fetch-Site` khác `same-origin`/`none` thì 400); không cần cookie hay CSRF."""
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        raise ApiError(_("Chỉ nhận lượt xem từ chính cổng thông tin."))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        raise ApiError(_("Nội dung gửi lên quá lớn."))
    try:
        body: Any = json.loads(request.body[: MAX_BODY + 1])
    except (ValueError, UnicodeDecodeError):
        raise ApiError(_("Nội dung gửi lên không phải JSON hợp lệ.")) from None
    if not isinstance(body, dict) or not isinstance(body.get("referrer", ""), str):
        raise ApiError(_('Nội dung gửi lên cần có dạng {"path": "/..."}.'))
    _count(request, body.get("path"), body.get("referrer", ""))
    return HttpResponse(status=204)


def _asked_with_head(request: HttpRequest) -> bool:
    # ApiMiddleware answers a HEAD as a GET (request.method is "GET" here); the request line is kept.
    return str(request.META.get("REQUEST_METHOD", "")).upper() == "HEAD"


@router.get(
    "/hits/pixel.gif",
    url_name="analytics_pixel",
    response=errors(),
    summary="Ảnh 1×1 đếm lượt xem khi trình duyệt không chạy JavaScript",
    openapi_extra=PIXEL_OPENAPI,
)
@decorate_view(never_cache)
def pixel(
    request: HttpRequest,
    path: QueryEx[str, P(description=PATH_DESCRIPTION)] = "",
) -> HttpResponse:
    """Ảnh trong `<noscript>` của mỗi trang: một GET đếm lượt xem trang `path`; một HEAD chỉ kiểm tra
    ảnh có đó, không đếm."""
    if not _asked_with_head(request):
        _count(request, path, "")
    return HttpResponse(PIXEL, content_type="image/gif")


@router.get(
    "/stats/visits/",
    url_name="analytics_visits",
    response={200: VisitsOut, **errors()},
    summary="Số lượt truy cập hôm nay và tổng cộng",
)
@decorate_view(never_cache)
def visit_counts(request: HttpRequest) -> Any:
    """Các con số của bộ đếm ở chân trang; không được lưu đệm. Cách đếm: xem /thong-ke-truy-cap/."""
    return selectors.visit_counts()
