"""The unit tree in Wagtail's admin: units, levels, types, successions, user rights, and CSV exchange."""

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from danvan.core.dates import today_in_vietnam
from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from . import admin_views, selectors
from .models import OrgLevel, OrgType, OrgUnit, Succession, UnitMembership


def _validity(unit: OrgUnit) -> str:
    def day(value: dt.date | None) -> str:
        return f"{value:%d/%m/%Y}" if value else "…"

    if unit.valid_from is None and unit.valid_to is None:
        return str(_("không giới hạn"))
    return f"{day(unit.valid_from)} – {day(unit.valid_to)}"


class OrgUnitFilterSet(WagtailFilterSet):
    active = django_filters.ChoiceFilter(
        label=_("Hiệu lực"),
        choices=[("yes", _("Còn hiệu lực hôm nay")), ("no", _("Hết hoặc chưa có hiệu lực"))],
        method="filter_active",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = OrgUnit
        fields = ["level", "org_type"]

    def filter_active(self, queryset: QuerySet[OrgUnit], name: str, value: str) -> QuerySet[OrgUnit]:
        today = today_in_vietnam()
        active = selectors.active_unit_ids(today)
        if value == "yes":
            return queryset.filter(pk__in=active)
        if value == "no":
            return queryset.exclude(pk__in=active)
        return queryset


class OrgUnitViewSet(ModelViewSet):
    model = OrgUnit
    name = "don_vi"
    url_prefix = "don-vi"
    icon = "list-ul"
    menu_label = _("Đơn vị")
    add_to_admin_menu = False
    list_display = [
        "code",
        "name",
        "parent",
        "level",
        "org_type",
        Column("validity", label=_("Hiệu lực"), accessor=_validity),
    ]
    filterset_class = OrgUnitFilterSet
    search_fields = ["code", "name"]
    search_backend_name = None
    form_fields = ["code", "name", "parent", "level", "org_type", "valid_from", "valid_to"]

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # ModelViewSet never calls get_queryset(): hand the (Vietnamese-ordered) queryset to the list.
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(
            queryset=self.get_queryset(None), **kwargs
        )
        return view_kwargs

    def get_queryset(self, request: Any = None) -> QuerySet[OrgUnit]:
        return selectors.units_for_admin()


class OrgLevelViewSet(ModelViewSet):
    model = OrgLevel
    name = "cap_don_vi"
    url_prefix = "cap-don-vi"
    icon = "order"
    menu_label = _("Cấp")
    list_display = ["name", "code", "rank"]
    form_fields = ["name", "code", "rank"]


class OrgTypeViewSet(ModelViewSet):
    model = OrgType
    name = "loai_to_chuc"
    url_prefix = "loai-to-chuc"
    icon = "tag"
    menu_label = _("Loại tổ chức")
    list_display = ["name", "code", "socio_political"]
    form_fields = ["name", "code", "socio_political"]


class SuccessionViewSet(ModelViewSet):
    model = Succession
    name = "ke_thua_don_vi"
    url_prefix = "ke-thua-don-vi"
    icon = "arrow-right"
    menu_label = _("Kế thừa đơn vị")
    list_display = ["predecessor", "successor", "kind", "effective_on", "share"]
    list_filter = ["kind"]
    search_fields = ["predecessor__code", "predecessor__name", "successor__code", "successor__name"]
    search_backend_name = None
    form_fields = ["predecessor", "successor", "kind", "effective_on", "share"]

    def get_queryset(self, request: Any) -> QuerySet[Succession]:
        return selectors.successions_for_admin()


class UnitMembershipViewSet(ModelViewSet):
    model = UnitMembership
    name = "phan_quyen_don_vi"
    url_prefix = "phan-quyen-don-vi"
    icon = "group"
    menu_label = _("Phân quyền theo đơn vị")
    list_display = ["user", "org_unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "org_unit__code", "org_unit__name"]
    search_backend_name = None
    form_fields = ["user", "org_unit", "role"]

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # ModelViewSet never calls get_queryset(): hand the (Vietnamese-ordered) queryset to the list.
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(
            queryset=self.get_queryset(None), **kwargs
        )
        return view_kwargs

    def get_queryset(self, request: Any = None) -> QuerySet[UnitMembership]:
        return selectors.memberships_for_admin()


class CsvExchangeMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.can_export(request.user)  # the page's own check: no link to a refusal


class CsvExchangeViewSet(ViewSet):
    name = "don_vi_csv"
    url_prefix = "don-vi-csv"
    icon = "download"
    menu_label = _("Nhập/xuất CSV")
    menu_item_class = CsvExchangeMenuItem

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", admin_views.exchange, name="index"),
            path("tai/<slug:what>/", admin_views.download, name="download"),
        ]


class OrgUnitsGroup(ViewSetGroup):
    menu_label = _("Đơn vị")
    menu_icon = "list-ul"
    menu_order = 260
    items = (
        OrgUnitViewSet,
        OrgLevelViewSet,
        OrgTypeViewSet,
        SuccessionViewSet,
        UnitMembershipViewSet,
        CsvExchangeViewSet,
    )


@register("register_admin_viewset")
def register_org_units() -> OrgUnitsGroup:
    return OrgUnitsGroup()
