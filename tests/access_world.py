"""The people and objects tests/test_access_table.py walks every URL with (issue 12).

The programme demo (district Vĩnh Cửu, VC, with its communes, among them Phú Lý, VC-PL, and Vĩnh An,
VC-VA), its two demo users and four more, one of each role the table names:

- ``clerk``: xa.phuly, data entry for Phú Lý (the demo user);
- ``commune_approver``: approver on Phú Lý (approves what lies below it);
- ``district_approver``: huyen.vinhcuu, approver for the district (the demo user);
- ``editor``: a portal editor without any unit — in Wagtail's editors' group, with every right on the
  documents and consultations, AND in the demo's figures group: the rule says an editor without a unit
  sees no figure whatever Django permissions the group holds, so the group holds them;
- ``superuser``; and ``anonymous``.

Phú Lý's figures are imported by its clerk (so its report waits, submitted, for an approver: figures
the public must not see); Vĩnh An's youth-union membership is set to ``VINH_AN_MEMBERS``, a number
no other figure of the demo has, so that a page leaking it is caught.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile

from danvan.collection.exchange import import_data_values
from danvan.consultations.models import Comment, Draft
from danvan.core import roles
from danvan.documents.models import DocumentFile, DocumentType, Field, Issuer, LegalDocument
from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession, UnitMembership
from danvan.programmes.demo import load_programmes
from danvan.programmes.demo_users import GROUP, load_demo_users
from danvan.programmes.models import (
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    Period,
    Programme,
    ReportingWindow,
    Submission,
    Target,
    TaskGroup,
)

ANONYMOUS = "anonymous"
CLERK = "clerk"
COMMUNE_APPROVER = "commune_approver"
DISTRICT_APPROVER = "district_approver"
EDITOR = "editor"
SUPERUSER = "superuser"
ROLES = (ANONYMOUS, CLERK, COMMUNE_APPROVER, DISTRICT_APPROVER, EDITOR, SUPERUSER)

VINH_AN_MEMBERS = 7391  # shown as "7391" in forms and files, "7.391" on the dashboard
PHU_LY_FILE = (
    "data_element,period,org_unit,value,comment\n"
    "eligible_population,2023,VC-PL-DOAN,1000,\n"
    "members,2023,VC-PL-DOAN,500,\n"
    "members_attending_regularly,2023,VC-PL-DOAN,400,\n"
    "core_members,2023,VC-PL-DOAN,300,\n"
)


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any]


def _user(username: str, *, unit: str | None = None, role: str = "", groups: tuple[Group, ...] = ()) -> Any:
    user = get_user_model().objects.create_user(username, password="unused-password-x1", is_staff=True)
    user.groups.add(*groups)
    if unit:
        UnitMembership.objects.create(user=user, org_unit=OrgUnit.objects.get(code=unit), role=role)
    return user


def build_world() -> World:
    load_programmes()
    load_demo_users(password="unused-password-x1")
    users_model = get_user_model()
    figures_group = Group.objects.get(name=GROUP)
    editors, _ = Group.objects.get_or_create(name=roles.EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["documents", "consultations", "wagtailadmin"])
    )
    users = {
        ANONYMOUS: None,
        CLERK: users_model.objects.get(username="xa.phuly"),
        COMMUNE_APPROVER: _user(
            "duyet.phuly", unit="VC-PL", role=UnitMembership.Role.APPROVER, groups=(figures_group,)
        ),
        DISTRICT_APPROVER: users_model.objects.get(username="huyen.vinhcuu"),
        EDITOR: _user("bien.tap", groups=(editors, figures_group)),
        SUPERUSER: users_model.objects.create_superuser(
            "quan.tri", "quan.tri@example.com", "unused-password-x1"
        ),
    }
    import_data_values(PHU_LY_FILE.encode(), user=users[CLERK], check_rights=True)
    vinh_an = DataValue.objects.get(element__code="members", period__code="2023", org_unit__code="VC-VA-DOAN")
    DataValue.objects.filter(pk=vinh_an.pk).update(value=Decimal(VINH_AN_MEMBERS))

    doc_type = DocumentType.objects.create(name="Quyết định", code="QĐ", system="state")
    issuer = Issuer.objects.create(name="Ủy ban nhân dân huyện", code="UBND")
    field = Field.objects.create(name="Dân vận chính quyền")
    document = LegalDocument(
        number="12",
        type=doc_type,
        issuer=issuer,
        issued_on=dt.date(2023, 3, 1),
        title="Về việc thực hiện dân vận chính quyền",
        field=field,
    )
    document.save()
    document_file = DocumentFile(document=document)
    document_file.file.save("qd-12.txt", ContentFile(b"Noi dung"), save=False)
    document_file.original_name, document_file.kind = "qd-12.txt", "txt"
    document_file.save()
    today = dt.date.today()
    draft = Draft.objects.create(
        title="Dự thảo quy chế dân chủ ở cơ sở",
        summary="Tóm tắt",
        body="Nội dung",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
        published=True,
    )
    comment = Comment.objects.create(draft=draft, author_name="Nguyễn Văn An", body="Đồng ý với dự thảo.")
    programme = Programme.objects.get(code="42-CTr/HU")
    objects = {
        "programme": programme,
        "phu_ly": OrgUnit.objects.get(code="VC-PL"),
        "vinh_an": OrgUnit.objects.get(code="VC-VA"),
        "level": OrgLevel.objects.order_by("pk").first(),
        "org_type": OrgType.objects.order_by("pk").first(),
        "succession": Succession.objects.order_by("pk").first(),
        "membership": UnitMembership.objects.get(user=users[CLERK]),
        "report_phu_ly": Submission.objects.get(org_unit__code="VC-PL", period__code="2023"),
        "report_vinh_an": Submission.objects.get(org_unit__code="VC-VA", period__code="2023"),
        "target": Target.objects.filter(programme=programme).order_by("pk").first(),
        "task_group": TaskGroup.objects.filter(programme=programme).order_by("pk").first(),
        "indicator": Indicator.objects.order_by("pk").first(),
        "data_element": DataElement.objects.get(code="members"),
        "period": Period.objects.get(code="2023"),
        "data_set": DataSet.objects.filter(programme=programme).order_by("pk").first(),
        "window": ReportingWindow.objects.order_by("pk").first(),
        "document": document,
        "document_file": document_file,
        "doc_type": doc_type,
        "issuer": issuer,
        "field": field,
        "draft": draft,
        "comment": comment,
    }
    missing = [key for key, value in objects.items() if value is None]
    assert not missing, f"the demo lacks {missing}"
    return World(users=users, objects=objects)
