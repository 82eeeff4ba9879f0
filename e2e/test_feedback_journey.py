"""A complaint from first click to answer, in the browser (issue 15's acceptance scenario).

A citizen sends a complaint to xã Phú Lý from the portal, gets a tracking code and looks it up; the
commune's officer (xa.phuly, demo) accepts it, assigns it to herself and answers; the citizen sees
the answer on the lookup page; the workload board counts one more case answered on time.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from danvan.core.dates import today_in_vietnam
from danvan.feedback.models import Case, CaseDeadline

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, demo_staff_with_password, goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screenshots"
PASSWORD = "mat-khau-cua-hanh-trinh-don-thu"
TITLE = "Khiếu nại việc cấp phép xây dựng lấn lối đi chung"
ANSWER = "Ủy ban xã đã kiểm tra thực địa và yêu cầu chủ công trình trả lại lối đi chung trong 15 ngày."


def on_time_cell(page: Page) -> tuple[int, int]:
    """The board's row for xã Phú Lý in its first table (by unit): (answered on time, answered with a
    deadline) among today's cases; (0, 0) while it has none."""
    today = today_in_vietnam().strftime("%d/%m/%Y")
    goto_ok(page, f"/admin/theo-doi-don-thu/?unit=DN-PHULY&from={today}&to={today}")
    row = page.locator("table.listing").first.locator(
        "tbody tr", has=page.locator("th", has_text="Xã Phú Lý")
    )
    if not row.count():
        return 0, 0
    cell = row.first.locator("td").nth(5).inner_text()
    on_time, _slash, with_deadline = cell.partition("/")
    return int(on_time), int(with_deadline)


def no_serious_violations(page: Page, where: str) -> None:
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, f"{where}:\n{describe(violations)}"


def act(page: Page, step: str, fill: dict[str, str] | None = None) -> None:
    """Use one of the case page's step forms (its button carries the step's name)."""
    form = page.locator(f"form:has(button[name=action][value={step}])")
    for selector, value in (fill or {}).items():
        if selector.endswith("-user"):
            form.locator(selector).select_option(label=value)
        else:
            form.locator(selector).fill(value)
    form.locator(f"button[name=action][value={step}]").click()
    page.wait_for_load_state()


def test_a_complaint_is_received_handled_and_answered_on_time(
    new_context: Callable[..., BrowserContext], portal: Portal, settings: Any
) -> None:
    settings.DANVAN_CASE_MIN_FILL_SECONDS = 0  # the browser fills the form faster than a person
    SHOTS.mkdir(parents=True, exist_ok=True)
    demo_staff_with_password(PASSWORD)
    staff = admin_log_in(new_context, "xa.phuly", PASSWORD, "/admin/don-thu/")
    before = on_time_cell(staff)

    # The citizen, from the home page's link.
    citizen = new_context(viewport={"width": 1280, "height": 900}).new_page()
    goto_ok(citizen, "/")
    citizen.get_by_role("link", name="Gửi phản ánh, kiến nghị, khiếu nại, tố cáo").click()
    expect(citizen.locator("main h1")).to_be_visible()
    citizen.fill("#tim-don-vi", "phu ly")
    phu_ly = citizen.locator("#id_unit option", has_text="Xã Phú Lý").first.get_attribute("value")
    assert phu_ly == "DN-PHULY"  # today's commune (the one of before 2025 is no longer offered)
    citizen.select_option("#id_unit", value=phu_ly)
    citizen.get_by_label("Khiếu nại", exact=True).check()
    citizen.fill("#id_title", TITLE)
    citizen.fill("#id_content", "Nhà số 14 ấp 3 xây tường chắn ngang lối đi chung của năm hộ dân.")
    citizen.fill("#id_name", "Lê Thị Mai")
    citizen.fill("#id_phone", "0912 345 678")
    citizen.fill("#id_address", "Ấp 3, xã Phú Lý")
    citizen.get_by_role("button", name="Gửi đơn").click()
    expect(citizen).to_have_url(re.compile(r"/tra-cuu-don/KH-\d{4}-[0-9A-Z]{6}/\?moi=1$"))
    code = citizen.locator(".case-receipt__code").inner_text().strip()
    case = Case.objects.get(code=code)
    assert (case.kind, case.unit.code, case.status) == ("khieu_nai", "DN-PHULY", "received")
    # The complaint's acceptance clock runs from the day of receipt (Luật Khiếu nại, Điều 27).
    assert CaseDeadline.objects.filter(case=case, rule__key="complaint_accept", state="open").exists()

    # Later, by the code alone.
    goto_ok(citizen, "/tra-cuu-don/")
    citizen.get_by_label("Mã tra cứu").fill(code.lower())
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator("main h1")).to_contain_text(code)
    expect(citizen.locator(".case-status")).to_have_text("Đã tiếp nhận")
    expect(citizen.locator("main")).not_to_contain_text("Lê Thị Mai")
    no_serious_violations(citizen, "lookup")

    # The officer finds it in the list, accepts, assigns it to herself, answers.
    goto_ok(staff, "/admin/don-thu/?q=lan loi di chung")
    staff.get_by_role("link", name=code).click()
    expect(staff.locator("main")).to_contain_text("Lê Thị Mai")  # staff see the contact
    staff.screenshot(path=str(SHOTS / "journey-case-received-1280.png"), full_page=True)
    act(staff, "accept", {"#accept-reason": "Đủ điều kiện thụ lý theo Điều 11 Luật Khiếu nại."})
    act(staff, "assign", {"#assign-user": "Cán bộ nhập số liệu xã Phú Lý"})
    act(staff, "answer", {"#answer-answer": ANSWER})
    case.refresh_from_db()
    assert case.status == "answered"
    assert case.assignee is not None and case.assignee.username == "xa.phuly"
    assert list(case.events.values_list("action", flat=True)) == ["received", "accept", "assign", "answer"]
    staff.screenshot(path=str(SHOTS / "journey-case-answered-1280.png"), full_page=True)

    # The citizen sees the answer and what happened, still without anyone's name.
    goto_ok(citizen, f"/tra-cuu-don/{code}/")
    expect(citizen.locator(".case-status")).to_have_text("Đã trả lời")
    expect(citizen.locator(".case-answer")).to_contain_text(ANSWER)
    expect(citizen.locator(".case-history li")).to_have_count(3)  # received, accepted, answered
    expect(citizen.locator("main")).not_to_contain_text("Cán bộ nhập số liệu")
    citizen.screenshot(path=str(SHOTS / "journey-lookup-answered-1280.png"), full_page=True)

    # Answered the day it came in: both clocks met on time, and the board counts it.
    assert set(case.deadlines.values_list("rule__key", "state")) == {
        ("complaint_accept", "met"),
        ("complaint_resolve_first", "met"),
    }
    on_time, with_deadline = on_time_cell(staff)
    assert (on_time, with_deadline) == (before[0] + 1, before[1] + 1)
    staff.screenshot(path=str(SHOTS / "journey-board-1280.png"), full_page=True)
