"""The demo's “Dân vận khéo” models agree with the 2023 figure and reload without duplicates."""

from decimal import Decimal
from typing import Any

from danvan.demo import load_demo
from danvan.emulation.models import CouncilScore, ModelField, ModelStatus, SkilfulModel
from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors
from danvan.programmes.demo import NOT_SKILFUL, OPEN_COMMUNE
from danvan.programmes.models import DataValue, Programme, Submission


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
    # every recognition (a revoked one was recognised too) cites the library's decision of its year
    decided = models.filter(status__in=[ModelStatus.RECOGNISED, ModelStatus.REVOKED]).select_related(
        "decision"
    )
    assert decided.exists()
    for model in decided:
        assert model.decision is not None, model.title
        assert model.decision.type.code == "QĐ"
        assert model.decision.issued_on == model.decided_on
    assert not models.filter(status=ModelStatus.NOT_RECOGNISED).exclude(decision=None).exists()
    count = models.count()
    load_demo()
    assert SkilfulModel.objects.count() == count


def test_the_2023_figure_counts_the_units_without_a_decision_as_no(demo: Any) -> None:
    """Units in scope by hand: administrative units under the district, existing in 2023, that a
    2023 report covers (a report of their own or of an ancestor); those with a recognised model over
    all of them."""
    programme = Programme.objects.get(code="42-CTr/HU")
    period = selectors.period_by_code("2023")
    assert period is not None
    reported = [s.org_unit.path for s in Submission.objects.filter(period=period).select_related("org_unit")]
    in_scope = [
        u
        for u in OrgUnit.objects.filter(
            path__startswith=programme.root_unit.path, org_type__code="administrative"
        )
        if (u.valid_to is None or u.valid_to >= period.start) and any(u.path.startswith(p) for p in reported)
    ]
    recognised = {
        m.unit_id for m in SkilfulModel.objects.filter(year=2023, status=ModelStatus.RECOGNISED)
    } & {u.pk for u in in_scope}
    results = {r.key: r for r in selectors.programme_results(programme, period)}
    skilful = results["skilful_mobilisation"]
    assert (skilful.numerator, skilful.denominator) == (Decimal(len(recognised)), Decimal(len(in_scope)))
    assert skilful.aggregate == Decimal(len(recognised)) * 100 / Decimal(len(in_scope))
    # The district reports for nobody: not a unit of the share. The open commune (Phú Lý, no model
    # recognised) counts as "no" although it typed nothing.
    assert programme.root_unit not in in_scope
    assert OrgUnit.objects.get(code="VC-PL") in in_scope and len(recognised) < len(in_scope)
    assert skilful.units_reporting == len(in_scope)
