"""Admin-wide touches that belong to no single app."""

from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.paginator import WagtailPaginator
from wagtail.locales import views as locale_views
from wagtail.models import Page, Site
from wagtail.sites import views as site_views

from . import frontcache, selectors
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


@register("construct_page_chooser_queryset")
def _pages_of_the_users_sites(pages: QuerySet[Page], request: HttpRequest) -> QuerySet[Page]:
    """The page chooser (browse and search) lists only the pages of the Sites the user edits (decision
    0015); Wagtail's own lists every page of the installation."""
    scope = selectors.pages_user_may_see_q(request.user)
    return pages if scope is None else pages.filter(scope)


class _OwnCollectionsOnly:
    """The admin API's images and documents endpoints list every file of the installation to anyone
    with admin access; here only those of the collections the user holds a right on (decision 0015)."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset()  # type: ignore[misc] # mixed into Wagtail's untyped viewsets
        policy = next(p for p in selectors.file_policies().values() if p.model is queryset.model)
        visible = policy.instances_user_has_any_permission_for(
            self.request.user,  # type: ignore[attr-defined] # the viewset's request
            ["add", "change", "delete", "choose"],
        )
        return queryset.filter(pk__in=visible.values("pk"))


@register("construct_admin_api", order=100)  # after Wagtail's own registrations (order 0)
def _admin_api_files_by_collection(router: Any) -> None:
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    router.register_endpoint(
        "images", type("ImagesByCollection", (_OwnCollectionsOnly, ImagesAdminAPIViewSet), {})
    )
    router.register_endpoint(
        "documents", type("DocumentsByCollection", (_OwnCollectionsOnly, DocumentsAdminAPIViewSet), {})
    )


@register("before_serve_page")
def _tag_served_page(page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    """The page served shows itself: its own change bans its copies at the front (decision 0027)."""
    frontcache.tag(frontcache.shows(page.pk))


from . import admin_exports  # noqa: E402, F401 - the export jobs' pages, imported for their @register hooks
