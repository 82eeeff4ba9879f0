"""Rate limits per client address: a fixed window counted in the shared cache (issue 14).

``settings.DANVAN_RATE_LIMITS`` names each limit ("comment": "5/m"); a view takes one with the
``rate_limited("comment")`` decorator, or calls ``exceeded`` itself when only some requests count
(a form's POST, not its GET). Over the limit the answer is 429 with a ``Retry-After`` header and a
Vietnamese message: a page for people, JSON under ``/api/``.

The address is the one ``core.net.client_ip`` believes (X-Forwarded-For only from trusted proxies)
and is kept only as a keyed hash, for one window, in the cache: no address is stored or logged.
"""

import hashlib
import hmac
import time
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .net import client_ip

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/m" → (5, 60): at most 5 requests per 60-second window ("30/s", "100/h", "1000/d")."""
    count, _slash, unit = rate.partition("/")
    if unit not in UNITS or not count.isdigit():
        raise ValueError(f"rate {rate!r}: expected N/s, N/m, N/h or N/d")
    return int(count), UNITS[unit]


def _address_key(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def exceeded(request: HttpRequest, scope: str) -> int | None:
    """Count this request against ``scope``'s limit; the seconds to wait if it is over, else None."""
    limit, period = parse_rate(settings.DANVAN_RATE_LIMITS[scope])
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{scope}:{_address_key(client_ip(request))}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, int((window + 1) * period - now + 0.999))


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 with Retry-After: JSON for the API, a page for people; never cached."""
    message = _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Xin thử lại sau %(n)s giây.") % {
        "n": retry_after
    }
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": message, "retry_after": retry_after},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def rate_limited(scope: str, methods: tuple[str, ...] | None = None) -> Callable[[View[P]], View[P]]:
    """Refuse with 429 past ``settings.DANVAN_RATE_LIMITS[scope]`` requests per address and window;
    with ``methods``, only requests of those methods count (e.g. a form's ("POST",))."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if methods is None or request.method in methods:
                wait = exceeded(request, scope)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
