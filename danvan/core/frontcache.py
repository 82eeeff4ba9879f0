"""The front cache (Varnish, `deploy/`) and the purges that cascade (issue 17, decision 0027).

Every cacheable answer carries, in ``X-Cache-Tags``, what it shows, in two words per page:

- ``p<id>``: the answer shows page ``id`` — the page itself, a link with its title, a breadcrumb;
- ``c<id>``: the answer lists pages below page ``id`` — a category's news, the home page's latest,
  a feed, the monthly archive, the related articles of a category;
- ``m<id>``: the answer shows the menu of page ``id``'s children (every page of a site);
- ``pages``: the answer lists any page at all (the sitemap, search results).

The header holds them between commas (``,c3,m2,p12,``).

Reads that put pages on an answer say so with :func:`tag` while the answer is rendered (the portal's
selectors, the library's document pages…); the middleware writes the header; the front stores it
with the copy and removes it before the visitor sees it.

When a page is published, unpublished, moved or deleted, :func:`page_changed` bans at every front
the answers tagged with that page, with any of its ancestors (before and after a move) as a list,
with its parent's menu, and ``pages``: the article, its category and the category's other pages,
the home page, the feeds, the archive, the sitemap, related articles and documents that link it —
and nothing else. Everything else a page may show (settings, images, the links block, documents,
answers) retires every copy (:func:`purge_all`), as the application's own page cache does.

A ban is an HTTP ``BAN`` to each of ``DANVAN_FRONT_CACHES``, sent when the transaction commits. A
front that does not answer within a second is logged and skipped: its copies then live out their
``max-age`` (``DANVAN_PAGE_CACHE_SECONDS``, five minutes), the bound on staleness if a ban is lost.
"""

import contextvars
import http.client
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

HEADER = "X-Cache-Tags"
EVERY_PAGE = "pages"
# Tags are short ASCII words: the front builds a regular expression from them.
TAG_RE = re.compile(r"^[a-z0-9]+$")
# A header longer than this is replaced by the tags that matter most to a ban (Varnish keeps headers
# up to 8 KB by default); an answer that lists more pages than fit is still banned by its lists' tags.
MAX_HEADER = 4000
TIMEOUT_S = 1.0

_collected: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "danvan_cache_tags", default=None
)


def shows(page_id: int) -> str:
    return f"p{page_id}"


def lists_below(page_id: int) -> str:
    return f"c{page_id}"


def menu_of(page_id: int) -> str:
    return f"m{page_id}"


def tag(*tags: str) -> None:
    """Record what the answer being rendered shows; outside a request, nothing happens."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def tag_pages(pages: Iterable[Any]) -> None:
    tag(*(shows(page.pk) for page in pages))


def header_value(tags: set[str]) -> str:
    """The tags between commas (",c3,m2,p12,"), so the front's ban matches a whole tag without anchors."""
    ordered = sorted(tags, key=lambda t: (not t.startswith(("c", "m", "pages")), t))
    value = "," + ",".join(ordered) + ","
    if len(value) <= MAX_HEADER:
        return value
    return value[:MAX_HEADER].rsplit(",", 1)[0] + ","


class CacheTagsMiddleware:
    """Collects the tags of one answer and writes them on it when it may be stored by a cache.

    Below the application's page cache, so a copy served from there carries the tags it was stored with.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _collected.set(set())
        try:
            response = self.get_response(request)
            tags = _collected.get() or set()
        finally:
            _collected.reset(token)
        if tags:
            response[HEADER] = header_value(tags)
        return response


def page_change_tags(page: Any, *, old_parent: Any = None) -> set[str]:
    """What to ban when ``page`` changed: itself, the lists of its ancestors (and of its old ones
    after a move), its parent's menu (and the old parent's), and every list of all pages."""
    ancestors = list(page.get_ancestors())  # by path: works for a page just deleted too
    parents = ancestors[-1:]
    if old_parent is not None:
        ancestors += old_parent.get_ancestors(inclusive=True)
        parents.append(old_parent)
    tags = {shows(page.pk), EVERY_PAGE}
    tags.update(lists_below(ancestor.pk) for ancestor in ancestors)
    tags.update(menu_of(parent.pk) for parent in parents)
    return tags


def purge_tags(tags: Iterable[str]) -> None:
    wanted = sorted({t for t in tags if TAG_RE.match(t)})
    if wanted:
        _on_commit({"X-Purge-Tags": " ".join(wanted)})


def purge_all() -> None:
    _on_commit({"X-Purge-All": "1"})


def page_changed(page: Any, **kwargs: Any) -> None:
    purge_tags(page_change_tags(page, **kwargs))


def _on_commit(headers: dict[str, str]) -> None:
    if not settings.DANVAN_FRONT_CACHES:
        return
    transaction.on_commit(lambda: send_ban(headers))


def send_ban(headers: dict[str, str]) -> int:
    """Send one ban to every front; returns how many accepted it."""
    accepted = 0
    for front in settings.DANVAN_FRONT_CACHES:
        address = urlsplit(front)
        connection = http.client.HTTPConnection(
            address.hostname or "127.0.0.1", address.port or 80, timeout=TIMEOUT_S
        )
        try:
            connection.request("BAN", "/", headers=headers)
            status = connection.getresponse().status
        except OSError as error:
            logger.warning("Bộ đệm phía trước %s không nhận lệnh xóa bản lưu: %s", front, error)
            continue
        finally:
            connection.close()
        if status == 200:
            accepted += 1
        else:
            logger.warning("Bộ đệm phía trước %s từ chối lệnh xóa bản lưu (HTTP %s)", front, status)
    return accepted
