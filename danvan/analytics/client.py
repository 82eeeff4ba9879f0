"""Who is asking: client IP (trusting X-Forwarded-For only from configured proxies), robots, device."""

import ipaddress
import re
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

# Crawlers, link previewers, monitors, HTTP libraries and headless or automated browsers.
ROBOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|phantomjs"
    r"|puppeteer|selenium|lighthouse|pingdom|uptime|monitor|python-requests|python-urllib|httpx|aiohttp"
    r"|curl/|wget/|go-http-client|java/|libwww|scrapy|okhttp|feedfetcher|validator",
    re.IGNORECASE,
)
MOBILE = re.compile(r"Mobi|iPhone|iPod|Android.+Mobile|Windows Phone", re.IGNORECASE)
TABLET = re.compile(r"iPad|Tablet|Android(?!.*Mobile)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _trusted_networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted_networks(tuple(settings.DANVAN_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is a trusted proxy: then the nearest untrusted X-Forwarded-For hop."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    hops: list[str] = [
        h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
    ]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop
    return remote


def is_robot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(ROBOTS.search(user_agent))


def is_prefetch(request: HttpRequest) -> bool:
    purpose = " ".join(
        request.META.get(h, "") for h in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
    ).lower()
    return "prefetch" in purpose or "prerender" in purpose or "preview" in purpose


def device_class(user_agent: str) -> str:
    if TABLET.search(user_agent):
        return "tablet"
    if MOBILE.search(user_agent):
        return "mobile"
    return "desktop"
