"""Narrative progress on a programme's task groups in Wagtail's admin (issue 16): a page per programme
listing each task group's reporting units and their report for a period, a page per (task group, unit,
period) with the text, the evidence files, the milestones done and who did what, and the evidence
download.

Who sees and who writes is answered by orgunits.permissions (can_see_task_report, can_report_task): a
unit the user may not see, a programme they see nothing of, a unit that does not report on the task
group or a period the programme does not have → 404; seeing but not writing → 403 on POST; bad input
→ 400 with the page and an error summary; a stale form → 409; nothing half-written (the services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from danvan.core import files
from danvan.core.dates import parse_date
from danvan.core.events import announce
from danvan.core.hooks import register
from danvan.core.numbers import group_thousands
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits
from danvan.programmes import selectors, services

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit
    from danvan.programmes.models import Period, Programme, TaskGroup

MAX_VERSION_DIGITS = 9


def may_use(user: Any) -> bool:
    return permissions.has_units(user)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return TemplateResponse(request, "collection/tasks/forbidden.html", {"message": message}, status=403)


def _programme_or_404(request: HttpRequest, pk: int) -> Programme:
    if not may_use(request.user):
        raise Http404
    programme = selectors.programme(pk)
    if programme is None or not permissions.sees_any_of(request.user, programme.root_unit):
        raise Http404
    return programme


def _period(periods: list[Period], code: str, programme: Programme) -> Period | None:
    wanted = code or str(programme.year)
    return next((p for p in periods if p.code == wanted), periods[-1] if periods else None)


def overview(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(request, pk)
    user = request.user
    periods = selectors.task_periods(programme)
    period = _period(periods, request.GET.get("period", "").strip()[:20], programme)
    groups = []
    if period is not None:
        seen = permissions.visible_paths(user)
        enters = permissions.role_paths(user, permissions.DATA_ENTRY)
        reports = selectors.task_reports(programme, period)
        for group in selectors.task_groups(programme):
            rows = [
                {
                    "unit": unit,
                    "report": reports.get((group.pk, unit.pk)),
                    "writer": permissions.covers(enters, unit),
                }
                for unit in selectors.task_reporting_units(group, period)
                if permissions.covers(seen, unit)
            ]
            # the responsible units one may see (another commune's name is not this user's business)
            responsible = [u for u in selectors.task_responsible(group) if permissions.covers(seen, u)]
            groups.append({"group": group, "rows": rows, "responsible": responsible})
    context = {"programme": programme, "periods": periods, "period": period, "groups": groups}
    return TemplateResponse(request, "collection/tasks/overview.html", context)


def _place(
    request: HttpRequest, pk: int, group_id: int, unit_code: str, period_code: str
) -> tuple[Programme, TaskGroup, OrgUnit, Period]:
    """The programme, task group, unit and period a report page names; Http404 for anything the user
    may not see or that does not exist."""
    programme = _programme_or_404(request, pk)
    group = selectors.task_group(programme, group_id)
    unit = orgunits.unit_by_code(unit_code, within=programme.root_unit)
    period = next((p for p in selectors.task_periods(programme) if p.code == period_code), None)
    if group is None or unit is None or period is None:
        raise Http404
    if not permissions.can_see_task_report(request.user, unit, selectors.task_responsible(group)):
        raise Http404
    return programme, group, unit, period


def _here(group: TaskGroup, unit: OrgUnit, period: Period) -> str:
    return reverse("programmes_task_report", args=[group.programme_id, group.pk, unit.code, period.code])


def _page(
    request: HttpRequest,
    programme: Programme,
    group: TaskGroup,
    unit: OrgUnit,
    period: Period,
    *,
    problems: list[tuple[str, str]] | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    report = selectors.task_report(group, unit, period)
    evidence = selectors.task_evidence(report)
    done = selectors.milestones_done(group, unit)
    posted = posted or {}
    milestones = []
    for item in selectors.task_milestones(group):
        finished = done.get(item.pk)
        milestones.append(
            {
                "item": item,
                "done": finished,
                "done_on": posted.get(
                    f"done_on_{item.pk}", finished.done_on.strftime("%d/%m/%Y") if finished else ""
                ),
                "note": posted.get(f"note_{item.pk}", finished.note if finished else ""),
                "invalid": f"done_on_{item.pk}" in posted,
            }
        )
    context = {
        "programme": programme,
        "group": group,
        "unit": unit,
        "period": period,
        "report": report,
        "text": posted["text"] if "text" in posted else (report.text if report else ""),
        "version": report.version if report else 0,
        "evidence": evidence,
        "milestones": milestones,
        "history": selectors.task_history(report, evidence, done.values()),
        "writer": permissions.can_report_task(request.user, unit, selectors.task_responsible(group)),
        "problems": problems or [],
        "text_invalid": any(anchor == "task-text" for _text, anchor in problems or []),
        "posted": posted,
        "max_files": services.TASK_EVIDENCE_MAX_FILES,
        "max_mb": services.TASK_EVIDENCE_MAX_BYTES // 2**20,
        "max_chars": group_thousands(services.TASK_TEXT_MAX),
    }
    return TemplateResponse(request, "collection/tasks/report.html", context, status=status)


def _version(request: HttpRequest) -> int | None:
    raw = str(request.POST.get("version", "")).strip()
    return int(raw) if raw.isdigit() and len(raw) <= MAX_VERSION_DIGITS else None


def report_page(request: HttpRequest, pk: int, group_id: int, unit: str, period: str) -> HttpResponse:
    programme, group, org_unit, the_period = _place(request, pk, group_id, unit, period)
    if request.method != "POST":
        return _page(request, programme, group, org_unit, the_period)
    if not permissions.can_report_task(request.user, org_unit, selectors.task_responsible(group)):
        return _refused(
            request, _("Bạn không có quyền báo cáo tiến độ nhiệm vụ của %(unit)s.") % {"unit": org_unit.name}
        )
    action = str(request.POST.get("action", ""))
    handlers = {
        "save": _save,
        "remove_evidence": _remove_evidence,
        "milestone_done": _milestone_done,
        "milestone_undo": _milestone_undo,
    }
    handler = handlers.get(action)
    if handler is None:
        return _page(
            request,
            programme,
            group,
            org_unit,
            the_period,
            problems=[(_("Thao tác không hợp lệ."), "")],
            status=400,
        )
    try:
        done = handler(request, group, org_unit, the_period)
    except services.Conflict as conflict:
        context = {"message": str(conflict), "back": _here(group, org_unit, the_period)}
        return TemplateResponse(request, "collection/tasks/conflict.html", context, status=409)
    except PermissionDenied as denied:
        return _refused(request, str(denied))
    except _Invalid as invalid:
        return _page(
            request,
            programme,
            group,
            org_unit,
            the_period,
            problems=invalid.problems,
            posted=invalid.posted,
            status=400,
        )
    messages.success(request, done)
    return HttpResponseRedirect(_here(group, org_unit, the_period))


class _Invalid(Exception):
    """Problems to show in the error summary, each with the id of the field it concerns."""

    def __init__(self, problems: list[tuple[str, str]], posted: dict[str, str] | None = None) -> None:
        super().__init__(problems)
        self.problems = problems
        self.posted = posted or {}


def _messages(error: ValidationError, anchor: str) -> list[tuple[str, str]]:
    return [(str(m), anchor) for m in error.messages]


def _save(request: HttpRequest, group: TaskGroup, unit: OrgUnit, period: Period) -> str:
    text = str(request.POST.get("text", ""))
    posted = {"text": text}
    version = _version(request)
    if version is None:
        raise _Invalid([(_("Biểu mẫu thiếu phiên bản; hãy tải lại trang."), "")], posted)
    uploads = [u for u in request.FILES.getlist("files") if u]
    try:
        services.save_task_report_with_evidence(request.user, group, unit, period, text, uploads, version)
    except services.Conflict:
        raise
    except ValidationError as error:
        anchor = "task-files" if hasattr(error, "error_dict") else "task-text"
        raise _Invalid(_messages(error, anchor), posted) from None
    if uploads:
        return _("Đã lưu báo cáo tiến độ và %(n)s tệp minh chứng.") % {"n": len(uploads)}
    return _("Đã lưu báo cáo tiến độ.")


def _remove_evidence(request: HttpRequest, group: TaskGroup, unit: OrgUnit, period: Period) -> str:
    version = _version(request)
    raw = str(request.POST.get("evidence", ""))
    report = selectors.task_report(group, unit, period)
    found = next((e for e in selectors.task_evidence(report) if raw.isdigit() and e.pk == int(raw)), None)
    if version is None or found is None:
        raise _Invalid([(_("Tệp minh chứng không còn hoặc biểu mẫu đã cũ; hãy tải lại trang."), "")])
    try:
        services.remove_task_evidence(request.user, found, version)
    except services.Conflict:
        raise
    except ValidationError as error:
        raise _Invalid(_messages(error, "")) from None
    return _("Đã xóa tệp “%(name)s”.") % {"name": found.name}


def _milestone(request: HttpRequest, group: TaskGroup) -> Any:
    raw = str(request.POST.get("item", ""))
    item = selectors.task_item(group, int(raw)) if raw.isdigit() and len(raw) <= MAX_VERSION_DIGITS else None
    if item is None or item.kind != selectors.TaskKind.MILESTONE:
        raise _Invalid([(_("Mốc công việc không có trong nhóm nhiệm vụ này; hãy tải lại trang."), "")])
    return item


def _milestone_done(request: HttpRequest, group: TaskGroup, unit: OrgUnit, period: Period) -> str:
    item = _milestone(request, group)
    raw_day = str(request.POST.get("done_on", "")).strip()[:40]
    note = str(request.POST.get("note", ""))
    posted = {f"done_on_{item.pk}": raw_day, f"note_{item.pk}": note}
    day = parse_date(raw_day)
    anchor = f"done-on-{item.pk}"
    if raw_day and day is None:
        raise _Invalid(
            [
                (
                    _("Ngày hoàn thành “%(raw)s” không hợp lệ; hãy ghi ngày/tháng/năm, ví dụ 15/06/2023.")
                    % {"raw": raw_day},
                    anchor,
                )
            ],
            posted,
        )
    try:
        services.record_milestone_done(request.user, item, unit, day, note)
    except ValidationError as error:
        raise _Invalid(_messages(error, anchor), posted) from None
    return _("Đã ghi nhận hoàn thành mốc “%(item)s”.") % {"item": item.title}


def _milestone_undo(request: HttpRequest, group: TaskGroup, unit: OrgUnit, period: Period) -> str:
    item = _milestone(request, group)
    try:
        services.undo_milestone_done(request.user, item, unit)
    except ValidationError as error:
        raise _Invalid(_messages(error, "")) from None
    return _("Đã bỏ ghi nhận hoàn thành mốc “%(item)s”.") % {"item": item.title}


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    if not may_use(request.user):
        raise Http404
    item = selectors.task_evidence_item(pk)
    if item is None:
        raise Http404
    report = item.report
    if not permissions.can_see_task_report(
        request.user, report.org_unit, selectors.task_responsible(report.task_group)
    ):
        raise Http404
    response = files.serve_stored(item.file, content_type=item.content_type, name=files.safe_name(item.name))
    announce(
        "task_report.evidence_download",
        request=request,
        actor=request.user,
        target=report,
        detail=item.name[:200],
    )
    return response


@register("register_admin_urls")
def register_task_urls() -> list[URLPattern]:
    return [
        path("chuong-trinh/<int:pk>/tien-do-nhiem-vu/", overview, name="programmes_task_reports"),
        path(
            "chuong-trinh/<int:pk>/tien-do-nhiem-vu/<int:group_id>/<str:unit>/<str:period>/",
            report_page,
            name="programmes_task_report",
        ),
        path("tien-do-nhiem-vu/minh-chung/<int:pk>/", evidence_download, name="programmes_task_evidence"),
    ]
