"""The audit log in Wagtail's admin (Settings → Nhật ký hệ thống): a read-only list with filters by
person, action, object and date, each entry's details, and CSV/XLSX export. Nobody adds, edits or
deletes here, superusers included: those screens do not exist and the permission policy refuses them.
Who may read: superusers and holders of ``audit.view_auditentry``."""

import datetime as dt
import json
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import URLPattern
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from . import actions
from .models import AuditEntry

READ_ONLY = frozenset({"view"})


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only "view" can ever be granted on the log, whoever asks."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in READ_ONLY and bool(super().user_has_permission(user, action))

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Any) -> Any:
        wanted = [action for action in actions if action in READ_ONLY]
        if not wanted:
            return get_user_model()._default_manager.none()
        return super().users_with_any_permission(wanted)


register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry), exact_class=True)


def _action_choices() -> list[tuple[str, str]]:
    return actions.choices(list(AuditEntry.objects.order_by().values_list("action", flat=True).distinct()))


def _people(request: Any = None) -> QuerySet[Any]:
    ids = AuditEntry.objects.order_by().exclude(actor=None).values("actor").distinct()
    return get_user_model()._default_manager.filter(pk__in=ids).order_by("username")


def _object_types(request: Any = None) -> QuerySet[ContentType]:
    ids = AuditEntry.objects.order_by().exclude(content_type=None).values("content_type").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


class AuditEntryFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(
        label=_("Ngày"), widget=DateRangePickerWidget, method="filter_at"
    )
    actor = django_filters.ModelChoiceFilter(label=_("Người thực hiện"), queryset=_people)
    actor_name = django_filters.CharFilter(label=_("Tên đăng nhập"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(
        label=_("Hành động"), choices=_action_choices, empty_label=_("Tất cả")
    )
    content_type = django_filters.ModelChoiceFilter(label=_("Loại đối tượng"), queryset=_object_types)
    object_id = django_filters.CharFilter(label=_("Mã đối tượng"))
    ip = django_filters.CharFilter(label=_("Địa chỉ IP"))

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
    menu_label = _("Nhật ký hệ thống")
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
            "at", label=_("Thời điểm"), accessor=lambda e: f"{timezone.localtime(e.at):%d/%m/%Y %H:%M:%S}"
        ),
        "actor_name",
        "ip",
        Column("action", label=_("Hành động"), accessor="action_label"),
        Column("object", label=_("Đối tượng"), accessor=lambda e: e.object_repr or "—"),
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
        "at": _("Thời điểm"),
        "actor_name": _("Tên đăng nhập"),
        "ip": _("Địa chỉ IP"),
        "action": _("Mã hành động"),
        "action_label": _("Hành động"),
        "content_type": _("Loại đối tượng"),
        "object_id": _("Mã đối tượng"),
        "object_repr": _("Đối tượng"),
        "changes": _("Thay đổi"),
        "detail": _("Chi tiết"),
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


@register("register_admin_viewset")
def register_audit_log() -> AuditEntryViewSet:
    return AuditEntryViewSet()
