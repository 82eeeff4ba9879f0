from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
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
