"""Data entry and approval in Wagtail's admin: the "Nhập số liệu" list and one page per report.

The views translate HTTP to `services` calls: a rule broken → 400 with the form re-rendered and
nothing saved; somebody saved in between → 409; no right → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from danvan.core.hooks import register
from danvan.orgunits import permissions
from danvan.programmes import selectors, services

if TYPE_CHECKING:
    from danvan.programmes.models import Submission

from .forms import EntryForm


def _may_use(user: Any) -> bool:
    return permissions.has_units(user)


class EntryMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _may_use(request.user)


def _forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "collection/entry/forbidden.html", {"message": message}, status=403)


def report_list(request: HttpRequest) -> HttpResponse:
    if not _may_use(request.user):
        return _forbidden(request)
    submissions = services.visible_submissions(request.user)
    windows = selectors.windows_by_report(submissions)
    rows = [{"submission": s, "window": windows.get((s.data_set_id, s.period_id))} for s in submissions]
    return render(request, "collection/entry/list.html", {"rows": rows})


def _page(
    request: HttpRequest,
    submission: Submission,
    *,
    form: EntryForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
    posted: dict[str, str] | None = None,
) -> HttpResponse:
    user = request.user
    layout = services.report_layout(submission)
    editable = submission.status == selectors.Status.OPEN and services.can_enter(user, submission.org_unit)
    if form is None:
        form = EntryForm(layout, services.stored_values(submission.period, layout.units), editable=editable)
    units = layout.units
    changes = selectors.recent_changes(submission.period, units)
    events = selectors.report_events(submission)
    window = selectors.reporting_window(submission)
    context = {
        "submission": submission,
        "form": form,
        "rows": form.rows(),
        "elements": layout.elements,
        "editable": editable,
        "approver": services.can_approve(user, submission.org_unit),
        "problems": [(problem, "") for problem in problems or []] + form.summary,
        "changes": changes,
        "events": events,
        "window": window,
        "posted": posted or {},
    }
    return render(request, "collection/entry/report.html", context, status=status)


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def report(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.report(pk)
    if submission is None:
        raise Http404
    user = request.user
    if not permissions.can_view(user, submission.org_unit):  # entering and approving are checked on POST
        return _forbidden(request)
    if request.method != "POST":
        return _page(request, submission)
    try:
        return _post(request, submission)
    except PermissionDenied as denied:  # e.g. an approver pressing "Lưu"
        return _forbidden(request, str(denied))


def _post(request: HttpRequest, submission: Submission) -> HttpResponse:
    user = request.user

    action = request.POST.get("action", "")
    here = HttpResponseRedirect(reverse("programmes_entry_report", args=[submission.pk]))
    if action in ("save", "save_submit"):
        layout = services.report_layout(submission)
        stored = services.stored_values(submission.period, layout.units)
        form = EntryForm(layout, stored, request.POST)
        if not form.is_valid():  # only the hidden version can be wrong here
            return _page(
                request,
                submission,
                form=form,
                problems=[_("Biểu mẫu không hợp lệ; hãy tải lại trang.")],
                status=400,
            )
        try:
            with transaction.atomic():  # "save and submit" is all or nothing
                services.save_values(
                    user,
                    submission.data_set,
                    submission.period,
                    submission.org_unit,
                    form.posted("v"),
                    form.posted("c"),
                    form.cleaned_data["version"],
                )
                if action == "save_submit":
                    services.submit_report(user, submission)
        except services.Conflict as conflict:
            return _page(request, submission, form=form, problems=[str(conflict)], status=409)
        except services.EntryInvalid as error:
            form.add_entry_errors(error)
            return _page(request, submission, form=form, status=400)
        except ValidationError as error:
            return _page(request, submission, form=form, problems=_messages(error), status=400)
        messages.success(
            request, _("Đã lưu và gửi duyệt báo cáo.") if action == "save_submit" else _("Đã lưu số liệu.")
        )
        return here

    steps: dict[str, tuple[Callable[[], object], str]] = {
        "approve": (lambda: services.approve_report(user, submission), _("Đã duyệt báo cáo.")),
        "return": (
            lambda: services.return_report(user, submission, request.POST.get("comment", "")),
            _("Đã trả lại báo cáo."),
        ),
        "lock": (lambda: services.lock_report(user, submission), _("Đã khóa báo cáo.")),
        "unlock": (
            lambda: services.unlock_report(user, submission, request.POST.get("reason", "")),
            _("Đã mở khóa báo cáo."),
        ),
    }
    if action not in steps:
        return _page(request, submission, problems=[_("Thao tác không hợp lệ.")], status=400)
    step, done = steps[action]
    try:
        step()
    except ValidationError as error:
        posted = {key: str(request.POST.get(key, "")) for key in ("comment", "reason")}
        return _page(request, submission, problems=_messages(error), status=400, posted=posted)
    messages.success(request, done)
    return here


@register("register_admin_urls")
def register_entry_urls() -> list[URLPattern]:
    return [
        path("nhap-so-lieu/", report_list, name="programmes_entry"),
        path("nhap-so-lieu/<int:pk>/", report, name="programmes_entry_report"),
    ]


@register("register_admin_menu_item")
def register_entry_menu_item() -> Any:
    return EntryMenuItem(
        gettext_lazy("Nhập số liệu"),
        reverse("programmes_entry"),
        name="nhap-so-lieu",
        icon_name="form",
        order=8400,
    )
