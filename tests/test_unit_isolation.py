"""Who sees which figures (issue 12): one test per leak the issue names, on tests/worlds.py's
programme world.

xa.phuly enters Phú Lý's (VC-PL) figures; huyen.vinhcuu approves for the district (VC). Phú Lý's
report is open and empty; the other four communes' reports (VA, MD, TT, VT) are locked, and each of
their youth unions has 470 members (worlds.COUNTS).
"""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from danvan.collection.exchange import ImportRejected, import_data_values
from danvan.orgunits import permissions
from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors, services
from danvan.programmes.models import DataValue, Period, Programme, Submission, SubmissionEvent

from .export_helpers import export_file
from .worlds import COUNTS, programme_users, programme_world

pytestmark = pytest.mark.django_db

HEADER = "data_element,period,org_unit,value,comment\n"
PHU_LY = (
    "eligible_population,2023,VC-PL-DOAN,1000,\n"
    "members,2023,VC-PL-DOAN,500,\n"
    "members_attending_regularly,2023,VC-PL-DOAN,400,\n"
    "core_members,2023,VC-PL-DOAN,300,\n"
)


YOUTH_MEMBERS = 470  # in each locked commune's youth union
LOCKED_YOUTH_MEMBERS = 4 * YOUTH_MEMBERS  # the district's: VA, MD, TT and VT (Phú Lý has none stored)


@pytest.fixture
def programme(db: Any) -> Programme:
    world = programme_world()
    programme_users(password="isolation-test-password")
    assert COUNTS["youth_union"][1] == YOUTH_MEMBERS
    return world.programme


def login(client: Client, username: str) -> Any:
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def dashboard(programme: Programme) -> str:
    return f"/admin/chuong-trinh/{programme.pk}/tong-quan/"


def test_commune_user_opens_their_own_commune_not_the_district(client: Client, programme: Programme) -> None:
    login(client, "xa.phuly")
    html = client.get(dashboard(programme), {"period": "2023"}).content.decode()
    assert '<span aria-current="page">Xã Phú Lý</span>' in html
    assert '?period=2023&amp;unit=VC"' not in html  # no link up to the district
    # The district's completeness (4 of 5 reports locked) is not shown to a commune.
    assert "4/5 báo cáo" not in html
    login(client, "huyen.vinhcuu")
    assert "4/5 báo cáo" in client.get(dashboard(programme), {"period": "2023"}).content.decode()


@pytest.mark.parametrize("unit", ["VC-VA", "VC"])
def test_commune_user_cannot_drill_into_another_unit(client: Client, programme: Programme, unit: str) -> None:
    login(client, "xa.phuly")
    response = client.get(dashboard(programme), {"period": "2023", "unit": unit})
    assert response.status_code == 403
    html = response.content.decode()
    assert "không có quyền xem số liệu" in html
    assert "dv-dash__table" not in html


def _cells(content: bytes) -> set[Any]:
    workbook = load_workbook(io.BytesIO(content))
    return {
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    }


@pytest.mark.parametrize("unit", ["VC-VA", "VC"])
def test_commune_user_cannot_download_another_units_report(
    client: Client, programme: Programme, unit: str
) -> None:
    login(client, "xa.phuly")
    url = f"/admin/chuong-trinh/{programme.pk}/bao-cao/"
    response = client.post(url, {"period": "2023", "format": "xlsx", "unit": unit})
    assert response.status_code == 403
    assert "không có quyền xem số liệu" in response.content.decode()


def test_commune_users_report_covers_their_commune_only(client: Client, programme: Programme) -> None:
    login(client, "xa.phuly")
    response = export_file(
        client, f"/admin/chuong-trinh/{programme.pk}/bao-cao/", {"period": "2023", "format": "xlsx"}
    )
    assert response.status_code == 200
    content = response.content
    district = LOCKED_YOUTH_MEMBERS
    assert district not in _cells(content) and Decimal(district) not in _cells(content)


def test_a_drill_down_exports_that_units_subtree(client: Client, programme: Programme) -> None:
    login(client, "huyen.vinhcuu")
    url = f"/admin/chuong-trinh/{programme.pk}/bao-cao/"
    response = export_file(client, url, {"period": "2023", "format": "xlsx", "unit": "VC-VA"})
    cells = _cells(response.content)
    vinh_an, district = YOUTH_MEMBERS, LOCKED_YOUTH_MEMBERS
    assert vinh_an in cells or Decimal(vinh_an) in cells
    assert district not in cells and Decimal(district) not in cells


