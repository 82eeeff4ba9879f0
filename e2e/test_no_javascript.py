"""Without JavaScript the portal still reads: server-rendered theme, date and content."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from danvan.core.dates import header_date, today_in_vietnam

from .conftest import Portal
from .helpers import PROGRAMME_PATH, goto_ok

pytestmark = pytest.mark.e2e


def test_pages_read_without_javascript(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    page = new_context(java_script_enabled=False).new_page()

    goto_ok(page, "/")
    html = page.locator("html")
    expect(html).to_have_attribute("data-theme", "red")
    today = page.locator("[data-today]")
    expect(today).to_be_visible()
    expect(today).to_have_text(header_date(today_in_vietnam()))
    expect(today).to_have_attribute("datetime", today_in_vietnam().isoformat())
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".intro")).to_be_visible()
    expect(page.locator(".featured .card__title a").first).to_be_visible()

    goto_ok(page, PROGRAMME_PATH)
    expect(html).to_have_attribute("data-theme", "red")
    expect(page.locator("[data-today]")).to_have_text(header_date(today_in_vietnam()))
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main h1")).to_have_text(portal.programme.title)
    expect(page.locator(".article__lead")).to_have_text(portal.programme.lead)
    expect(page.locator(".article__body p").first).to_be_visible()
    expect(page.get_by_text("Sâu sát - Phù hợp - Thực chất - Đồng thuận").first).to_be_visible()
    # The print button needs the script, so it stays hidden.
    expect(page.locator("[data-print]")).to_be_hidden()
    # The theme buttons are there, and the server's default is the one pressed.
    expect(page.locator('[data-theme-choice="red"]')).to_have_attribute("aria-pressed", "true")
