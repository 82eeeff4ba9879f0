"""Where the ground meets the apps above it: `core` keeps the lists, each app fills them in its
`AppConfig.ready()` (docs/decisions/0010). Core never names a domain app.

- ``scheduled_jobs``: (label, function) run by `manage.py run_scheduler` every round after Wagtail's
  scheduled publishing; a failing job is reported and retried next round.
- ``sitemaps``: name → Sitemap class for /sitemap.xml, besides the pages'.
- ``sitemap_views``: URL names of list views (no arguments) to list in /sitemap.xml.
- ``public_views``: URL name → None, or a check ``(kwargs) -> bool`` that the object the URL names
  exists and is public: the public pages that are Django views rather than Wagtail pages (the
  visitor counter counts only those).
- ``exporters``: kind → ``core.exports.Exporter``: the reports and exports built by the task queue
  (decision 0024); ``ExportJob.kind`` names one.
- ``search_sources``: functions that put every object of their kind into the search index again
  (``rebuild_search_index``), each returning how many it indexed.
- ``datasets``: key → ``core.datasets.Dataset``: the open-data catalogue, in the order registered.
"""

from collections.abc import Callable
from typing import Any

scheduled_jobs: list[tuple[str, Callable[[], Any]]] = []
sitemaps: dict[str, Any] = {}
sitemap_views: list[str] = []
public_views: dict[str, Callable[[dict[str, Any]], bool] | None] = {}
search_sources: list[tuple[str, Callable[[], int]]] = []
exporters: dict[str, Any] = {}
datasets: dict[str, Any] = {}


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


def add_public_view(url_name: str, exists: Callable[[dict[str, Any]], bool] | None = None) -> None:
    """The view named ``url_name`` is a public page; ``exists(kwargs)`` says whether the object in
    the URL is there and public (none: every URL of the view is)."""
    public_views[url_name] = exists


def add_search_source(label: str, reindex: Callable[[], int]) -> None:
    """``reindex()`` puts every object of its kind into the search index again, returning how many."""
    if all(existing is not reindex for _, existing in search_sources):
        search_sources.append((label, reindex))


def add_exporter(exporter: Any) -> None:
    """``exporter`` (a ``core.exports.Exporter``) builds the files of its ``kind`` in the task queue."""
    exporters[exporter.kind] = exporter


def add_dataset(dataset: Any) -> None:
    """``dataset`` (a ``core.datasets.Dataset``) is listed in the open-data catalogue (/du-lieu-mo/,
    /api/v1/datasets/); its API paths answer with its ``Last-Modified`` (issue 18)."""
    datasets[dataset.key] = dataset
