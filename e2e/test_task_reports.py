"""A commune's narrative progress on a task group in the browser (issue 16, part "tasks").

The demo's commune officer (xa.phuly, data entry for Phú Lý, VC-PL) opens the programme's task
progress page from the programme index, writes the report of the first task group for 2023 with an
evidence PDF, and ticks a milestone done; screenshots at 1280 and 360 px, no sideways scrolling on a
phone, axe-core on the form.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from danvan.programmes.models import MilestoneDone, Programme, TaskEvidence, TaskGroup, TaskItem, TaskReport

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, demo_staff_with_password, goto_ok

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screenshots"
PASSWORD = "mat-khau-cua-bao-cao-tien-do-nhiem-vu"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
TEXT = "Xã Phú Lý tổ chức 4 hội nghị tuyên truyền ở các ấp; nắm được 2 kiến nghị về đường nội đồng."


def _milestone(group: TaskGroup) -> TaskItem:
    """The group's first milestone; one is added when the demo has none."""
    found = TaskItem.objects.filter(task_group=group, kind=TaskItem.Kind.MILESTONE).order_by(
        "sort_order", "pk"
    )
    return found.first() or TaskItem.objects.create(
        task_group=group,
        kind=TaskItem.Kind.MILESTONE,
        title="Sơ kết 6 tháng việc tuyên truyền nghị quyết",
        due_on=dt.date(2023, 6, 30),
        weight=2,
    )


def _shot(page: Page, name: str) -> None:
    """The whole page: the admin scrolls inside its main area, so the window is made as tall as it."""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    height = page.evaluate("() => document.querySelector('main').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(int(height), 900), 6000)})
    page.evaluate("() => document.querySelector('main').scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def test_officer_reports_progress_with_evidence_and_a_milestone(
    new_context: Callable[..., BrowserContext], portal: Portal, tmp_path: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    demo_staff_with_password(PASSWORD)
    programme = Programme.objects.get(code="42-CTr/HU")
    group = TaskGroup.objects.filter(programme=programme).order_by("sort_order", "pk").first()
    assert group is not None
    item = _milestone(group)
    MilestoneDone.objects.filter(item=item, org_unit__code="VC-PL").delete()
    evidence = tmp_path / "bien-ban-hoi-nghi.pdf"
    evidence.write_bytes(PDF)

    page = admin_log_in(new_context, "xa.phuly", PASSWORD, "/admin/chuong-trinh/")
    page.get_by_role("link", name="Báo cáo tiến độ — 42-CTr/HU").click()
    expect(page.locator("h1")).to_contain_text("Báo cáo tiến độ nhiệm vụ")
    expect(page.locator("main")).to_contain_text("Xã Phú Lý")
    _shot(page, "task-reports-overview-1280")
    page.get_by_role("link", name="Viết báo cáo — Xã Phú Lý").first.click()

    page.get_by_label("Kết quả thực hiện trong kỳ (bắt buộc)").fill(TEXT)
    page.get_by_label("Thêm tài liệu minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("main")).to_contain_text("Đã lưu báo cáo tiến độ và 1 tệp minh chứng.")
    expect(page.get_by_role("link", name="bien-ban-hoi-nghi.pdf")).to_be_visible()

    milestone = page.locator("li.dv-tasks__milestone", has_text=item.title)
    milestone.get_by_label("Ngày hoàn thành (ngày/tháng/năm)").fill("28/06/2023")
    milestone.get_by_label("Ghi chú").fill("Đủ 8 ấp báo cáo")
    milestone.get_by_role("button", name="Đánh dấu hoàn thành").click()
    expect(page.locator("main")).to_contain_text("Đã hoàn thành ngày 28/06/2023")

    report = TaskReport.objects.get(task_group=group, org_unit__code="VC-PL", period__code="2023")
    assert report.text == TEXT
    assert list(TaskEvidence.objects.filter(report=report).values_list("name", flat=True)) == [
        "bien-ban-hoi-nghi.pdf"
    ]
    done = MilestoneDone.objects.get(item=item, org_unit__code="VC-PL")
    assert done.done_on == dt.date(2023, 6, 28)

    with page.expect_download() as download:
        page.get_by_role("link", name="bien-ban-hoi-nghi.pdf").click()
    assert download.value.suggested_filename == "bien-ban-hoi-nghi.pdf"

    # Wagtail's success banner fades in (its colours mid-transition fail axe): check the page reloaded.
    form_path = page.url.removeprefix(portal.url)
    goto_ok(page, form_path)
    results = Axe().run(page).response
    blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert blocking == []
    _shot(page, "task-report-form-1280")

    phone = admin_log_in(new_context, "xa.phuly", PASSWORD, form_path, width=360)
    assert phone.evaluate(FITS), "the report form scrolls sideways at 360 px"
    _shot(phone, "task-report-form-360")
    goto_ok(phone, f"/admin/chuong-trinh/{programme.pk}/tien-do-nhiem-vu/")
    assert phone.evaluate(FITS), "the overview scrolls sideways at 360 px"
    _shot(phone, "task-reports-overview-360")
