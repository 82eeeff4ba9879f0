"""Exports of a programme's results: the Excel workbook, the Word and PDF reports, the admin download.

The reports run on tests/worlds.py's programme world: four locked communes with the figures of
worlds.COUNTS, RATINGS and COMMUNES (one weak organisation, Hội Nông dân xã Thiện Tân, VC-TT-ND), and
Phú Lý's report open and empty."""

import datetime as dt
import io
import os
import shutil
import subprocess
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from openpyxl import load_workbook

from danvan.orgunits.models import OrgType, OrgUnit, UnitMembership
from danvan.programmes import selectors
from danvan.programmes.models import (
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    Period,
    Programme,
    Submission,
    Target,
)
from danvan.reports import exports

from .export_helpers import export_file
from .worlds import WEAK_UNIT, ProgrammeWorld, programme_world

pytestmark = pytest.mark.django_db

# 20:00 UTC on 26 November is 03:00 on the 27th in Asia/Ho_Chi_Minh: the report is dated the 27th.
NOW = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
HEADER_ROW = 5  # title, period, date generated, a blank row, then the table's header


def url(programme: Programme) -> str:
    return f"/admin/chuong-trinh/{programme.pk}/bao-cao/"


WEAK_NAME = "Hội Nông dân xã Thiện Tân"  # worlds.WEAK_UNIT, by its name


@pytest.fixture
def world(db: Any) -> ProgrammeWorld:
    return programme_world()


@pytest.fixture
def programme(world: ProgrammeWorld) -> Programme:
    return world.programme


@pytest.fixture
def period(world: ProgrammeWorld) -> Period:
    return world.period


@pytest.fixture
def report(programme: Programme, period: Period) -> exports.Report:
    return exports.build_report(programme, period, now=NOW)


