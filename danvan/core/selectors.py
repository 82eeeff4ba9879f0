"""Reads of the core app: sites and the translations of pages, for the template tags and views."""

from collections.abc import Iterable

from django.http import HttpRequest
from wagtail.models import Page, Site


def live_pages_by_translation_key(keys: Iterable[object]) -> list[Page]:
    """The live pages of these translation keys (every language), with their locale: one query."""
    wanted = {key for key in keys if key is not None}
    return list(Page.objects.filter(translation_key__in=wanted).live().select_related("locale"))


def site_for(request: HttpRequest) -> Site | None:
    """The request's Site, or the default one (a host Wagtail does not know)."""
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def home_in_language(home: Page, language: str) -> Page:
    """The home page's translation in ``language`` (its live one), or the home page itself."""
    if language == home.locale.language_code:
        return home
    translated = home.get_translations().filter(locale__language_code=language).first()
    return translated if translated is not None else home
