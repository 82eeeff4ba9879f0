"""Programme results: rates from summed counts, exact comparisons, share-of-units, the factory world
(tests/worlds.py), the API."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from danvan.orgunits.models import OrgType, OrgUnit
from danvan.programmes import selectors
from danvan.programmes.models import (
    Comparator,
    DataElement,
    DataValue,
    Indicator,
    Period,
    Programme,
    Rating,
    Submission,
    Target,
    parse_period,
)

from .worlds import programme_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2023", "yearly", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("2024H1", "half_yearly", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("2023H2", "half_yearly", dt.date(2023, 7, 1), dt.date(2023, 12, 31)),
        ("2024Q1", "quarterly", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2023Q4", "quarterly", dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        ("2024-02", "monthly", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_period_codes(code: str, kind: str, start: dt.date, end: dt.date) -> None:
    assert parse_period(code) == (kind, start, end)


@pytest.mark.parametrize(
    "code", ["", "23", "2023Q5", "2023H3", "2023-13", "2023-1", "1800", "abc", "2023 Q1"]
)
def test_bad_period_codes_are_refused_in_vietnamese(code: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_period(code)
    assert "không hợp lệ" in error.value.messages[0]


class Fixture:
    """A root with units of one type, and a ratio indicator members / eligible."""

    def __init__(self) -> None:
        self.kind = OrgType.objects.create(code="youth_union", name="Đoàn", socio_political=True)
        self.root = OrgUnit.objects.create(code="R", name="Huyện R")
        self.eligible = DataElement.objects.create(code="eligible", name="Trong độ tuổi", value_type="count")
        self.members = DataElement.objects.create(code="members", name="Đoàn viên", value_type="count")
        self.rating = DataElement.objects.create(code="rating", name="Xếp loại", value_type="rating")
        self.ratio = Indicator.objects.create(
            key="enrolment", name="Tập hợp", kind="ratio", numerator=self.members, denominator=self.eligible
        )
        self.ratio.org_types.set([self.kind])
        self.share = Indicator.objects.create(
            key="rated_good",
            name="Tốt",
            kind="share_of_units",
            rating_element=self.rating,
            threshold=Rating.GOOD,
        )
        self.share.org_types.set([self.kind])
        self.programme = Programme.objects.create(
            code="1-CTr/HU",
            title="T",
            issuer="I",
            issued_on=dt.date(2023, 1, 1),
            year=2023,
            root_unit=self.root,
        )
        self.period = Period.for_code("2023")

    def unit(self, code: str, **values: int | str) -> OrgUnit:
        unit = OrgUnit.objects.create(code=code, name=f"Đơn vị {code}", parent=self.root, org_type=self.kind)
        elements = {"eligible": self.eligible, "members": self.members, "rating": self.rating}
        for name, value in values.items():
            DataValue.objects.create(
                element=elements[name], period=self.period, org_unit=unit, value=Decimal(value)
            )
        return unit

    def target(self, indicator: Indicator, comparator: str, value: str, **extra: Any) -> Target:
        return Target.objects.create(
            programme=self.programme,
            indicator=indicator,
            comparator=Comparator(comparator),
            value=Decimal(value),
            **extra,
        )

    def result(self) -> list[selectors.TargetResult]:
        return selectors.programme_results(self.programme, self.period)


@pytest.fixture
def fx() -> Fixture:
    return Fixture()


def test_rates_sum_numerators_and_denominators_never_average_rates(fx: Fixture) -> None:
    fx.unit("A", eligible=100, members=90)  # 90 %
    fx.unit("B", eligible=900, members=630)  # 70 %
    fx.target(fx.ratio, ">", "80")
    (result,) = fx.result()
    # (90 + 630) / (100 + 900) = 72 %; the average of the rates would be 80 %.
    assert (result.numerator, result.denominator) == (Decimal(720), Decimal(1000))
    assert result.aggregate == Decimal(72)
    assert result.met is False
    assert [(u.unit.code, u.value, u.met) for u in result.units] == [
        ("A", Decimal(90), True),
        ("B", Decimal(70), False),
    ]
    assert result.units_meeting == 1 and result.units_reporting == 2


def test_exactly_80_does_not_meet_above_80(fx: Fixture) -> None:
    fx.unit("A", eligible=1000, members=800)
    fx.target(fx.ratio, ">", "80")
    (result,) = fx.result()
    assert result.aggregate == Decimal(80) and result.met is False
    assert selectors.shown(result.aggregate) == "80.00"


def test_exactly_45_meets_from_45_upwards(fx: Fixture) -> None:
    fx.unit("A", eligible=200, members=90)  # 90 / 200 = 45 %
    fx.target(fx.ratio, ">=", "45")
    (result,) = fx.result()
    assert result.aggregate == Decimal(45) and result.met is True


def test_80_004_meets_above_80_though_shown_as_80_00(fx: Fixture) -> None:
    fx.unit("A", eligible=25000, members=20001)  # 20001 / 25000 = 80.004 %
    fx.target(fx.ratio, ">", "80")
    (result,) = fx.result()
    assert result.aggregate == Decimal("80.004")
    assert selectors.shown(result.aggregate) == "80.00"
    assert result.met is True


def test_share_of_units_counts_good_or_better_and_the_weak_constraint(fx: Fixture) -> None:
    ratings = [
        Rating.EXCELLENT,
        Rating.GOOD,
        Rating.GOOD,
        Rating.GOOD,
        Rating.GOOD,
        Rating.GOOD,
        Rating.COMPLETED,
    ]
    for n, rating in enumerate(ratings):
        fx.unit(f"U{n}", rating=int(rating))
    fx.unit("NOT-RATED")  # no rating: not in the denominator
    fx.target(fx.share, ">", "85", max_weak_units=0)
    (result,) = fx.result()
    # 6 of 7 rated units are good or better: 85.714… % > 85, and none weak.
    assert (result.numerator, result.denominator) == (Decimal(6), Decimal(7))
    assert result.aggregate == Decimal(600) / Decimal(7)
    assert result.met is True and result.weak_units == 0
    fx.unit("WEAK", rating=int(Rating.WEAK))
    (result,) = fx.result()
    # 6 / 8 = 75 % — and one weak organisation fails the constraint by itself too.
    assert result.aggregate == Decimal(75) and result.weak_units == 1 and result.met is False


def test_a_unit_without_a_denominator_is_shown_but_not_summed(fx: Fixture) -> None:
    fx.unit("A", eligible=100, members=81)
    fx.unit("B", members=50)  # eligible missing
    fx.unit("C", eligible=0, members=0)  # nothing to divide by
    fx.target(fx.ratio, ">", "80")
    (result,) = fx.result()
    assert (result.numerator, result.denominator, result.aggregate) == (
        Decimal(81),
        Decimal(100),
        Decimal(81),
    )
    assert {u.unit.code: u.value for u in result.units} == {"A": Decimal(81), "B": None, "C": None}


def test_scope_sub_target_counts_only_that_type(fx: Fixture) -> None:
    other = OrgType.objects.create(code="women_union", name="Phụ nữ", socio_political=True)
    fx.ratio.org_types.add(other)
    fx.unit("Y", eligible=100, members=45)
    women = OrgUnit.objects.create(code="W", name="Hội PN", parent=fx.root, org_type=other)
    DataValue.objects.create(element=fx.eligible, period=fx.period, org_unit=women, value=100)
    DataValue.objects.create(element=fx.members, period=fx.period, org_unit=women, value=95)
    fx.target(fx.ratio, ">", "80")
    fx.target(fx.ratio, ">=", "45", scope=fx.kind)
    general, youth = fx.result()
    assert general.aggregate == Decimal(70) and general.met is False  # (45 + 95) / 200
    assert youth.aggregate == Decimal(45) and youth.met is True and youth.key == "enrolment:youth_union"


def test_results_take_a_fixed_number_of_queries(fx: Fixture, django_assert_max_num_queries: Any) -> None:
    fx.target(fx.ratio, ">", "80")
    fx.target(fx.share, ">", "85")
    for n in range(3):
        fx.unit(f"S{n}", eligible=100, members=90, rating=4)
    with django_assert_max_num_queries(8) as few:
        fx.result()
    for n in range(30):
        fx.unit(f"L{n}", eligible=100, members=90, rating=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        fx.result()


def test_status_is_the_nearest_reporting_ancestors(fx: Fixture) -> None:
    commune = OrgUnit.objects.create(code="C", name="Xã C", parent=fx.root)
    branch = OrgUnit.objects.create(code="C-Y", name="Đoàn xã C", parent=commune, org_type=fx.kind)
    DataValue.objects.create(element=fx.eligible, period=fx.period, org_unit=branch, value=10)
    DataValue.objects.create(element=fx.members, period=fx.period, org_unit=branch, value=9)
    from danvan.programmes.models import DataSet

    data_set = DataSet.objects.create(code="DS", name="DS", period_type="yearly", programme=fx.programme)
    Submission.objects.create(data_set=data_set, period=fx.period, org_unit=commune, status="submitted")
    fx.target(fx.ratio, ">", "80")
    (result,) = fx.result()
    assert [(u.unit.code, u.status) for u in result.units] == [("C-Y", "submitted")]


class TestWorld:
    """tests/worlds.py's programme world: four locked communes with the figures of worlds.COUNTS (per
    commune: 3874 members of 4700 eligible, 3087 attending, 1841 core), RATINGS, COMMUNES, and the
    enterprise youth union's ENTERPRISE_COUNTS; Phú Lý (VC-PL) open and empty."""

    @pytest.fixture(autouse=True)
    def _world(self, db: Any) -> None:
        world = programme_world()
        self.programme = world.programme
        self.period = world.period

    def test_results_match_hand_computed_rates(self) -> None:
        results = {r.key: r for r in selectors.programme_results(self.programme, self.period)}
        # Four communes, each: members 470 + 1860 + 1350 + 194 = 3874 of 1000 + 2000 + 1500 + 200 = 4700.
        assert results["enrolment"].aggregate == Decimal(4 * 3874) * 100 / Decimal(4 * 4700)
        assert results["enrolment:youth_union"].aggregate == Decimal(4 * 470) * 100 / Decimal(4 * 1000)
        # Attending 350 + 1520 + 1050 + 167 = 3087 of 3874.
        assert results["regular_attendance"].aggregate == Decimal(4 * 3087) * 100 / Decimal(4 * 3874)
        # Core 210 + 890 + 640 + 101 = 1841 per commune, plus the enterprise youth union's 36 of 180.
        assert results["core_members"].aggregate == Decimal(4 * 1841 + 36) * 100 / Decimal(4 * 3874 + 180)
        # 82.4% > 80 ✓, 47% ≥ 45 ✓, 79.7% > 80 ✗, 47.2% > 45 ✓, 20% ≥ 20 ✓, rated good 19/20 with one
        # weak unit ✗, skilful 3/4 ✗, democracy 3/4 ✗.
        met = {key: r.met for key, r in results.items()}
        assert met == {
            "enrolment": True,
            "enrolment:youth_union": True,
            "regular_attendance": False,
            "core_members": True,
            "core_members:enterprise_youth_union": True,
            "grassroots_rated_good": False,
            "skilful_mobilisation": False,
            "grassroots_democracy": False,
        }
        assert results["grassroots_rated_good"].weak_units == 1
        assert results["grassroots_rated_good"].met is False

    def test_the_open_commune_has_no_figures_yet(self) -> None:
        phu_ly = OrgUnit.objects.get(code="VC-PL")
        assert not DataValue.objects.filter(org_unit__path__startswith=phu_ly.path).exists()
        assert Submission.objects.get(org_unit=phu_ly).status == "open"
        assert set(Submission.objects.exclude(org_unit=phu_ly).values_list("status", flat=True)) == {"locked"}

    def test_api(self, client: Client) -> None:
        listing = client.get("/api/v1/programmes/").json()
        assert [p["code"] for p in listing["results"]] == ["42-CTr/HU"]
        data = client.get(f"/api/v1/programmes/{self.programme.pk}/results/", {"period": "2023"}).json()
        keys = [i["key"] for i in data["indicators"]]
        for key in (
            "enrolment",
            "regular_attendance",
            "core_members",
            "grassroots_rated_good",
            "skilful_mobilisation",
            "grassroots_democracy",
        ):
            assert key in keys
        enrolment = data["indicators"][keys.index("enrolment")]
        assert (enrolment["comparator"], enrolment["target"]) == (">", "80")
        assert (enrolment["numerator"], enrolment["denominator"]) == ("members", "eligible_population")
        unit = enrolment["units"][0]
        assert set(unit) == {"unit_code", "unit_name", "status", "numerator", "denominator", "value", "met"}
        assert Decimal(unit["value"]) == Decimal(unit["numerator"]) * 100 / Decimal(unit["denominator"])
        assert (
            client.get(f"/api/v1/programmes/{self.programme.pk}/results/", {"period": "2023Q9"}).status_code
            == 400
        )
        assert client.get("/api/v1/programmes/999999/results/").status_code == 404
        assert (
            client.get(f"/api/v1/programmes/{self.programme.pk}/results/", {"unit": "nope"}).status_code
            == 400
        )
        codes = [e["code"] for e in client.get("/api/v1/data-elements/").json()["results"]]
        assert "members" in codes and "quality_rating" in codes


