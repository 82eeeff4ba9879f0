"""The visit counter in a real browser: one new visitor is one visit; reloading is not; robots are not."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from danvan.analytics import services
from danvan.analytics.models import DailyTotals
from danvan.analytics.selectors import visit_counts

from .conftest import Portal
from .helpers import CATEGORY_PATH, PROGRAMME_PATH

pytestmark = pytest.mark.e2e

# Headless Chromium announces itself as HeadlessChrome, which is (rightly) not counted: the tests
# present the user agent of the same browser as a reader would have it.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
CRAWLER = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"


def page_views() -> int:
    services.flush_buffer()  # with Redis, page views wait there for the scheduler
    return sum(DailyTotals.objects.values_list("page_views", flat=True))


def shown(page: Page) -> tuple[int, int]:
    today = page.locator('[data-counter="today"]')
    expect(today).not_to_have_text("—")
    total = page.locator('[data-counter="total"]')
    return int(today.inner_text().replace(".", "")), int(total.inner_text().replace(".", ""))


def open_and_wait(page: Page, path: str) -> None:
    with page.expect_response(lambda r: "/api/v1/stats/visits/" in r.url):
        page.goto(path)


def test_a_new_visitor_adds_one_visit(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    before = visit_counts()
    page = new_context(user_agent=READER).new_page()
    open_and_wait(page, "/")
    assert shown(page) == (before["today"] + 1, before["total"] + 1)
    views = page_views()

    open_and_wait(page, "/")  # reload
    open_and_wait(page, PROGRAMME_PATH)  # and two more pages within 30 minutes
    open_and_wait(page, CATEGORY_PATH)
    assert shown(page) == (before["today"] + 1, before["total"] + 1)
    assert page_views() == views + 3

    robot = new_context(user_agent=CRAWLER).new_page()
    open_and_wait(robot, "/")
    assert shown(robot) == (before["today"] + 1, before["total"] + 1)
    assert page_views() == views + 3


def test_without_javascript_the_pixel_counts(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    before = visit_counts()
    page = new_context(user_agent=READER, java_script_enabled=False).new_page()
    with page.expect_response(lambda r: "/api/v1/hits/pixel.gif" in r.url) as pixel:
        page.goto("/")
    assert pixel.value.status == 200
    assert visit_counts()["today"] == before["today"] + 1
    expect(page.locator('[data-counter="today"]')).to_have_text("—")  # numbers need JavaScript
