"""The "Đơn thư" menu of the admin; its screens register themselves into it from their modules."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, SubmenuMenuItem

from danvan.core.hooks import register

from . import admin_board, admin_cases, admin_dialogue, admin_rules  # noqa: F401 - their @register hooks

MENU_HOOK = "register_feedback_menu_item"


@register("register_admin_menu_item")
def feedback_menu() -> SubmenuMenuItem:
    return SubmenuMenuItem(
        _("Đơn thư"), Menu(register_hook_name=MENU_HOOK), icon_name="mail", name="don-thu", order=350
    )
