"""The visit report in Wagtail's admin: its URL and its menu item (shown only to those who may read it)."""

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from danvan.core.hooks import register

from . import admin_views


class VisitReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.can_view(request.user)


@register("register_admin_urls")
def register_visit_report_url() -> list[URLPattern]:
    # Under /admin/, so Wagtail's own login check (wagtailadmin.access_admin) runs before the view's.
    return [path("thong-ke-truy-cap/", admin_views.report, name="analytics_report")]


@register("register_admin_menu_item")
def register_visit_report_menu_item() -> Any:
    return VisitReportMenuItem(
        _("Thống kê truy cập"),
        reverse("analytics_report"),
        name="thong-ke-truy-cap",
        icon_name="table",
        order=8500,  # after the content menus, before Reports (9000) and Settings (10000)
    )
