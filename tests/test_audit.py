"""The audit log (issue 14, decision 0014): what is recorded (sign-ins, rights, admin edits with their
changed fields, the report workflow), from which address, the read-only admin list and its CSV, the
append-only table (model and database) and the pruning after one year.

Runs on SQLite and on PostgreSQL (DATABASE_URL): the database-level checks expect what each engine's
trigger refuses."""

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from danvan.audit import services
from danvan.audit.models import AppendOnly, AuditEntry
from danvan.core.events import announce
from danvan.core.formats import DATETIME_INPUT_FORMATS
from danvan.core.net import _trusted_networks
from danvan.documents.models import Issuer
from danvan.orgunits.models import OrgUnit, UnitMembership
from danvan.portal.models import ArticlePage
from danvan.programmes import services as workflow
from danvan.programmes.models import Submission

from .factories import ArticlePageFactory, GroupFactory
from .worlds import programme_world

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-14"


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def changes(entry: AuditEntry) -> dict[str, Any]:
    assert entry.changes is not None
    return dict(entry.changes)


def body(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def staff(django_user_model: Any) -> Any:
    """A staff user who may open the admin (Wagtail's access_admin), nothing more."""
    user = django_user_model.objects.create_user("can.bo", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def superuser(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("quan.tri", password=PASSWORD)


# --- signing in and out ---------------------------------------------------------------------------


def test_login_logout_and_failed_login_are_recorded_with_the_address(staff: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    login = reverse("wagtailadmin_login")
    client.post(login, {"username": "can.bo", "password": "sai-mat-khau"})
    assert client.post(login, {"username": "can.bo", "password": PASSWORD}).status_code == 302
    client.post(reverse("wagtailadmin_logout"))

    [failed] = entries("auth.login_failed")
    assert (failed.actor, failed.actor_name, failed.ip) == (None, "can.bo", "203.0.113.7")
    assert failed.object_id == str(staff.pk)  # the account tried
    assert "sai-mat-khau" not in str(failed.changes) + failed.detail  # never the password typed
    [login_entry] = entries("auth.login")
    assert (login_entry.actor, login_entry.actor_name, login_entry.ip) == (staff, "can.bo", "203.0.113.7")
    assert login_entry.object_id == str(staff.pk)
    [logout] = entries("auth.logout")
    assert (logout.actor, logout.ip) == (staff, "203.0.113.7")
    assert login_entry.action_label == "Đăng nhập" and failed.action_label == "Đăng nhập thất bại"


def test_a_failed_login_keeps_no_name_that_is_not_an_account(staff: Any) -> None:
    """People type their password in the name box: a name that is no account is not kept."""
    Client(REMOTE_ADDR="203.0.113.8").post(
        reverse("wagtailadmin_login"), {"username": "MatKhau-Bi-Mat-99", "password": "x"}
    )
    [failed] = entries("auth.login_failed")
    assert (failed.actor_name, failed.object_id, failed.ip) == ("", "", "203.0.113.8")
    assert failed.detail == "Tên đăng nhập không có trong hệ thống"
    assert not AuditEntry.objects.filter(actor_name__icontains="MatKhau").exists()


def test_forwarded_for_counts_only_from_a_trusted_proxy(staff: Any, settings: Any) -> None:
    settings.DANVAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    _trusted_networks.cache_clear()
    try:
        login = reverse("wagtailadmin_login")
        forged = Client(REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="1.2.3.4")
        forged.post(login, {"username": "can.bo", "password": "sai"})
        proxied = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.55, 10.0.0.3")
        proxied.post(login, {"username": "can.bo", "password": "sai"})
        assert [e.ip for e in entries("auth.login_failed")] == ["198.51.100.4", "192.0.2.55"]
    finally:
        settings.DANVAN_TRUSTED_PROXIES = []
        _trusted_networks.cache_clear()


def test_announced_events_are_recorded(staff: Any, superuser: Any) -> None:
    announce("auth.unlock", actor=superuser, target=staff, detail="Mở khóa sau 5 lần sai")
    [entry] = entries("auth.unlock")
    assert (entry.actor_name, entry.object_repr, entry.detail) == (
        "quan.tri",
        "can.bo",
        "Mở khóa sau 5 lần sai",
    )
    assert entry.ip is None  # outside a request: no address
    assert entry.action_label == "Mở khóa đăng nhập"


def test_secrets_are_masked_and_long_values_cut(superuser: Any) -> None:
    announce(
        "otp.reset",
        actor=superuser,
        changes={
            "password": ["cu", "moi"],
            "otp_secret_key": [None, "ABC"],
            "api_token": ["x", ""],
            "note": ["a" * 500, "b"],
        },
    )
    [entry] = entries("otp.reset")
    assert changes(entry)["password"] == ["***", "***"]
    assert changes(entry)["otp_secret_key"] == [None, "***"]
    assert changes(entry)["api_token"] == ["***", ""]
    assert changes(entry)["note"] == ["a" * 200 + "…", "b"]


# --- rights ---------------------------------------------------------------------------------------


def test_group_and_permission_changes_are_recorded(staff: Any, superuser: Any, home: Any) -> None:
    editors = GroupFactory.create(name="Biên tập")
    [created] = entries("group.create")
    assert created.object_repr == "Biên tập"

    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    change_issuer = Permission.objects.get(content_type__app_label="documents", codename="change_issuer")
    editors.permissions.add(change_issuer)
    [perm] = entries("group.permissions")
    assert perm.changes == {"permissions": [[], ["documents.change_issuer"]]}

    staff.groups.add(editors)
    editors.user_set.remove(staff)  # from the group's side
    assert [e.changes for e in entries("user.groups")] == [
        {"groups": [[], ["Biên tập"]]},
        {"groups": [["Biên tập"], []]},
    ]
    assert {e.object_repr for e in entries("user.groups")} == {"can.bo"}

    staff.user_permissions.add(change_issuer)
    assert entries("user.permissions")[-1].changes == {
        "user_permissions": [
            ["wagtailadmin.access_admin"],
            ["documents.change_issuer", "wagtailadmin.access_admin"],
        ]
    }

    right = GroupPagePermission.objects.create(group=editors, page=home, permission=publish)
    right.delete()
    given, taken = entries("group.page_permission")
    assert given.changes == {"page_permission": [None, f"publish_page @ {home.title}"]}
    assert taken.changes == {"page_permission": [f"publish_page @ {home.title}", None]}
    assert given.object_repr == "Biên tập"

    editors.delete()
    assert [e.object_repr for e in entries("group.delete")] == ["Biên tập"]


def test_editing_a_group_in_the_admin_records_who_and_from_where(superuser: Any) -> None:
    group = GroupFactory.create(name="Nhóm cũ")
    client = Client(REMOTE_ADDR="192.0.2.20")
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailusers_groups:edit", args=[group.pk]),
        {
            "name": "Nhóm mới",
            "page_permissions-TOTAL_FORMS": "0",
            "page_permissions-INITIAL_FORMS": "0",
            "page_permissions-MIN_NUM_FORMS": "0",
            "page_permissions-MAX_NUM_FORMS": "1000",
            "collection_permissions-TOTAL_FORMS": "0",
            "collection_permissions-INITIAL_FORMS": "0",
            "collection_permissions-MIN_NUM_FORMS": "0",
            "collection_permissions-MAX_NUM_FORMS": "1000",
            "document_permissions-TOTAL_FORMS": "0",
            "document_permissions-INITIAL_FORMS": "0",
            "document_permissions-MIN_NUM_FORMS": "0",
            "document_permissions-MAX_NUM_FORMS": "1000",
            "image_permissions-TOTAL_FORMS": "0",
            "image_permissions-INITIAL_FORMS": "0",
            "image_permissions-MIN_NUM_FORMS": "0",
            "image_permissions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [edit] = entries("group.edit")
    assert (edit.actor, edit.ip, edit.object_repr) == (superuser, "192.0.2.20", "Nhóm mới")
    assert edit.changes == {"name": ["Nhóm cũ", "Nhóm mới"]}


# --- admin edits ----------------------------------------------------------------------------------


def test_editing_an_object_in_the_admin_records_the_changed_fields(superuser: Any) -> None:
    issuer = Issuer.objects.create(name="Huyện ủy Vĩnh Cửu", code="HU")
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(superuser)
    response = client.post(
        reverse("co_quan_ban_hanh:edit", args=[issuer.pk]), {"name": "Huyện ủy Vĩnh Cửu", "code": "H-U"}
    )
    assert response.status_code == 302
    [edit] = entries("object.edit")
    assert (edit.actor, edit.actor_name, edit.ip) == (superuser, "quan.tri", "192.0.2.10")
    assert (edit.object_id, edit.object_repr) == (str(issuer.pk), "Huyện ủy Vĩnh Cửu")
    assert edit.content_type is not None and edit.content_type.model_class() is Issuer
    assert edit.changes == {"code": ["HU", "H-U"]}  # the name was sent unchanged: not listed
    assert edit.action_label == "Đối tượng: sửa"

    response = client.post(reverse("co_quan_ban_hanh:delete", args=[issuer.pk]))
    assert response.status_code == 302
    [deleted] = entries("object.delete")
    assert (deleted.object_id, deleted.object_repr) == (str(issuer.pk), "Huyện ủy Vĩnh Cửu")


def test_editing_a_page_records_the_fields_its_revision_changed(category: Any, superuser: Any) -> None:
    article = ArticlePageFactory.create(parent=category, title="Tin cũ", slug="tin-cu", lead="Sapô cũ")
    page: ArticlePage = Page.objects.get(pk=article.pk).specific
    page.save_revision(user=superuser)  # a first revision to compare with
    page.title, page.lead = "Tin mới", "Sapô mới"
    revision = page.save_revision(user=superuser, log_action=True)
    revision.publish(user=superuser)

    edit = entries("page.edit")[-1]
    assert edit.actor == superuser and edit.object_id == str(page.pk)
    assert edit.changes == {"title": ["Tin cũ", "Tin mới"], "lead": ["Sapô cũ", "Sapô mới"]}
    published = entries("page.publish")[-1]
    assert published.object_repr == "Tin mới" and published.action_label == "Trang: xuất bản"


def test_an_admin_change_wagtail_does_not_log_is_recorded_at_the_end_of_the_request(
    superuser: Any, rf: Any
) -> None:
    """Wagtail logs no settings edit: what an admin request saved and no Wagtail entry claimed is
    recorded when the answer leaves; outside the admin (the public comment form) nothing is."""
    from danvan.audit.middleware import AuditMiddleware

    issuer = Issuer.objects.create(name="Huyện ủy", code="HU")

    def view(request: Any) -> Any:
        issuer.code = "HU2"
        issuer.save()
        return HttpResponse("ok")

    for path in ("/admin/settings/core/siteidentity/1/", "/gop-y/"):
        request = rf.post(path, REMOTE_ADDR="192.0.2.40")
        request.user = superuser
        AuditMiddleware(view)(request)
    [edit] = entries("object.edit")
    assert (edit.actor, edit.ip, edit.object_repr) == (superuser, "192.0.2.40", "Huyện ủy")
    assert edit.changes == {"code": ["HU", "HU2"]}


def test_personal_data_of_non_staff_is_masked_but_an_accounts_email_is_kept(staff: Any) -> None:
    from danvan.consultations.models import Comment

    comment_type = ContentType.objects.get_for_model(Comment)
    services.record(
        "object.edit",
        content_type=comment_type,
        object_id="1",
        changes={"email": ["a@b.vn", "c@d.vn"], "status": ["pending", "published"]},
    )
    services.record("user.edit", target=staff, changes={"email": ["", "can.bo@xa.gov.vn"]})
    assert entries("object.edit")[0].changes == {"email": ["***", "***"], "status": ["pending", "published"]}
    assert entries("user.edit")[0].changes == {"email": ["", "can.bo@xa.gov.vn"]}


def test_saving_and_publishing_a_page_in_the_admin_records_its_changed_fields(
    category: Any, superuser: Any
) -> None:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    article = ArticlePageFactory.create(parent=category, title="Tin cũ", slug="tin-cu", lead="Sapô cũ")
    article.save_revision(user=superuser)
    client = Client(REMOTE_ADDR="192.0.2.50")
    client.force_login(superuser)
    data = nested_form_data(
        {
            "title": "Tin mới",
            "slug": "tin-cu",
            "lead": "Sapô mới",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung bài viết.</p>"))]),
            "date": timezone.localtime(article.date).strftime(DATETIME_INPUT_FORMATS[0]),
            "author": "Hương Giang",
            "source": "",
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    edit = entries("page.edit")[-1]
    assert (edit.actor, edit.ip, edit.object_id) == (superuser, "192.0.2.50", str(article.pk))
    assert changes(edit)["title"] == ["Tin cũ", "Tin mới"] and changes(edit)["lead"] == [
        "Sapô cũ",
        "Sapô mới",
    ]
    # the body went back with new block ids, so it counts as changed too; nothing else did
    assert set(changes(edit)) == {"title", "lead", "body"}
    assert "Nội dung bài viết" in changes(edit)["body"][1]  # readable, not \u-escaped
    assert entries("page.publish")[-1].ip == "192.0.2.50"
    # the page's own rows (revision, workflow, tree) are not logged a second time as "objects"
    assert not AuditEntry.objects.filter(action__startswith="object.").exists()


# --- the report workflow --------------------------------------------------------------------------


@pytest.fixture
def report(db: Any) -> Submission:
    programme_world()
    return Submission.objects.select_related("data_set", "period", "org_unit").get(
        org_unit__code="VC-PL", period__code="2023"
    )


def _member(name: str, unit: str, role: str) -> Any:
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    UnitMembership.objects.create(user=user, org_unit=OrgUnit.objects.get(code=unit), role=role)
    return user


def test_entering_submitting_and_approving_a_report_are_recorded(report: Submission) -> None:
    from .test_data_entry import complete_values

    clerk = _member("nhap.phuly", "VC-PL", UnitMembership.Role.DATA_ENTRY)
    approver = _member("duyet.huyen", "VC", UnitMembership.Role.APPROVER)
    workflow.save_values(clerk, report.data_set, report.period, report.org_unit, complete_values())
    [saved] = entries("report.save")
    assert saved.actor == clerk and saved.object_id == str(report.pk)
    assert changes(saved)["eligible_population @ VC-PL-DOAN"] == [None, "1000"]
    assert saved.detail == f"{len(complete_values())} số liệu thay đổi"
    workflow.submit_report(clerk, report)

    approver.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client(REMOTE_ADDR="192.0.2.30")
    client.force_login(approver)
    response = client.post(reverse("programmes_entry_report", args=[report.pk]), {"action": "approve"})
    assert response.status_code == 302
    [submitted] = entries("report.submit")
    assert submitted.changes == {"status": ["open", "submitted"]}
    [approved] = entries("report.approve")
    assert (approved.actor, approved.ip, approved.object_id) == (approver, "192.0.2.30", str(report.pk))
    assert approved.changes == {"status": ["submitted", "approved"]}
    assert approved.action_label == "Báo cáo: duyệt"


# --- the admin list -------------------------------------------------------------------------------


def test_only_a_superuser_or_the_view_right_opens_the_log(staff: Any, superuser: Any) -> None:
    services.record("auth.login", actor=staff)
    index = reverse("nhat_ky:index")
    inspect = reverse("nhat_ky:inspect", args=[entries("auth.login")[0].pk])
    client = Client()
    client.force_login(staff)
    assert client.get(index).status_code in (302, 403)
    assert client.get(inspect).status_code in (302, 403)
    reader = get_user_model().objects.get(pk=staff.pk)
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    )
    client.force_login(reader)
    assert client.get(index).status_code == 200
    assert client.get(inspect).status_code == 200
    client.force_login(superuser)
    page = client.get(index).content.decode()
    assert "Nhật ký hệ thống" in page and "can.bo" in page
    for name in ("add", "edit", "delete", "copy", "history", "usage"):  # no such screens
        assert f"nhat-ky/{name}" not in page


def test_the_list_filters_by_person_action_and_date(staff: Any, superuser: Any) -> None:
    services.record("auth.login", actor=staff, at=timezone.make_aware(dt.datetime(2026, 3, 1, 9)))
    services.record("auth.logout", actor=staff, at=timezone.make_aware(dt.datetime(2026, 3, 2, 9)))
    services.record("auth.login", actor=superuser, at=timezone.make_aware(dt.datetime(2026, 3, 2, 23, 30)))
    client = Client()
    client.force_login(superuser)
    export = reverse("nhat_ky:index")

    def rows(**query: str) -> list[tuple[str, str]]:
        text = body(client.get(export, {**query, "export": "csv"}))
        return [(row["Tên đăng nhập"], row["Mã hành động"]) for row in csv.DictReader(io.StringIO(text))]

    assert rows(actor=str(staff.pk)) == [("can.bo", "auth.logout"), ("can.bo", "auth.login")]
    assert rows(action="auth.logout") == [("can.bo", "auth.logout")]
    # "to 2 March" takes the whole day, 23:30 included
    assert rows(at_from="2026-03-02", at_to="2026-03-02") == [
        ("quan.tri", "auth.login"),
        ("can.bo", "auth.logout"),
    ]
    assert rows(at_from="2026-03-03", at_to="2026-03-31") == []
    assert ("quan.tri", "auth.login") in rows(at_from=f"{timezone.localdate():%Y-%m-%d}")  # force_login's


def test_the_csv_export_has_every_column_and_no_formula(superuser: Any, staff: Any) -> None:
    # what an editor or a stranger typed: a spreadsheet must show it, never run it
    services.record("object.create", actor=staff, object_repr='=HYPERLINK("http://x")', detail="@SUM(1)")
    services.record(
        "object.edit",
        actor=staff,
        target=Issuer.objects.create(name="Huyện ủy", code="HU"),
        changes={"code": ["HU", "H-U"]},
        at=timezone.make_aware(dt.datetime(2026, 3, 1, 9, 5, 7)),
    )
    client = Client()
    client.force_login(superuser)
    response = client.get(reverse("nhat_ky:index"), {"export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="nhat-ky-he-thong.csv"'
    rows = list(csv.DictReader(io.StringIO(body(response))))
    edit = next(row for row in rows if row["Mã hành động"] == "object.edit")
    assert edit == {
        "Thời điểm": "2026-03-01 09:05:07",
        "Tên đăng nhập": "can.bo",
        "Địa chỉ IP": "",
        "Mã hành động": "object.edit",
        "Hành động": "Đối tượng: sửa",
        "Loại đối tượng": edit["Loại đối tượng"],
        "Mã đối tượng": str(Issuer.objects.get().pk),
        "Đối tượng": "Huyện ủy",
        "Thay đổi": '{"code": ["HU", "H-U"]}',
        "Chi tiết": "",
    }
    assert "ban hành" in edit["Loại đối tượng"]
    entry = entries("object.edit")[0]
    page = client.get(reverse("nhat_ky:inspect", args=[entry.pk])).content.decode()
    assert (
        "code: HU → H-U" in page and "Đối tượng: sửa (object.edit)" in page and "01/03/2026 09:05:07" in page
    )
    created = next(row for row in rows if row["Mã hành động"] == "object.create")
    assert (created["Đối tượng"], created["Chi tiết"]) == ('\'=HYPERLINK("http://x")', "'@SUM(1)")


# --- append-only ----------------------------------------------------------------------------------


def test_the_model_refuses_to_change_or_delete_an_entry(staff: Any) -> None:
    entry = services.record("auth.login", actor=staff)
    entry.action = "auth.logout"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="auth.logout")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "auth.login"


def _sql(statement: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_database_refuses_updates_but_lets_a_deleted_user_go(staff: Any) -> None:
    entry = services.record("auth.login", actor=staff)
    with pytest.raises(DatabaseError):
        _sql("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["auth.logout", entry.pk])
    with pytest.raises(DatabaseError):
        _sql("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["ai.do", entry.pk])
    staff.delete()  # on_delete=SET_NULL: the only change the trigger lets through
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert (kept.actor, kept.actor_name, kept.action) == (None, "can.bo", "auth.login")


def test_the_database_refuses_deleting_young_entries_on_postgresql(staff: Any) -> None:
    young = services.record("auth.login", actor=staff)
    old = services.record("auth.login", actor=staff, at=timezone.now() - dt.timedelta(days=400))
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError):
            _sql("DELETE FROM audit_auditentry WHERE id = %s", [young.pk])
    else:
        # SQLite keeps no DELETE trigger: Django's flush (live-server tests) is a DELETE FROM there.
        assert connection.vendor == "sqlite"
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [old.pk])  # past the retention: allowed
    assert set(AuditEntry.objects.values_list("pk", flat=True)) >= {young.pk}
    assert not AuditEntry.objects.filter(pk=old.pk).exists()


# --- pruning --------------------------------------------------------------------------------------


def test_pruning_removes_only_entries_older_than_one_year(staff: Any, settings: Any) -> None:
    now = timezone.make_aware(dt.datetime(2026, 12, 6, 12))
    kept_at = [now - dt.timedelta(days=365) + dt.timedelta(seconds=1), now - dt.timedelta(days=1)]
    gone_at = [now - dt.timedelta(days=365, seconds=1), now - dt.timedelta(days=800)]
    for at in kept_at + gone_at:
        services.record("auth.login", actor=staff, at=at)
    assert settings.DANVAN_AUDIT_RETENTION_DAYS == 365
    assert services.prune(now) == 2
    assert sorted(AuditEntry.objects.filter(action="auth.login").values_list("at", flat=True)) == kept_at
    [pruned] = entries("audit.prune")
    assert pruned.detail == "2 mục ghi trước 06/12/2025 12:00"  # local time (Asia/Ho_Chi_Minh)
    assert services.prune(now) == 0  # nothing left to prune: no new entry either
    assert len(entries("audit.prune")) == 1


def test_a_longer_retention_keeps_more_and_postgresql_never_prunes_under_a_year(
    staff: Any, settings: Any
) -> None:
    now = timezone.now()
    services.record("auth.login", actor=staff, at=now - dt.timedelta(days=500))
    services.record("auth.login", actor=staff, at=now - dt.timedelta(days=200))
    settings.DANVAN_AUDIT_RETENTION_DAYS = 730
    assert services.prune(now) == 0
    settings.DANVAN_AUDIT_RETENTION_DAYS = 100
    # SQLite prunes after 100 days as told; PostgreSQL's trigger makes 365 days the floor
    assert services.prune(now) == (1 if connection.vendor == "postgresql" else 2)


def test_the_scheduler_runs_the_pruning() -> None:
    from danvan.core import registry

    assert services.prune in [job for _label, job in registry.scheduled_jobs]


def test_decimal_values_are_kept_as_plain_text(report: Submission) -> None:
    """Values reach the log as text the way an auditor reads them (no JSON quotes)."""
    announce("report.save", target=report, changes={"x": [Decimal("12.50"), None]})
    assert entries("report.save")[0].changes == {"x": ["12.50", None]}


def test_every_announced_action_has_a_vietnamese_label() -> None:
    """The log's list shows labels, not codes: each code an app passes to announce() is labelled."""
    import re
    from pathlib import Path

    from danvan.audit.actions import ACTIONS

    package = Path(__file__).resolve().parent.parent / "danvan"
    announced = {
        code
        for path in package.rglob("*.py")
        for code in re.findall(r'announce\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8"))
    }
    assert {"auth.unlock", "otp.reset", "backup.restore"} <= announced  # the scan works
    # The report workflow names its codes f"report.{action}" from its transitions' actions.
    from danvan.programmes.models import SubmissionEvent

    announced |= {f"report.{verb}" for verb in SubmissionEvent.Action.values}
    assert sorted(announced - set(ACTIONS)) == []
