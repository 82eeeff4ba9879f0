"""Factories for “Dân vận khéo” models (issue 16, registry part)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from danvan.emulation.models import Criterion, ModelField, ModelStatus, SkilfulModel
from tests.factories import OrgUnitFactory


class CriterionFactory(factory.django.DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    weight = Decimal(1)
    max_score = 10
    position = factory.Sequence(lambda n: n)


class SkilfulModelFactory(factory.django.DjangoModelFactory[SkilfulModel]):
    class Meta:
        model = SkilfulModel

    title = factory.Sequence(lambda n: f"Mô hình khu dân cư tự quản số {n}")
    slug = factory.Sequence(lambda n: f"mo-hinh-{n}")
    unit = factory.SubFactory(OrgUnitFactory)
    field = ModelField.ECONOMY
    year = 2025
    description = "Người dân tự góp công làm đường giao thông nông thôn."
    results = "Làm mới 2 km đường bê tông."
    status = ModelStatus.REGISTERED
    decided_on: Any = None


def recognised_on() -> dt.date:
    return dt.date(2025, 11, 20)
