"""Reads of the core app: sites and the translations of pages, for the template tags and views; which
Sites (and so which pages) a staff user works on (decision 0015)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import GroupPagePermission, Page, Site

from . import page_cache


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


_homes: dict[tuple[str, str, str], tuple[int, Page | None]] = {}


def home_for(request: HttpRequest, language: str) -> Page | None:
    """The home page of the request's Site in ``language`` (None: no Site answers this host).

    Remembered in this process until the page cache's generation changes — saving a Site and
    publishing, unpublishing, moving or deleting a page bump it, as they retire every cached page —
    so a request pays one cache read instead of Wagtail's Site lookup and the home's locale (two
    queries). The answer is as fresh as a page-cache hit is.
    """
    generation = page_cache.generation()
    key = (request.get_host(), request.get_port(), language)
    remembered = _homes.get(key)
    if remembered is not None and remembered[0] == generation:
        return remembered[1]
    site = Site.find_for_request(request)
    home = None if site is None else home_in_language(site.root_page, language)
    if len(_homes) > 100:  # hosts are few; an attacker's made-up ones are not kept
        _homes.clear()
    _homes[key] = (generation, home)
    return home


def _page_permission_paths(user: Any) -> list[str]:
    """Tree paths of the pages on which the user's groups hold any page right."""
    return list(
        GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True).distinct()
    )


def sites_user_edits(user: Any) -> list[Site]:
    """The portals whose pages this user works on (decision 0015): every Site for a superuser; else the
    Sites whose page tree holds a page the user has a right on, or lies under one (a right on the tree's
    root covers every Site). One answer for the page chooser, the settings menu and any per-site list."""
    if not (user.is_authenticated and user.is_active):
        return []
    sites = list(Site.objects.select_related("root_page").order_by("hostname", "port"))
    if user.is_superuser:
        return sites
    paths = _page_permission_paths(user)
    return [
        site
        for site in sites
        if any(site.root_page.path.startswith(path) or path.startswith(site.root_page.path) for path in paths)
    ]


def pages_user_may_see_q(user: Any) -> Q | None:
    """The admin pages a user may find (choosers, lists): those of the Sites they edit and those under
    their own page rights; None means every page (a superuser, or a right on the tree's root)."""
    if user.is_superuser:
        return None
    paths = _page_permission_paths(user)
    if any(len(path) <= Page.steplen for path in paths):
        return None
    paths += [site.root_page.path for site in sites_user_edits(user)]
    scope = Q(pk__in=[])
    for path in set(paths):
        scope |= Q(path__startswith=path)
    return scope


def may_see(user: Any, kind: str, pk: int) -> bool:
    """Whether an admin URL naming this page, image or document may open for ``user``: a page of the
    Sites they edit (or on the way down to one), an image or document of a collection they hold a
    right on. An id naming nothing is let through: the view answers 404 itself."""
    if kind == "page":
        scope = pages_user_may_see_q(user)
        page = Page.objects.filter(pk=pk).only("path").first()
        if scope is None or page is None:
            return True
        below: bool = Page.objects.filter(scope, path__startswith=page.path).exists()
        return below
    policy = file_policies().get(kind)
    if policy is None:
        raise ValueError(kind)
    if not policy.model._default_manager.filter(pk=pk).exists():
        return True
    visible: QuerySet[Any] = policy.instances_user_has_any_permission_for(
        user, ["add", "change", "delete", "choose"]
    )
    return visible.filter(pk=pk).exists()


def file_policies() -> dict[str, Any]:
    """Wagtail's permission policies of images and documents (rights given per collection), by kind."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    return {
        "image": policy_registry.get_by_type(get_image_model()),
        "document": policy_registry.get_by_type(get_document_model()),
    }