def summary_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content))["Tổng hợp"]
    return list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def two_decimals(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class TestExcel:
    def test_summary_numbers_are_the_selectors_as_numbers(self, programme: Programme, period: Period) -> None:
        results = selectors.programme_results(programme, period)
        rows = summary_rows(exports.render_xlsx(exports.build_report(programme, period, now=NOW)))
        assert len(rows) == len(results) == 8
        for row, result in zip(rows, results, strict=True):
            _name, _target, numerator, denominator, value, verdict, meeting, reporting = row
            assert isinstance(numerator, int) and isinstance(denominator, int)
            assert numerator == result.numerator and denominator == result.denominator
            assert isinstance(value, int | float)  # a number: 47.00 reads back as 47
            assert value == two_decimals(result.aggregate)  # type: ignore[arg-type]
            assert verdict.startswith("Đạt" if result.met else "Không đạt")
            assert (meeting, reporting) == (result.units_meeting, result.units_reporting)

    def test_enrolment_is_summed_members_over_summed_eligible(self, report: exports.Report) -> None:
        # By hand from the raw counts: every socio-political branch in Vĩnh Cửu that reported both.
        types = ["youth_union", "women_union", "farmers_association", "veterans_association"]
        members: dict[int, Decimal] = {}
        eligible: dict[int, Decimal] = {}
        for value in DataValue.objects.filter(
            period__code="2023", org_unit__org_type__code__in=types, org_unit__path__startswith="/DN/VC/"
        ).select_related("element"):
            if value.element.code == "members":
                members[value.org_unit_id] = value.value
            elif value.element.code == "eligible_population":
                eligible[value.org_unit_id] = value.value
        both = members.keys() & eligible.keys()
        assert len(both) == 4 * 4  # four communes' four branches: Phú Lý's have not reported
        total_members = sum((members[u] for u in both), Decimal(0))
        total_eligible = sum((eligible[u] for u in both), Decimal(0))
        # worlds.COUNTS: 470 + 1860 + 1350 + 194 members of 1000 + 2000 + 1500 + 200 eligible a commune.
        assert (total_members, total_eligible) == (Decimal(4 * 3874), Decimal(4 * 4700))
        row = summary_rows(exports.render_xlsx(report))[0]
        assert row[0] == "Tập hợp quần chúng trong độ tuổi vào tổ chức"
        assert row[1] == "> 80%"
        assert (row[2], row[3]) == (total_members, total_eligible)
        assert row[4] == two_decimals(total_members * 100 / total_eligible)

    def test_sub_targets_and_constraints_are_named(self, report: exports.Report) -> None:
        targets = [row[1] for row in summary_rows(exports.render_xlsx(report))]
        assert targets[1] == "≥ 45% (riêng Đoàn TNCS Hồ Chí Minh)"
        assert targets[5] == "> 85%; không có đơn vị yếu kém"
        assert targets[6] == "> 80% (phấn đấu)"

    def test_the_weak_organisation_fails_the_rated_good_target(self, report: exports.Report) -> None:
        # VC-TT-ND is the world's one weak organisation: "> 85%, no weak unit" is not met, and says why.
        row = summary_rows(exports.render_xlsx(report))[5]
        assert row[0] == "MTTQ và tổ chức CT-XH cơ sở hoàn thành tốt nhiệm vụ trở lên"
        assert row[5] == "Không đạt (1 đơn vị yếu kém)"

    def test_workbook_is_formatted(self, report: exports.Report) -> None:
        workbook = load_workbook(io.BytesIO(exports.render_xlsx(report)))
        assert workbook.sheetnames == ["Tổng hợp", "Theo đơn vị", "Tiến độ nhiệm vụ", "Tiến độ theo đơn vị"]
        sheet = workbook["Tổng hợp"]
        assert sheet["A1"].value == "42-CTr/HU — Chương trình công tác dân vận năm 2023"
        assert sheet["A2"].value == "Kỳ báo cáo: năm 2023"  # the period once, not "năm 2023 (2023)"
        assert sheet["A3"].value == "Lập lúc: 27/11/2026 03:00"
        header = sheet[HEADER_ROW]
        assert [c.value for c in header][:6] == [
            "Chỉ tiêu",
            "Mục tiêu",
            "Tử số",
            "Mẫu số",
            "Kết quả (%)",
            "Đạt/Không đạt",
        ]
        assert all(c.font.bold and c.fill.fgColor.rgb.endswith("1F4E79") for c in header)
        assert header[0].border.bottom.style == "thin"
        assert sheet.cell(HEADER_ROW + 1, 5).number_format == "0.00"
        assert sheet.cell(HEADER_ROW + 1, 3).number_format == "#,##0"
        assert sheet.freeze_panes == "B6"
        assert sheet.column_dimensions["A"].width == 48
        # The title spans the table's eight columns on one line: not wrapped inside column A and cut.
        assert {str(r) for r in sheet.merged_cells.ranges} >= {"A1:H1", "A2:H2", "A3:H3"}
        assert not sheet["A1"].alignment.wrap_text
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4

    def test_unit_sheet_has_a_row_per_target_and_unit(self, report: exports.Report) -> None:
        sheet = load_workbook(io.BytesIO(exports.render_xlsx(report)))["Theo đơn vị"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == sum(len(r.units) for r in report.results)
        weak = [r for r in rows if r[1] == WEAK_NAME and r[0].startswith("MTTQ")]
        assert weak == [
            (
                "MTTQ và tổ chức CT-XH cơ sở hoàn thành tốt nhiệm vụ trở lên",
                WEAK_NAME,  # VC-TT-ND, by its name
                "Đã khóa",
                0,
                1,
                0.0,
                "Không đạt",
            )
        ]
        assert sheet.freeze_panes == "A2"


def boundary_programme(members: int, eligible: int) -> tuple[Programme, Period]:
    """One unit, one ratio target "> 80": members / eligible."""
    kind = OrgType.objects.create(code="youth_union", name="Đoàn", socio_political=True)
    root = OrgUnit.objects.create(code="R", name="Huyện Tân Uyên")
    branch = OrgUnit.objects.create(code="R-DOAN", name="Đoàn xã", parent=root, org_type=kind)
    eligible_element = DataElement.objects.create(code="eligible", name="Trong độ tuổi", value_type="count")
    members_element = DataElement.objects.create(code="members", name="Đoàn viên", value_type="count")
    indicator = Indicator.objects.create(
        key="enrolment",
        name="Tập hợp thanh niên",
        kind="ratio",
        numerator=members_element,
        denominator=eligible_element,
    )
    programme = Programme.objects.create(
        code="7-CTr/HU",
        title="Chương trình thử",
        issuer="Huyện ủy Tân Uyên",
        issued_on=dt.date(2023, 1, 5),
        year=2023,
        root_unit=root,
    )
    Target.objects.create(programme=programme, indicator=indicator, comparator=">", value=Decimal(80))
    period = Period.for_code("2023Q1")
    for element, value in ((members_element, members), (eligible_element, eligible)):
        DataValue.objects.create(element=element, period=period, org_unit=branch, value=Decimal(value))
    return programme, period


@pytest.mark.parametrize(
    ("members", "eligible", "shown", "verdict"),
    [
        (80004, 100000, 80.0, "Đạt"),  # 80.004% meets "> 80" though shown as 80.00
        (80, 100, 80.0, "Không đạt"),  # exactly 80.00% does not
        (80005, 100000, 80.01, "Đạt"),  # half up
    ],
)
def test_boundaries_in_excel_and_word(members: int, eligible: int, shown: float, verdict: str) -> None:
    programme, period = boundary_programme(members, eligible)
    report = exports.build_report(programme, period, now=NOW)
    row = summary_rows(exports.render_xlsx(report))[0]
    assert row[2:6] == (members, eligible, shown, verdict)
    cells = docx_table_rows(exports.render_docx(report))[1]
    assert cells[4:6] == [f"{shown:.2f}".replace(".", ","), verdict]  # a decimal comma in the report


def test_heading_read_from_a_committee_issuer() -> None:
    programme, period = boundary_programme(1, 2)
    report = exports.build_report(programme, period, now=NOW)
    assert report.heading.organisation == "HUYỆN ỦY TÂN UYÊN"
    assert report.heading.date_line == "Tân Uyên, ngày 27 tháng 11 năm 2026"
    assert report.subject == "Kết quả thực hiện chỉ tiêu Chương trình 7-CTr/HU quý I năm 2023"


def docx_table_rows(content: bytes, index: int = 1) -> list[list[str]]:
    from docx import Document

    table = Document(io.BytesIO(content)).tables[index]
    return [[cell.text for cell in row.cells] for row in table.rows]


class TestWord:
    def test_heading_block(self, report: exports.Report) -> None:
        from docx import Document

        document = Document(io.BytesIO(exports.render_docx(report)))
        left, right = document.tables[0].rows[0].cells
        assert [p.text for p in left.paragraphs] == [
            "HUYỆN ỦY VĨNH CỬU",
            "BAN DÂN VẬN",
            "*",
            "Số …-BC/BDVHU",
        ]
        party, date = right.paragraphs[0], right.paragraphs[-1]
        assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
        assert party.runs[0].underline and party.runs[0].bold
        assert date.text == "Vĩnh Cửu, ngày 27 tháng 11 năm 2026"
        assert date.runs[0].italic
        texts = [p.text for p in document.paragraphs]
        assert "BÁO CÁO" in texts
        assert "Kết quả thực hiện chỉ tiêu Chương trình 42-CTr/HU năm 2023" in texts
        # tables: the heading block, the targets, the task groups' progress, then the closing block
        signature = document.tables[3].rows[0].cells[1].paragraphs[0]
        assert signature.text == "TRƯỞNG BAN" and signature.runs[0].bold  # the Ban signs, by its head

    def test_fonts_and_page(self, report: exports.Report) -> None:
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        document = Document(io.BytesIO(exports.render_docx(report)))
        normal = document.styles["Normal"]
        assert normal.font.name == "Times New Roman"
        assert normal.font.size == Pt(14)
        fonts = normal.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"
        section = document.sections[0]
        measured = [
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        ]
        expected = [Mm(210), Mm(297), Mm(20), Mm(20), Mm(30), Mm(15)]
        # Word keeps lengths in twentieths of a point: equal to within a tenth of a millimetre.
        assert all(abs(m - e) < Mm(0.1) for m, e in zip(measured, expected, strict=True))  # type: ignore[operator]

    def test_every_indicator_in_the_table_with_its_figures(self, report: exports.Report) -> None:
        content = exports.render_docx(report)
        rows = docx_table_rows(content)
        assert rows[0] == exports.summary_headers()
        names = {r.indicator.name for r in report.results}
        assert len(names) == 6
        for name in names:
            assert any(row[0] == name for row in rows[1:])
        enrolment = report.results[0]
        assert rows[1][4] == selectors.shown_vi(enrolment.aggregate)
        assert rows[1][2] == f"{int(enrolment.numerator):,}".replace(",", ".")

    def test_summary_paragraph_names_targets_met_and_not(self, report: exports.Report) -> None:
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(exports.render_docx(report))).paragraphs)
        met = sum(1 for r in report.results if r.met)
        assert met == 4  # the world meets 4 of its 8 targets (see test_programmes.py)
        assert f"có {met}/8 chỉ tiêu đạt mục tiêu đề ra" in text
        assert "Các chỉ tiêu chưa đạt: " in text
        assert "MTTQ và tổ chức CT-XH cơ sở hoàn thành tốt nhiệm vụ trở lên" in text


