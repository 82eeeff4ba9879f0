"""The header's date is today in Việt Nam, whatever the reader's own time zone."""

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page

from danvan.core.dates import VIETNAM, header_date, today_in_vietnam

from .conftest import Portal
from .helpers import goto_ok

pytestmark = pytest.mark.e2e


def shown_date(page: Page) -> tuple[str, str | None]:
    today = page.locator("[data-today]")
    return today.inner_text().strip(), today.get_attribute("datetime")


def expected_today() -> set[tuple[str, str]]:
    # Both sides of a midnight that might fall during the test.
    days = {today_in_vietnam()}
    days.add(today_in_vietnam(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)))
    return {(header_date(day), day.isoformat()) for day in days}


def test_header_shows_today_in_vietnam(page: Page, portal: Portal) -> None:
    goto_ok(page, "/")
    page.wait_for_load_state("load")
    assert shown_date(page) in expected_today()


def test_header_date_ignores_the_browser_time_zone(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    context = new_context(timezone_id="America/Los_Angeles")
    page = context.new_page()
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "America/Los_Angeles"
    goto_ok(page, "/")
    page.wait_for_load_state("load")
    assert shown_date(page) in expected_today()

    # At 05:30 on New Year's Day in Hà Nội it is still 31 December in Los Angeles: the script must
    # still print Việt Nam's date (the server-rendered text names the real today, so it changes).
    instant = dt.datetime(2027, 1, 1, 5, 30, tzinfo=VIETNAM)
    page.clock.set_fixed_time(instant)
    assert page.evaluate("new Date().getDate()") == 31  # the browser's local day
    page.reload()
    page.wait_for_load_state("load")
    assert shown_date(page) == (header_date(dt.date(2027, 1, 1)), "2027-01-01")
    assert header_date(dt.date(2027, 1, 1)) == "Thứ Sáu, 01/01/2027"
