"""Browser fixtures for the end-to-end suite: Debian's chromium driven by Playwright's sync API.

One browser serves the whole session; every test gets a fresh context (so a fresh localStorage)
and a freshly loaded demo portal behind pytest-django's live server.
"""

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from wagtail.models import Site

from danvan.portal.models import ArticlePage, CategoryPage, HomePage
from tests.demo_snapshot import demo_site
from tests.isolation import clear_caches

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Modules whose tests share an expensive module-scoped fixture: pytest-xdist sends each of them whole
# to one worker. Under xdist's default distribution each worker that got one of test_serve's tests
# started its own `make serve` (about 90 s each in CI), and in the Redis pass both stacks used the
# same Redis database. (`--dist loadgroup` with xdist_group marks would say this, but pytest 9.2's
# node ids silently break it: pytest-xdist issue #1386.)
ONE_WORKER_MODULES = ("e2e/test_serve.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's default (`load`) distribution, except that each of ONE_WORKER_MODULES is one unit."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerModules(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return OneWorkerModules(config, log)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed")
    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API keeps an event loop running in this thread, and Django's ORM refuses
        # to run inside one; the tests' own database calls are plain synchronous code.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE", "true"))
        playwright = sync_playwright().start()
        try:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:
            playwright.stop()
            _unavailable(f"chromium failed to launch: {exc}")
        try:
            yield instance
        finally:
            instance.close()
            playwright.stop()


@dataclass
class Portal:
    """The demo portal as served by the live server."""

    url: str
    home: HomePage
    category: CategoryPage
    programme: ArticlePage

    def abs(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def portal(
    transactional_db: Any, live_server: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Portal]:
    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = media_root
    clear_caches()
    demo_site()
    url = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = url.hostname or "localhost"
    site.port = url.port or 80
    site.save()
    clear_caches()
    yield Portal(
        url=live_server.url,
        home=HomePage.objects.get(locale__language_code="vi"),
        category=CategoryPage.objects.get(slug="cong-tac-dan-van"),
        programme=ArticlePage.objects.get(slug="chuong-trinh-dan-van-2023"),
    )
    clear_caches()


# Chromium's console line for anything a Content-Security-Policy refused (inline script, eval,
# inline style, a script or frame from elsewhere).
CSP_CONSOLE_MARK = "violates the following Content Security Policy directive"


class CspWatch(logging.Handler):
    """Every CSP violation seen during a test: Chromium's console lines on every page of every
    context, and the reports the browser posts to our report endpoint (its warning log). The
    ``new_context`` fixture fails the test at teardown if any were seen (issue 14)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.violations: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.violations.append(f"report: {record.getMessage()}")

    def on_console(self, message: ConsoleMessage) -> None:
        if CSP_CONSOLE_MARK in message.text:
            self.violations.append(f"console: {message.text}")

    def watch(self, context: BrowserContext) -> None:
        context.on("page", lambda page: page.on("console", self.on_console))

    def check(self) -> None:
        if self.violations:
            pytest.fail("Content-Security-Policy violations:\n" + "\n".join(self.violations), pytrace=False)


@pytest.fixture
def csp_watch() -> Iterator[CspWatch]:
    watch = CspWatch()
    reporter = logging.getLogger("danvan.security.csp")
    reporter.addHandler(watch)
    try:
        yield watch
    finally:
        reporter.removeHandler(watch)


@pytest.fixture
def new_context(
    browser: Browser, portal: Portal, csp_watch: CspWatch
) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts on the live portal; all are closed after the test, which then fails if
    any page broke the Content-Security-Policy."""
    opened: list[BrowserContext] = []

    def factory(**options: Any) -> BrowserContext:
        options.setdefault("locale", "vi-VN")
        context = browser.new_context(base_url=portal.url, **options)
        context.set_default_timeout(10_000)
        csp_watch.watch(context)
        opened.append(context)
        return context

    yield factory
    for context in opened:
        context.close()
    csp_watch.check()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
