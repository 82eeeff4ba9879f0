"""The demo's “Dân vận khéo” models agree with the 2023 figure and reload without duplicates."""

from typing import Any

from danvan.demo import load_demo
from danvan.emulation.models import CouncilScore, ModelField, ModelStatus, SkilfulModel
from danvan.programmes.demo import NOT_SKILFUL


def test_every_field_and_status_and_the_2023_recognitions(demo: Any) -> None:
    models = SkilfulModel.objects.select_related("unit")
    assert set(models.values_list("field", flat=True)) == set(ModelField.values)
    assert set(models.values_list("status", flat=True)) == set(ModelStatus.values)
    recognised_2023 = {
        m.unit.code.removeprefix("VC-") for m in models.filter(year=2023, status=ModelStatus.RECOGNISED)
    }
    all_2023 = {m.unit.code.removeprefix("VC-") for m in models.filter(year=2023)}
    assert recognised_2023 == all_2023 - NOT_SKILFUL
    assert NOT_SKILFUL <= all_2023
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
