"""The dashboard's kept figures (decision 0028): read back while fresh, retired by every kind of change,
computed in the background when too large for a request, and computed anyway when the cache is down.

Runs on tests/worlds.py's programme world (five communes, Phú Lý open and empty). Enrolment (members /
eligible population) over the four communes with figures, each with the four branches of
worlds.COUNTS: 4 × (470 + 1860 + 1350 + 194) = 15,496 of 4 × (1000 + 2000 + 1500 + 200) = 18,800, 82.43 %.
Each test changes it by a known amount (500 more members of Vĩnh An's youth branch: 15,996, 85.09 %)."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from danvan.orgunits.models import OrgUnit
from danvan.orgunits.services import import_org_units
from danvan.programmes import figures_cache, selectors, services
from danvan.programmes.models import DataValue, Period, Programme, Submission

from .worlds import programme_world

pytestmark = pytest.mark.django_db

ENROLMENT_ROW = "Tập hợp quần chúng trong độ tuổi vào tổ chức"
MEMBERS, ELIGIBLE = 4 * (470 + 1860 + 1350 + 194), 4 * (1000 + 2000 + 1500 + 200)


@pytest.fixture
def programme(db: Any) -> Programme:
    return programme_world().programme


def _url(programme: Programme) -> str:
    return f"/admin/chuong-trinh/{programme.pk}/tong-quan/"


def _enrolment(html: str) -> str:
    """The enrolment row of the results table (its value and "n/d" under it)."""
    table = html.split("dv-dash__table", 1)[1].split("</table>", 1)[0]
    return table.split(ENROLMENT_ROW, 1)[1].split("</tr>", 1)[0]


def _shown(members: int, eligible: int) -> str:
    return f"{selectors.shown_vi(Decimal(members) * 100 / Decimal(eligible))}%"


def _youth_members(commune: str = "VA") -> DataValue:
    return DataValue.objects.get(
        period__code="2023", element__code="members", org_unit__code=f"VC-{commune}-DOAN"
    )


def test_kept_figures_are_read_back_without_reading_a_value(
    admin_client: Client, programme: Programme
) -> None:
    first = admin_client.get(_url(programme)).content.decode()
    assert _shown(MEMBERS, ELIGIBLE) in _enrolment(first)
    with CaptureQueriesContext(connection) as queries:
        second = admin_client.get(_url(programme)).content.decode()
    # Which periods have figures is still asked (an index probe each); no value is read.
    assert not [q for q in queries.captured_queries if '"programmes_datavalue"."value"' in q["sql"]]
    assert _enrolment(second) == _enrolment(first)


def test_a_value_changed_directly_is_not_seen_until_its_period_is_retired(
    admin_client: Client, programme: Programme
) -> None:
    """What the bumps are for: a write that tells nobody leaves the kept figure in place."""
    admin_client.get(_url(programme))
    value = _youth_members()
    with connection.cursor() as cursor:  # no model signal
        cursor.execute(
            "UPDATE programmes_datavalue SET value = %s WHERE id = %s", [value.value + 500, value.pk]
        )
    assert _shown(MEMBERS, ELIGIBLE) in _enrolment(admin_client.get(_url(programme)).content.decode())
    figures_cache.periods_changed([value.period_id])
    assert _shown(MEMBERS + 500, ELIGIBLE) in _enrolment(admin_client.get(_url(programme)).content.decode())


def test_a_saved_value_retires_its_period(admin_client: Client, programme: Programme) -> None:
    admin_client.get(_url(programme))
    value = _youth_members()
    value.value += 500  # 470 → 970 members
    value.save()
    assert _shown(MEMBERS + 500, ELIGIBLE) in _enrolment(admin_client.get(_url(programme)).content.decode())


def test_imported_values_retire_their_period(admin_client: Client, programme: Programme) -> None:
    """The import's raw statements send no signal; store_imported retires the periods it writes."""
    admin_client.get(_url(programme))
    value = _youth_members()
    services.store_imported(
        [],
        [(value.value + 500, "", value.pk)],
        [(value.element_id, value.period_id, value.org_unit_id, value.value, value.value + 500, "")],
        now=value.updated_at,
        actor_id=None,
    )
    assert _shown(MEMBERS + 500, ELIGIBLE) in _enrolment(admin_client.get(_url(programme)).content.decode())


def test_a_reopened_report_shows_as_unapproved(admin_client: Client, programme: Programme) -> None:
    assert "Có số liệu chưa được duyệt" not in admin_client.get(_url(programme)).content.decode()
    report = Submission.objects.get(org_unit__code="VC-VA", period__code="2023")
    report.status = Submission.Status.SUBMITTED
    report.save()
    assert "Có số liệu chưa được duyệt" in admin_client.get(_url(programme)).content.decode()


