"""Reports and exports built in the task queue, never inside the request (issue 17, decision 0024).

An app registers an ``Exporter`` (``registry.add_exporter``) that says how to build its file from a
job's parameters and who may still download it. A view calls ``start_export``: the job row and the
queue's task are written in the same transaction, so the worker (``manage.py db_worker --backend
queue``, started by gunicorn.conf.py) never sees a task without its job. ``run_export`` builds the file,
writing the progress the exporter reports, and keeps it privately under ``media/rieng/tep-xuat/``
(never served from /media/); the admin's job page (``admin_exports``) hands it to whoever asked, after
asking the exporter again whether they still may. ``prune_export_jobs`` (a scheduled job) deletes
finished jobs and their files after ``DANVAN_EXPORT_RETENTION_DAYS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import registry
from .models import ExportJob

logger = logging.getLogger(__name__)

# A job still queued or running this long after it was asked for was lost (the worker restarted
# in the middle of it): it is marked failed, so the page stops waiting and says to ask again.
STALE_AFTER = dt.timedelta(hours=6)

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ExportFile:
    # The bytes, or an open file positioned at its start (a large file written to a temporary file
    # rather than held in memory); run_export stores it and closes it.
    content: bytes | IO[bytes]
    filename: str  # the name the user downloads, Vietnamese allowed
    content_type: str


class ExportFailed(Exception):
    """A reason the file cannot be built that the user should read (Vietnamese)."""


@dataclass(frozen=True)
class Exporter:
    """``build(user, parameters, progress)`` makes the file, calling ``progress(percent, message)`` as
    it goes and raising ``ExportFailed`` with a Vietnamese reason; ``may_download(user, parameters)``
    asks the owning app's permissions again when the file is fetched."""

    kind: str
    build: Callable[[Any, dict[str, Any], Progress], ExportFile]
    may_download: Callable[[Any, dict[str, Any]], bool]


def retention_days() -> int:
    return int(getattr(settings, "DANVAN_EXPORT_RETENTION_DAYS", 7))


@transaction.atomic
def start_export(*, user: Any, kind: str, title: str, parameters: dict[str, Any]) -> ExportJob:
    """Queue the job; the answer returns at once (tests' immediate backend runs it right here)."""
    if kind not in registry.exporters:
        raise ValueError(f"no exporter registered for {kind!r}")
    job = ExportJob.objects.create(user=user, kind=kind, title=title[:300], parameters=parameters)
    build_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _update(job_id: int, **fields: Any) -> None:
    ExportJob.objects.filter(pk=job_id).update(**fields)


def run_export(job_id: int) -> str:
    """Build the job's file; every failure ends as a failed job with a Vietnamese message, never an
    exception out of the worker (the job page shows it)."""
    job = ExportJob.objects.filter(pk=job_id).select_related("user").first()
    if job is None or job.status != ExportJob.Status.QUEUED:
        return "skipped"
    exporter = registry.exporters.get(job.kind)
    _update(
        job.pk, status=ExportJob.Status.RUNNING, started_at=timezone.now(), progress=0, message=_("Bắt đầu")
    )

    def progress(percent: int, message: str) -> None:
        _update(job.pk, progress=max(0, min(99, int(percent))), message=message[:300])

    try:
        if exporter is None:
            raise ExportFailed(_("Loại tệp này không còn được hỗ trợ."))
        built = exporter.build(job.user, job.parameters, progress)
    except ExportFailed as failed:
        _fail(job.pk, str(failed))
        return "failed"
    except Exception:  # the worker must go on; the user reads a message, the log has the trace
        logger.exception("export job %s (%s) failed", job.pk, job.kind)
        _fail(job.pk, _("Lỗi hệ thống khi tạo tệp. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống."))
        return "failed"
    extension = built.filename.rsplit(".", 1)[-1] if "." in built.filename else "bin"
    name = f"{secrets.token_hex(16)}.{extension}"
    if isinstance(built.content, bytes):
        job.file.save(name, ContentFile(built.content), save=False)
    else:
        with built.content:
            job.file.save(name, File(built.content), save=False)
    _update(
        job.pk,
        file=job.file.name,
        filename=built.filename[:255],
        content_type=built.content_type,
        status=ExportJob.Status.DONE,
        progress=100,
        message=_("Đã xong"),
        finished_at=timezone.now(),
    )
    return "done"


@task(backend="queue")  # the database queue (settings.TASKS), run by db_worker beside gunicorn
def build_export(job_id: int) -> str:
    return run_export(job_id)


def _fail(job_id: int, error: str) -> None:
    _update(job_id, status=ExportJob.Status.FAILED, error=error, message="", finished_at=timezone.now())


def jobs_of(user: Any, *, limit: int = 50) -> list[ExportJob]:
    return list(ExportJob.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])


def job_of(user: Any, pk: int) -> ExportJob | None:
    """The job if ``user`` asked for it; another user's job is as absent as a missing one."""
    return ExportJob.objects.filter(pk=pk, user=user).first()


def may_download(user: Any, job: ExportJob) -> bool:
    exporter = registry.exporters.get(job.kind)
    return exporter is not None and bool(exporter.may_download(user, job.parameters))


def prune_export_jobs(*, now: dt.datetime | None = None) -> int:
    """Delete finished jobs (and their files) older than the retention; fail lost ones. Returns how many
    were deleted."""
    now = now or timezone.now()
    ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING], created_at__lt=now - STALE_AFTER
    ).update(
        status=ExportJob.Status.FAILED,
        error=_("Tệp không được tạo xong (máy chủ có thể đã khởi động lại). Hãy yêu cầu lại."),
        finished_at=now,
    )
    old = list(ExportJob.objects.filter(finished_at__lt=now - dt.timedelta(days=retention_days())))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)