class TestPdf:
    def test_pdf_text_and_first_page_image(self, report: exports.Report) -> None:
        from pypdf import PdfReader

        content = exports.render_pdf(report)
        assert content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(content))
        first = nfc(reader.pages[0].extract_text())
        assert "42-CTr/HU" in first
        assert "BÁO CÁO" in first
        assert "Tập hợp quần chúng" in first
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
        every = nfc("".join(page.extract_text() for page in reader.pages))
        assert WEAK_NAME in every  # the per-unit appendix, units by name
        assert WEAK_UNIT not in every
        assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height  # landscape appendix
        assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm:
            source = Path("/tmp/export-report.pdf")
            source.write_bytes(content)
            subprocess.run(
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    source,
                    "/tmp/export-pdf",
                ],
                check=True,
            )
            assert Path("/tmp/export-pdf.png").stat().st_size > 1000

    def test_what_users_typed_is_escaped(self, programme: Programme, period: Period) -> None:
        Indicator.objects.filter(key="enrolment").update(name="<script>alert(1)</script>")
        html = exports.report_html(exports.build_report(programme, period, now=NOW))
        assert "<script>" not in html
        assert "&lt;script&gt;" in html


class TestAdminDownload:
    @pytest.mark.parametrize(
        ("file_format", "content_type", "magic"),
        [
            ("xlsx", exports.XLSX_TYPE, b"PK"),
            ("docx", exports.DOCX_TYPE, b"PK"),
            ("pdf", "application/pdf", b"%PDF"),
        ],
    )
    def test_superuser_downloads_each_format(
        self, admin_client: Client, programme: Programme, file_format: str, content_type: str, magic: bytes
    ) -> None:
        response = export_file(admin_client, url(programme), {"period": "2023", "format": file_format})
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response.content.startswith(magic)
        assert response["Content-Disposition"] == (
            f'attachment; filename="Ket-qua-42-CTr-HU-2023.{file_format}"; '
            f"filename*=UTF-8''K%E1%BA%BFt-qu%E1%BA%A3-42-CTr-HU-2023.{file_format}"
        )

    def test_anonymous_is_sent_to_login(self, client: Client, programme: Programme) -> None:
        response = client.post(url(programme), {"period": "2023", "format": "xlsx"})
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    def test_admin_user_without_the_permission_is_refused(self, client: Client, programme: Programme) -> None:
        user = get_user_model().objects.create_user(username="tho", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        response = client.post(url(programme), {"period": "2023", "format": "xlsx"})
        assert response.status_code == 403
        assert "không có quyền" in response.content.decode()

    def test_user_with_the_permission_downloads(self, client: Client, programme: Programme) -> None:
        user = get_user_model().objects.create_user(username="tho", password="x")
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="view_programme"),
        )
        # Figures are seen per unit: this user works for the programme's unit (the district).
        UnitMembership.objects.create(user=user, org_unit=programme.root_unit, role="approver")
        client.force_login(user)
        response = export_file(client, url(programme), {"period": "2023", "format": "xlsx"})
        assert response.status_code == 200
        assert response.content.startswith(b"PK")

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"period": "2023Q5", "format": "xlsx"}, "không hợp lệ"),
            ({"period": "<b>", "format": "pdf"}, "không hợp lệ"),
            ({"period": "2031", "format": "pdf"}, "Chưa có kỳ báo cáo “2031”"),
            ({"period": "2023", "format": "csv"}, "không được hỗ trợ"),
            ({"period": "2023"}, "không được hỗ trợ"),
        ],
    )
    def test_bad_period_or_format_is_a_400_in_vietnamese(
        self, admin_client: Client, programme: Programme, query: dict[str, str], message: str
    ) -> None:
        response = admin_client.post(url(programme), query)
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert message in response.content.decode()

    def test_period_defaults_to_the_programme_year(self, admin_client: Client, programme: Programme) -> None:
        response = export_file(admin_client, url(programme), {"format": "xlsx"})
        assert response.status_code == 200
        assert "2023.xlsx" in response["Content-Disposition"]

    def test_unknown_programme_is_404(self, admin_client: Client, programme: Programme) -> None:
        response = admin_client.post(f"/admin/chuong-trinh/{programme.pk + 999}/bao-cao/", {"format": "xlsx"})
        assert response.status_code == 404


