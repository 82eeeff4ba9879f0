"""Who is asking: robots, prefetches, device; the client's address comes from ``core.net``."""

import re

from django.http import HttpRequest

from danvan.core.net import client_ip

__all__ = ["client_ip", "device_class", "is_prefetch", "is_robot"]

# Crawlers, link previewers, monitors, HTTP libraries and headless or automated browsers.
ROBOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|phantomjs"
    r"|puppeteer|selenium|lighthouse|pingdom|uptime|monitor|python-requests|python-urllib|httpx|aiohttp"
    r"|curl/|wget/|go-http-client|java/|libwww|scrapy|okhttp|feedfetcher|validator",
    re.IGNORECASE,
)
MOBILE = re.compile(r"Mobi|iPhone|iPod|Android.+Mobile|Windows Phone", re.IGNORECASE)
TABLET = re.compile(r"iPad|Tablet|Android(?!.*Mobile)", re.IGNORECASE)


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
