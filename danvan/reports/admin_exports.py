"""The admin's programme report: /admin/chuong-trinh/<id>/bao-cao/?period=2023&format=xlsx.

Under /admin/, so Wagtail's login check runs first (anonymous users are sent to the login page);
then the permission "programmes.view_programme" and the unit rule of orgunits.permissions: the file
covers ``?unit=`` (default: the programme's unit, or the user's own unit in it) and its subtree, and a
unit the user may not see is refused with 403.

The file is never built inside the request (issue 17, decision 0024): a GET shows what will be built
and a button; the POST (the dashboard's buttons post directly) queues a job (``reports.jobs``) and
redirects to its page, which shows the progress and then the download.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.core.exports import start_export
from danvan.core.hooks import register
from danvan.programmes import selectors

from . import exports, jobs
from .admin_dashboard import may_use, unit_in_view


def can_export(user: Any) -> bool:
    return bool(user.is_authenticated and may_use(user))


def _forbidden(message: str) -> HttpResponse:
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_http_methods(["GET", "HEAD", "POST"])
def export_results(request: HttpRequest, programme_id: int) -> HttpResponse:
    if not can_export(request.user):
        return _forbidden(_("Bạn không có quyền xem kết quả chương trình."))
    programme = selectors.programme(programme_id)
    if programme is None:
        raise Http404
    query = request.POST if request.method == "POST" else request.GET
    try:
        under = unit_in_view(request.user, programme, query.get("unit", "").strip())
    except PermissionDenied as denied:
        return _forbidden(str(denied))
    code = query.get("period", str(programme.year)).strip()
    try:
        selectors.parse_period(code)
    except ValidationError as error:
        return _bad_request(error.messages[0])
    period = selectors.period_by_code(code)
    if period is None:
        return _bad_request(_("Chưa có kỳ báo cáo “%(code)s”.") % {"code": code})
    file_format = query.get("format", "")
    if file_format not in exports.RENDERERS:
        return _bad_request(
            _("Định dạng “%(format)s” không được hỗ trợ; chọn xlsx, docx hoặc pdf.") % {"format": file_format}
        )
    title = jobs.title(programme, period, under, file_format)
    if request.method != "POST":
        context = {
            "programme": programme,
            "period": period,
            "under": under,
            "format": file_format,
            "title": title,
        }
        return TemplateResponse(request, "reports/admin/export.html", context)
    job = start_export(
        user=request.user,
        kind=jobs.KIND,
        title=title,
        parameters=jobs.parameters(
            programme_id=programme.pk, period=period.code, unit=under.code, file_format=file_format
        ),
    )
    response = HttpResponse(status=303)  # See Other: the job's page, fetched with GET
    response["Location"] = reverse("export_job", args=[job.pk])
    return response


@register("register_admin_urls")
def register_export_urls() -> list[URLPattern]:
    return [
        path("chuong-trinh/<int:programme_id>/bao-cao/", export_results, name="programmes_export"),
    ]
