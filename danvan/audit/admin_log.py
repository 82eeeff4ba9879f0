"""The audit log in Wagtail's admin (Settings → Nhật ký hệ thống): a read-only list with filters by
person, action, object and date, each entry's details, and CSV/XLSX export. Nobody adds, edits or
deletes here, superusers included: those screens do not exist and the permission policy refuses them.
Who may read: ``permissions.may_read`` (superusers and holders of ``audit.view_auditentry``).

The export (decision 0024, its 7 Dec 2026 section): Wagtail's "Download CSV/XLSX" links keep their
address, ``?export=csv`` plus the list's own filters, search and ordering. At most ``DIRECT_ROWS`` rows
(one COUNT with the same filters tells) are answered at once, by Wagtail's own writer; more — up to a
million entries, minutes of work — are a ``core.exports`` job: the GET shows the row count and a
"Tạo tệp" button whose POST to the same address queues the job and answers 303 to its page. The
worker builds the file through this very view, set up on the saved query string, so the rows, their
order and the columns are the list's. Invalid filters are a 400 (Wagtail would export everything).
"""

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView

from danvan.core.exports import Exporter, ExportFailed, ExportFile, Progress, start_export
from danvan.core.viewsets import ModelViewSet

from . import actions
from .models import AuditEntry
from .permissions import may_read

KIND = "audit_log"
# Rows answered inside the request: ≈ 95 µs a CSV row, 263 µs an XLSX row on the busy measuring
# machine (bench/exports_audit_board.py), so ≤ 1.4 s / 1.3 s.
DIRECT_ROWS = {"csv": 15_000, "xlsx": 5_000}
XLSX_MAX_ROWS = 1_048_575  # a worksheet's 1,048,576 rows, less the heading
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROGRESS_EVERY = 10_000
# Query parameters that are not the list's filters: the export itself, the page, Wagtail's fragments.
NOT_FILTERS = ("export", "p", "_w_filter_fragment")