def test_pdf_leaves_a_long_unit_table_to_excel(monkeypatch: pytest.MonkeyPatch) -> None:
    programme, period = boundary_programme(80, 100)
    report = exports.build_report(programme, period, now=NOW)
    assert 'class="units"' in exports.report_html(report)  # one row: the appendix is there
    monkeypatch.setattr(exports, "PDF_UNIT_ROWS", 0)
    html = exports.report_html(report)
    assert 'class="units"' not in html
    assert "Bảng kết quả theo đơn vị có 1 dòng, xem trong tệp Excel." in html


# --- Fit to sign: the issuing body, the unapproved-figures notice, the appendix, the rendered pages ----


@pytest.mark.parametrize(
    ("issuer", "code", "organisation", "office", "number", "signs_as", "standing", "place"),
    [
        # A district committee's programme is reported on by its Ban Dân vận, which its head signs.
        (
            "Ban Chấp hành Đảng bộ huyện Vĩnh Cửu",
            "42-CTr/HU",
            "HUYỆN ỦY VĨNH CỬU",
            "BAN DÂN VẬN",
            "Số …-BC/BDVHU",
            "TRƯỞNG BAN",
            "- Thường trực Huyện ủy,",
            "Vĩnh Cửu",
        ),
        (
            "Thành uỷ Biên Hòa",
            "9-CTr/TU",
            "THÀNH ỦY BIÊN HÒA",
            "BAN DÂN VẬN",
            "Số …-BC/BDVTU",
            "TRƯỞNG BAN",
            "- Thường trực Thành ủy,",
            "Biên Hòa",
        ),
        # A commission that issued the programme itself: its symbol already names it.
        (
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Nai",
            "12-CTr/BTGDVTU",
            "TỈNH ỦY ĐỒNG NAI",
            "BAN TUYÊN GIÁO VÀ DÂN VẬN",
            "Số …-BC/BTGDVTU",
            "TRƯỞNG BAN",
            "- Thường trực Tỉnh ủy,",
            "Đồng Nai",
        ),
        # A grassroots Đảng ủy has no commissions: it reports, and signs, as the committee.
        (
            "Đảng ủy xã Phú Lý",
            "3-CTr/ĐU",
            "ĐẢNG BỘ XÃ PHÚ LÝ",
            "ĐẢNG ỦY",
            "Số …-BC/ĐU",
            "T/M BAN THƯỜNG VỤ",
            "- Thường trực Đảng ủy xã,",
            "Phú Lý",
        ),
    ],
)
def test_heading_and_signature_follow_the_issuing_body(
    issuer: str,
    code: str,
    organisation: str,
    office: str,
    number: str,
    signs_as: str,
    standing: str,
    place: str,
) -> None:
    programme, period = boundary_programme(80, 100)
    Programme.objects.filter(pk=programme.pk).update(issuer=issuer, code=code)
    programme.refresh_from_db()
    report = exports.build_report(programme, period, now=NOW)
    head = report.heading
    assert (head.organisation, head.office, head.number_line) == (organisation, office, number)
    assert head.signs_as == signs_as
    assert head.recipients == (standing, "- Lưu.")
    assert head.date_line == f"{place}, ngày 27 tháng 11 năm 2026"
    from docx import Document

    document = Document(io.BytesIO(exports.render_docx(report)))
    assert [p.text for p in document.tables[0].rows[0].cells[0].paragraphs][:2] == [organisation, office]
    recipients, signature = document.tables[2].rows[0].cells
    assert signature.paragraphs[0].text == signs_as
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", standing, "- Lưu."]
    html = exports.report_html(report)
    assert f'<td class="signature">{signs_as}</td>' in html
    assert "T/M BAN THƯỜNG VỤ" not in html if signs_as == "TRƯỞNG BAN" else True


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(nfc(" ".join(page.extract_text() for page in pages)).split())


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_unapproved_figures_are_flagged_in_every_format() -> None:
    programme, period = boundary_programme(80, 100)  # its one branch has no submission: "Đang nhập"
    data_set = DataSet.objects.create(
        code="T-2023", name="Biểu thử", period_type="quarterly", programme=programme
    )
    root = programme.root_unit
    submission = Submission.objects.create(
        data_set=data_set, period=period, org_unit=root, status="submitted"
    )
    expected = (
        "Lưu ý: báo cáo có số liệu chưa được duyệt — 1/1 đơn vị có số liệu ở trạng thái “Đã gửi”; "
        "kết quả có thể còn thay đổi."
    )  # the branch reports through the district's submission, sent but not approved
    report = exports.build_report(programme, period, now=NOW)
    assert report.notice == expected
    sheet = load_workbook(io.BytesIO(exports.render_xlsx(report)))["Tổng hợp"]
    assert sheet["A4"].value == expected
    assert sheet["A4"].font.bold
    assert summary_rows(exports.render_xlsx(report))[0][0] == "Tập hợp thanh niên"  # the table stays put
    assert expected in docx_text(exports.render_docx(report)).split("\n")
    pdf = exports.render_pdf(report)
    assert expected in pdf_text(pdf)
    if shutil.which("pdftoppm"):  # to look at: /tmp/reports-png/notice-1.png
        (PNG_DIR / "notice.pdf").parent.mkdir(exist_ok=True)
        (PNG_DIR / "notice.pdf").write_bytes(pdf)
        assert to_png(PNG_DIR / "notice.pdf", "notice")

    submission.status = "approved"
    submission.save()
    report = exports.build_report(programme, period, now=NOW)
    assert report.notice == ""
    assert load_workbook(io.BytesIO(exports.render_xlsx(report)))["Tổng hợp"]["A4"].value is None
    assert "chưa được duyệt" not in docx_text(exports.render_docx(report))
    assert "chưa được duyệt" not in pdf_text(exports.render_pdf(report))


