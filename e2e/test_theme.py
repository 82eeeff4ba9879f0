"""The colour theme switcher: remembered per browser and applied before the first paint."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Portal
from .helpers import CATEGORY_PATH, THEME_BUTTONS, background, goto_ok

pytestmark = pytest.mark.e2e

RED = "rgb(163, 22, 26)"  # --brand of the default theme
GREEN = "rgb(29, 107, 50)"  # --brand of the green theme

# Records the theme at the moment <body> is inserted, i.e. before anything of the page is painted.
RECORD_THEME_AT_BODY = """
window.__themeAtBody = undefined;
new MutationObserver((records, observer) => {
  if (document.body) {
    window.__themeAtBody = document.documentElement.dataset.theme || null;
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def theme_at_first_paint(context: BrowserContext, path: str) -> object:
    fresh = context.new_page()
    fresh.add_init_script(RECORD_THEME_AT_BODY)
    goto_ok(fresh, path)
    value = fresh.evaluate("window.__themeAtBody")
    fresh.close()
    return value


def test_green_theme_is_remembered(
    page: Page, context: BrowserContext, new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    goto_ok(page, "/")
    html = page.locator("html")
    expect(html).to_have_attribute("data-theme", "red")
    assert background(page, ".brand") == RED
    green = page.get_by_role("button", name=THEME_BUTTONS["green"])
    red = page.get_by_role("button", name=THEME_BUTTONS["red"])
    expect(red).to_have_attribute("aria-pressed", "true")
    expect(green).to_have_attribute("aria-pressed", "false")

    green.click()
    expect(html).to_have_attribute("data-theme", "green")
    expect(green).to_have_attribute("aria-pressed", "true")
    expect(red).to_have_attribute("aria-pressed", "false")
    assert background(page, ".brand") == GREEN
    assert background(page, ".topbar") != background(page, ".brand")  # topbar uses --brand-dark

    # Another page, then a reload: the choice sticks.
    with page.expect_navigation():
        page.locator(".main-nav").get_by_role("link", name=portal.category.title).click()
    assert page.url == portal.abs(CATEGORY_PATH)
    expect(html).to_have_attribute("data-theme", "green")
    page.reload()
    expect(html).to_have_attribute("data-theme", "green")
    expect(page.get_by_role("button", name=THEME_BUTTONS["green"])).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name=THEME_BUTTONS["red"])).to_have_attribute("aria-pressed", "false")
    header_bg = background(page, ".brand")
    assert header_bg != RED
    assert header_bg == GREEN

    # Before first paint: the saved theme is on <html> by the time <body> exists…
    assert theme_at_first_paint(context, CATEGORY_PATH) == "green"
    # …and in a browser that never chose one, the observer sees the server's default.
    assert theme_at_first_paint(new_context(), CATEGORY_PATH) == "red"
