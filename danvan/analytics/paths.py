"""Which paths may be counted: the site's live public pages (and their sub-routes), search, this page."""

import time

from django.conf import settings
from django.http import HttpRequest
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from danvan.core import page_cache, registry

MAX_PATH = 300
EXTRA_PATHS: tuple[str, ...] = ()
# Public pages that are Django views rather than Wagtail pages: each app names its own in
# core.registry.add_public_view (its AppConfig.ready), with a check that the object exists.


_generation_memo = [0.0, 0]  # [read at (monotonic), value]


def _generation() -> int:
    """The page cache's generation, read from the shared cache at most once a second per process:
    a page published less than a second ago may be refused once — a beacon, not a page."""
    now = time.monotonic()
    if now - _generation_memo[0] > 1.0:
        _generation_memo[:] = [now, page_cache.generation()]
    return int(_generation_memo[1])


def forget_generation(*args: object, **kwargs: object) -> None:
    """This process changed the pages: read the generation again at the next beacon."""
    _generation_memo[0] = 0.0


_known_cache: dict[int, tuple[int, tuple[frozenset[str], tuple[tuple[str, str], ...]]]] = {}


def _known(site: Site) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """(page paths, (path, dotted class) of routable pages) of a site.

    Kept in this process until the page cache's generation changes (any publish, unpublish, move
    or delete bumps it): a beacon then costs one small cache read, not the list of every page.
    """
    generation = _generation()
    cached = _known_cache.get(site.pk)
    if cached is not None and cached[0] == generation:
        return cached[1]
    paths: set[str] = set(EXTRA_PATHS)
    routable: list[tuple[str, str]] = []
    # The home page and its translations: the default language's pages are at /…, others at /<code>/….
    for root in site.root_page.get_translations(inclusive=True).select_related("locale"):
        code = root.locale.language_code
        prefix = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        pages = Page.objects.live().public().descendant_of(root, inclusive=True).specific(defer=True)
        for page in pages:
            path = prefix + page.url_path[len(root.url_path) :]
            paths.add(path)
            if isinstance(page, RoutablePageMixin):
                routable.append((path, f"{type(page).__module__}.{type(page).__qualname__}"))
    found = (frozenset(paths), tuple(routable))
    _known_cache[site.pk] = (generation, found)
    return found


_site_cache: dict[str, tuple[int, Site | None]] = {}


def site_for(request: HttpRequest) -> Site | None:
    """Site.find_for_request, remembered per host until the page cache's generation changes (saving
    a Site bumps it too): Wagtail's lookup is most of a beacon's cost otherwise."""
    generation = _generation()
    host = request.get_host()
    remembered = _site_cache.get(host)
    if remembered is not None and remembered[0] == generation:
        return remembered[1]
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page  # noqa: B018 - loaded now, kept with the site
    if len(_site_cache) > 100:
        _site_cache.clear()
    _site_cache[host] = (generation, site)
    return site


def clean_path(raw: object) -> str | None:
    """The path to count, or None when it is not a path of this site's public pages."""
    if not isinstance(raw, str) or not raw.startswith("/") or raw.startswith("//") or len(raw) > MAX_PATH:
        return None
    path = raw.split("?", 1)[0].split("#", 1)[0]
    if any(ord(c) < 32 or c == "\\" for c in path):
        return None
    return path


def is_public_path(path: str, site: Site | None) -> bool:
    if site is None:
        return False
    paths, routable = _known(site)
    if path in paths:
        return True
    from django.urls import Resolver404, resolve
    from django.utils import translation

    # /en/… views resolve only with English active (i18n_patterns); the beacon itself is unprefixed.
    code = path.split("/")[1] if path.count("/") > 1 else ""
    language = code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.url_name in registry.public_views:
        exists = registry.public_views[match.url_name]
        return exists is None or exists(match.kwargs)
    from django.utils.module_loading import import_string

    for prefix, dotted in routable:
        if path.startswith(prefix) and path != prefix:
            page_class = import_string(dotted)
            try:
                page_class().resolve_subpage("/" + path[len(prefix) :])
            except Exception:  # noqa: S112 - Http404 / Resolver404: not one of its routes
                continue
            return True
    return False