class TestFitToSign:
    """The world's report in each format: by unit name, with the appendix, page numbers and widths."""

    def test_word_has_the_appendix_page_numbers_and_fixed_columns(self, report: exports.Report) -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.oxml.ns import qn
        from docx.shared import Mm

        content = exports.render_docx(report)
        document = Document(io.BytesIO(content))
        appendix = docx_table_rows(content, 4)  # after the heading, targets, task groups and closing
        assert appendix[0] == [
            "Chỉ tiêu",
            "Tên đơn vị",
            "Trạng thái",
            "Tử số",
            "Mẫu số",
            "Kết quả (%)",
            "Đạt/Không đạt",
        ]
        # A row per target and unit with figures, over the four locked communes: enrolment 4 × 4
        # branches, its youth-union sub-target 4, attendance 16, core 16 + the enterprise youth union,
        # the enterprise's sub-target 1, rated good 4 × 5 (with the front), skilful 4, democracy 4.
        assert (
            len(appendix) - 1
            == sum(len(r.units) for r in report.results)
            == 16 + 4 + 16 + 17 + 1 + 20 + 4 + 4
        )
        weak = [
            "MTTQ và tổ chức CT-XH cơ sở hoàn thành tốt nhiệm vụ trở lên",
            WEAK_NAME,
            "Đã khóa",
            "0",
            "1",
            "0,00",
            "Không đạt",
        ]
        assert weak in appendix
        codes = set(OrgUnit.objects.values_list("code", flat=True))
        assert not codes & set(docx_text(content).split("\n"))  # no unit shown by its internal code
        portrait, landscape = document.sections
        assert portrait.orientation == WD_ORIENT.PORTRAIT
        assert landscape.orientation == WD_ORIENT.LANDSCAPE
        width, height = landscape.page_width or 0, landscape.page_height or 0
        assert abs(width - Mm(297)) < Mm(0.1) and abs(height - Mm(210)) < Mm(0.1)
        # A PAGE field in the (shared) footer, centred.
        footer = portrait.footer.paragraphs[0]
        assert footer.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
        assert [n.text for n in footer._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert [n.get(qn("w:fldCharType")) for n in footer._p.iter(qn("w:fldChar"))] == [
            "begin",
            "separate",
            "end",
        ]
        assert landscape.footer.is_linked_to_previous
        # The summary's columns fixed, "Chỉ tiêu" the widest (50 mm of 165): not a seventh of the page.
        table = document.tables[1]._tbl
        assert table.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in table.tblGrid.findall(qn("w:gridCol"))]
        assert grid == [round(mm * 1440 / 25.4) for mm in (50, 28, 17, 17, 15, 22, 16)]
        assert abs(sum(grid) - Mm(165).twips) <= 7  # exactly the text width, to rounding
        header = document.tables[1].rows[0]._tr.get_or_add_trPr().find(qn("w:tblHeader"))
        assert header is not None  # repeated on every page

    def test_excel_and_pdf_show_units_by_name(self, report: exports.Report) -> None:
        codes = set(OrgUnit.objects.values_list("code", flat=True))
        workbook = load_workbook(io.BytesIO(exports.render_xlsx(report)))
        values = {c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row}
        assert not codes & values
        units = workbook["Theo đơn vị"]
        assert [c.value for c in units[1]] == exports.appendix_headers()
        text = pdf_text(exports.render_pdf(report))
        assert WEAK_NAME in text
        assert not [code for code in codes if "-" in code and code in text]
        assert "chưa được duyệt" not in text  # every world unit with figures is locked

    def test_pdf_fonts_are_times_like_with_vietnamese(self, report: exports.Report) -> None:
        from pypdf import PdfReader

        from danvan.core.pdf import font_family

        if not font_family().startswith("Liberation Serif"):
            pytest.skip("Liberation Serif 2 (fonts-liberation2) is not installed: scripts/system_packages.sh")
        reader = PdfReader(io.BytesIO(exports.render_pdf(report)))
        fonts = {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in reader.pages
            for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
        }
        # Every letter, ư, ơ and ả included, from the one Times-compatible family: no DejaVu fallback.
        assert fonts and all(
            name.startswith("/Liberation-Serif") or name.startswith("Liberation-Serif") for name in fonts
        )


