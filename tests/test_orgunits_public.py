"""The org-unit functions other apps call (the demo builders, the programme apps): selectors and services."""

import pytest

from danvan.orgunits import permissions, selectors, services
from danvan.orgunits.models import UnitMembership

from .factories import OrgTypeFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_org_types_by_code_lists_every_type_once() -> None:
    youth = OrgTypeFactory.create(code="youth_union")
    women = OrgTypeFactory.create(code="women_union")
    assert selectors.org_types_by_code() == {"youth_union": youth, "women_union": women}


def test_grant_role_creates_a_membership_once_and_refuses_an_unknown_role() -> None:
    user, unit = UserFactory.create(), OrgUnitFactory.create()
    assert services.grant_role(user, unit, permissions.DATA_ENTRY) is True
    assert services.grant_role(user, unit, permissions.DATA_ENTRY) is False  # held already
    assert services.grant_role(user, unit, permissions.APPROVER) is True  # a second role, a second row
    roles = sorted(UnitMembership.objects.filter(user=user, org_unit=unit).values_list("role", flat=True))
    assert roles == sorted([permissions.DATA_ENTRY, permissions.APPROVER])
    with pytest.raises(ValueError):
        services.grant_role(user, unit, "king")
    assert UnitMembership.objects.filter(user=user).count() == 2
