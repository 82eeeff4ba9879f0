"""The programme dashboard: figures equal the results, met in words, drill-down, constant queries.

Runs on tests/worlds.py's programme world: five communes, Phú Lý's report open and empty, the other
four locked with the figures of worlds.COUNTS, RATINGS and COMMUNES."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors
from danvan.programmes.models import DataValue, Period, Programme

from .worlds import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db: Any) -> Programme:
    return programme_world().programme


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
    # By hand, over the four locked communes: enrolment 3874/4700 = 82.4% > 80 ✓, youth 470/1000 =
    # 47% ≥ 45 ✓, attendance 3087/3874 = 79.7% ✗, core 1841/3874 = 47.5% > 45 ✓, enterprise core
    # 36/180 = 20% ≥ 20 ✓, rated good 19/20 but one weak unit ✗, skilful 3/4 ✗, democracy 3/4 ✗.
    assert (met, missed) == (4, 4)
    assert table.count("✓</span> Đạt") == met and table.count("✗</span> Không đạt") == missed
    for result in results:
        assert f"{selectors.shown_vi(result.aggregate)}%" in table
        assert f"{result.units_meeting}/{result.units_reporting}" in table
    # Completeness: 4 of the 5 communes' reports are locked, Phú Lý's is open.
    assert "4/5 báo cáo đã duyệt hoặc khóa" in html


def test_drill_down_to_a_commune_sums_its_branches(admin_client: Client, programme: Programme) -> None:
    html = admin_client.get(
        f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"period": "2023", "unit": "VC-VA"}
    ).content.decode()
    # Vĩnh An's four branches: 470 + 1860 + 1350 + 194 = 3874 members of 1000 + 2000 + 1500 + 200 = 4700.
    by_hand = Decimal(3874) * 100 / Decimal(4700)
    assert f"{selectors.shown_vi(by_hand)}%" in html
    assert "Thị trấn Vĩnh An" in html
    assert (
        admin_client.get(f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"unit": "NOPE"}).status_code
        == 404
    )


def test_dashboard_queries_do_not_grow_with_units(admin_client: Client, programme: Programme) -> None:
    url = f"/admin/chuong-trinh/{programme.pk}/tong-quan/"
    admin_client.get(url)
    cache.clear()  # the figures computed, not the ones kept (tests/test_dashboard_figures.py)
    with CaptureQueriesContext(connection) as before:
        admin_client.get(url)
    commune = OrgUnit.objects.get(code="VC-TT")
    branch = OrgUnit.objects.get(code="VC-TT-DOAN")
    period = Period.objects.get(code="2023")
    for n in range(40):
        unit = OrgUnit.objects.create(
            code=f"VC-TT-X{n}", name=f"Chi đoàn {n}", parent=commune, org_type=branch.org_type
        )
        for value in DataValue.objects.filter(org_unit=branch, period=period):
            DataValue.objects.create(element=value.element, period=period, org_unit=unit, value=value.value)
    cache.clear()
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
    for name in ("Xã Trị An", "Xã Tân An", "Phường Trảng Dài"):
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
    # 2022: the same eligible population, half of it members: 50%; 2023: 3874 / 4700 = 82.43%.
    copied = []
    for v in DataValue.objects.filter(period=later, element__code="eligible_population"):
        copied.append(DataValue(element=v.element, period=earlier, org_unit=v.org_unit, value=v.value))
        members = DataValue.objects.get(period=later, element__code="members", org_unit=v.org_unit)
        copied.append(
            DataValue(element=members.element, period=earlier, org_unit=v.org_unit, value=v.value / 2)
        )
    DataValue.objects.bulk_create(copied)
    html = admin_client.get(
        f"/admin/chuong-trinh/{programme.pk}/tong-quan/", {"period": "2023"}
    ).content.decode()
    trend = html.split("Diễn biến qua các kỳ", 1)[1].split("</table>", 1)[0]
    results = selectors.results_by_period(programme, [earlier, later])
    enrolment_2022 = next(r for r in results[earlier.pk] if r.key == "enrolment")
    enrolment_2023 = next(r for r in results[later.pk] if r.key == "enrolment")
    assert enrolment_2022.aggregate == Decimal(50)
    assert enrolment_2023.aggregate is not None and round(enrolment_2023.aggregate, 2) == Decimal("82.43")
    row = trend.split("Tập hợp quần chúng trong độ tuổi vào tổ chức", 1)[1].split("</tr>", 1)[0]
    assert row.index(selectors.shown_vi(enrolment_2022.aggregate)) < row.index(
        selectors.shown_vi(enrolment_2023.aggregate)
    )
    assert "<polyline" in row  # the sparkline beside the numbers


def test_breakdown_sums_each_childs_subtree_in_one_pass(programme: Programme) -> None:
    """breakdown() goes over the units once (issue 17: 3,300 communes × 33,000 branches was one pass
    per commune); each child's cells are still the sums over the units its path starts, by definition."""
    period = Period.objects.get(code="2023")
    for under in (programme.root_unit, OrgUnit.objects.get(code="VC-VA")):
        results = selectors.programme_results(programme, period, under=under)
        children = list(OrgUnit.objects.filter(parent=under).order_by("path"))
        rows = selectors.breakdown(results, under, children)
        assert [row.unit for row in rows] == children
        for row in rows:
            for result, (value, met) in zip(results, row.cells, strict=True):
                mine = [
                    u for u in result.units if u.unit.path.startswith(row.unit.path) and u.value is not None
                ]
                n = sum((u.numerator or Decimal(0) for u in mine), Decimal(0))
                d = sum((u.denominator or Decimal(0) for u in mine), Decimal(0))
                assert value == selectors.rate(n, d)
                assert met == result.target.is_met(value)
        assert any(value is not None for row in rows for value, _met in row.cells)
    # Vĩnh An's first branch by hand: 470 of 1000 members, 47 %.
    commune = OrgUnit.objects.get(code="VC-VA")
    results = selectors.programme_results(programme, period, under=commune)
    first = selectors.breakdown(results, commune, list(OrgUnit.objects.filter(parent=commune)))
    assert Decimal(47) in [value for row in first for value, _met in row.cells]
