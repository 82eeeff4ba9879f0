"""factory_boy factories of citizens' cases (issue 15): cases, their events, attachments, deadline
rules and deadlines, pauses, response templates; and a handler (a user who may handle a unit's cases).

Codes are unique (a sequence); ``folded_text`` and ``contact_key`` are filled the way intake fills
them (accent-folded title and content; folded e-mail, else phone) so duplicates and search work.
"""

import datetime as dt
from typing import Any

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from danvan.core.text import fold
from danvan.feedback.models import (
    Case,
    CaseAttachment,
    CaseDeadline,
    CaseEvent,
    CaseKind,
    CaseStatus,
    ClockPause,
    DeadlineRule,
    ResponseTemplate,
)
from danvan.orgunits.models import UnitMembership

from .factories import OrgUnitFactory, UnitMembershipFactory, UserFactory


def folded_text(title: str, content: str) -> str:
    return fold(f"{title}\n{content}")


def contact_key(email: str, phone: str) -> str:
    return fold(email.strip()) if email.strip() else "".join(c for c in phone if c.isdigit())


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    code = factory.Sequence(lambda n: f"PA-2026-T{n:05d}")
    kind = CaseKind.PHAN_ANH
    status = CaseStatus.RECEIVED
    title = factory.Sequence(lambda n: f"Phản ánh số {n} về đường giao thông")
    content = factory.Sequence(lambda n: f"Nội dung phản ánh số {n}: mặt đường hư hỏng, ổ gà nhiều nơi.")
    unit = factory.SubFactory(OrgUnitFactory)
    citizen_name = "Nguyễn Văn An"
    email = factory.Sequence(lambda n: f"nguoi.gui{n}@example.vn")
    phone = ""
    received_at = factory.LazyFunction(timezone.now)
    folded_text = factory.LazyAttribute(lambda o: folded_text(o.title, o.content))
    contact_key = factory.LazyAttribute(lambda o: contact_key(o.email, o.phone))


class CaseEventFactory(factory.django.DjangoModelFactory[CaseEvent]):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    at = factory.LazyFunction(timezone.now)
    action = "receive"
    to_status = CaseStatus.RECEIVED


class CaseAttachmentFactory(factory.django.DjangoModelFactory[CaseAttachment]):
    class Meta:
        model = CaseAttachment

    case = factory.SubFactory(CaseFactory)
    file = factory.django.FileField(filename="anh.pdf", data=b"%PDF-1.4 tep dinh kem")
    name = "Ảnh hiện trường.pdf"
    content_type = "application/pdf"
    size = 21


class DeadlineRuleFactory(factory.django.DjangoModelFactory[DeadlineRule]):
    class Meta:
        model = DeadlineRule

    key = factory.Sequence(lambda n: f"rule_{n}")
    kind = CaseKind.KHIEU_NAI
    step = "accept"
    amount = 10
    unit = DeadlineRule.Unit.DAYS
    source = "Luật Khiếu nại 2011, Điều 27"
    valid_from = dt.date(2012, 7, 1)


class CaseDeadlineFactory(factory.django.DjangoModelFactory[CaseDeadline]):
    class Meta:
        model = CaseDeadline

    case = factory.SubFactory(CaseFactory)
    rule = factory.SubFactory(DeadlineRuleFactory)
    step = "accept"
    starts_from = dt.date(2026, 1, 5)
    due_on = dt.date(2026, 1, 15)


class ClockPauseFactory(factory.django.DjangoModelFactory[ClockPause]):
    class Meta:
        model = ClockPause

    case = factory.SubFactory(CaseFactory)
    starts_on = dt.date(2026, 1, 5)
    reason = "Chờ kết quả giám định"


class ResponseTemplateFactory(factory.django.DjangoModelFactory[ResponseTemplate]):
    class Meta:
        model = ResponseTemplate

    kind = ""
    action = "answer"
    title = factory.Sequence(lambda n: f"Mẫu trả lời {n}")
    body = "Kính gửi ông/bà, cơ quan đã xem xét nội dung đơn và trả lời như sau: …"


def handler(unit: Any, *, username: str | None = None, role: str = UnitMembership.Role.DATA_ENTRY) -> Any:
    """A staff user with a membership on ``unit`` and the right ``feedback.handle_case``."""
    user = UserFactory.create(**({"username": username} if username else {}))
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="feedback", codename="handle_case"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    UnitMembershipFactory.create(user=user, org_unit=unit, role=role)
    return type(user).objects.get(pk=user.pk)  # a fresh object: no stale permission cache
