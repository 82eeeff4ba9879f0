from typing import Any

from django import template

from danvan.core.dates import VIETNAM, header_date, today_in_vietnam
from danvan.portal import selectors
from danvan.portal.images import responsive_attrs

register = template.Library()


@register.simple_tag
def vn_header_date() -> str:
    """Today's date as rendered on the server; the browser replaces it with its own today."""
    return header_date(today_in_vietnam())


@register.simple_tag
def vn_today_iso() -> str:
    return today_in_vietnam().isoformat()


@register.filter
def vn_datetime(value: Any) -> str:
    """'03/03/2023 14:37' in Asia/Ho_Chi_Minh."""
    if not value:
        return ""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


@register.filter
def vn_date(value: Any) -> str:
    if not value:
        return ""
    if hasattr(value, "astimezone") and hasattr(value, "hour"):
        value = value.astimezone(VIETNAM)
    return value.strftime("%d/%m/%Y")


@register.simple_tag(takes_context=True)
def menu_categories(context: dict[str, Any]) -> list[Any]:
    request = context.get("request")
    site = getattr(request, "_danvan_site", None)
    if site is None:
        from wagtail.models import Site

        site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return selectors.categories(home=site.root_page)


@register.simple_tag(takes_context=True)
def home_url(context: dict[str, Any]) -> str:
    from wagtail.models import Site

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.get_url(request) if site else "/"


@register.simple_tag
def responsive_img(image: Any, alt: str, sizes: str = "(max-width: 720px) 100vw, 720px") -> str:
    from django.utils.html import format_html

    attrs = responsive_attrs(image)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        attrs["src"],
        attrs["srcset"],
        sizes,
        attrs["width"],
        attrs["height"],
        alt,
    )