def distinct_values(column: str) -> list[Any]:
    """The different non-null values of an indexed ``column`` of the log, one index lookup each (a
    "loose index scan": the next value above the last one found). ``SELECT DISTINCT`` reads the whole
    index instead: 130–150 ms a filter at a million entries on PostgreSQL, on every list page and
    every export request; this takes a few milliseconds for the few dozen actions and types and the
    few hundred people."""
    if column not in ("action", "actor_id", "content_type_id"):
        raise ValueError(column)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    sql = (
        f"WITH RECURSIVE found(value) AS ("  # noqa: S608 - the table and column are ours, not input
        f"SELECT MIN({column}) FROM {table} "
        f"UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value) "
        f"FROM found WHERE found.value IS NOT NULL) "
        f"SELECT value FROM found WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def _action_choices() -> list[tuple[str, str]]:
    return actions.choices(distinct_values("action"))


def _people(request: Any = None) -> QuerySet[Any]:
    ids = distinct_values("actor_id")
    return get_user_model()._default_manager.filter(pk__in=ids).order_by("username")


def _object_types(request: Any = None) -> QuerySet[ContentType]:
    ids = distinct_values("content_type_id")
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


class AuditEntryFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Ngày"), widget=DateRangePickerWidget, method="filter_at"
    )
    actor = django_filters.ModelChoiceFilter(label=gettext_lazy("Người thực hiện"), queryset=_people)
    actor_name = django_filters.CharFilter(label=gettext_lazy("Tên đăng nhập"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Hành động"), choices=_action_choices, empty_label=gettext_lazy("Tất cả")
    )
    content_type = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Loại đối tượng"), queryset=_object_types
    )
    object_id = django_filters.CharFilter(label=gettext_lazy("Mã đối tượng"))
    ip = django_filters.CharFilter(label=gettext_lazy("Địa chỉ IP"))

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def filter_at(self, queryset: QuerySet[AuditEntry], name: str, value: Any) -> QuerySet[AuditEntry]:
        """Whole days in the site's time zone: "to 06/12" includes all of 6 December."""
        tz = timezone.get_current_timezone()
        if value and value.start is not None:
            start = value.start if isinstance(value.start, dt.date) else value.start.date()
            queryset = queryset.filter(at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz))
        if value and value.stop is not None:
            stop = value.stop if isinstance(value.stop, dt.date) else value.stop.date()
            queryset = queryset.filter(
                at__lt=dt.datetime.combine(stop + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            )
        return queryset


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class AuditIndexView(IndexView):
    def get_add_url(self) -> None:
        return None

    def get_edit_url(self, instance: AuditEntry) -> str | None:
        url: str | None = self.get_inspect_url(instance)
        return url

    def get_base_queryset(self) -> QuerySet[AuditEntry]:
        # The export's "Loại đối tượng" column reads each entry's content type: one joined query, not
        # one query a row (a million of them at a province's scale).
        queryset: QuerySet[AuditEntry] = super().get_base_queryset()
        return queryset.select_related("content_type")

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        """Times in the site's time zone, changes as JSON, and no cell a spreadsheet would run as a
        formula (a failed login's username is whatever a stranger typed)."""
        if isinstance(value, dt.datetime):
            return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}"
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    # --- the export (see the module's docstring) ---

    _rows = 0  # what the export's query selects, counted once per request (or job)

    @property
    def export_format(self) -> str:
        return str(self.request.GET.get("export", ""))

    def input_errors(self) -> list[str]:
        """What is wrong with the list's filters or search, in Vietnamese (nothing: they are valid)."""
        errors = []
        if self.filters is not None and not self.filters.is_valid():
            for name, problems in self.filters.form.errors.items():
                field = self.filters.form.fields.get(name)
                label = str(field.label) if field is not None else name
                errors += [f"{label}: {problem}" for problem in problems]
        if self.search_form is not None and self.search_form.is_bound and not self.search_form.is_valid():
            errors.append(_("Từ khóa tìm kiếm không hợp lệ."))
        if self.export_format == "xlsx" and self._rows > XLSX_MAX_ROWS:
            errors.append(
                _("Một tệp Excel chứa được tối đa %(n)s dòng; hãy lọc bớt hoặc chọn CSV.")
                % {"n": f"{XLSX_MAX_ROWS:,}".replace(",", ".")}
            )
        return errors

    def export_query(self) -> str:
        """The list's filters, search and ordering as the user gave them (the job's parameters)."""
        query: QueryDict = self.request.GET.copy()
        for name in NOT_FILTERS:
            query.pop(name, None)
        return query.urlencode()

    def _page(self, status: int = 200, **context: Any) -> TemplateResponse:
        back = self.index_url + (f"?{self.export_query()}" if self.export_query() else "")
        return TemplateResponse(
            self.request,
            "audit/export.html",
            {"format": self.export_format.upper(), "back": back, **context},
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_export:
            response: HttpResponse = super().get(request, *args, **kwargs)
            return response
        queryset = self.get_queryset()
        self._rows = queryset.count() if self.filters is None or self.filters.is_valid() else 0
        errors = self.input_errors()
        if errors:
            return self._page(status=400, errors=errors)
        if self._rows > DIRECT_ROWS[self.export_format]:
            return self._page(rows=f"{self._rows:,}".replace(",", "."), filters=self.active_filters)
        spreadsheet: HttpResponse = self.as_spreadsheet(queryset, self.export_format)
        return spreadsheet

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Queue the export of what the list shows (``?export=csv|xlsx`` and its filters)."""
        if not self.is_export:
            return self._page(status=400, errors=[_("Hãy chọn định dạng tệp: CSV hoặc XLSX.")])
        # No COUNT here (65 ms at a million entries on PostgreSQL): the GET showed it, the job
        # counts again, and refuses an XLSX over a worksheet's rows.
        errors = self.input_errors()
        if errors:
            return self._page(status=400, errors=errors)
        filtered = bool(self.is_filtering or self.is_searching)
        job = start_export(
            user=request.user,
            kind=KIND,
            title=job_title(self.export_format, filtered=filtered),
            parameters={"format": self.export_format, "query": self.export_query()},
        )
        response = HttpResponse(status=303)  # See Other: the job's page
        response["Location"] = reverse("export_job", args=[job.pk])
        return response

    def write_file(self, rows: "CountedRows", output: IO[bytes]) -> None:
        """The whole file into ``output`` with Wagtail's own writers (same headings, same cells)."""
        if self.export_format == "xlsx":
            self.write_xlsx(rows, output)
        else:
            for line in self.stream_csv(rows):
                output.write(line)


def job_title(file_format: str, *, filtered: bool) -> str:
    template = (
        _("Nhật ký hệ thống theo bộ lọc (%(format)s)")
        if filtered
        else _("Nhật ký hệ thống, toàn bộ (%(format)s)")
    )
    return template % {"format": file_format.upper()}


class AuditInspectView(InspectView):
    """One entry, in words: the action's label, local time, each change as "field: old → new"."""

    def get_at_display_value(self) -> str:
        return f"{timezone.localtime(self.object.at):%d/%m/%Y %H:%M:%S}"

    def get_action_display_value(self) -> str:
        return f"{self.object.action_label} ({self.object.action})"

    def get_ip_display_value(self) -> str:
        return self.object.ip or "—"

    def get_changes_display_value(self) -> str:
        changes = self.object.changes or {}
        return "; ".join(f"{name}: {pair[0]!s} → {pair[1]!s}" for name, pair in changes.items()) or "—"

    def get_edit_url(self) -> None:
        return None

    def get_delete_url(self) -> None:
        return None


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    name = "nhat_ky"
    url_prefix = "nhat-ky"
    icon = "history"
    menu_label = gettext_lazy("Nhật ký hệ thống")
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-at", "-pk"]
    list_per_page = 50
    list_display = [
        Column(
            "at",
            label=gettext_lazy("Thời điểm"),
            accessor=lambda e: f"{timezone.localtime(e.at):%d/%m/%Y %H:%M:%S}",
        ),
        "actor_name",
        "ip",
        Column("action", label=gettext_lazy("Hành động"), accessor="action_label"),
        Column("object", label=gettext_lazy("Đối tượng"), accessor=lambda e: e.object_repr or "—"),
    ]
    filterset_class = AuditEntryFilterSet
    search_fields = ["object_repr", "actor_name", "detail"]
    search_backend_name = None
    list_export = [
        "at",
        "actor_name",
        "ip",
        "action",
        "action_label",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "detail",
    ]
    export_headings = {
        "at": gettext_lazy("Thời điểm"),
        "actor_name": gettext_lazy("Tên đăng nhập"),
        "ip": gettext_lazy("Địa chỉ IP"),
        "action": gettext_lazy("Mã hành động"),
        "action_label": gettext_lazy("Hành động"),
        "content_type": gettext_lazy("Loại đối tượng"),
        "object_id": gettext_lazy("Mã đối tượng"),
        "object_repr": gettext_lazy("Đối tượng"),
        "changes": gettext_lazy("Thay đổi"),
        "detail": gettext_lazy("Chi tiết"),
    }
    export_filename = "nhat-ky-he-thong"
    form_fields = ["detail"]  # Wagtail asks for a form; no screen of this viewset shows one
    inspect_view_fields = [
        "at",
        "actor",
        "actor_name",
        "ip",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "detail",
    ]

    def get_urlpatterns(self) -> list[URLPattern]:
        # Only the list and each entry's page: no add, edit, delete, copy, history or usage screen.
        keep = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


# --- the queued export (decision 0024) ---------------------------------------------------------


class CountedRows:
    """The entries of a job, read in chunks (a million model instances never sit in memory at once),
    reporting the progress every ``PROGRESS_EVERY`` rows. ``model`` is what Wagtail's heading lookup
    asks of a queryset."""

    model = AuditEntry

    def __init__(self, queryset: QuerySet[AuditEntry], total: int, progress: Progress) -> None:
        self.queryset, self.total, self.progress = queryset, total, progress

    def __iter__(self) -> Iterator[AuditEntry]:
        for number, entry in enumerate(self.queryset.iterator(chunk_size=2_000), 1):
            if number % PROGRESS_EVERY == 0:
                self.progress(
                    5 + 90 * number // max(self.total, 1),
                    _("Đã ghi %(n)s/%(total)s dòng")
                    % {"n": f"{number:,}".replace(",", "."), "total": f"{self.total:,}".replace(",", ".")},
                )
            yield entry


def index_view_for(user: Any, query: str, file_format: str) -> AuditIndexView:
    """The list's view as the viewset builds it, set up on a GET of ``query`` (filters, search,
    ordering) by ``user``: the worker asks it for the rows and the file, so both are the list's."""
    request = HttpRequest()
    request.method = "GET"
    request.path = reverse("nhat_ky:index")
    given = QueryDict(query, mutable=True)
    given["export"] = file_format
    request.GET = given  # type: ignore[assignment]  # django-stubs: a request's GET is immutable
    request.user = user
    view_function = AuditEntryViewSet().index_view
    view: AuditIndexView = view_function.view_class(**view_function.view_initkwargs)
    view.setup(request)
    return view


def build(user: Any, params: dict[str, Any], progress: Progress) -> ExportFile:
    if not may_read(user):
        raise ExportFailed(_("Bạn không còn quyền xem nhật ký hệ thống."))
    file_format = str(params.get("format"))
    if file_format not in CONTENT_TYPES:
        raise ExportFailed(_("Định dạng “%(format)s” không được hỗ trợ.") % {"format": file_format})
    view = index_view_for(user, str(params.get("query", "")), file_format)
    valid = view.filters is None or view.filters.is_valid()
    queryset = view.get_queryset()
    view._rows = queryset.count() if valid else 0
    errors = view.input_errors()
    if errors:  # a person or an action picked in the filter is gone from the log's choices
        raise ExportFailed(" ".join(errors))
    progress(5, _("Đang đọc nhật ký"))
    output: IO[bytes] = tempfile.TemporaryFile()  # core.exports stores it and closes it
    view.write_file(CountedRows(queryset, view._rows, progress), output)
    output.seek(0)
    return ExportFile(
        content=output,
        filename=f"{view.get_filename()}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
    )


EXPORTER = Exporter(kind=KIND, build=build, may_download=lambda user, params: may_read(user))