def test_structure_changes_retire_every_period(admin_client: Client, programme: Programme) -> None:
    admin_client.get(_url(programme))
    # A new branch in Thiện Tân, a copy of its youth branch: 470 more members of 1000 more people.
    branch = OrgUnit.objects.get(code="VC-TT-DOAN")
    unit = OrgUnit.objects.create(
        code="VC-TT-X", name="Chi đoàn X", parent=branch.parent, org_type=branch.org_type
    )
    assert _shown(MEMBERS + 470, ELIGIBLE + 1000) not in _enrolment(
        admin_client.get(_url(programme)).content.decode()
    )
    for value in DataValue.objects.filter(org_unit=branch, period__code="2023"):
        DataValue.objects.create(element=value.element, period=value.period, org_unit=unit, value=value.value)
    assert _shown(MEMBERS + 470, ELIGIBLE + 1000) in _enrolment(
        admin_client.get(_url(programme)).content.decode()
    )
    # A target raised above the result: "Không đạt" at once.
    target = programme.targets.get(indicator__key="enrolment", scope=None)
    target.value = Decimal(90)
    target.save()
    assert "Không đạt" in _enrolment(admin_client.get(_url(programme)).content.decode())


def test_the_units_import_retires_every_period(programme: Programme) -> None:
    period = Period.objects.get(code="2023")
    before, kept = figures_cache.stamps([period.pk])
    assert kept
    result = import_org_units("code,name,parent_code\nVC-NEW,Xã Mới,VC\n")
    assert result.ok, result.errors
    after, _kept = figures_cache.stamps([period.pk])
    assert after[period.pk][0] != before[period.pk][0]


@override_settings(DANVAN_DASHBOARD_INLINE_UNIT_PERIODS=0)
def test_large_scopes_are_computed_in_the_background(admin_client: Client, programme: Programme) -> None:
    """Above the limit the request never computes: the first view says the figures are being computed
    (and reloads itself); the tests' queue runs the job at once, so the next view has them. After a
    change, the figures last kept are shown with their time while the job computes the new ones."""
    first = admin_client.get(_url(programme)).content.decode()
    assert "đang tính số liệu của kỳ này" in first
    assert '<meta http-equiv="refresh" content="15">' in first
    assert ENROLMENT_ROW not in first
    second = admin_client.get(_url(programme)).content.decode()
    assert _shown(MEMBERS, ELIGIBLE) in _enrolment(second)
    assert "dv-dash__refreshing" not in second
    value = _youth_members()
    value.value += 500
    value.save()
    third = admin_client.get(_url(programme)).content.decode()
    assert _shown(MEMBERS, ELIGIBLE) in _enrolment(third)  # the figures last kept…
    assert "đã có số liệu mới hơn và hệ thống đang tính lại" in third  # …said to be older than the data
    assert _shown(MEMBERS + 500, ELIGIBLE) in _enrolment(admin_client.get(_url(programme)).content.decode())


@override_settings(
    DANVAN_DASHBOARD_INLINE_UNIT_PERIODS=0,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
)
def test_without_a_cache_the_figures_are_computed_in_the_request(
    admin_client: Client, programme: Programme
) -> None:
    """Nothing can be kept, so nothing would ever be found: computed every time, whatever the size."""
    html = admin_client.get(_url(programme)).content.decode()
    assert _shown(MEMBERS, ELIGIBLE) in _enrolment(html)
    assert "dv-dash__refreshing" not in html
    cache.clear()


def test_a_kept_result_keeps_the_counts_of_its_units(programme: Programme) -> None:
    period = Period.objects.get(code="2023")
    for result in selectors.programme_results(programme, period):
        kept = result.summary()
        assert kept.units == []
        assert (kept.units_reporting, kept.units_meeting, kept.has_unapproved) == (
            result.units_reporting,
            result.units_meeting,
            result.has_unapproved,
        )
        assert (kept.numerator, kept.denominator, kept.aggregate, kept.met) == (
            result.numerator,
            result.denominator,
            result.aggregate,
            result.met,
        )


def test_child_units_come_a_page_at_a_time(
    admin_client: Client, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nation's 3,321 communes are not one table: 100 a page (2 here), with links between pages."""
    from danvan.reports import admin_dashboard

    monkeypatch.setattr(admin_dashboard, "CHILDREN_PER_PAGE", 2)
    children = list(OrgUnit.objects.filter(parent=programme.root_unit).order_by("name"))
    assert len(children) == 5  # by hand: 5 communes → pages of 2, 2 and 1

    def shown(page: int) -> tuple[list[str], str]:
        html = admin_client.get(_url(programme), {"period": "2023", "page": str(page)}).content.decode()
        table = html.split("Theo đơn vị trực thuộc", 1)[1].split("</nav>", 1)[0]
        return [c.name for c in children if f">{c.name}<" in table], table

    names, table = shown(1)
    assert names == [c.name for c in children[:2]]
    assert "Đơn vị 1–2 trong 5" in table and "Trang 1/3" in table and "page=2" in table
    names, table = shown(3)
    assert names == [children[4].name]
    assert "page=2" in table and "page=4" not in table
    assert admin_client.get(_url(programme), {"period": "2023", "page": "4"}).status_code == 404
