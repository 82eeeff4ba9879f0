"""Data values exchange: CSV/XLSX in and out, all or nothing, every error by row, audit and locks.

Runs on tests/worlds.py's programme world (42-CTr/HU, 2023): every commune's report is locked but
Phú Lý's (VC-PL), which is open and has no figures yet; Vĩnh An's youth union has 470 members and
Thiện Tân's farmers' association (VC-TT-ND) is rated weak.
"""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import load_workbook

from danvan.collection.exchange import ImportRejected, export_data_values, import_data_values
from danvan.orgunits.models import OrgUnit, UnitMembership
from danvan.programmes import selectors
from danvan.programmes.models import DataValue, DataValueChange, Period, Programme, Submission

from .worlds import programme_world

pytestmark = pytest.mark.django_db

HEADER = "data_element,period,org_unit,value,comment\n"
# Phú Lý's youth union: 500 of 1,000 eligible are members, 400 attend regularly, 300 are core.
GOOD = (
    "eligible_population,2023,VC-PL-DOAN,1000,\n"
    "members,2023,VC-PL-DOAN,500,\n"
    "members_attending_regularly,2023,VC-PL-DOAN,400,\n"
    "core_members,2023,VC-PL-DOAN,300,điều tra tháng 11\n"
)


@pytest.fixture
def programme(db: Any) -> Programme:
    return programme_world().programme


@pytest.fixture
def officer(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(username="canbo", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="add_datavalue"), Permission.objects.get(codename="access_admin")
    )
    UnitMembership.objects.create(user=user, org_unit=OrgUnit.objects.get(code="VC-PL"), role="data_entry")
    return user


def _value(element: str, unit: str, period: str = "2023") -> Decimal | None:
    found = DataValue.objects.filter(element__code=element, org_unit__code=unit, period__code=period).first()
    return None if found is None else found.value


def _errors(text: str, **kwargs: Any) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        import_data_values(text.encode("utf-8"), **kwargs)
    return rejected.value.errors


def test_a_good_file_imports_and_the_results_reflect_it(programme: Programme) -> None:
    summary = import_data_values((HEADER + GOOD).encode("utf-8"))

    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    assert _value("members", "VC-PL-DOAN") == Decimal(500)
    period = Period.objects.get(code="2023")
    results = {
        r.key: r
        for r in selectors.programme_results(programme, period, under=OrgUnit.objects.get(code="VC-PL"))
    }
    # Only the youth union of Phú Lý has figures: 500 / 1000 = 50 %, 400 / 500 = 80 %, 300 / 500 = 60 %.
    assert results["enrolment:youth_union"].aggregate == Decimal(50)
    assert results["enrolment:youth_union"].met is True  # ≥ 45
    assert results["regular_attendance"].aggregate == Decimal(80)
    assert results["regular_attendance"].met is False  # exactly 80 is not "> 80"
    assert results["core_members"].aggregate == Decimal(60)
    # Imported figures are not final: Phú Lý's report goes to "đã gửi", awaiting its approver.
    assert [u.status for u in results["enrolment"].units] == ["submitted"]


def test_a_bom_and_a_file_without_the_comment_column_are_accepted(programme: Programme) -> None:
    text = "\ufeffdata_element,period,org_unit,value\r\nmembers,2023,VC-PL-PN,1200\r\n"
    summary = import_data_values(text.encode("utf-8"))
    assert summary.created == 1
    assert _value("members", "VC-PL-PN") == Decimal(1200)