PNG_DIR = Path("/tmp/reports-png")


def to_png(pdf: Path, stem: str) -> list[Path]:
    """Every page of ``pdf`` as /tmp/reports-png/<stem>-<n>.png, to be looked at (pdftoppm, poppler-utils)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail("pdftoppm is missing: scripts/system_packages.sh test installs poppler-utils")
        pytest.skip("pdftoppm is missing (poppler-utils): scripts/system_packages.sh test")
    PNG_DIR.mkdir(exist_ok=True)
    for old in PNG_DIR.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", "70", pdf, PNG_DIR / stem], check=True, timeout=120)
    return sorted(PNG_DIR.glob(f"{stem}-*.png"))


def office_to_pdf(source: Path, profile: Path) -> Path:
    """The Word or Excel file as LibreOffice prints it (libreoffice-writer-nogui, -calc-nogui)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        reason = "LibreOffice (soffice) is missing: cannot print the Word and Excel reports to look at them"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", source.parent, source],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return source.with_suffix(".pdf")


def test_every_report_renders_to_pages(report: exports.Report, tmp_path: Path) -> None:
    """Render the three files to PNG under /tmp/reports-png/ (to look at) and read the printed pages back."""
    pdf = tmp_path / "report-pdf.pdf"
    pdf.write_bytes(exports.render_pdf(report))
    assert len(to_png(pdf, "pdf")) >= 3
    word, excel = tmp_path / "report-word.docx", tmp_path / "report-excel.xlsx"
    word.write_bytes(exports.render_docx(report))
    excel.write_bytes(exports.render_xlsx(report))
    printed_word = office_to_pdf(word, tmp_path / "lo-profile")
    printed_excel = office_to_pdf(excel, tmp_path / "lo-profile")
    assert len(to_png(printed_word, "word")) >= 3
    assert len(to_png(printed_excel, "excel")) >= 2

    from pypdf import PdfReader

    pages = [nfc(page.extract_text()) for page in PdfReader(printed_word).pages]
    assert "TRƯỞNG BAN" in "".join(pages[:2])
    assert WEAK_NAME in "".join(pages)  # the appendix, printed
    # The footer's PAGE field printed as each page's number, on its last line.
    assert [page.strip().splitlines()[-1].strip() for page in pages] == [
        str(n) for n in range(1, len(pages) + 1)
    ]
    first = nfc(PdfReader(printed_excel).pages[0].extract_text())
    assert "42-CTr/HU — Chương trình công tác dân vận năm 2023" in first
    assert "Kỳ báo cáo: năm 2023" in first and "(2023)" not in first
