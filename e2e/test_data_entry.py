"""Data entry in the admin: Phú Lý's user enters and submits; the district approves and locks; the
results API shows the new figures. Screenshots of the form at 1280 and 360 px; axe on the form."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, expect

from danvan.programmes.models import DataValue, Programme, Submission

from .conftest import Portal
from .helpers import admin_log_in, demo_staff_with_password, export_file
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e
E2E_PASSWORD = "mat-khau-cua-bai-e2e"

BRANCHES = {  # unit name → eligible, members, regular, core, rating
    "Đoàn xã Phú Lý": ("1000", "900", "800", "450", "4"),
    "Hội Phụ nữ xã Phú Lý": ("2000", "1900", "1700", "950", "5"),
    "Hội Nông dân xã Phú Lý": ("1500", "1400", "1200", "700", "4"),
    "Hội Cựu chiến binh xã Phú Lý": ("300", "290", "260", "150", "4"),
}
COUNTS = [
    "Số người trong độ tuổi",
    "Số đoàn viên, hội viên",
    "Số đoàn viên, hội viên sinh hoạt thường xuyên",
    "Số đoàn viên, hội viên nòng cốt",
]


def test_commune_enters_district_approves_and_locks(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    demo_staff_with_password(E2E_PASSWORD)
    submission = Submission.objects.get(org_unit__code="VC-PL", period__code="2023")
    form_path = f"/admin/nhap-so-lieu/{submission.pk}/"

    page = admin_log_in(new_context, "xa.phuly", E2E_PASSWORD, "/admin/nhap-so-lieu/")
    page.get_by_role("link", name="Xã Phú Lý").click()
    page.wait_for_url(f"**{form_path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Phú Lý")
    for unit, figures in BRANCHES.items():
        for element, value in zip(COUNTS, figures[:4], strict=True):
            page.get_by_label(f"{unit} — {element}", exact=True).fill(value)
        page.get_by_label(f"{unit} — Xếp loại chất lượng tổ chức cơ sở", exact=True).select_option(figures[4])
    page.get_by_label("Ủy ban MTTQ Phú Lý — Xếp loại chất lượng tổ chức cơ sở", exact=True).select_option("5")
    # "Dân vận khéo" comes from the recognitions (decision 0020): shown, not typed, not required.
    expect(page.get_by_label("Xã Phú Lý — Đạt tiêu chí “Dân vận khéo”", exact=True)).to_have_count(0)
    expect(page.locator("td.entry-report__automatic")).to_contain_text("Ghi tự động từ quyết định")
    page.get_by_label("Xã Phú Lý — Thực hiện tốt quy chế dân chủ ở cơ sở", exact=True).select_option("1")

    # An error first: more members than eligible is refused next to the field, nothing saved.
    page.get_by_label("Đoàn xã Phú Lý — Số đoàn viên, hội viên", exact=True).fill("1001")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("không được lớn hơn số người trong độ tuổi (1.000)")
    assert DataValue.objects.filter(org_unit__code__startswith="VC-PL").count() == 0
    page.get_by_label("Đoàn xã Phú Lý — Số đoàn viên, hội viên", exact=True).fill("900")

    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/entry-error-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    response = Axe().run(page).response
    violations = [v for v in response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)

    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu số liệu.")).to_be_visible()
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.locator("#entry-status")).to_have_text("Đã gửi")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/entry-form-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    response = Axe().run(page).response
    violations = [v for v in response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)

    district = admin_log_in(new_context, "huyen.vinhcuu", E2E_PASSWORD, form_path)
    district.get_by_role("button", name="Duyệt", exact=True).click()
    expect(district.locator("#entry-status")).to_have_text("Đã duyệt")
    district.get_by_role("button", name="Khóa", exact=True).click()
    expect(district.locator("#entry-status")).to_have_text("Đã khóa")
    district.screenshot(path="/tmp/entry-locked-1280.png", full_page=True)
    submission.refresh_from_db()
    assert submission.status == "locked"

    programme = Programme.objects.get(code="42-CTr/HU")
    api = district.request.get(f"/api/v1/programmes/{programme.pk}/results/?period=2023")
    assert api.ok, api.status
    data: Any = api.json()
    enrolment = [r for r in data["indicators"] if r["key"].startswith("enrolment")]
    doan = next(u for r in enrolment for u in r["units"] if u["unit_code"] == "VC-PL-DOAN")
    assert doan["status"] == "locked"
    assert Decimal(str(doan["numerator"])) == Decimal(900)
    assert Decimal(str(doan["denominator"])) == Decimal(1000)
    assert Decimal(str(doan["value"])) == Decimal(90)  # 900 / 1000 = 90% ≥ 45
    assert doan["met"] is True
    general = next(r for r in data["indicators"] if r["key"] == "enrolment")

    # The dashboard now counts all 12 communes' reports and shows the new aggregate.
    district.goto(f"/admin/chuong-trinh/{programme.pk}/tong-quan/?period=2023")
    expect(district.get_by_text("12/12 báo cáo đã duyệt hoặc khóa")).to_be_visible()
    shown_vi = general["shown"].replace(".", ",")  # pages and reports write a decimal comma
    expect(district.locator("table.dv-dash__table").first).to_contain_text(f"{shown_vi}%")
    district.screenshot(path="/tmp/entry-dashboard-1280.png", full_page=True)

    # The three reports contain Phú Lý's figures.
    downloads = {}
    for fmt in ("xlsx", "docx", "pdf"):
        # Building a report file is the slowest request here (WeasyPrint for the PDF): on a loaded
        # 2-core CI machine it has taken over the context's 10 s; speed is the benchmarks' business.
        response = export_file(
            district, f"/admin/chuong-trinh/{programme.pk}/bao-cao/?period=2023&format={fmt}"
        )
        assert response.ok, (fmt, response.status)
        downloads[fmt] = response.body()
    _check_reports(downloads, general["shown"])  # the API's "84.39": Excel holds the number


def _check_reports(files: dict[str, bytes], enrolment_shown: str) -> None:
    import io
    import subprocess

    import docx
    import openpyxl
    import pypdf

    workbook = openpyxl.load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    rows = [
        [c for c in row if c is not None]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    doan = [r for r in rows if "Đoàn xã Phú Lý" in r]
    assert doan and any(900 in r and 1000 in r for r in doan), doan
    assert any(
        Decimal(enrolment_shown) in [Decimal(str(c)) for c in r if isinstance(c, int | float)] for r in rows
    )
    document = docx.Document(io.BytesIO(files["docx"]))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "BÁO CÁO" in text and "Đoàn xã Phú Lý" in text  # Word: the summary and the per-unit appendix
    assert enrolment_shown.replace(".", ",") in text
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "42-CTr/HU" in pdf_text and "Đoàn xã Phú Lý" in pdf_text
    assert enrolment_shown.replace(".", ",") in pdf_text
    with open("/tmp/entry-report.pdf", "wb") as out:
        out.write(files["pdf"])
    subprocess.run(
        [
            "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "/tmp/entry-report.pdf",
            "/tmp/entry-report",
        ],
        check=False,
    )
