"""``--profile``, part 1: wall time of a request split into named phases.

Wraps a few functions of Django, Wagtail and the portal with timers for the duration of the
measurement (this process only; nothing is written), so the answer is in the product's terms:
routing, get_context, the body's blocks, the menu… Phases nest: a phase's time includes the
phases listed under it. Cheap enough (a few µs per call) not to distort what it measures.
"""

import functools
import importlib
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import connection
from django.test import Client

from .measure import Scenario, request_once

# (module, attribute path, label); indentation of the label shows the nesting.
PHASES: list[tuple[str, str, str]] = [
    ("danvan.core.middleware", "AnonymousPageCacheMiddleware.__call__", "page-cache middleware and below"),
    ("wagtail.models", "Page.route_for_request", "  routing: site and page tree walk"),
    ("wagtail.models", "Site.find_for_request", "    Site.find_for_request (first call queries)"),
    ("wagtail.models", "Page.get_view_restrictions", "  view-restriction check (before_serve_page)"),
    ("wagtail.views", "serve_chain", "  page.serve: context and response"),
    ("danvan.portal.models", "ArticlePage.get_context", "    ArticlePage.get_context"),
    ("danvan.portal.selectors", "related_articles", "      related_articles"),
    ("danvan.portal.models", "HomePage.get_context", "    HomePage.get_context"),
    ("danvan.portal.selectors", "featured_articles", "      featured_articles"),
    ("danvan.portal.selectors", "latest_articles", "      latest_articles"),
    ("danvan.portal.selectors", "categories_with_latest", "      categories_with_latest"),
    ("danvan.portal.models", "paginate", "    paginate (CategoryPage.index: count query)"),
    ("django.template.response", "SimpleTemplateResponse.render", "  template rendering"),
    (
        "wagtail.templatetags.wagtailcore_tags",
        "IncludeBlockNode.render",
        "    {% include_block %} of the body",
    ),
    (
        "danvan.portal.blocks",
        "PrefetchingImageChooserBlock.bulk_to_python",
        "      body images + renditions (2 queries)",
    ),
    ("danvan.portal.images", "responsive_attrs", "      responsive_img: renditions' URLs"),
    (
        "wagtail.images.templatetags.wagtailimages_tags",
        "ImageNode.render",
        "    {% image %} (og:image, cards)",
    ),
    ("danvan.portal.selectors", "categories", "    menu categories (selectors.categories)"),
    ("wagtail.contrib.settings.models", "BaseSiteSetting.for_site", "    SiteIdentity (settings) lookup"),
    (
        "django.db.models.sql.compiler",
        "SQLCompiler.execute_sql",
        "ORM: SQLCompiler.execute_sql, i.e. compile + run (all queries)",
    ),
]
SQL_LABEL = "  of which the database driver: cursor.execute"


class _Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.active: dict[str, int] = defaultdict(int)

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self.active[label]:  # recursion (nested blocks): count the outermost call only
                return fn(*args, **kwargs)
            self.active[label] += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start
                self.calls[label] += 1
                self.active[label] -= 1

        return timed

    def sql(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds[SQL_LABEL] += time.perf_counter() - start
            self.calls[SQL_LABEL] += 1


@contextmanager
def _patched(timers: _Timers) -> Iterator[list[str]]:
    """Install the timers; yields the labels that could be installed, in order."""
    installed = []
    with ExitStack() as undo:
        for module_name, attr_path, label in PHASES:
            try:
                owner: Any = importlib.import_module(module_name)
                *parents, name = attr_path.split(".")
                for parent in parents:
                    owner = getattr(owner, parent)
                if isinstance(owner, type):  # as defined, staticmethod and all, maybe on a base class
                    raw = next(k.__dict__[name] for k in owner.__mro__ if name in k.__dict__)
                else:
                    raw = getattr(owner, name)
            except (ImportError, AttributeError, StopIteration):
                continue  # renamed upstream: that phase is simply not shown
            if isinstance(raw, staticmethod):
                replacement: Any = staticmethod(timers.wrap(label, raw.__func__))
            elif isinstance(raw, classmethod):
                replacement = classmethod(timers.wrap(label, raw.__func__))
            else:
                replacement = timers.wrap(label, raw)
            if isinstance(owner, type) and name not in owner.__dict__:
                undo.callback(delattr, owner, name)
            else:
                undo.callback(setattr, owner, name, raw)
            setattr(owner, name, replacement)
            installed.append(label)
            if label.startswith("ORM"):
                installed.append(SQL_LABEL)
        undo.enter_context(connection.execute_wrapper(timers.sql))
        yield installed


def breakdown(client: Client, scenario: Scenario, *, iterations: int) -> str:
    timers = _Timers()
    totals = []
    per_request: dict[str, list[float]] = defaultdict(list)
    with _patched(timers) as labels:
        for _ in range(iterations):
            before = dict(timers.seconds)
            totals.append(request_once(client, scenario)[0])
            for label in labels:
                per_request[label].append((timers.seconds[label] - before.get(label, 0.0)) * 1000)
    lines = [
        f"{scenario.label} — {iterations} uncached requests, p50 {statistics.median(totals):.2f} ms; "
        "per phase: p50 and mean ms per request, calls per request"
    ]
    for label in labels:
        if timers.calls[label]:
            samples = per_request[label]
            lines.append(
                f"  {statistics.median(samples):7.2f} {statistics.fmean(samples):7.2f} ms "
                f"{timers.calls[label] / iterations:5.1f}×  {label}"
            )
    return "\n".join(lines)