def test_one_bad_row_among_good_ones_writes_nothing_and_names_only_that_row(programme: Programme) -> None:
    before = DataValue.objects.count()
    text = HEADER + GOOD + "members,2023,VC-PL-PN,12a,\n" + "members,2023,VC-PL-ND,700,\n"

    errors = _errors(text)

    assert errors == ["Dòng 6: giá trị “12a” không phải là số."]
    assert DataValue.objects.count() == before
    assert not DataValueChange.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("nonexistent,2023,VC-PL-PN,5,", "không có chỉ số thu thập mã “nonexistent”"),
        ("members,2023,VC-XX,5,", "không có đơn vị mã “VC-XX”"),
        ("members,2023,vc-pl-pn,5,", "không có đơn vị mã “vc-pl-pn” (có phải “VC-PL-PN”?)"),
        ("members,2023Q5,VC-PL-PN,5,", "kỳ báo cáo “2023Q5” không hợp lệ"),
        ("members,,VC-PL-PN,5,", "thiếu kỳ báo cáo (period)"),
        ("members,2023,VC-PL-PN,,", "thiếu giá trị (value)"),
        ("members,2023,VC-PL-PN,nhiều,", "giá trị “nhiều” không phải là số"),
        ("members,2023,VC-PL-PN,-5,", "giá trị “-5” là số âm"),
        ("members,2023,VC-PL-PN,1.234,", "“1.234” có dấu phân cách hàng nghìn"),
        ('members,2023,VC-PL-PN,"1,234",', "“1,234” có dấu phân cách hàng nghìn"),
        ("members,2023,VC-PL-PN,12.5,", "giá trị “12.5” có phần thập phân"),
        ("quality_rating,2023,VC-PL-PN,great,", "xếp loại “great” không có"),
        ("quality_rating,2023,VC-PL-PN,6,", "xếp loại “6” không có"),  # 1 … 5 are read, as on the form
        ("democracy_good,2023,VC-PL,maybe,", "giá trị “maybe” không dùng được cho chỉ số có/không"),
        ("eligible_population,2023,VC-PL-DOAN,999,", "trùng với dòng 2 (cùng chỉ số, kỳ và đơn vị)"),
        ("members,2023,DN-TRIAN,5,", "đơn vị DN-TRIAN không tồn tại trong kỳ 2023"),
        ("members,2023,VC-VA-PN,5,", "báo cáo kỳ 2023 của VC-VA đã khóa"),
        ("members,2023,VC-PL-PN,5,x,y", "có 6 ô, nhiều hơn 5 cột của dòng tiêu đề"),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_line(programme: Programme, row: str, message: str) -> None:
    text = HEADER + "eligible_population,2023,VC-PL-DOAN,1000,\n" + row + "\n"
    errors = _errors(text)
    assert len(errors) == 1
    assert errors[0].startswith("Dòng 3: ")
    assert message in errors[0]
    assert not DataValue.objects.filter(org_unit__code__startswith="VC-PL").exists()


def test_all_errors_are_listed_in_line_order(programme: Programme) -> None:
    text = (
        HEADER
        + "members,2023,VC-XX,5,\n"
        + "members,2023,VC-PL-PN,-1,\n\n"
        + "quality_rating,2023,VC-PL-PN,x,\n"
    )
    errors = _errors(text)
    assert [e.split(":")[0] for e in errors] == ["Dòng 2", "Dòng 3", "Dòng 5"]  # line 4 is blank


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        # members 1,001 > 1,000 eligible, both in the file
        ("eligible_population,2023,VC-PL-DOAN,1000,\nmembers,2023,VC-PL-DOAN,1001,\n", 3, "(1001) lớn hơn"),
        # attendees 501 > 500 members
        (
            "members,2023,VC-PL-DOAN,500,\nmembers_attending_regularly,2023,VC-PL-DOAN,501,\n",
            3,
            "(501) lớn hơn",
        ),
        # core 501 > 500 members
        ("core_members,2023,VC-PL-DOAN,501,\nmembers,2023,VC-PL-DOAN,500,\n", 2, "(501) lớn hơn"),
    ],
)
def test_cross_field_rules_on_the_file(programme: Programme, rows: str, line: int, message: str) -> None:
    errors = _errors(HEADER + rows)
    assert len(errors) == 1
    assert errors[0].startswith(f"Dòng {line}: ")
    assert message in errors[0]
    assert "VC-PL-DOAN kỳ 2023" in errors[0]


