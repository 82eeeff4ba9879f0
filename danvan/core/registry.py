"""Where the ground meets the apps above it: `core` keeps the lists, each app fills them in its
`AppConfig.ready()` (docs/decisions/0010). Core never names a domain app.

- ``scheduled_jobs``: (label, function) run by `manage.py run_scheduler` every round after Wagtail's
  scheduled publishing; a failing job is reported and retried next round.
- ``sitemaps``: name → Sitemap class for /sitemap.xml, besides the pages'.
- ``sitemap_views``: URL names of list views (no arguments) to list in /sitemap.xml.
"""

from collections.abc import Callable
from typing import Any

scheduled_jobs: list[tuple[str, Callable[[], Any]]] = []
sitemaps: dict[str, Any] = {}
sitemap_views: list[str] = []


def add_scheduled_job(label: str, job: Callable[[], Any]) -> None:
    """Run ``job`` every scheduler round (idempotent: an app's ready() may run twice in tests)."""
    if all(existing is not job for _, existing in scheduled_jobs):
        scheduled_jobs.append((label, job))


def add_sitemap(name: str, sitemap: Any) -> None:
    """List ``sitemap``'s items in /sitemap.xml."""
    sitemaps[name] = sitemap


def add_sitemap_view(url_name: str) -> None:
    """List the page of the view named ``url_name`` (it takes no arguments) in /sitemap.xml."""
    if url_name not in sitemap_views:
        sitemap_views.append(url_name)