def test_commune_user_downloads_only_their_communes_values(client: Client, programme: Programme) -> None:
    user = login(client, "xa.phuly")
    import_data_values((HEADER + PHU_LY).encode(), user=user, check_rights=True)
    response = client.get("/admin/so-lieu/nhap-xuat/tai-ve/", {"file_format": "csv"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()[1:]
    assert sorted(line.split(",")[2] for line in lines) == ["VC-PL-DOAN"] * 4


def _api(client: Client, programme: Programme, unit: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/programmes/{programme.pk}/results/", {"unit": unit, "period": "2023"})
    assert response.status_code == 200
    return dict(response.json())


def test_anonymous_api_shows_no_figure_of_a_report_returned_to_the_commune(
    client: Client, programme: Programme
) -> None:
    clerk = get_user_model().objects.get(username="xa.phuly")
    approver = get_user_model().objects.get(username="huyen.vinhcuu")
    import_data_values((HEADER + PHU_LY).encode(), user=clerk, check_rights=True)
    report = Submission.objects.get(org_unit__code="VC-PL")
    services.return_report(approver, report, "Số đoàn viên chưa khớp sổ")
    body = _api(client, programme, "VC-PL")
    assert body["figures"] == "approved_only" and "đã được duyệt" in body["note"]
    assert all(indicator["units"] == [] for indicator in body["indicators"])
    assert all(indicator["aggregate"] is None for indicator in body["indicators"])
    # Phú Lý's clerk sees them, each marked with its status.
    login(client, "xa.phuly")
    staff = _api(client, programme, "VC-PL")
    assert staff["figures"] == "all"
    enrolment = next(i for i in staff["indicators"] if i["key"] == "enrolment:youth_union")
    assert [(u["unit_code"], u["status"], u["numerator"]) for u in enrolment["units"]] == [
        ("VC-PL-DOAN", "open", "500")
    ]


def test_anonymous_district_results_count_locked_reports_only(client: Client, programme: Programme) -> None:
    clerk = get_user_model().objects.get(username="xa.phuly")
    import_data_values((HEADER + PHU_LY).encode(), user=clerk, check_rights=True)  # submitted, not approved
    body = _api(client, programme, "VC")
    enrolment = next(i for i in body["indicators"] if i["key"] == "enrolment:youth_union")
    assert "VC-PL-DOAN" not in {u["unit_code"] for u in enrolment["units"]}
    assert Decimal(enrolment["totals"]["numerator"]) == LOCKED_YOUTH_MEMBERS  # not Phú Lý's 500


def test_the_dashboard_marks_unapproved_figures_in_words(client: Client, programme: Programme) -> None:
    clerk = get_user_model().objects.get(username="xa.phuly")
    import_data_values((HEADER + PHU_LY).encode(), user=clerk, check_rights=True)
    login(client, "huyen.vinhcuu")
    html = client.get(dashboard(programme), {"period": "2023"}).content.decode()
    assert "Có số liệu chưa được duyệt." in html
    row = html.split("Xã Phú Lý", 1)[1].split("</th>", 1)[0]
    assert "chưa duyệt" in row
    other = html.split("Thị trấn Vĩnh An", 1)[1].split("</th>", 1)[0]
    assert "chưa duyệt" not in other


def test_the_unit_csv_menu_item_is_hidden_without_the_right(client: Client, programme: Programme) -> None:
    login(client, "xa.phuly")
    html = client.get("/admin/").content.decode()
    assert "/admin/don-vi-csv/" not in html
    assert client.get("/admin/don-vi-csv/").status_code == 302  # Wagtail: refused, back to the admin home
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x"))
    assert "/admin/don-vi-csv/" in client.get("/admin/").content.decode()


def test_an_import_submits_the_reports_and_logs_the_importer(programme: Programme) -> None:
    clerk = get_user_model().objects.get(username="xa.phuly")
    summary = import_data_values((HEADER + PHU_LY).encode(), user=clerk, check_rights=True)
    report = Submission.objects.get(org_unit__code="VC-PL")
    assert report.status == Submission.Status.SUBMITTED and summary.submitted == 1
    event = SubmissionEvent.objects.get(submission=report)
    assert (event.action, event.user) == (SubmissionEvent.Action.SUBMIT, clerk)


def test_approved_by_needs_the_approver_right_over_every_unit(tmp_path: Any, programme: Programme) -> None:
    file = tmp_path / "2023.csv"
    file.write_text(HEADER + PHU_LY + "members,2023,VC-VA-DOAN,1,\n", encoding="utf-8")
    approver = get_user_model().objects.get(username="huyen.vinhcuu")
    vinh_an = OrgUnit.objects.get(code="VC-VA")
    # The district approver holds the right; xa.phuly (data entry) does not: nothing is written.
    with pytest.raises(CommandError):
        call_command("import_data_values", str(file), "--approved-by", "xa.phuly")
    assert not DataValue.objects.filter(org_unit__code="VC-PL-DOAN").exists()
    with pytest.raises(ImportRejected) as refused:
        import_data_values(file.read_bytes(), approved_by=get_user_model().objects.get(username="xa.phuly"))
    assert "VC-PL-DOAN" in refused.value.errors[0] and "VC-VA-DOAN" in refused.value.errors[0]
    assert permissions.can_approve(approver, vinh_an)
    # Vĩnh An's report is locked: its changed figure is refused, so approve Phú Lý's file only.
    file.write_text(HEADER + PHU_LY, encoding="utf-8")
    call_command("import_data_values", str(file), "--approved-by", "huyen.vinhcuu", stdout=io.StringIO())
    report = Submission.objects.get(org_unit__code="VC-PL")
    assert report.status == Submission.Status.APPROVED
    actions = set(SubmissionEvent.objects.filter(submission=report).values_list("action", "user__username"))
    assert (SubmissionEvent.Action.APPROVE.value, "huyen.vinhcuu") in actions
    # Approved now: the public sees Phú Lý's figures.
    results = selectors.programme_results(
        programme,
        Period.objects.get(code="2023"),
        under=OrgUnit.objects.get(code="VC-PL"),
        approved_only=True,
    )
    enrolment = next(r for r in results if r.key == "enrolment:youth_union")
    assert (enrolment.numerator, enrolment.denominator) == (Decimal(500), Decimal(1000))
