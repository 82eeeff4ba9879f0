"""Search as a reader uses it: typed without accents, suggestions by keyboard, accessible, on a phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import Portal
from .helpers import ARTIFACTS, goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e


def test_results_without_accents_highlight_the_accented_words(page: Page, portal: Portal) -> None:
    goto_ok(page, "/search/?q=dong+nai")
    expect(page.get_by_role("status")).to_contain_text("kết quả cho “dong nai”")
    marks = page.locator(".search-results mark")
    expect(marks.first).to_be_visible()
    assert "Đồng Nai" in marks.all_inner_texts()
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)

    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        page.screenshot(path=str(shots / f"search-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_suggestions_by_keyboard(page: Page, portal: Portal) -> None:
    goto_ok(page, "/search/")
    field = page.locator("input[data-suggest]")
    field.fill("vinh cuu")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    assert all("Vĩnh Cửu" in text for text in options.all_inner_texts())
    expect(field).to_have_attribute("aria-expanded", "true")
    field.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    title = options.first.inner_text()
    field.press("Enter")
    expect(page.locator("h1")).to_have_text(title)
    assert re.search(r"/[a-z0-9-]+/$", page.url)


def test_nothing_found_says_what_to_try(page: Page, portal: Portal) -> None:
    goto_ok(page, "/search/?q=xyzzyqwerty")
    expect(page.get_by_text("Không tìm thấy kết quả nào")).to_be_visible()
    expect(page.get_by_text("gõ không dấu", exact=False)).to_be_visible()
