"""A citizen sends a complaint from a phone and reads its code (issue 15, part intake): the unit
picker filters as they type, the pages fit 360 px, axe finds nothing serious, screenshots are kept."""

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from danvan.feedback.models import Case

from .conftest import Portal
from .helpers import ARTIFACTS, goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screenshots"


def no_serious_violations(page: Page) -> None:
    response = Axe().run(page).response
    violations = [v for v in response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_citizen_sends_a_complaint_from_a_phone(new_context: Any, portal: Portal, settings: Any) -> None:
    settings.DANVAN_CASE_MIN_FILL_SECONDS = 0  # the browser is faster than a person
    SHOTS.mkdir(parents=True, exist_ok=True)
    context: BrowserContext = new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    goto_ok(page, "/gui-don/")
    fits(page, 360)
    page.screenshot(path=str(SHOTS / "case-form-360.png"), full_page=True)
    no_serious_violations(page)

    every = page.locator("#id_unit option").count()
    page.fill("#tim-don-vi", "phu ly")  # typed without accents
    options = page.locator("#id_unit option")
    expect(options).not_to_have_count(every)
    texts = options.all_inner_texts()
    assert texts[1:] and all("Phú Lý" in text for text in texts[1:]), texts
    page.select_option("#id_unit", index=1)
    page.check("#id_kind_2")  # Khiếu nại
    page.check("#id_second_time")
    page.fill("#id_title", "Khiếu nại quyết định thu hồi đất")
    page.fill("#id_content", "Tôi không đồng ý với quyết định số 12 về việc thu hồi đất của gia đình.")
    page.fill("#id_name", "Nguyễn Văn Khiếu")
    page.fill("#id_email", "khieu.nai@example.vn")
    page.fill("#id_address", "Ấp 2, xã Phú Lý")
    page.get_by_role("button", name="Gửi đơn").click()

    expect(page).to_have_url(re.compile(r"/tra-cuu-don/[A-Z]{2}-\d{4}-\w{6}/\?moi=1$"))
    case = Case.objects.exclude(code__startswith="PA-MAU-").get()  # the demo's cases are PA-MAU-…
    expect(page.locator(".case-receipt__code")).to_have_text(case.code)
    assert (case.kind, case.second_time, case.unit.name) == ("khieu_nai", True, "Xã Phú Lý")
    fits(page, 360)
    page.screenshot(path=str(SHOTS / "case-status-360.png"), full_page=True)
    no_serious_violations(page)
    assert "Nguyễn Văn Khiếu" not in page.content() and "khieu.nai@example.vn" not in page.content()

    goto_ok(page, "/tra-cuu-don/")
    page.fill("#ma", case.code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đơn {case.code}")


def test_the_form_on_a_desktop(page: Page, portal: Portal) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    goto_ok(page, "/gui-don/?tim=phu+ly")
    fits(page, 1280)
    page.screenshot(path=str(SHOTS / "case-form-1280.png"), full_page=True)
    no_serious_violations(page)


def test_the_form_works_without_javascript(new_context: Any, portal: Portal, settings: Any) -> None:
    settings.DANVAN_CASE_MIN_FILL_SECONDS = 0
    page = new_context(java_script_enabled=False).new_page()
    goto_ok(page, "/gui-don/")
    page.fill("#tim-don-vi", "phu ly")
    page.get_by_role("button", name="Lọc danh sách").click()
    expect(page).to_have_url(re.compile(r"/gui-don/\?tim=phu\+ly$"))
    expect(page.locator("#id_unit option")).to_have_count(2)
    expect(page.locator("#id_unit")).to_have_value("DN-PHULY")  # the one match, chosen
    page.check("#id_kind_4")  # Câu hỏi
    page.fill("#id_title", "Hỏi về thủ tục cấp giấy phép xây dựng")
    page.fill("#id_content", "Xin hỏi hồ sơ cấp giấy phép xây dựng nhà ở gồm những gì?")
    page.fill("#id_phone", "0912 345 678")
    page.get_by_role("button", name="Gửi đơn").click()
    expect(page.locator(".case-receipt__code")).to_have_text(re.compile(r"^CH-\d{4}-\w{6}$"))
