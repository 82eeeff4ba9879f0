"""The open-data catalogue /du-lieu-mo/ in a browser (issue 18): screenshots at phone and desktop widths,
no sideways scroll, no serious or critical axe violation in any theme, and complete without JavaScript."""

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Portal
from .helpers import ARTIFACTS, THEMES, goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e

PATH = "/du-lieu-mo/"
SHOTS = ARTIFACTS / "screenshots"
TITLES = [
    "Văn bản",
    "Đơn vị",
    "Kết quả thực hiện chương trình",
    "Thống kê truy cập",
    "Trả lời công dân",
    "Mô hình “Dân vận khéo”",
]


def test_the_catalogue_fits_phone_and_desktop(page: Page, portal: Portal) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        goto_ok(page, PATH)
        expect(page.locator("h1")).to_have_text("Dữ liệu mở")
        assert page.locator("h2.section-title").all_text_contents() == TITLES
        path = SHOTS / f"open-data-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{PATH} scrolls sideways at {width}px: {scroll_width}px wide"


def test_no_serious_violations_in_any_theme(page: Page, portal: Portal) -> None:
    goto_ok(page, PATH)
    axe = Axe()
    failures: list[str] = []
    for theme in THEMES:
        page.evaluate("t => localStorage.setItem('danvan-theme', t)", theme)
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        response = axe.run(page).response
        checked = {rule["id"] for kind in ("passes", "violations", "incomplete") for rule in response[kind]}
        assert {"color-contrast", "link-name", "definition-list", "dlitem"} <= checked, theme
        violations = [v for v in response["violations"] if v["impact"] in BLOCKING]
        if violations:
            failures.append(f"{theme}:\n{describe(violations)}")
    assert not failures, "\n".join(failures)


def test_the_catalogue_needs_no_javascript(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    goto_ok(page, PATH)
    assert page.locator("h2.section-title").count() == len(TITLES)
    # The documents' data is one click away: the JSON list and its CSV.
    documents = page.locator("#documents")
    json_link = documents.get_by_role("link", name=portal.abs("/api/v1/documents/"), exact=True)
    csv_link = documents.get_by_role("link", name=portal.abs("/api/v1/documents/?format=csv"), exact=True)
    expect(json_link).to_have_attribute("href", portal.abs("/api/v1/documents/"))
    expect(csv_link).to_have_attribute("href", portal.abs("/api/v1/documents/?format=csv"))
    # The demo's documents have a date of last change.
    expect(documents.locator("time")).to_have_count(1)
