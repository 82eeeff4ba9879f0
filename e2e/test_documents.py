"""The document library in a browser: filters, a document's page, axe, and a phone-sized screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import Portal
from .helpers import ARTIFACTS, goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e


def test_library_list_and_document_page(page: Page, portal: Portal) -> None:
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    goto_ok(page, "/van-ban/")
    page.get_by_label("Loại văn bản").select_option(label="Chương trình (CTr)")
    page.get_by_label("Năm ban hành").select_option("2023")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("status")).to_have_text("1 văn bản.")
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)
    page.get_by_role("link", name="42-CTr/HU").click()
    expect(page.locator("h1")).to_have_text("Chương trình 42-CTr/HU")
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        page.screenshot(path=str(shots / f"document-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        goto_ok(page, "/van-ban/")
        page.screenshot(path=str(shots / f"documents-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.go_back()