def test_cross_field_rules_use_the_stored_values_under_the_file(programme: Programme) -> None:
    import_data_values((HEADER + "eligible_population,2023,VC-PL-DOAN,1000,\n").encode("utf-8"))
    errors = _errors(HEADER + "members,2023,VC-PL-DOAN,1200,\n")
    assert errors == [
        "Dòng 2: số đoàn viên, hội viên (1200) lớn hơn số người trong độ tuổi (1000) của đơn vị VC-PL-DOAN kỳ 2023."
    ]
    # Raising the stored denominator in the same file makes it acceptable.
    summary = import_data_values(
        (HEADER + "members,2023,VC-PL-DOAN,1200,\neligible_population,2023,VC-PL-DOAN,1500,\n").encode(
            "utf-8"
        )
    )
    assert (summary.created, summary.updated) == (1, 1)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("data_element,period,org_unit,value,note", "Dòng 1: cột không dùng được: note"),
        ("data_element,period,unit,value", "thiếu cột: org_unit"),
        ("data_element,period,org_unit,value,value", "cột lặp lại: value"),
    ],
)
def test_unknown_missing_or_repeated_columns_refuse_the_file(
    programme: Programme, header: str, message: str
) -> None:
    errors = _errors(header + "\nmembers,2023,VC-PL-PN,5,x\n")
    assert len(errors) == 1
    assert message in errors[0]


def test_an_empty_file_is_refused(programme: Programme) -> None:
    assert _errors("") == [
        "Dòng 1: tệp trống hoặc thiếu dòng tiêu đề (data_element,period,org_unit,value,comment)."
    ]
    assert _errors(HEADER) == ["Tệp không có dòng số liệu nào."]


def test_ratings_and_yes_no_in_codes_or_vietnamese(programme: Programme) -> None:
    text = (
        HEADER
        + "quality_rating,2023,VC-PL-DOAN,good,\n"
        + "quality_rating,2023,VC-PL-PN,Hoàn thành xuất sắc nhiệm vụ,\n"
        + "quality_rating,2023,VC-PL-ND,HOAN THANH TOT NHIEM VU,\n"
        + "quality_rating,2023,VC-PL-CCB,weak,\n"
        + "democracy_good,2023,VC-PL,có,\n"
        + "skilful_mobilisation,2023,VC-PL,0,\n"
    )
    import_data_values(text.encode("utf-8"))
    assert _value("quality_rating", "VC-PL-DOAN") == Decimal(4)
    assert _value("quality_rating", "VC-PL-PN") == Decimal(5)
    assert _value("quality_rating", "VC-PL-ND") == Decimal(4)
    assert _value("quality_rating", "VC-PL-CCB") == Decimal(1)
    assert _value("democracy_good", "VC-PL") == Decimal(1)
    assert _value("skilful_mobilisation", "VC-PL") == Decimal(0)


def test_a_new_period_is_created_only_when_importing(programme: Programme) -> None:
    text = HEADER + "members,2025-09,DN-PHULY,40,\n"
    summary = import_data_values(text.encode("utf-8"), dry_run=True)
    assert (summary.created, summary.dry_run) == (1, True)
    assert not Period.objects.filter(code="2025-09").exists()
    import_data_values(text.encode("utf-8"))
    assert Period.objects.get(code="2025-09").period_type == "monthly"
    assert _value("members", "DN-PHULY", "2025-09") == Decimal(40)


def test_dry_run_checks_and_writes_nothing(programme: Programme) -> None:
    summary = import_data_values((HEADER + GOOD).encode("utf-8"), dry_run=True)
    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    assert _value("members", "VC-PL-DOAN") is None
    assert not DataValueChange.objects.exists()


def test_every_change_is_audited_with_old_and_new_value(programme: Programme, officer: Any) -> None:
    import_data_values((HEADER + GOOD).encode("utf-8"), user=officer)
    first = DataValueChange.objects.filter(source="import")
    assert first.count() == 4
    assert {(c.old_value, c.changed_by_id) for c in first} == {(None, officer.pk)}
    submission = Submission.objects.get(org_unit__code="VC-PL")
    version = submission.version

    changed = GOOD.replace("members,2023,VC-PL-DOAN,500,", "members,2023,VC-PL-DOAN,520,")
    summary = import_data_values((HEADER + changed).encode("utf-8"), user=officer)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    latest = DataValueChange.objects.filter(source="import").order_by("-id").first()
    assert latest is not None
    assert (latest.element.code, latest.old_value, latest.new_value) == (
        "members",
        Decimal(500),
        Decimal(520),
    )
    assert DataValueChange.objects.count() == 5
    assert DataValue.objects.get(element__code="members", org_unit__code="VC-PL-DOAN").updated_by == officer
    submission.refresh_from_db()
    assert submission.version == version + 1  # a form opened before the import sees a conflict


