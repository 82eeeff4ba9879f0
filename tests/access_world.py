"""The people and objects tests/test_access_table.py walks every URL with (issue 12).

tests/worlds.py's programme world (district Vĩnh Cửu, VC, with its communes, among them Phú Lý, VC-PL,
and Vĩnh An, VC-VA), its two workflow users and four more, one of each role the table names:

- ``clerk``: xa.phuly, data entry for Phú Lý;
- ``commune_approver``: approver on Phú Lý (approves what lies below it);
- ``district_approver``: huyen.vinhcuu, approver for the district;
- ``editor``: a portal editor without any unit — in Wagtail's editors' group, with every right on the
  documents and consultations, AND in the figures group: the rule says an editor without a unit
  sees no figure whatever Django permissions the group holds, so the group holds them;
- ``site_editor``: an editor of one portal (the world's one Site), in the group
  ``core.services.ensure_site_staff`` gives it: rights on that Site's pages, collection and settings,
  none on figures, the library or consultations (decision 0015; other Sites: test_site_isolation.py);
- ``superuser``; and ``anonymous``.

Phú Lý's figures are imported by its clerk (so its report waits, submitted, for an approver: figures
the public must not see); Vĩnh An's youth-union membership is set to ``VINH_AN_MEMBERS``, a number
no other figure of the world has (see worlds.COUNTS), so that a page leaking it is caught.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from danvan.collection.exchange import import_data_values
from danvan.core import roles
from danvan.core.services import ensure_root_and_site, ensure_site_staff
from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession, UnitMembership
from danvan.programmes.models import (
    DataValue,
    Indicator,
    TaskGroup,
    TaskItem,
)

from .factories import (
    CommentFactory,
    DocumentFileFactory,
    DraftFactory,
    GroupFactory,
    HomePageFactory,
    ImageFactory,
    UnitMembershipFactory,
    UserFactory,
)
from .feedback_factories import CaseAttachmentFactory, CaseEventFactory, CaseFactory, ResponseTemplateFactory
from .worlds import programme_users, programme_world

# The intake part's case (issue 15): its public lookup and API answer everybody, never with its sender.
INTAKE_CASE_CODE = "PA-2026-ACCE55"
INTAKE_CASE_SENDER = "Người Gửi Bí Mật"

ANONYMOUS = "anonymous"
CLERK = "clerk"
COMMUNE_APPROVER = "commune_approver"
DISTRICT_APPROVER = "district_approver"
EDITOR = "editor"
SITE_EDITOR = "site_editor"
SUPERUSER = "superuser"
ROLES = (ANONYMOUS, CLERK, COMMUNE_APPROVER, DISTRICT_APPROVER, EDITOR, SITE_EDITOR, SUPERUSER)
FILE_SECRET = "Ảnh riêng của cổng"  # the title of a Wagtail image and of a Wagtail document

# Citizens' cases (issue 15): Vĩnh An's case carries this title and its attachment this text; only who
# sees Vĩnh An (its district, a superuser) may find them.
VINH_AN_CASE = "Đơn riêng của xã Vĩnh An về đất rẫy"
VINH_AN_FILE_TEXT = "tep-rieng-vinh-an"
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
    user = UserFactory.create(username=username, groups=groups)
    if unit:
        UnitMembershipFactory.create(user=user, org_unit=OrgUnit.objects.get(code=unit), role=role)
    return user


def _site_editors() -> Group:
    root, site = ensure_root_and_site()
    site.root_page = HomePageFactory.create(parent=root)
    site.save()
    return ensure_site_staff(site).editors


def _intake_case(unit: OrgUnit) -> Any:
    from django.utils import timezone

    from danvan.feedback.models import Case

    return Case.objects.create(
        code=INTAKE_CASE_CODE,
        kind="phan_anh",
        title="Đèn đường hỏng",
        content="Nội dung",
        unit=unit,
        citizen_name=INTAKE_CASE_SENDER,
        email="nguoi.gui@example.vn",
        received_at=timezone.now(),
    )


def build_world() -> World:
    world = programme_world()
    workflow = programme_users()
    figures_group = workflow["xa.phuly"].groups.get()
    editors = GroupFactory.create(name=roles.EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["documents", "consultations", "wagtailadmin"])
    )
    users = {
        ANONYMOUS: None,
        CLERK: workflow["xa.phuly"],
        COMMUNE_APPROVER: _user(
            "duyet.phuly", unit="VC-PL", role=UnitMembership.Role.APPROVER, groups=(figures_group,)
        ),
        DISTRICT_APPROVER: workflow["huyen.vinhcuu"],
        EDITOR: _user("bien.tap", groups=(editors, figures_group)),
        SITE_EDITOR: _user("bien.tap.cong", groups=(_site_editors(),)),
        SUPERUSER: UserFactory.create(username="quan.tri", is_superuser=True),
    }
    import_data_values(PHU_LY_FILE.encode(), user=users[CLERK], check_rights=True)
    vinh_an = DataValue.objects.get(element__code="members", period__code="2023", org_unit__code="VC-VA-DOAN")
    DataValue.objects.filter(pk=vinh_an.pk).update(value=Decimal(VINH_AN_MEMBERS))

    document_file = DocumentFileFactory.create(
        document__number="12",
        document__title="Về việc thực hiện dân vận chính quyền",
        file__filename="qd-12.txt",
        original_name="qd-12.txt",
    )
    document = document_file.document
    wagtail_image = ImageFactory.create(title=FILE_SECRET)
    wagtail_document = get_document_model().objects.create(
        title=FILE_SECRET, file=ContentFile(b"%PDF-1.4 tep", name="tep.pdf")
    )
    comment = CommentFactory.create(draft=DraftFactory.create(title="Dự thảo quy chế dân chủ ở cơ sở"))
    objects = {
        "programme": world.programme,
        "phu_ly": world.units["VC-PL"],
        "vinh_an": world.units["VC-VA"],
        "level": OrgLevel.objects.order_by("pk").first(),
        "org_type": OrgType.objects.order_by("pk").first(),
        "succession": Succession.objects.order_by("pk").first(),
        "membership": UnitMembership.objects.get(user=users[CLERK]),
        "report_phu_ly": world.submissions["VC-PL"],
        "report_vinh_an": world.submissions["VC-VA"],
        "target": world.targets[0],
        "task_group": TaskGroup.objects.filter(programme=world.programme).order_by("pk").first(),
        "task_item": _task_item(world),
        "indicator": Indicator.objects.order_by("pk").first(),
        "data_element": world.elements["members"],
        "element_rule": world.rules[0],
        "period": world.period,
        "data_set": world.data_set,
        "window": world.window,
        "document": document,
        "document_file": document_file,
        "doc_type": document.type,
        "issuer": document.issuer,
        "field": document.field,
        "draft": comment.draft,
        "comment": comment,
        "account": users[EDITOR],  # an account whose sessions an administrator may end
        "staff_account": users[CLERK],  # whose second factor an administrator may remove
        "wagtail_image": wagtail_image,
        "wagtail_document": wagtail_document,
        "intake_case": _intake_case(world.units["VC-VA"]),
    }
    objects |= _citizens_cases(users)
    objects.update(board_objects(world.units["VC-PL"]))
    objects.update(emulation_objects())
    objects.update(task_objects(users, objects["task_group"], world.period))
    missing = [key for key, value in objects.items() if value is None]
    assert not missing, f"the world lacks {missing}"
    return World(users=users, objects=objects)


def _task_item(world: Any) -> TaskItem:
    """A milestone of the programme's first task group (issue 16: the items that measure progress)."""
    group = TaskGroup.objects.filter(programme=world.programme).order_by("pk").first()
    assert group is not None  # the programme world has two task groups
    return TaskItem.objects.create(
        task_group=group, kind="milestone", title="Hội nghị sơ kết", due_on=dt.date(2023, 10, 15)
    )


