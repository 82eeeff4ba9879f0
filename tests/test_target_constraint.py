"""A programme states each indicator's target once overall and once per kind of organisation.

The rule holds in the database on SQLite as on PostgreSQL (partial unique indexes, not a
NULLS NOT DISTINCT constraint that SQLite cannot build), and the admin says so in Vietnamese.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from danvan.orgunits.models import OrgType, OrgUnit
from danvan.programmes.models import DataElement, Indicator, Programme, Target

pytestmark = pytest.mark.django_db

DUPLICATE_MESSAGE = "Chương trình đã có mục tiêu cho chỉ tiêu này"


class Setting:
    def __init__(self) -> None:
        self.youth = OrgType.objects.create(code="youth_union", name="Đoàn thanh niên")
        self.women = OrgType.objects.create(code="women_union", name="Hội Phụ nữ")
        eligible = DataElement.objects.create(code="eligible", name="Trong độ tuổi", value_type="count")
        members = DataElement.objects.create(code="members", name="Hội viên", value_type="count")
        self.indicator = Indicator.objects.create(
            key="enrolment", name="Tập hợp", kind="ratio", numerator=members, denominator=eligible
        )
        self.programme = Programme.objects.create(
            code="1-CTr/HU",
            title="Chương trình",
            issuer="Huyện ủy",
            issued_on=dt.date(2023, 1, 1),
            year=2023,
            root_unit=OrgUnit.objects.create(code="R", name="Huyện R"),
        )

    def target(self, scope: OrgType | None) -> Target:
        return Target.objects.create(
            programme=self.programme,
            indicator=self.indicator,
            comparator=">=",
            value=Decimal(80),
            scope=scope,
        )


@pytest.fixture
def setting() -> Setting:
    return Setting()


def test_a_second_general_target_for_the_same_indicator_is_refused(setting: Setting) -> None:
    setting.target(scope=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        setting.target(scope=None)


def test_a_second_target_for_the_same_kind_of_organisation_is_refused(setting: Setting) -> None:
    setting.target(scope=setting.youth)
    with pytest.raises(IntegrityError), transaction.atomic():
        setting.target(scope=setting.youth)


def test_general_and_per_kind_targets_live_side_by_side(setting: Setting) -> None:
    setting.target(scope=None)
    setting.target(scope=setting.youth)
    setting.target(scope=setting.women)
    assert Target.objects.filter(programme=setting.programme).count() == 3


def test_the_admin_refuses_a_duplicate_target_in_vietnamese(setting: Setting, admin_client: Client) -> None:
    setting.target(scope=None)
    response = admin_client.post(
        reverse("muc_tieu:add"),
        {
            "programme": setting.programme.pk,
            "indicator": setting.indicator.pk,
            "comparator": ">=",
            "value": "90",
            "scope": "",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert DUPLICATE_MESSAGE in response.content.decode()
    assert Target.objects.filter(programme=setting.programme).count() == 1


def test_the_admin_refuses_a_duplicate_per_kind_target_in_vietnamese(
    setting: Setting, admin_client: Client
) -> None:
    setting.target(scope=setting.youth)
    response = admin_client.post(
        reverse("muc_tieu:add"),
        {
            "programme": setting.programme.pk,
            "indicator": setting.indicator.pk,
            "comparator": ">=",
            "value": "45",
            "scope": setting.youth.pk,
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert DUPLICATE_MESSAGE in response.content.decode()
    assert Target.objects.filter(programme=setting.programme).count() == 1


def test_system_checks_are_clean_at_warning_level() -> None:
    # SQLite used to warn (models.W047, as migrate does) that the NULLS NOT DISTINCT constraint
    # would not be created; that check only runs when a database is named.
    call_command("check", fail_level="WARNING", databases=["default"])