def test_locked_period_is_refused_but_resending_locked_figures_unchanged_is_not(programme: Programme) -> None:
    stored = Decimal(470)  # Vĩnh An's youth-union members in the world
    assert _value("members", "VC-VA-DOAN") == stored
    same = HEADER + "members,2023,VC-VA-DOAN,470,\n"
    assert import_data_values(same.encode("utf-8")).unchanged == 1
    errors = _errors(HEADER + "members,2023,VC-VA-DOAN,469,\n")
    assert errors == [
        "Dòng 2: báo cáo kỳ 2023 của VC-VA đã khóa (đã duyệt hoặc khóa sổ); cần người duyệt mở khóa trước."
    ]
    assert _value("members", "VC-VA-DOAN") == stored


def test_approved_reports_are_refused_too(programme: Programme) -> None:
    Submission.objects.filter(org_unit__code="VC-PL").update(status=Submission.Status.APPROVED)
    errors = _errors(HEADER + "members,2023,VC-PL-PN,5,\n")
    assert "đã khóa" in errors[0]


def test_xlsx_round_trip_changes_nothing(programme: Programme) -> None:
    import_data_values((HEADER + GOOD).encode("utf-8"))
    period = Period.objects.get(code="2023")
    data = export_data_values(programme=programme, period=period, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("data_element", "period", "org_unit", "value", "comment")
    assert ("members", "2023", "VC-PL-DOAN", 500, None) in rows or (
        "members",
        "2023",
        "VC-PL-DOAN",
        500,
        "",
    ) in rows
    assert ("quality_rating", "2023", "VC-TT-ND", "weak", None) in rows or (
        "quality_rating",
        "2023",
        "VC-TT-ND",
        "weak",
        "",
    ) in rows
    values = DataValue.objects.count()
    changes = DataValueChange.objects.count()
    assert len(rows) - 1 == values

    summary = import_data_values(data)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, values)
    assert DataValueChange.objects.count() == changes


def test_csv_export_has_a_bom_codes_and_guards_formulas(programme: Programme) -> None:
    import_data_values((HEADER + "members,2023,VC-PL-PN,7,=1+1\n").encode("utf-8"))
    data = export_data_values(programme=programme, period=Period.objects.get(code="2023"))
    text = data.decode("utf-8")
    assert text.startswith("\ufeffdata_element,period,org_unit,value,comment\r\n")
    assert "members,2023,VC-PL-PN,7,'=1+1\r\n" in text
    assert "quality_rating,2023,VC-TT-ND,weak," in text
    summary = import_data_values(data)
    assert summary.updated == 0 and summary.created == 0
    assert DataValue.objects.get(element__code="members", org_unit__code="VC-PL-PN").comment == "=1+1"


def test_a_png_is_refused_whole(programme: Programme) -> None:
    assert "không phải CSV mã UTF-8" in _errors_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")[0]


def _errors_bytes(data: bytes) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        import_data_values(data)
    return rejected.value.errors


# --- commands --------------------------------------------------------------------------------------


def test_import_command_lists_errors_on_stderr_and_fails(programme: Programme, tmp_path: Any) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "members,2023,VC-PL-PN,-3,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_data_values", str(bad), stderr=err)
    assert "Dòng 2: giá trị “-3” là số âm" in err.getvalue()


def test_import_command_dry_run_then_import(programme: Programme, tmp_path: Any, officer: Any) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_data_values", str(good), "--dry-run", stdout=out)
    assert "sẽ có 4 giá trị mới" in out.getvalue()
    assert _value("members", "VC-PL-DOAN") is None
    call_command("import_data_values", str(good), "--user", "canbo", stdout=out)
    assert _value("members", "VC-PL-DOAN") == Decimal(500)
    assert DataValueChange.objects.filter(changed_by=officer).count() == 4


