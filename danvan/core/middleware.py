from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from . import page_cache
from .dates import seconds_until_midnight

# Paths whose answers depend on who asks, or change with every call.
UNCACHED_PREFIXES = ("/admin/", "/api/", "/documents/", "/media/", "/static/", "/_util/")


class SecurityHeadersMiddleware:
    """Headers Django does not set, on every answer — cached pages included, as this sits above the
    page cache: ``Permissions-Policy`` turns off the browser features no page here uses (camera,
    microphone, location, payment, USB…), so an injected script could not ask for them either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.DANVAN_PERMISSIONS_POLICY)
        return response


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for visitors without a session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _eligible(self, request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(UNCACHED_PREFIXES)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._eligible(request):
            return self.get_response(request)
        key = page_cache.key_for(request.get_host(), request.get_full_path())
        cached: HttpResponse | None = cache.get(key)
        if cached is not None:
            cached["X-Danvan-Cache"] = "hit"
            self._set_max_age(cached)
            return cached
        response = self.get_response(request)
        if self._storable(request, response):
            self._set_max_age(response)
            response["X-Danvan-Cache"] = "miss"
            cache.set(
                key, response, timeout=min(settings.DANVAN_PAGE_CACHE_SECONDS, seconds_until_midnight())
            )
        return response

    @staticmethod
    def _set_max_age(response: HttpResponse) -> None:
        # The server-rendered header date must not outlive the day it names.
        max_age = min(settings.DANVAN_PAGE_CACHE_SECONDS, seconds_until_midnight())
        patch_cache_control(response, public=True, max_age=max_age)

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (user is None or not user.is_authenticated)
            and "private" not in control
            and "no-store" not in control
            and "no-cache" not in control
        )


# Admin URL keywords that name a page, an image or a document; a view name's own ``pk`` names one too
# in these namespaces. A new Wagtail URL using these names is covered without a line here.
PAGE_KWARGS = frozenset({"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"})
IMAGE_KWARGS = frozenset({"image_id"})
DOCUMENT_KWARGS = frozenset({"document_id", "doc_id"})
PK_NAMESPACES = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtailimages_chooser": "image",
    "wagtailadmin_api:images": "image",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_api:documents": "document",
}
# Bulk actions by model: the kind of object their ?id= names. A model not listed here is refused (404)
# to staff whose rights stop at some Sites, until a line says what its ids name.
BULK_KINDS = {
    "wagtailcore.page": "page",
    "core.customimage": "image",
    "wagtaildocs.document": "document",
    "auth.user": "installation",  # Wagtail asks for the right to manage users
}
# Wagtail reports that count or list every Site's pages with no hook to narrow them: for staff whose
# rights stop at some Sites, refused.
INSTALLATION_WIDE_VIEWS = frozenset(
    {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"}
)


class SiteScopeMiddleware:
    """One installation, several portals (decision 0015): an admin URL that names a page outside the
    Sites the user edits, or an image or document outside the collections they hold a right on, is
    answered 404 before Wagtail's view runs. Wagtail's own checks refuse most of these; this closes the
    views that show an object before checking (the move confirmation, the admin API's image and
    document details, the workflow views' messages) and any view added later with the same keywords."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        # The path first: asking for the user reads the session, which public pages must not touch.
        if match is None or not request.path.startswith(_admin_prefix()):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        from . import selectors  # wagtail.models needs the app registry: import when first asked

        if match.view_name in INSTALLATION_WIDE_VIEWS and selectors.pages_user_may_see_q(user) is not None:
            raise PermissionDenied
        for name, value in kwargs.items():
            kind = (
                "page"
                if name in PAGE_KWARGS
                else "image"
                if name in IMAGE_KWARGS
                else "document"
                if name in DOCUMENT_KWARGS
                else PK_NAMESPACES.get(match.namespace)
                if name == "pk"
                else None
            )
            if kind is not None and str(value).isdigit() and not selectors.may_see(user, kind, int(value)):
                raise Http404
        if match.view_name == "wagtail_bulk_action":
            # The objects come as ?id=…: Wagtail lists the ones the user may not act on, by title.
            kind = BULK_KINDS.get(f"{kwargs.get('app_label')}.{kwargs.get('model_name')}".lower())
            if kind is None:
                if selectors.pages_user_may_see_q(user) is not None:
                    raise Http404
            elif kind != "installation":
                ids = [value for value in request.GET.getlist("id") if value.isdigit()]
                if any(not selectors.may_see(user, kind, int(value)) for value in ids):
                    raise Http404
        return None


def _admin_prefix() -> str:
    from django.urls import reverse

    return reverse("wagtailadmin_home")
