"""The programme dashboard: figures equal the results, met in words, drill-down, constant queries."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors
from danvan.programmes.models import DataValue, Period, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(demo: Any) -> Programme:
    return Programme.objects.get(code="42-CTr/HU")


def test_dashboard_shows_each_target_with_words_not_colour_alone(
    admin_client: Client, programme: Programme
) -> None:
    response = admin_client.get(f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"period": "2023"})
    assert response.status_code == 200
    html = response.content.decode()
    results = selectors.programme_results(programme, Period.objects.get(code="2023"))
    met = sum(1 for r in results if r.met)
    missed = sum(1 for r in results if r.met is False)
    table = html.split("dv-dash__table", 1)[1].split("</table>", 1)[0]
    assert table.count("✓</span> Đạt") == met and table.count("✗</span> Không đạt") == missed
    for result in results:
        assert f"{selectors.shown_vi(result.aggregate)}%" in table
        assert f"{result.units_meeting}/{result.units_reporting}" in table
    # Completeness: 11 of the 12 communes' reports are locked, Phú Lý's is open.
    assert "11/12 báo cáo đã duyệt hoặc khóa" in html


def test_drill_down_to_a_commune_sums_its_branches(admin_client: Client, programme: Programme) -> None:
    html = admin_client.get(
        f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"period": "2023", "unit": "VC-VA"}
    ).content.decode()
    members = {
        v.org_unit.code: v.value
        for v in DataValue.objects.select_related("org_unit", "element").filter(
            element__code="members", org_unit__code__startswith="VC-VA-"
        )
    }
    eligible = {
        v.org_unit.code: v.value
        for v in DataValue.objects.select_related("org_unit").filter(
            element__code="eligible_population", org_unit__code__startswith="VC-VA-"
        )
    }
    by_hand = Decimal(sum(members.values())) * 100 / Decimal(sum(eligible.values()))
    assert f"{selectors.shown_vi(by_hand)}%" in html
    assert "Thị trấn Vĩnh An" in html
    assert (
        admin_client.get(f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"unit": "NOPE"}).status_code
        == 404
    )


def test_dashboard_queries_do_not_grow_with_units(admin_client: Client, programme: Programme) -> None:
    url = f"/admin/chuong-trinh/{programme.pk}/tong-quan/"
    admin_client.get(url)
    with CaptureQueriesContext(connection) as before:
        admin_client.get(url)
    commune = OrgUnit.objects.get(code="VC-TB")
    branch = OrgUnit.objects.get(code="VC-TB-DOAN")
    period = Period.objects.get(code="2023")
    for n in range(40):
        unit = OrgUnit.objects.create(
            code=f"VC-TB-X{n}", name=f"Chi đoàn {n}", parent=commune, org_type=branch.org_type
        )
        for value in DataValue.objects.filter(org_unit=branch, period=period):
            DataValue.objects.create(element=value.element, period=period, org_unit=unit, value=value.value)
    with CaptureQueriesContext(connection) as after:
        admin_client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_dashboard_needs_the_permission(client: Client, programme: Programme) -> None:
    response = client.get(f"/admin/chuong-trinh/{programme.pk}/tong-quan/")
    assert response.status_code == 302  # to the login page


def test_admin_lists_answer(admin_client: Client, programme: Programme) -> None:
    for url in (
        "/admin/chuong-trinh/",
        "/admin/chuong-trinh/danh-sach/",
        "/admin/chuong-trinh/muc-tieu/",
        "/admin/chuong-trinh/nhiem-vu/",
        "/admin/chuong-trinh/chi-tieu/",
        "/admin/chuong-trinh/chi-so/",
        "/admin/chuong-trinh/ky/",
        "/admin/chuong-trinh/bieu-mau/",
        "/admin/chuong-trinh/thoi-han/",
        f"/admin/chuong-trinh/danh-sach/edit/{programme.pk}/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_dashboard_in_todays_structure(admin_client: Client, programme: Programme) -> None:
    html = admin_client.get(
        f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"period": "2023", "structure": "today"}
    ).content.decode()
    section = html.split("Theo đơn vị hành chính hiện nay", 1)[1]
    for name in ("Xã Trị An", "Xã Tân An", "Phường Tân Triều", "Phường Trảng Dài"):
        assert name in section
    rows = selectors.in_today_structure(
        selectors.programme_results(programme, Period.objects.get(code="2023"))
    )
    tri_an = next(r for r in rows if r.unit.code == "DN-TRIAN")
    assert f"{selectors.shown_vi(tri_an.cells[0][2])}%" in section


def test_trend_over_periods_of_the_same_kind(admin_client: Client, programme: Programme) -> None:
    """A second year of figures: the dashboard's trend table shows both years' aggregates."""
    earlier = Period.for_code("2022")
    later = Period.objects.get(code="2023")
    copied = [
        DataValue(element=v.element, period=earlier, org_unit=v.org_unit, value=v.value - (v.value // 10))
        for v in DataValue.objects.filter(period=later, element__code__in=["members", "eligible_population"])
    ]
    DataValue.objects.bulk_create(copied)
    html = admin_client.get(
        f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"period": "2023"}
    ).content.decode()
    trend = html.split("Diễn biến qua các kỳ", 1)[1].split("</table>", 1)[0]
    results = selectors.results_by_period(programme, [earlier, later])
    enrolment_2022 = next(r for r in results[earlier.pk] if r.key == "enrolment")
    enrolment_2023 = next(r for r in results[later.pk] if r.key == "enrolment")
    assert enrolment_2022.aggregate != enrolment_2023.aggregate
    row = trend.split("Tập hợp quần chúng trong độ tuổi vào tổ chức", 1)[1].split("</tr>", 1)[0]
    assert row.index(selectors.shown_vi(enrolment_2022.aggregate)) < row.index(
        selectors.shown_vi(enrolment_2023.aggregate)
    )
    assert "<polyline" in row  # the sparkline beside the numbers
