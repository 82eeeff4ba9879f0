"""Admin-wide touches that belong to no single app."""

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.paginator import WagtailPaginator
from wagtail.locales import views as locale_views
from wagtail.models import Site
from wagtail.sites import views as site_views

from .hooks import register
from .slugs import VietnameseSlugInput


@register("insert_global_admin_css")
def _admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("core/css/admin.css"))


# Slug fields in every admin form (pages' "promote" tab included) transliterate Vietnamese.
register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})


@register("construct_help_menu")
def _no_english_user_guide(request: HttpRequest, items: list[Any]) -> None:
    """Wagtail's help menu links to its English-only guide on guide.wagtail.org: not for our editors."""
    items[:] = [
        item
        for item in items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


def _label_site_columns() -> None:
    """Wagtail's site list builds three column headings from field names ("Site name", "Root page",
    "Port"), untranslated: use the fields' translated verbose names instead."""
    for column in site_views.IndexView.columns:
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


_label_site_columns()


class _LocalePaginator(WagtailPaginator):
    """Wagtail's Locale model has no verbose name: its list counted "2 locales"."""

    verbose_name = _("ngôn ngữ")
    verbose_name_plural = _("ngôn ngữ")


locale_views.IndexView.paginator_class = _LocalePaginator
