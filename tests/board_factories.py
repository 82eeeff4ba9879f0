"""Small builders for the board's, answers' and dialogue's tests (issue 15, part "board"): cases with
the dates and deadlines a test names, and staff of one unit holding the case permissions."""

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import Permission

from danvan.core.dates import VIETNAM
from danvan.feedback.models import Case, CaseDeadline, CaseKind, DeadlineRule
from danvan.orgunits.models import OrgUnit, UnitMembership

from .factories import UnitMembershipFactory, UserFactory

_codes = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """``day`` at ``hour`` o'clock in Vietnam."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VIETNAM)


def rule(kind: str = CaseKind.KHIEU_NAI) -> DeadlineRule:
    found, _ = DeadlineRule.objects.get_or_create(
        key=f"test_{kind}",
        valid_from=dt.date(2020, 1, 1),
        defaults={"kind": kind, "step": "resolve", "amount": 30, "unit": "days", "source": "Luật (thử)"},
    )
    return found


def case(unit: OrgUnit, *, received: dt.date, kind: str = CaseKind.KHIEU_NAI, **fields: Any) -> Case:
    """A case of ``unit`` received on ``received``; ``answered`` (a date) sets answered_at."""
    answered = fields.pop("answered", None)
    values: dict[str, Any] = {
        "code": f"PA-2026-T{next(_codes):05d}",
        "kind": kind,
        "title": "Đề nghị sửa đường liên ấp",
        "content": "Nội dung đơn.",
        "unit": unit,
        "citizen_name": "Nguyễn Văn Bí Mật",
        "email": "bimat@example.org",
        "phone": "0909123456",
        "address": "12 đường Kín, ấp Ẩn",
        "received_at": at(received),
        "answered_at": at(answered, 15) if answered else None,
    }
    values.update(fields)
    return Case.objects.create(**values)


def deadline(
    case: Case, *, due_on: dt.date, state: str = CaseDeadline.State.OPEN, met_on: dt.date | None = None
) -> CaseDeadline:
    return CaseDeadline.objects.create(
        case=case,
        rule=rule(case.kind),
        step="resolve",
        starts_from=case.received_at.date(),
        due_on=due_on,
        state=state,
        met_on=met_on,
    )


def staff(unit: OrgUnit, *perms: str, username: str | None = None) -> Any:
    """A staff user with a membership on ``unit`` and the ``feedback`` permissions named."""
    user = UserFactory.create(**({"username": username} if username else {}))
    UnitMembershipFactory.create(user=user, org_unit=unit, role=UnitMembership.Role.DATA_ENTRY)
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user.user_permissions.add(
        admin, *Permission.objects.filter(content_type__app_label="feedback", codename__in=perms)
    )
    return user
