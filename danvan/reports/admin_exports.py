"""The admin download of a programme's results: /admin/chuong-trinh/<id>/bao-cao/?period=2023&format=xlsx.

Under /admin/, so Wagtail's login check runs first (anonymous users are sent to the login page);
then the permission "programmes.view_programme" and the unit rule of orgunits.permissions: the file
covers ``?unit=`` (default: the programme's unit, or the user's own unit in it) and its subtree, and a
unit the user may not see is refused with 403. The files are built by exports.py.
"""

from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from danvan.core.hooks import register
from danvan.programmes import selectors

from . import exports
from .admin_dashboard import may_use, unit_in_view


def can_export(user: Any) -> bool:
    return bool(user.is_authenticated and may_use(user))


def _forbidden(message: str) -> HttpResponse:
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def attachment(filename: str) -> str:
    """Content-Disposition with an ASCII fallback and the Vietnamese name (RFC 5987 / RFC 6266)."""
    fallback = exports.ascii_name(filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_safe
def export_results(request: HttpRequest, programme_id: int) -> HttpResponse:
    if not can_export(request.user):
        return _forbidden(_("Bạn không có quyền xem kết quả chương trình."))
    programme = selectors.programme(programme_id)
    if programme is None:
        raise Http404
    try:
        under = unit_in_view(request.user, programme, request.GET.get("unit", "").strip())
    except PermissionDenied as denied:
        return _forbidden(str(denied))
    code = request.GET.get("period", str(programme.year)).strip()
    try:
        selectors.parse_period(code)
    except ValidationError as error:
        return _bad_request(error.messages[0])
    period = selectors.period_by_code(code)
    if period is None:
        return _bad_request(_("Chưa có kỳ báo cáo “%(code)s”.") % {"code": code})
    file_format = request.GET.get("format", "")
    if file_format not in exports.RENDERERS:
        return _bad_request(
            _("Định dạng “%(format)s” không được hỗ trợ; chọn xlsx, docx hoặc pdf.") % {"format": file_format}
        )
    render, content_type = exports.RENDERERS[file_format]
    content = render(exports.build_report(programme, period, under=under))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment(f"{exports.file_stem(programme, period)}.{file_format}")
    response["Cache-Control"] = "private, no-store"
    return response


@register("register_admin_urls")
def register_export_urls() -> list[URLPattern]:
    return [
        path("chuong-trinh/<int:programme_id>/bao-cao/", export_results, name="programmes_export"),
    ]
