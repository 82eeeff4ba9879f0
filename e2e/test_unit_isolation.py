"""Issue 12's acceptance: xa.phuly (data entry for Phú Lý, VC-PL) reaches Phú Lý's figures and no
other unit's, by the menu or by any typed URL — dashboard, drill-down, reports, data download, another
commune's entry page, the results API.

Before logging in, Phú Lý's clerk imports figures of their own (so that the positive checks have
something to find) and Vĩnh An's report (VC-VA) is given back figures nobody else could have: its
youth union's counts become 98.765 eligible / 87.654 members and its report "submitted" (unapproved),
so not even the public sees them. The district's approver sees them — the control that the figures
are there to leak.
"""

import io
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import APIResponse, BrowserContext, Page, expect

from danvan.collection.exchange import import_data_values
from danvan.core.numbers import count_vi
from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors
from danvan.programmes.models import DataValue, Period, Programme, Submission

from .conftest import Portal
from .helpers import admin_log_in, demo_staff_with_password, export_file

pytestmark = pytest.mark.e2e

OWN = "VC-PL"
OTHER = "VC-VA"  # Thị trấn Vĩnh An, another commune of the district
OTHER_NAME = "Vĩnh An"
# Phú Lý's own youth union figures, imported by its clerk: 1 234 / 4 321 = 28,56 %.
OWN_CSV = (
    "data_element,period,org_unit,value,comment\n"
    "eligible_population,2023,VC-PL-DOAN,4321,\n"
    "members,2023,VC-PL-DOAN,1234,\n"
    "members_attending_regularly,2023,VC-PL-DOAN,1111,\n"
    "core_members,2023,VC-PL-DOAN,555,\n"
)
OWN_RATE = "28,56"  # 1234 / 4321 = 0.285582… → 28,56 %
OTHER_FIGURES = {"eligible_population": 98765, "members": 87654}
E2E_PASSWORD = "mat-khau-cua-bai-kiem-tra-don-vi"
# However a page, file or JSON writes them: plain, with the Vietnamese thousands dot, as a decimal.
SECRETS = ["98765", "98.765", "87654", "87.654"]


@pytest.fixture
def demo(portal: Portal) -> Iterator[dict[str, Any]]:
    demo_staff_with_password(E2E_PASSWORD)
    programme = Programme.objects.get(code="42-CTr/HU")
    period = Period.objects.get(code="2023")
    clerk = get_user_model().objects.get(username="xa.phuly")
    import_data_values(OWN_CSV.encode(), user=clerk, check_rights=True)
    for code, value in OTHER_FIGURES.items():
        updated = DataValue.objects.filter(
            element__code=code, period=period, org_unit__code=f"{OTHER}-DOAN"
        ).update(value=value)
        assert updated == 1, code
    other = Submission.objects.get(org_unit__code=OTHER, period=period)
    other.status = Submission.Status.SUBMITTED
    other.save(update_fields=["status"])
    # The district's aggregate, which a commune must not see either (it includes Vĩnh An's 87 654).
    district = next(
        r
        for r in selectors.programme_results(programme, period, under=OrgUnit.objects.get(code="VC"))
        if r.key == "enrolment"
    )
    assert district.numerator is not None and district.numerator > Decimal(87654)
    yield {
        "programme": programme,
        "period": period,
        "own": Submission.objects.get(org_unit__code=OWN, period=period),
        "other": other,
        # However a page or a file writes it: "123.456" on pages, 123456 in files and JSON.
        "district": [count_vi(district.numerator), str(int(district.numerator))],
    }


def text_of(response: APIResponse) -> str:
    """What a person could read in the answer: the page or JSON, or the file's text."""
    body = response.body()
    kind = response.headers.get("content-type", "")
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if c is None else str(c) for c in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "wordprocessingml" in kind:
        document = docx.Document(io.BytesIO(body))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "pdf" in kind:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8-sig", errors="replace")


def assert_no_figures(where: str, text: str, district: list[str]) -> None:
    """None of Vĩnh An's figures, nor the district's aggregate (a refusal may name the unit)."""
    for secret in [*SECRETS, *district]:
        assert secret not in text, f"{where}: “{secret}” leaked"


