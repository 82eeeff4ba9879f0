"""The workload board of citizens' cases in the admin ("Đơn thư" → "Theo dõi giải quyết"), its Excel
file, and the screen where staff publish a case's answer with personal data removed.

Who sees the board: a superuser, or staff holding feedback.view_case or feedback.handle_case AND a
unit (orgunits.permissions); the numbers cover only the units they see, and asking for a unit outside
them is a 404 (the unit's very existence is not confirmed). Every number comes from
selectors.workload_board, so the page and the file agree.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from danvan.core.dates import parse_date, today_in_vietnam
from danvan.core.exports import start_export
from danvan.core.hooks import register
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from . import board_file, selectors, services
from .models import Case

LONGEST_PERIOD_DAYS = 366 * 5


def may_use(user: Any) -> bool:
    """The board: whoever sees cases at all (a unit membership, or a superuser) — the same rule as the
    case list; it counts only the cases of the units the user sees."""
    return permissions.has_units(user)


def may_handle(user: Any, case: Case) -> bool:
    """Publishing a case's answer: handling rights on the case's unit."""
    return permissions.can_handle(user, case.unit)


def _check(request: HttpRequest) -> None:
    if not may_use(request.user):
        raise PermissionDenied


class Filters:
    """The board's query: ?unit=CODE&from=dd/mm/yyyy&to=dd/mm/yyyy (defaults: every unit the user
    sees, the last twelve months). A unit the user does not see is a 404."""

    def __init__(self, request: HttpRequest) -> None:
        self.today = today_in_vietnam()
        default_start, default_end = selectors.board_period(self.today)
        self.errors: list[str] = []  # for the page, which falls back on the defaults
        self.problems: list[str] = []  # the same, for the export, which refuses instead
        code = request.GET.get("unit", "").strip()
        self.unit = None
        if code:
            self.unit = orgunits.unit_by_code(code)
            if self.unit is None or not permissions.can_view(request.user, self.unit):
                raise Http404
        self.start = self._date(request, "from", default_start, _("Từ ngày"))
        self.end = self._date(request, "to", default_end, _("Đến ngày"))
        if self.start > self.end:
            self.errors.append(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”; đã dùng kỳ mặc định."))
            self.problems.append(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
            self.start, self.end = default_start, default_end
        elif (self.end - self.start).days > LONGEST_PERIOD_DAYS:
            self.errors.append(_("Kỳ xem dài nhất là 5 năm; đã dùng kỳ mặc định."))
            self.problems.append(_("Kỳ xem dài nhất là 5 năm."))
            self.start, self.end = default_start, default_end

    def _date(self, request: HttpRequest, name: str, default: dt.date, label: str) -> dt.date:
        raw = request.GET.get(name, "").strip()
        if not raw:
            return default
        parsed = parse_date(raw[:20])
        if parsed is None:
            self.errors.append(
                _("%(label)s không đúng dạng ngày/tháng/năm; đã dùng ngày mặc định.") % {"label": label}
            )
            self.problems.append(_("%(label)s không đúng dạng ngày/tháng/năm.") % {"label": label})
            return default
        return parsed

    def query(self) -> str:
        params = {"from": self.start.strftime("%d/%m/%Y"), "to": self.end.strftime("%d/%m/%Y")}
        if self.unit is not None:
            params["unit"] = self.unit.code
        return urlencode(params)


CHART_WIDTH = 640
LABEL_WIDTH = 200
BAR_AREA = 360
ROW_HEIGHT = 26


def hbar_chart(rows: list[selectors.BoardRow], series: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Coordinates of a horizontal bar chart (SVG, drawn by the template): one group per row, one bar
    per series (attribute, label, CSS class), lengths in proportion to the largest value shown."""
    values = [getattr(r, attr) or 0 for r in rows for attr, _l, _c in series]
    top = max(values, default=0) or 1
    bar = (ROW_HEIGHT - 6) / len(series)
    groups = []
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT + 3
        bars = []
        for position, (attr, label, css) in enumerate(series):
            value = getattr(row, attr) or 0
            bars.append(
                {
                    "y": round(y + position * bar, 1),
                    "height": round(bar - 1, 1),
                    "width": round(BAR_AREA * value / top, 1),
                    "value": value,
                    "text_x": round(LABEL_WIDTH + BAR_AREA * value / top + 4, 1),
                    "text_y": round(y + position * bar + bar - 2, 1),
                    "css": css,
                    "label": label,
                }
            )
        # About 26 characters fit the label column; the table beside the chart holds the whole name.
        label = row.label if len(row.label) <= 26 else row.label[:25].rstrip() + "…"
        groups.append({"label": label, "label_y": y + ROW_HEIGHT / 2 + 1, "bars": bars})
    return {
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT + 6,
        "label_width": LABEL_WIDTH - 6,
        "bar_x": LABEL_WIDTH,
        "groups": groups,
        "legend": [(label, css.replace("__bar", "__key")) for _a, label, css in series],
    }


