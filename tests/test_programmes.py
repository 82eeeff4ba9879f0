"""Programme results: rates from summed counts, exact comparisons, share-of-units, the demo, the API."""

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


class TestDemo:
    @pytest.fixture(autouse=True)
    def _demo(self, demo: Any) -> None:
        self.programme = Programme.objects.get(code="42-CTr/HU")
        self.period = Period.objects.get(code="2023")

    def _by_hand(self, numerator: str, denominator: str, types: set[str]) -> Decimal:
        """Σ numerator / Σ denominator × 100 over the demo's branches of those types, from the raw rows."""
        values: dict[tuple[str, str], Decimal] = {
            (v.org_unit.code, v.element.code): v.value
            for v in DataValue.objects.select_related("org_unit", "element").filter(period=self.period)
        }
        n = d = Decimal(0)
        for unit in OrgUnit.objects.select_related("org_type").filter(org_type__code__in=types):
            if (unit.code, numerator) in values and values.get((unit.code, denominator)):
                n += values[(unit.code, numerator)]
                d += values[(unit.code, denominator)]
        return n * 100 / d

    def test_demo_results_match_hand_computed_rates(self) -> None:
        results = {r.key: r for r in selectors.programme_results(self.programme, self.period)}
        sp = {"youth_union", "women_union", "farmers_association", "veterans_association"}
        assert results["enrolment"].aggregate == self._by_hand("members", "eligible_population", sp)
        assert results["enrolment:youth_union"].aggregate == self._by_hand(
            "members", "eligible_population", {"youth_union"}
        )
        assert results["regular_attendance"].aggregate == self._by_hand(
            "members_attending_regularly", "members", sp
        )
        assert results["core_members"].aggregate == self._by_hand(
            "core_members", "members", sp | {"enterprise_youth_union"}
        )
        # Some targets met and some not; one weak organisation.
        met = {key: r.met for key, r in results.items()}
        assert True in met.values() and False in met.values()
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


def test_results_in_todays_structure(demo: Any, client: Client) -> None:
    """2023 figures of the communes that merged in 2025, summed into today's communes, then divided."""
    programme = Programme.objects.get(code="42-CTr/HU")
    data = client.get(
        f"/api/v1/programmes/{programme.pk}/results/", {"period": "2023", "structure": "today"}
    ).json()
    enrolment = next(i for i in data["indicators"] if i["key"] == "enrolment")
    by_code = {u["unit_code"]: u for u in enrolment["units"]}
    # Xã Trị An (today) = thị trấn Vĩnh An + xã Mã Đà + xã Trị An (2023): their branches' counts.
    values = DataValue.objects.filter(
        period__code="2023",
        org_unit__org_type__code__in=[
            "youth_union",
            "women_union",
            "farmers_association",
            "veterans_association",
        ],
    )
    old = ("VC-VA-", "VC-MD-", "VC-TA-")
    members = sum(v.value for v in values.filter(element__code="members") if v.org_unit.code.startswith(old))
    eligible = sum(
        v.value for v in values.filter(element__code="eligible_population") if v.org_unit.code.startswith(old)
    )
    tri_an = by_code["DN-TRIAN"]
    assert (Decimal(tri_an["numerator"]), Decimal(tri_an["denominator"])) == (members, eligible)
    assert Decimal(tri_an["value"]) == members * 100 / eligible
    assert "DN-PHULY" not in by_code  # Phú Lý reported nothing for 2023 (its report is open)
    assert set(by_code) == {"DN-TRIAN", "DN-TANAN", "DN-TANTRIEU", "DN-TRANGDAI"}
    # The same totals as the district's, only regrouped.
    assert sum(Decimal(u["numerator"]) for u in by_code.values()) == Decimal(enrolment["totals"]["numerator"])
    assert client.get(f"/api/v1/programmes/{programme.pk}/results/", {"structure": "x"}).status_code == 400
