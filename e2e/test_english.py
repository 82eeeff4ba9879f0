"""The language switch leads to the English pages and back; they read as English pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Portal
from .helpers import ARTIFACTS, goto_ok

pytestmark = pytest.mark.e2e


def test_language_switch_round_trip(page: Page, portal: Portal) -> None:
    goto_ok(page, "/gioi-thieu/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{portal.url}/en/about/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    # "Organisation chart" names the list, it is not a heading of its own.
    expect(page.get_by_role("heading", name="Organisation chart")).to_have_count(0)
    expect(page.get_by_role("list", name="Organisation chart")).to_be_visible()
    # The header date is written in English by the browser too.
    expect(page.locator("[data-today]")).to_have_text(
        re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d\d/\d\d/\d{4}$")
    )
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(f"{portal.url}/gioi-thieu/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_english_home_at_phone_width(page: Page, portal: Portal) -> None:
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        goto_ok(page, "/en/")
        expect(page.get_by_role("link", name="About us").first).to_be_visible()
        page.screenshot(path=str(shots / f"home-en-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