def _charts(board: selectors.Board) -> dict[str, Any]:
    open_series = [
        ("open", _("Đang giải quyết"), "dv-board__bar--open"),
        ("overdue", _("Quá hạn"), "dv-board__bar--overdue"),
    ]
    return {
        "unit": hbar_chart(board.by_unit, open_series),
        "person": hbar_chart(board.by_person, open_series),
        "kind": hbar_chart(board.by_kind, open_series),
        "month": hbar_chart(
            board.by_month,
            [
                ("received", _("Tiếp nhận"), "dv-board__bar--received"),
                ("answered", _("Đã trả lời"), "dv-board__bar--answered"),
            ],
        ),
    }


@require_safe
def board_view(request: HttpRequest) -> HttpResponse:
    _check(request)
    filters = Filters(request)
    board = selectors.workload_board(
        request.user, unit=filters.unit, start=filters.start, end=filters.end, today=filters.today
    )
    return TemplateResponse(
        request,
        "feedback/board/board.html",
        {
            "board": board,
            "filters": filters,
            "units": selectors.board_units(request.user),
            "charts": _charts(board),
            "query": filters.query(),
            "definitions": board_file.definitions(board),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def board_export(request: HttpRequest) -> HttpResponse:
    """The board's Excel, built in the task queue (decision 0024): at a province's 200,000 cases the
    board takes seconds to count. A GET (old links, bookmarks) shows what will be built and the
    button, building nothing; the POST — the board page's button, with the board's query string —
    queues the job and answers 303 to its page. Dates the page would replace by its defaults are a
    400 here: the file is what was asked for, or nothing."""
    _check(request)
    filters = Filters(request)
    if filters.problems:
        return TemplateResponse(
            request,
            "feedback/board/export.html",
            {"errors": filters.problems, "query": filters.query()},
            status=400,
        )
    if request.method != "POST":
        return TemplateResponse(
            request,
            "feedback/board/export.html",
            {"title": board_file.title(filters.unit, filters.start, filters.end), "query": filters.query()},
        )
    job = start_export(
        user=request.user,
        kind=board_file.KIND,
        title=board_file.title(filters.unit, filters.start, filters.end),
        parameters=board_file.parameters(filters.unit, filters.start, filters.end, filters.today),
    )
    response = HttpResponse(status=303)  # See Other: the job's page
    response["Location"] = reverse("export_job", args=[job.pk])
    return response


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tiêu đề công bố"), max_length=200)
    question = forms.CharField(
        label=gettext_lazy("Nội dung kiến nghị, phản ánh (đã bỏ thông tin cá nhân)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )
    answer = forms.CharField(
        label=gettext_lazy("Trả lời công bố"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000
    )


FIELD_OF = {"public_title": "title", "public_question": "question", "public_answer": "answer"}


@require_http_methods(["GET", "POST"])
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish (or unpublish) a case's answer. The texts start from the case's own title, content and
    answer, for staff to strip names, addresses and numbers before publishing."""
    case = selectors.visible_case(request.user, pk)
    if case is None:
        raise Http404
    if not may_handle(request.user, case):
        raise PermissionDenied
    published = bool(case.publish_answer and case.published_at)
    if request.method == "POST" and request.POST.get("action") == "unpublish":
        if published:
            services.unpublish_answer(case, by=request.user)
            messages.success(
                request, _("Đã thôi công bố câu trả lời của đơn %(code)s.") % {"code": case.code}
            )
        return redirect(reverse("feedback_case_publish", kwargs={"pk": case.pk}))
    refused = ""
    if case.status not in services.PUBLISHABLE_STATUSES:
        refused = _("Chỉ công bố được đơn đã trả lời hoặc đã kết thúc.")
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid() and not refused:
            try:
                with transaction.atomic():
                    services.publish_answer(
                        case,
                        by=request.user,
                        title=form.cleaned_data["title"],
                        question=form.cleaned_data["question"],
                        answer=form.cleaned_data["answer"],
                    )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(FIELD_OF.get(field), problem)
            except services.PublishRefused as error:
                refused = str(error)
            else:
                messages.success(request, _("Đã công bố câu trả lời của đơn %(code)s.") % {"code": case.code})
                return redirect(reverse("feedback_case_publish", kwargs={"pk": case.pk}))
        status = 400 if form.errors or refused else 200
    else:
        form = PublishForm(
            initial={
                "title": case.public_title or case.title,
                "question": case.public_question or case.content,
                "answer": case.public_answer or case.answer,
            }
        )
        status = 200
    return TemplateResponse(
        request,
        "feedback/board/publish.html",
        {"case": case, "form": form, "published": published, "refused": refused},
        status=status,
    )


@register("register_admin_urls")
def _urls() -> list[URLPattern]:
    return [
        path("theo-doi-don-thu/", board_view, name="feedback_board"),
        path("theo-doi-don-thu/excel/", board_export, name="feedback_board_export"),
        path("don-thu/<int:pk>/cong-bo/", publish_view, name="feedback_case_publish"),
    ]


class BoardMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_use(request.user)


@register("register_feedback_menu_item")
def _menu() -> MenuItem:
    return BoardMenuItem(
        gettext_lazy("Theo dõi giải quyết"), reverse("feedback_board"), icon_name="table", order=300
    )
