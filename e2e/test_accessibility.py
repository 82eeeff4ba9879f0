"""axe-core finds no serious or critical accessibility violations, in any of the four themes."""

import json
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import Portal
from .helpers import CATEGORY_PATH, PROGRAMME_PATH, THEMES, goto_ok, load_lazy_images

pytestmark = pytest.mark.e2e

PAGES = {
    "home": "/",
    "article": PROGRAMME_PATH,
    "category": CATEGORY_PATH,
    "agency": "/gioi-thieu/",
    "home-en": "/en/",
    "agency-en": "/en/about/",
    "disclosure": "/cong-khai-thong-tin/",
    "case-form": "/gui-don/",
    "case-lookup": "/tra-cuu-don/",
    "answers": "/tra-loi-cong-dan/",
    "dialogues": "/doi-thoai/",
    "skilful-models": "/dan-van-kheo/",
}
BLOCKING = ("serious", "critical")


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      {json.dumps(node['target'], ensure_ascii=False)}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            lines.append(f"        {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violations_in_any_theme(page: Page, portal: Portal, name: str) -> None:
    goto_ok(page, PAGES[name])
    axe = Axe()
    failures: list[str] = []
    for theme in THEMES:
        # The theme the switcher would store, applied by theme-init.js on reload.
        page.evaluate("t => localStorage.setItem('danvan-theme', t)", theme)
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        # By its value: the button's accessible name is in the page's language.
        expect(page.locator(f'[data-theme-choice="{theme}"]')).to_have_attribute("aria-pressed", "true")
        load_lazy_images(page)  # so that axe checks the finished page

        response = axe.run(page).response
        checked = {rule["id"] for kind in ("passes", "violations", "incomplete") for rule in response[kind]}
        expected = {"color-contrast", "button-name", "link-name"}
        if page.evaluate("document.images.length"):
            expected.add("image-alt")  # a page without images (the English home) has nothing to check
        assert expected <= checked, theme
        violations = [v for v in response["violations"] if v["impact"] in BLOCKING]
        if violations:
            failures.append(f"{name} in the {theme} theme:\n{describe(violations)}")
    assert not failures, "\n".join(failures)
