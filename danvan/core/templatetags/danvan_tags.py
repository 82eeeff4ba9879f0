from typing import Any

from django import template
from django.conf import settings

from danvan.core import selectors
from danvan.core.dates import VIETNAM, header_date, today_in_vietnam

register = template.Library()


@register.simple_tag
def vn_header_date() -> str:
    """Today's date as rendered on the server; the browser replaces it with its own today."""
    from django.utils.translation import get_language

    return header_date(today_in_vietnam(), (get_language() or "vi").split("-")[0])


@register.simple_tag
def vn_today_iso() -> str:
    return today_in_vietnam().isoformat()


@register.filter
def vn_datetime(value: Any) -> str:
    """'03/03/2023 14:37' in Asia/Ho_Chi_Minh."""
    if not value:
        return ""
    formatted: str = value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    return formatted


@register.filter
def vn_date(value: Any) -> str:
    if not value:
        return ""
    if hasattr(value, "astimezone") and hasattr(value, "hour"):
        value = value.astimezone(VIETNAM)
    formatted: str = value.strftime("%d/%m/%Y")
    return formatted


def _site(context: dict[str, Any]) -> Any:
    request = context.get("request")
    site = getattr(request, "_danvan_site", None)
    if site is None and request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    return site


def home_in_context(context: dict[str, Any]) -> Any:
    """The site's home page in the active language, looked up once per request."""
    request = context.get("request")
    home = getattr(request, "_danvan_home", None)
    if home is None:
        site = _site(context)
        if site is None:
            return None
        home = site.root_page.localized
        if request is not None:
            request._danvan_home = home
    return home


@register.simple_tag(takes_context=True)
def home_url(context: dict[str, Any]) -> str:
    home = home_in_context(context)
    return home.get_url(context.get("request")) if home is not None else "/"


@register.simple_tag(takes_context=True)
def language_versions(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The page in each content language: its translation when there is one (`exact`, also written
    as an hreflang link), otherwise that language's home page."""
    from django.utils.translation import get_language
    from wagtail.models import Page

    request = context.get("request")
    site = _site(context)
    if site is None:
        return []
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    home_key = site.root_page.translation_key
    page_key = page.translation_key if isinstance(page, Page) and page.pk else None
    # One query for both the page's translations and the home page's.
    rows = selectors.live_pages_by_translation_key({home_key, page_key})
    translations = {p.locale.language_code: p for p in rows if p.translation_key == page_key}
    homes = {p.locale.language_code: p for p in rows if p.translation_key == home_key}
    if request is not None and current in homes:
        request._danvan_home = homes[current]  # menu and home links need it: no second lookup
    versions = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if target is None:
            continue
        versions.append(
            {
                "code": code,
                "name": name,
                "url": target.get_url(request),
                "full_url": target.get_full_url(request),
                "exact": code in translations,
                "current": code == current,
            }
        )
    # hreflang links only make sense as a set of two or more real translations.
    for version in versions:
        version["announce"] = version["exact"] and len(translations) > 1
    return versions


@register.filter
def localized(identity: Any) -> Any:
    """{% with identity=settings.core.SiteIdentity|localized %}: the agency's details in the page's language."""
    from django.utils.translation import get_language

    return identity.localized((get_language() or "vi").split("-")[0])


@register.simple_tag
def admin_site_name() -> str:
    """The admin's name in tab titles (settings.WAGTAIL_SITE_NAME, Vietnamese)."""
    return str(settings.WAGTAIL_SITE_NAME)
