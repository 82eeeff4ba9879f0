"""The admin's pages for files built in the task queue (decision 0024): the user's own jobs, one
job's progress, its download.

A job is its requester's only: anybody else gets a 404, as for a job that does not exist. The page
reloads itself every few seconds while the job runs (``<meta http-equiv="refresh">``, no script: the
admin's CSP and users without JavaScript both welcome that) and shows a native ``<progress>`` bar.
The download asks the exporter's app again whether the user may still see what the file covers.
"""

import re
import unicodedata
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.admin.menu import MenuItem

from . import exports
from .files import serve_stored
from .hooks import register
from .models import ExportJob

REFRESH_SECONDS = 2


@require_safe
@never_cache
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = exports.jobs_of(request.user)
    waiting = any(not job.finished for job in jobs)
    return render(
        request,
        "core/exports/list.html",
        {"jobs": jobs, "refresh": REFRESH_SECONDS if waiting else None, "days": exports.retention_days()},
    )


@require_safe
@never_cache
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = exports.job_of(request.user, pk)
    if job is None:
        raise Http404
    return render(
        request,
        "core/exports/job.html",
        {
            "job": job,
            "refresh": None if job.finished else REFRESH_SECONDS,
            "days": exports.retention_days(),
            "done": job.status == ExportJob.Status.DONE,
            "failed": job.status == ExportJob.Status.FAILED,
        },
    )


@require_safe
def job_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    job = exports.job_of(request.user, pk)
    if job is None or job.status != ExportJob.Status.DONE:
        raise Http404
    if not exports.may_download(request.user, job):
        return HttpResponse(
            _("Bạn không còn quyền xem số liệu trong tệp này."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    response = serve_stored(job.file, content_type=job.content_type, name=job.filename)
    response["Content-Disposition"] = attachment(job.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(filename: str) -> str:
    """Content-Disposition with an ASCII fallback ("Ket-qua-…", đ → d) for old clients and the
    Vietnamese name (RFC 5987 / RFC 6266)."""
    folded = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "-", "".join(c for c in folded if not unicodedata.combining(c)))
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class ExportJobsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.is_authenticated)


@register("register_admin_urls")
def register_export_job_urls() -> list[URLPattern]:
    return [
        path("tep-xuat/", job_list, name="export_jobs"),
        path("tep-xuat/<int:pk>/", job_detail, name="export_job"),
        path("tep-xuat/<int:pk>/tai-ve/", job_download, name="export_job_download"),
    ]


@register("register_admin_menu_item")
def register_export_jobs_menu_item() -> Any:
    return ExportJobsMenuItem(
        gettext_lazy("Tệp xuất của tôi"),
        reverse("export_jobs"),
        name="tep-xuat",
        icon_name="download",
        order=9500,
    )
