"""The demo's “Dân vận khéo” models agree with the 2023 figure and reload without duplicates."""

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from danvan.demo import load_demo
from danvan.emulation.models import CouncilScore, ModelField, ModelStatus, SkilfulModel
from danvan.orgunits import permissions
from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors
from danvan.programmes.demo import NOT_SKILFUL, OPEN_COMMUNE
from danvan.programmes.models import DataValue, Programme


def test_every_field_and_status_and_the_2023_recognitions(demo: Any) -> None:
    models = SkilfulModel.objects.select_related("unit")
    assert set(models.values_list("field", flat=True)) == set(ModelField.values)
    assert set(models.values_list("status", flat=True)) == set(ModelStatus.values)
    recognised_2023 = {
        m.unit.code.removeprefix("VC-") for m in models.filter(year=2023, status=ModelStatus.RECOGNISED)
    }
    all_2023 = {m.unit.code.removeprefix("VC-") for m in models.filter(year=2023)}
    # The open commune's model is still before the council: no decision, no figure yet.
    assert recognised_2023 == all_2023 - NOT_SKILFUL - {OPEN_COMMUNE}
    assert NOT_SKILFUL <= all_2023
    assert models.get(year=2023, unit__code=f"VC-{OPEN_COMMUNE}").status == ModelStatus.UNDER_REVIEW
    # The figure is the registry's: 1 exactly where a 2023 model is recognised, 0 where it was refused
    # or revoked, nothing for the open commune.
    figures = {
        code.removeprefix("VC-"): value
        for code, value in DataValue.objects.filter(
            element__code="skilful_mobilisation", period__code="2023"
        ).values_list("org_unit__code", "value")
    }
    assert {c for c, v in figures.items() if v == 1} == recognised_2023
    assert {c for c, v in figures.items() if v == 0} == NOT_SKILFUL
    assert OPEN_COMMUNE not in figures
    assert CouncilScore.objects.values("member").distinct().count() == 2
    assert models.filter(status=ModelStatus.REVOKED).count() == 1
    count = models.count()
    load_demo()
    assert SkilfulModel.objects.count() == count


def test_the_2023_figure_counts_the_units_without_a_decision_as_no(demo: Any) -> None:
    """Units in scope (administrative, existing in 2023, under the district) by hand: the district
    itself and its communes; those with a recognised model over all of them."""
    programme = Programme.objects.get(code="42-CTr/HU")
    period = selectors.period_by_code("2023")
    assert period is not None
    in_scope = [
        u
        for u in OrgUnit.objects.filter(
            path__startswith=programme.root_unit.path, org_type__code="administrative"
        )
        if u.valid_to is None or u.valid_to >= period.start
    ]
    recognised = {
        m.unit_id for m in SkilfulModel.objects.filter(year=2023, status=ModelStatus.RECOGNISED)
    } & {u.pk for u in in_scope}
    results = {r.key: r for r in selectors.programme_results(programme, period)}
    skilful = results["skilful_mobilisation"]
    assert (skilful.numerator, skilful.denominator) == (Decimal(len(recognised)), Decimal(len(in_scope)))
    assert skilful.aggregate == Decimal(len(recognised)) * 100 / Decimal(len(in_scope))
    # Not the 9 of 11 the figures alone would give: the district and the open commune count as "no".
    assert programme.root_unit in in_scope and len(recognised) < len(in_scope) - 2
    assert skilful.units_reporting == len(in_scope)


def test_the_district_approver_decides_on_the_communes_models(demo: Any) -> None:
    approver = get_user_model().objects.get(username="huyen.vinhcuu")
    commune = OrgUnit.objects.get(code=f"VC-{OPEN_COMMUNE}")
    assert permissions.can_decide_model(approver, commune)
    assert not permissions.can_decide_model(approver, OrgUnit.objects.get(code="VC"))  # not its own
    officer = get_user_model().objects.get(username="xa.phuly")
    assert not permissions.can_decide_model(officer, commune)
    load_demo()  # idempotent: the group is not doubled
    assert approver.groups.filter(name__startswith="Xét công nhận").count() == 1