def test_results_in_todays_structure(db: Any, client: Client) -> None:
    """2023 figures of the communes that merged in 2025, summed into today's communes, then divided."""
    programme = programme_world().programme
    data = client.get(
        f"/api/v1/programmes/{programme.pk}/results/", {"period": "2023", "structure": "today"}
    ).json()
    enrolment = next(i for i in data["indicators"] if i["key"] == "enrolment")
    by_code = {u["unit_code"]: u for u in enrolment["units"]}
    # Xã Trị An (today) = thị trấn Vĩnh An + xã Mã Đà (2023): twice a commune's 3874 members of 4700.
    members, eligible = Decimal(2 * 3874), Decimal(2 * 4700)
    tri_an = by_code["DN-TRIAN"]
    assert (Decimal(tri_an["numerator"]), Decimal(tri_an["denominator"])) == (members, eligible)
    assert Decimal(tri_an["value"]) == members * 100 / eligible
    # Tân An = Vĩnh Tân alone, Trảng Dài = Thiện Tân alone (the enterprise youth union counts no enrolment).
    assert Decimal(by_code["DN-TANAN"]["numerator"]) == Decimal(3874)
    assert Decimal(by_code["DN-TRANGDAI"]["denominator"]) == Decimal(4700)
    assert "DN-PHULY" not in by_code  # Phú Lý reported nothing for 2023 (its report is open)
    assert set(by_code) == {"DN-TRIAN", "DN-TANAN", "DN-TRANGDAI"}
    # The same totals as the district's, only regrouped.
    assert sum(Decimal(u["numerator"]) for u in by_code.values()) == Decimal(enrolment["totals"]["numerator"])
    assert Decimal(enrolment["totals"]["numerator"]) == Decimal(4 * 3874)
    assert client.get(f"/api/v1/programmes/{programme.pk}/results/", {"structure": "x"}).status_code == 400