def assert_nothing_of_others(where: str, text: str, district: list[str]) -> None:
    """No figure, and no row of Vĩnh An or its branches at all."""
    assert_no_figures(where, text, district)
    for name in (OTHER_NAME, OTHER + "-"):
        assert name not in text, f"{where}: “{name}” leaked"


def assert_refused(page: Page, path: str, district: list[str]) -> None:
    """Opened by typing the URL: refused (403, 404, or sent elsewhere), and none of the figures."""
    response = page.goto(path)
    assert response is not None, path
    refused = response.status in (403, 404) or not page.url.endswith(path)
    assert refused, f"{path}: HTTP {response.status}, not refused"
    assert_no_figures(path, page.content(), district)


def menu_items(page: Page) -> dict[str, str | None]:
    """Every item of Wagtail's sidebar, submenus and their entries included: label → URL (None for a
    submenu), read from the JSON the sidebar is drawn from."""
    props = json.loads(page.locator("#wagtail-sidebar-props").text_content() or "{}")
    found: dict[str, str | None] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                url = node.get("url")
                found[node["label"]] = url if isinstance(url, str) else None
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return found


def test_commune_clerk_reaches_only_their_communes_figures(
    new_context: Callable[..., BrowserContext], demo: dict[str, Any]
) -> None:
    programme, period, total = demo["programme"], demo["period"], demo["district"]
    dashboard = f"/admin/chuong-trinh/{programme.pk}/tong-quan/"
    reports = f"/admin/chuong-trinh/{programme.pk}/bao-cao/?period=2023"
    api = f"/api/v1/programmes/{programme.pk}/results/?period=2023"
    download = "/admin/so-lieu/nhap-xuat/tai-ve/"

    # The control: the district's approver does see Vĩnh An's figures where the clerk is refused.
    district = admin_log_in(new_context, "huyen.vinhcuu", E2E_PASSWORD, f"{dashboard}?period=2023")
    expect(district.get_by_role("navigation", name="Đơn vị đang xem")).to_contain_text("Huyện Vĩnh Cửu")
    assert total[0] in district.locator("table.dv-dash__table").first.inner_text()
    for response in (
        export_file(district, f"{reports}&format=xlsx&unit={OTHER}"),
        district.request.get(f"{download}?file_format=csv"),
    ):
        assert response.ok and "87654" in text_of(response), response.url
    assert "87654" in district.request.get(f"{api}&unit={OTHER}").text()
    district.context.close()

    page = admin_log_in(new_context, "xa.phuly", E2E_PASSWORD, f"{dashboard}?period=2023")

    # The dashboard opens on Phú Lý with its own figures, not the district's.
    crumbs = page.get_by_role("navigation", name="Đơn vị đang xem")
    expect(crumbs).to_have_text("Xã Phú Lý")
    expect(crumbs.get_by_role("link")).to_have_count(0)  # no way up to the district
    table = page.locator("table.dv-dash__table").first
    expect(table).to_contain_text(f"{OWN_RATE}%")
    expect(table).to_contain_text("1.234/4.321")
    page.screenshot(path="/tmp/isoe2e-dashboard.png", full_page=True)
    assert_nothing_of_others("dashboard", page.content(), total)
    assert "báo cáo đã duyệt hoặc khóa" in page.inner_text(".dv-dash__completeness")
    assert "/12 " not in page.inner_text(".dv-dash__completeness")  # not the district's 12 reports

    # The menu: nothing that leads to a refusal (the units' admin, its CSV exchange…).
    items = menu_items(page)
    assert "Nhập số liệu" in items and "Kết quả chương trình" in items, items
    hidden = {"Đơn vị", "Nhập/xuất CSV", "Phân quyền theo đơn vị"} & set(items)
    assert not hidden, f"menu items that lead to a refusal: {hidden}"
    for label, url in items.items():
        if not url or not url.startswith("/admin/") or url.startswith("/admin/logout"):
            continue
        response = page.request.get(url, max_redirects=0)
        assert response.status == 200, f"menu “{label}” → {url}: HTTP {response.status}"
        assert "không có quyền" not in response.text(), f"menu “{label}” → {url} refuses"

    # …and typing those screens' addresses is refused (Wagtail sends him back to the admin's home).
    for path in (
        "/admin/don-vi-csv/",
        "/admin/don-vi-csv/tai/don-vi/",
        "/admin/don-vi/",
        "/admin/phan-quyen-don-vi/",
    ):
        response = page.request.get(path, max_redirects=0)
        assert response.status in (302, 403, 404), f"{path}: HTTP {response.status}"

    # Typed URLs: another commune's drill-down, one of its branches, the district, outside the programme.
    for unit in (OTHER, f"{OTHER}-DOAN", "VC", "DN", "DN-TRIAN"):
        assert_refused(page, f"{dashboard}?period=2023&unit={unit}", total)
    assert_refused(page, f"{dashboard}?period=2023&unit={OTHER}&structure=today", total)

    # The reports: his own by default; another unit's or the district's refused, in every format.
    for fmt in ("xlsx", "docx", "pdf"):
        own = export_file(page, f"{reports}&format={fmt}")
        assert own.ok, (fmt, own.status)
        text = text_of(own)
        assert_nothing_of_others(f"report {fmt}", text, total)
        assert "Phú Lý" in text, fmt
        assert OWN_RATE in text or "1234" in text, fmt  # xlsx: numbers; Word/PDF: the rate
        for unit in (OTHER, "VC", f"{OTHER}-DOAN"):
            refused = page.request.get(f"{reports}&format={fmt}&unit={unit}")
            assert refused.status == 403, (fmt, unit, refused.status)
            assert_no_figures(f"report {fmt} unit={unit}", text_of(refused), total)

    # The data download, every way of asking: Phú Lý's rows only.
    for query in (
        "file_format=csv",
        f"file_format=csv&programme={programme.pk}&period={period.pk}",
        "file_format=xlsx",
    ):
        response = page.request.get(f"{download}?{query}")
        assert response.ok, (query, response.status)
        text = text_of(response)
        assert_nothing_of_others(f"download {query}", text, total)
        if query.startswith("file_format=csv"):
            rows = [line.split(",") for line in text.splitlines()[1:] if line]
            assert rows and {row[2] for row in rows} == {f"{OWN}-DOAN"}, rows
            assert ["members", "2023", f"{OWN}-DOAN", "1234"] in [[*r[:3], r[3].split(".")[0]] for r in rows]
        assert "1234" in text, query

    # Data entry: the list holds his report only; Vĩnh An's page refused, and so is writing to it.
    entry = page.goto("/admin/nhap-so-lieu/")
    assert entry is not None and entry.ok
    assert_nothing_of_others("entry list", page.content(), total)
    expect(page.get_by_role("link", name="Xã Phú Lý")).to_be_visible()
    other_path = f"/admin/nhap-so-lieu/{demo['other'].pk}/"
    assert_refused(page, other_path, total)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for action in ("save", "approve", "return", "lock", "unlock"):
        written = page.request.post(
            other_path,
            form={"csrfmiddlewaretoken": token, "action": action, "comment": "x", "reason": "x"},
            max_redirects=0,
        )
        assert written.status == 403, (action, written.status)
        assert "Bạn không có quyền xem hoặc xử lý báo cáo này" in written.text(), action  # not a CSRF 403
    demo["other"].refresh_from_db()
    assert demo["other"].status == Submission.Status.SUBMITTED
    own_page = page.goto(f"/admin/nhap-so-lieu/{demo['own'].pk}/")
    assert own_page is not None and own_page.ok
    expect(page.get_by_label("Đoàn xã Phú Lý — Số đoàn viên, hội viên", exact=True)).to_have_value("1234")

    # The results API: for another unit or the district, what the public sees — nothing unapproved.
    for unit in (OTHER, f"{OTHER}-DOAN", "VC", ""):
        response = page.request.get(f"{api}&unit={unit}" if unit else api)
        assert response.ok, (unit, response.status)
        body = response.json()
        assert body["figures"] == "approved_only", unit
        assert_nothing_of_others(f"API unit={unit}", response.text().replace(f'"unit": "{unit}"', ""), total)
    own_api = page.request.get(f"{api}&unit={OWN}").json()
    assert own_api["figures"] == "all"
    youth = next(i for i in own_api["indicators"] if i["key"] == "enrolment:youth_union")
    assert [(u["unit_code"], u["numerator"], u["denominator"]) for u in youth["units"]] == [
        (f"{OWN}-DOAN", "1234", "4321")
    ]