def _citizens_cases(users: dict[str, Any]) -> dict[str, Any]:
    """Issue 15: one case in Phú Lý and one in Vĩnh An, each with an attachment and a history row, and
    a response template. The approvers (commune and district) also handle cases (feedback.handle_case);
    the clerk only sees Phú Lý's."""
    handlers = GroupFactory.create(
        name="Xử lý đơn thư", permissions=[("feedback", "handle_case"), ("wagtailadmin", "access_admin")]
    )
    users[COMMUNE_APPROVER].groups.add(handlers)
    users[DISTRICT_APPROVER].groups.add(handlers)
    phu_ly = CaseFactory.create(
        unit=OrgUnit.objects.get(code="VC-PL"), title="Đường ấp 2 xã Phú Lý ngập nước khi mưa"
    )
    vinh_an = CaseFactory.create(unit=OrgUnit.objects.get(code="VC-VA"), title=VINH_AN_CASE)
    for case in (phu_ly, vinh_an):
        CaseEventFactory.create(case=case)
    return {
        "case_phu_ly": phu_ly,
        "case_vinh_an": vinh_an,
        "attachment_phu_ly": CaseAttachmentFactory.create(case=phu_ly),
        "attachment_vinh_an": CaseAttachmentFactory.create(
            case=vinh_an, file__data=f"%PDF-1.4 {VINH_AN_FILE_TEXT}".encode()
        ),
        "response_template": ResponseTemplateFactory.create(),
    }


