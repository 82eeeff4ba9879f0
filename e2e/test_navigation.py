"""A reader goes from the front page to an article and on to its category."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Portal
from .helpers import goto_ok

pytestmark = pytest.mark.e2e


def test_home_to_article_to_category(page: Page, portal: Portal) -> None:
    goto_ok(page, "/")
    featured = page.locator(".featured .card__title a")
    expect(featured.first).to_be_visible()
    link = featured.first
    title = link.inner_text().strip()
    assert title

    with page.expect_navigation():
        link.click()
    expect(page.locator("main h1")).to_have_text(title)
    article_url = page.url
    assert article_url.startswith(portal.url)

    crumbs = page.locator(".breadcrumb a")
    expect(crumbs).to_have_count(2)
    expect(crumbs.first).to_have_text("Trang chủ")
    category_title = crumbs.nth(1).inner_text().strip()
    # The article's header names the same category, and the menu marks it as the current section.
    expect(page.locator(".article__category a")).to_have_text(category_title)
    expect(page.locator('.main-nav a[aria-current="page"]')).to_have_text(category_title)

    with page.expect_navigation():
        crumbs.nth(1).click()
    expect(page.locator("main h1")).to_have_text(category_title)
    expect(page).to_have_title(f"{category_title} — Trang thông tin điện tử huyện Vĩnh Cửu - Đồng Nai")
    listed = page.locator(".card-list .card__title a").filter(has_text=title)
    expect(listed).to_have_count(1)
    assert portal.url + str(listed.get_attribute("href")) == article_url
