"""Printing an article keeps its text and images and drops the site's chrome."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Portal
from .helpers import PROGRAMME_PATH, goto_ok

pytestmark = pytest.mark.e2e


def test_print_view_of_an_article(page: Page, portal: Portal) -> None:
    goto_ok(page, PROGRAMME_PATH)
    print_button = page.get_by_role("button", name="In bài viết")
    expect(print_button).to_be_visible()
    figures = page.locator(".article__body figure.figure")
    assert figures.count() >= 1
    for selector in (".main-nav", ".sidebar", ".theme-switcher"):
        expect(page.locator(selector)).to_be_visible()

    page.emulate_media(media="print")
    for selector in (".main-nav", ".sidebar", ".theme-switcher", ".topbar", ".breadcrumb"):
        expect(page.locator(selector)).to_be_hidden()
    expect(print_button).to_be_hidden()
    h1 = page.locator("main h1")
    expect(h1).to_be_visible()
    expect(h1).to_have_text(portal.programme.title)
    expect(page.locator(".article__lead")).to_be_visible()
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        expect(figure).to_be_visible()
        expect(figure.locator("img")).to_be_visible()
        expect(figure.locator("figcaption")).to_be_visible()
    # Print typography is serif, black on white.
    body_style = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.fontFamily, s.color]; }"
    )
    assert "Times New Roman" in body_style[0]
    assert body_style[1] == "rgb(0, 0, 0)"

    page.emulate_media(media="screen")
    expect(page.locator(".main-nav")).to_be_visible()
