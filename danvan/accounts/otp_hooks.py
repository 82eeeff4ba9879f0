"""The second factor in Wagtail's admin: its pages' URLs and the reset button on the users' list."""

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button

from danvan.core.hooks import register

from . import otp_views


@register("register_admin_urls")
def register_second_factor_urls() -> list[URLPattern]:
    # Under /admin/: Wagtail's sign-in check runs first; otp_middleware keeps the first two open.
    return [
        path("xac-thuc-hai-buoc/", otp_views.verify, name="otp_verify"),
        path("xac-thuc-hai-buoc/dang-ky/", otp_views.enrol, name="otp_enrol"),
        path("xac-thuc-hai-buoc/go/<int:user_id>/", otp_views.reset, name="otp_reset"),
    ]


@register("register_user_listing_buttons")
def second_factor_reset_button(user: Any, request_user: Any) -> list[Button]:
    """In each row's "more" menu, for superusers: remove the user's second factor (lost phone)."""
    if not request_user.is_superuser:
        return []
    return [
        Button(
            _("Gỡ xác thực hai bước"),
            reverse("otp_reset", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
    ]
