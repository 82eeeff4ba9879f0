"""Sign-in security in Wagtail's admin: the lockouts screen (Settings menu), the "end every
session" action in the users' list, and the "may unlock" right in the groups' editor."""

from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from danvan.core.hooks import register

from . import (
    admin_views,
    otp_hooks,  # noqa: F401 - registers the second factor's admin URLs and buttons
)


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.can_unlock(request.user)


@register("register_admin_urls")
def register_accounts_urls() -> list[URLPattern]:
    # Under /admin/, so Wagtail's own sign-in check runs before the views' own.
    return [
        path("khoa-dang-nhap/", admin_views.lockouts, name="accounts_lockouts"),
        path("tai-khoan/<int:pk>/ket-thuc-phien/", admin_views.end_sessions, name="accounts_end_sessions"),
    ]


@register("register_settings_menu_item")
def register_lockouts_menu_item() -> Any:
    return LockoutsMenuItem(
        _("Khóa đăng nhập"), reverse("accounts_lockouts"), name="khoa-dang-nhap", icon_name="lock", order=650
    )


@register("register_user_listing_buttons")
def end_sessions_button(user: Any, request_user: Any) -> list[Any]:
    if not admin_views.can_end_sessions(request_user, user):
        return []
    return [
        Button(
            _("Kết thúc mọi phiên"),
            reverse("accounts_end_sessions", args=[user.pk]),
            icon_name="logout",
            priority=60,
        )
    ]


@register("register_permissions")
def register_unlock_permission() -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label="accounts", codename="unlock_account")