def test_export_command_writes_xlsx_and_csv(programme: Programme, tmp_path: Any) -> None:
    target = tmp_path / "out.xlsx"
    call_command(
        "export_data_values",
        "--programme",
        "42-CTr/HU",
        "--period",
        "2023",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row - 1 == DataValue.objects.count()
    out = io.StringIO()
    call_command("export_data_values", "--period", "2023", stdout=out)
    assert out.getvalue().startswith("\ufeffdata_element,period,org_unit,value,comment")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("export_data_values", "--period", "2023Q7")
    with pytest.raises(CommandError, match="Không có chương trình"):
        call_command("export_data_values", "--programme", "99-CTr/HU")


# --- admin ---------------------------------------------------------------------------------------


def _upload(client: Client, name: str, data: bytes, **extra: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/admin/so-lieu/nhap-xuat/", {"file": SimpleUploadedFile(name, data), **extra})


def test_admin_upload_imports_and_shows_the_summary(
    programme: Programme, officer: Any, client: Client
) -> None:
    client.force_login(officer)
    response = _upload(client, "so-lieu.csv", (HEADER + GOOD).encode("utf-8"))
    assert response.status_code == 200
    assert "Đã nhập: 4 giá trị mới, 0 giá trị thay đổi, 0 giá trị không đổi." in response.content.decode()
    assert _value("core_members", "VC-PL-DOAN") == Decimal(300)


def test_admin_dry_run_writes_nothing(programme: Programme, officer: Any, client: Client) -> None:
    client.force_login(officer)
    response = _upload(client, "so-lieu.csv", (HEADER + GOOD).encode("utf-8"), dry_run="on")
    assert response.status_code == 200
    assert "Chưa ghi gì." in response.content.decode()
    assert _value("core_members", "VC-PL-DOAN") is None


def test_admin_refuses_a_png_renamed_csv_with_400(programme: Programme, officer: Any, client: Client) -> None:
    client.force_login(officer)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = _upload(client, "so-lieu.csv", png)
    assert response.status_code == 400
    assert "không phải CSV mã UTF-8" in response.content.decode()


def test_admin_lists_errors_escaped_with_400(programme: Programme, officer: Any, client: Client) -> None:
    client.force_login(officer)
    response = _upload(
        client, "x.csv", (HEADER + "<script>alert(1)</script>,2023,VC-PL-PN,5,\n").encode("utf-8")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dòng 2: không có chỉ số thu thập mã “&lt;script&gt;alert(1)&lt;/script&gt;”." in body
    assert "<script>alert(1)" not in body


def test_admin_user_imports_only_under_their_units(
    programme: Programme, officer: Any, client: Client
) -> None:
    client.force_login(officer)
    response = _upload(client, "x.csv", (HEADER + "members,2025,DN-TANAN,5,\n").encode("utf-8"))
    assert response.status_code == 400
    assert "bạn không được giao nhập số liệu cho đơn vị DN-TANAN" in response.content.decode()


def test_admin_page_needs_the_permission(
    programme: Programme, django_user_model: Any, client: Client
) -> None:
    user = django_user_model.objects.create_user(username="khach", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/so-lieu/nhap-xuat/").status_code == 403
    assert _upload(client, "so-lieu.csv", (HEADER + GOOD).encode("utf-8")).status_code == 403
    assert _value("members", "VC-PL-DOAN") is None


def test_admin_download(programme: Programme, officer: Any, client: Client) -> None:
    import_data_values((HEADER + GOOD).encode("utf-8"), user=officer, check_rights=True)
    client.force_login(officer)
    page = client.get("/admin/so-lieu/nhap-xuat/")
    assert page.status_code == 200
    assert "Nhập/xuất số liệu" in page.content.decode()
    period = Period.objects.get(code="2023")
    response = client.get(
        "/admin/so-lieu/nhap-xuat/tai-ve/",
        {"programme": str(programme.pk), "period": str(period.pk), "file_format": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="so-lieu-2023.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    # Only the figures of the officer's commune and its branches (Phú Lý has just the 4 imported
    # ones), never another commune's, though the district has 96: 23 per locked commune (4 branches ×
    # (4 counts + a rating), the front's rating, the commune's 2 yes/no) × 4, and the enterprise's 4.
    assert sorted(row[2] for row in rows[1:]) == ["VC-PL-DOAN"] * 4
    assert DataValue.objects.filter(period=period).exclude(org_unit__code__startswith="VC-PL").count() == 96
    bad = client.get("/admin/so-lieu/nhap-xuat/tai-ve/", {"period": "999999", "file_format": "xlsx"})
    assert bad.status_code == 400
