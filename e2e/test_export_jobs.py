"""Reports built in the task queue (decision 0024), in a browser: the dashboard's Excel button leads to
the job page, which offers the file (the e2e server runs tasks at once); a job still running shows its
progress bar and follows the job by itself (a static script; a reload link without it); a failed one
says why. No script is needed, and the admin's CSP sees
no violation (the ``new_context`` fixture). Screenshots: /tmp/export-job-*.png."""

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, expect

from danvan.core.models import ExportJob
from danvan.programmes.models import Programme

from .conftest import Portal
from .helpers import admin_log_in, demo_staff_with_password
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e

E2E_PASSWORD = "mat-khau-cua-bai-tep-xuat"


def test_the_report_button_leads_to_a_job_page_and_the_file(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    demo_staff_with_password(E2E_PASSWORD)
    programme = Programme.objects.get(code="42-CTr/HU")
    dashboard = f"/admin/chuong-trinh/{programme.pk}/tong-quan/"
    page = admin_log_in(new_context, "huyen.vinhcuu", E2E_PASSWORD, dashboard)
    page.get_by_role("button", name="Excel", exact=True).click(timeout=120_000)  # built in the POST here
    page.wait_for_url("**/admin/tep-xuat/*/", timeout=120_000)
    expect(page.locator("p.dv-export__status")).to_have_text("Tệp đã sẵn sàng.")
    link = page.get_by_role("link", name="Tải về Kết-quả-42-CTr-HU-2023.xlsx")
    expect(link).to_be_visible()
    page.screenshot(path="/tmp/export-job-done.png", full_page=True)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "Kết-quả-42-CTr-HU-2023.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    assert "Tổng hợp" in workbook.sheetnames

    user = get_user_model().objects.get(username="huyen.vinhcuu")
    running = ExportJob.objects.create(
        user=user,
        kind="programme_report",
        title="Báo cáo kết quả 42-CTr/HU, năm 2023 — Huyện Vĩnh Cửu (PDF)",
        status=ExportJob.Status.RUNNING,
        progress=37,
        message="Đang ghi tệp PDF",
    )
    page.goto(f"/admin/tep-xuat/{running.pk}/")
    expect(page.locator("p.dv-export__status")).to_contain_text("Đang tạo: Đang ghi tệp PDF — 37%")
    assert page.locator("progress.dv-export__bar").get_attribute("value") == "37"
    page.screenshot(path="/tmp/export-job-running.png", full_page=True)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)

    # The page follows the job by itself (core/js/export-job.js), without reloading: it fails.
    running.status, running.error = ExportJob.Status.FAILED, "Lỗi hệ thống khi tạo tệp. Hãy thử lại."
    running.save()
    expect(page.get_by_role("alert")).to_contain_text("Không tạo được tệp.", timeout=10_000)
    assert page.locator("[data-export-poll]").count() == 0
    page.screenshot(path="/tmp/export-job-failed.png", full_page=True)
    page.goto("/admin/tep-xuat/")
    expect(page.locator("table.listing tbody tr")).to_have_count(2)
    page.screenshot(path="/tmp/export-job-list.png", full_page=True)
