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
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import QuerySet
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView

from danvan.core.queued_exports import (
    CONTENT_TYPES,
    DIRECT_ROWS,
    PROGRESS_EVERY,
    XLSX_MAX_ROWS,
    QueuedExportMixin,
    exporter_for,
    view_for,
)
from danvan.core.viewsets import ModelViewSet

from . import actions
from .models import AuditEntry
from .permissions import may_read

KIND = "audit_log"
__all__ = ["CONTENT_TYPES", "EXPORTER", "AuditEntryViewSet", "distinct_values"]  # CONTENT_TYPES: core's


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


class AuditIndexView(QueuedExportMixin, IndexView):
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

    # --- the export (see the module's docstring and core.queued_exports) ---

    export_kind = KIND
    export_heading = gettext_lazy("Tải nhật ký hệ thống")
    export_back_label = gettext_lazy("Quay lại nhật ký")
    export_reading = gettext_lazy("Đang đọc nhật ký")

    def direct_limit(self, file_format: str) -> int:
        return DIRECT_ROWS[file_format]

    def xlsx_limit(self) -> int:
        return XLSX_MAX_ROWS

    def progress_every(self) -> int:
        return PROGRESS_EVERY

    def may_export(self) -> bool:
        return may_read(self.request.user)

    def job_title(self, file_format: str, *, filtered: bool) -> str:
        return job_title(file_format, filtered=filtered)


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


def index_view_for(user: Any, query: str, file_format: str) -> AuditIndexView:
    """The list's view as the viewset builds it, set up on a GET of ``query`` (filters, search,
    ordering) by ``user``: the worker asks it for the rows and the file, so both are the list's."""
    view: AuditIndexView = view_for(
        AuditEntryViewSet().index_view, reverse("nhat_ky:index"), user, query, file_format
    )
    return view


EXPORTER = exporter_for(KIND, index_view_for, gettext_lazy("Bạn không còn quyền xem nhật ký hệ thống."))
