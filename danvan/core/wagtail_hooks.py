"""Admin-wide touches that belong to no single app."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def _admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("core/css/admin.css"))