def board_objects(unit: OrgUnit) -> dict[str, Any]:
    """Issue 15, part "board": an answered case of Phú Lý (its answer to publish) and a dialogue
    session of Phú Lý with one question, for the board's, publishing and dialogue screens' rows."""
    import datetime as dt

    from danvan.core.dates import VIETNAM
    from danvan.feedback.models import Case, CaseStatus, DialogueQuestion, DialogueSession

    answered = Case.objects.create(
        code="PA-2026-BANG01",
        kind="kien_nghi",
        status=CaseStatus.ANSWERED,
        title="Đề nghị sửa cống thoát nước",
        content="Cống ở ấp 2 bị tắc.",
        unit=unit,
        received_at=dt.datetime(2026, 11, 2, 9, tzinfo=VIETNAM),
        answered_at=dt.datetime(2026, 11, 20, 9, tzinfo=VIETNAM),
    )
    session = DialogueSession.objects.create(
        held_on=dt.date(2026, 11, 15),
        unit=unit,
        title="Đối thoại về giao thông nông thôn",
        leader="Chủ tịch xã",
    )
    question = DialogueQuestion.objects.create(session=session, question="Khi nào làm đường?")
    return {"board_case": answered, "dialogue_session": session, "dialogue_question": question}


VINH_AN_MODEL = "Mô hình riêng của xã Vĩnh An về nước sạch"


def emulation_objects() -> dict[str, Any]:
    """Issue 16 (registry): a model in Phú Lý under review with an evidence file, one in Vĩnh An, and
    a criterion. Nobody but the superuser holds the council's rights."""
    from danvan.emulation.models import ModelEvidence
    from tests.emulation_factories import CriterionFactory, SkilfulModelFactory

    phu_ly = SkilfulModelFactory.create(
        unit=OrgUnit.objects.get(code="VC-PL"), title="Mô hình tổ tự quản đường làng", status="under_review"
    )
    vinh_an = SkilfulModelFactory.create(unit=OrgUnit.objects.get(code="VC-VA"), title=VINH_AN_MODEL)
    evidence = ModelEvidence(model=phu_ly, name="bao-cao.pdf", content_type="application/pdf", size=12)
    evidence.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 dvk"), save=False)
    evidence.save()
    return {
        "model_phu_ly": phu_ly,
        "model_vinh_an": vinh_an,
        "evidence_phu_ly": evidence,
        "criterion": CriterionFactory.create(),
    }


VINH_AN_TASK = "Báo cáo tiến độ riêng của Vĩnh An về đối thoại"
VINH_AN_TASK_FILE = "tep-tien-do-rieng-vinh-an"


def task_objects(users: dict[str, Any], group: TaskGroup, period: Any) -> dict[str, Any]:
    """Issue 16 (tasks): a narrative progress report of Phú Lý and one of Vĩnh An on the first task
    group (carried out by the communes, each reporting its own), each with an evidence
    file; Vĩnh An's text and file carry texts only who sees Vĩnh An may find."""
    from danvan.programmes.models import TaskEvidence, TaskReport

    found: dict[str, Any] = {}
    for key, code, text, data in (
        ("phu_ly", "VC-PL", "Phú Lý đã tổ chức hội nghị tuyên truyền.", b"%PDF-1.4 tien do phu ly"),
        ("vinh_an", "VC-VA", VINH_AN_TASK, f"%PDF-1.4 {VINH_AN_TASK_FILE}".encode()),
    ):
        report = TaskReport.objects.create(
            task_group=group, org_unit=OrgUnit.objects.get(code=code), period=period, text=text
        )
        evidence = TaskEvidence(
            report=report, name=f"tien-do-{key}.pdf", content_type="application/pdf", size=len(data)
        )
        evidence.file.save(f"tien-do-{key}.pdf", ContentFile(data), save=False)
        evidence.save()
        found[f"task_evidence_{key}"] = evidence
    return found
