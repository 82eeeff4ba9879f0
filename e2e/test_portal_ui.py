"""Issue 12 in a browser: a phone-sized header whose menu opens without JavaScript, the print view,
symbols that stay whole, the thank-you's colour, and axe at 360 px in every theme."""

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from danvan.consultations.demo import OPEN_TITLE
from danvan.consultations.models import Draft

from .conftest import Portal
from .helpers import PROGRAMME_PATH, THEMES, goto_ok, load_lazy_images
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 360, "height": 800}
SHOTS = Path("/tmp")


def _thank_you_path() -> str:
    return Draft.objects.get(title=OPEN_TITLE).get_absolute_url() + "?da-gui=1"


def _header_height(page: Page) -> float:
    box = page.locator(".site-header").bounding_box()
    assert box is not None
    return float(box["height"])


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_on_a_phone_the_menu_folds_behind_a_toggle(
    new_context: Callable[..., BrowserContext], portal: Portal, javascript: bool
) -> None:
    page = new_context(java_script_enabled=javascript, viewport=PHONE).new_page()
    goto_ok(page, "/")
    assert _header_height(page) <= 200, _header_height(page)
    menu_link = page.locator(".main-nav").get_by_role("link", name="Văn bản")
    expect(menu_link).to_be_hidden()
    expect(page.get_by_role("button", name="Màu vàng")).to_be_hidden()

    toggle = page.get_by_role("checkbox", name="Chuyên mục")
    page.locator("label.nav-toggle").click()  # by touch
    expect(toggle).to_be_checked()
    expect(menu_link).to_be_visible()
    expect(page.get_by_role("button", name="Màu vàng")).to_be_visible()  # the theme names come along
    page.locator("label.nav-toggle").click()
    expect(menu_link).to_be_hidden()

    toggle.focus()  # by keyboard
    page.keyboard.press("Space")
    expect(menu_link).to_be_visible()
    menu_link.click()
    expect(page.locator("main h1")).to_have_text("Văn bản")
    # The page fits the phone: no sideways scroll, even with the menu open.
    page.locator("label.nav-toggle").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_wide_screen_the_menu_and_theme_names_are_all_shown(page: Page, portal: Portal) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    goto_ok(page, "/")
    expect(page.locator("label.nav-toggle")).to_be_hidden()
    expect(page.locator(".main-nav").get_by_role("link", name="Văn bản")).to_be_visible()
    for name in ("Màu đỏ", "Màu xanh nước biển", "Màu vàng", "Màu xanh lá cây"):
        expect(page.locator(".theme-btn__name", has_text=name)).to_be_visible()
    # The switcher sits in the top bar, beside the date, overlapping nothing.
    topbar = page.locator(".topbar").bounding_box()
    switcher = page.locator(".theme-switcher").bounding_box()
    language = page.locator(".lang-switch").bounding_box()
    assert topbar and switcher and language
    assert (
        topbar["y"] <= switcher["y"] and switcher["y"] + switcher["height"] <= topbar["y"] + topbar["height"]
    )
    assert language["x"] + language["width"] < switcher["x"]


def test_print_drops_the_search_box_menu_switcher_and_counter(page: Page, portal: Portal) -> None:
    goto_ok(page, PROGRAMME_PATH)
    chrome = (".header-search", ".main-nav", ".theme-switcher", ".counter", ".lang-switch")
    for selector in chrome:
        expect(page.locator(selector)).to_be_visible()
    page.emulate_media(media="print")
    for selector in (*chrome, ".nav-toggle"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()


def test_phone_details_symbols_filters_counter_and_thank_you(page: Page, portal: Portal) -> None:
    page.set_viewport_size(PHONE)
    goto_ok(page, "/van-ban/")
    symbols = page.locator(".doc-table .doc-symbol")
    assert symbols.count() >= 5
    # Each symbol on one line: one box, one line high.
    lines = page.evaluate(
        "() => Array.from(document.querySelectorAll('.doc-table .doc-symbol')).map(s => s.getClientRects().length)"
    )
    assert set(lines) == {1}, lines
    button = page.locator(".doc-filters").get_by_role("button", name="Lọc").bounding_box()
    last_filter = page.locator("#doc-status").bounding_box()
    assert button and last_filter and button["y"] >= last_filter["y"] + last_filter["height"]

    link = page.locator(".counter__about a").bounding_box()
    box = page.locator(".counter").bounding_box()
    assert link and box
    assert link["x"] - box["x"] >= 10  # the link is inset like the rest of the box, not on its border
    assert box["y"] + box["height"] - (link["y"] + link["height"]) >= 8

    goto_ok(page, _thank_you_path())
    for theme in THEMES:
        page.evaluate("t => document.documentElement.setAttribute('data-theme', t)", theme)
        colour = page.locator(".notice--success").evaluate("el => getComputedStyle(el).borderLeftColor")
        assert colour == "rgb(29, 107, 50)", (theme, colour)  # green: done, not the warning red


@pytest.mark.parametrize("name", ["home", "article", "documents", "draft"])
def test_axe_at_360_px_in_every_theme_with_the_menu_open(page: Page, portal: Portal, name: str) -> None:
    path = {"home": "/", "article": PROGRAMME_PATH, "documents": "/van-ban/", "draft": _thank_you_path()}[
        name
    ]
    page.set_viewport_size(PHONE)
    goto_ok(page, path)
    failures = []
    for theme in THEMES:
        page.evaluate("t => localStorage.setItem('danvan-theme', t)", theme)
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        page.locator("label.nav-toggle").click()  # so that the menu and theme buttons are checked too
        expect(page.locator(".main-nav")).to_be_visible()
        load_lazy_images(page)
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
        if violations:
            failures.append(f"{name} in the {theme} theme:\n{describe(violations)}")
    assert not failures, "\n".join(failures)


def test_screenshots_for_people(page: Page, portal: Portal) -> None:
    paths = {"home": "/", "article": PROGRAMME_PATH, "documents": "/van-ban/", "draft": _thank_you_path()}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in paths.items():
            goto_ok(page, path)
            load_lazy_images(page)
            page.screenshot(path=str(SHOTS / f"portalui-{name}-{width}.png"), full_page=True)
            page.screenshot(path=str(SHOTS / f"portalui-{name}-{width}-top.png"))
    page.set_viewport_size(PHONE)
    goto_ok(page, "/")
    page.locator("label.nav-toggle").click()
    page.screenshot(path=str(SHOTS / "portalui-menu-open-360-top.png"))
