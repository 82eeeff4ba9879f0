"""Data entry and approval: validation rules and their boundaries, rights, edit conflicts, the audit
trail, the submit → approve → lock workflow, and the admin screens. Runs on tests/worlds.py's
programme world: Phú Lý (VC-PL) is open and empty; its report covers the commune and its five branches."""

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from danvan.orgunits.models import OrgUnit, UnitMembership
from danvan.programmes import services
from danvan.programmes.demo_users import load_demo_users
from danvan.programmes.models import (
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    Period,
    Submission,
    SubmissionEvent,
)
from danvan.programmes.services import Conflict, EntryInvalid

from .worlds import programme_world

pytestmark = pytest.mark.django_db

BRANCHES = ["VC-PL-DOAN", "VC-PL-PN", "VC-PL-ND", "VC-PL-CCB"]


def complete_values() -> dict[tuple[str, str], str]:
    """A full, valid report for Phú Lý: 4 counts + rating per branch, rating for MTTQ, 2 yes/no."""
    values: dict[tuple[str, str], str] = {}
    for n, code in enumerate(BRANCHES):
        eligible = 1000 + 100 * n
        values |= {
            ("eligible_population", code): str(eligible),
            ("members", code): str(eligible - 100),
            ("members_attending_regularly", code): str(eligible - 200),
            ("core_members", code): str(eligible - 600),
            ("quality_rating", code): "4",
        }
    values[("quality_rating", "VC-PL-MTTQ")] = "5"
    values[("skilful_mobilisation", "VC-PL")] = "1"
    values[("democracy_good", "VC-PL")] = "0"
    return values


@pytest.fixture
def report(db: Any) -> Submission:
    programme_world()
    return Submission.objects.select_related("data_set", "period", "org_unit").get(
        org_unit__code="VC-PL", period__code="2023"
    )


def member(django_user_model: Any, name: str, unit: str, role: str) -> Any:
    user = django_user_model.objects.create_user(name, password="mat-khau-dai-du-14")
    UnitMembership.objects.create(user=user, org_unit=OrgUnit.objects.get(code=unit), role=role)
    return user


@pytest.fixture
def clerk(report: Submission, django_user_model: Any) -> Any:
    return member(django_user_model, "nhap.phuly", "VC-PL", UnitMembership.Role.DATA_ENTRY)


@pytest.fixture
def approver(report: Submission, django_user_model: Any) -> Any:
    return member(django_user_model, "duyet.huyen", "VC", UnitMembership.Role.APPROVER)


def save(user: Any, report: Submission, values: dict[tuple[str, str], str], **kwargs: Any) -> Submission:
    report.refresh_from_db()
    kwargs.setdefault("expected_version", report.version)
    return services.save_values(user, report.data_set, report.period, report.org_unit, values, **kwargs)


def stored(code: str, unit: str, period: str = "2023") -> Decimal | None:
    value = DataValue.objects.filter(element__code=code, org_unit__code=unit, period__code=period).first()
    return value.value if value else None


def messages_of(error: pytest.ExceptionInfo[Any]) -> str:
    return " ".join(error.value.messages)


# --- the report's grid ----------------------------------------------------------------------------


def test_phu_ly_report_has_the_commune_its_branches_and_the_elements_each_uses(report: Submission) -> None:
    layout = services.report_layout(report)
    assert [u.code for u in layout.units] == [
        "VC-PL",
        "VC-PL-CCB",
        "VC-PL-DOAN",
        "VC-PL-MTTQ",
        "VC-PL-ND",
        "VC-PL-PN",
    ]
    cells = {(e.code, u.code) for u, e in layout.cells()}
    assert cells == set(complete_values())  # 4 × 5 + 1 + 2 = 23 cells
    assert len(cells) == 23


# --- validation -----------------------------------------------------------------------------------


def test_members_equal_to_eligible_is_accepted(report: Submission, clerk: Any) -> None:
    save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "900", ("members", "VC-PL-DOAN"): "900"})
    assert stored("members", "VC-PL-DOAN") == Decimal(900)


def test_one_member_more_than_eligible_is_refused_and_nothing_is_written(
    report: Submission, clerk: Any
) -> None:
    values, changes = DataValue.objects.count(), DataValueChange.objects.count()
    with pytest.raises(EntryInvalid) as error:
        save(
            clerk,
            report,
            {
                ("eligible_population", "VC-PL-DOAN"): "900",
                ("members", "VC-PL-DOAN"): "901",
                ("quality_rating", "VC-PL-MTTQ"): "5",  # valid, but must not be written either
            },
        )
    assert "không được lớn hơn số người trong độ tuổi (900)" in messages_of(error)
    assert "Đoàn xã Phú Lý" in messages_of(error)
    assert ("members", "VC-PL-DOAN") in error.value.cells
    assert (DataValue.objects.count(), DataValueChange.objects.count()) == (values, changes)
    report.refresh_from_db()
    assert report.version == 0


def test_bound_uses_the_stored_value_when_only_one_side_is_sent(report: Submission, clerk: Any) -> None:
    save(clerk, report, {("eligible_population", "VC-PL-PN"): "500", ("members", "VC-PL-PN"): "480"})
    with pytest.raises(EntryInvalid):
        save(clerk, report, {("eligible_population", "VC-PL-PN"): "479"})
    assert stored("eligible_population", "VC-PL-PN") == Decimal(500)


@pytest.mark.parametrize(
    ("code", "limit_code"),
    [("members_attending_regularly", "members"), ("core_members", "members")],
)
def test_attendees_and_core_members_may_equal_members_but_not_exceed(
    report: Submission, clerk: Any, code: str, limit_code: str
) -> None:
    base = {("eligible_population", "VC-PL-ND"): "800", (limit_code, "VC-PL-ND"): "700"}
    save(clerk, report, {**base, (code, "VC-PL-ND"): "700"})
    assert stored(code, "VC-PL-ND") == Decimal(700)
    with pytest.raises(EntryInvalid) as error:
        save(clerk, report, {(code, "VC-PL-ND"): "701"})
    assert "không được lớn hơn số đoàn viên, hội viên (700)" in messages_of(error)
    assert stored(code, "VC-PL-ND") == Decimal(700)


# The reasons are the import's (danvan.programmes.values), as sentences; the value is stripped first.
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12.5", "Giá trị “12.5” có phần thập phân; số lượng phải là số nguyên."),
        ("-3", "Giá trị “-3” là số âm; số lượng phải từ 0 trở lên."),
        ("abc", "Giá trị “abc” không phải là số."),
        (
            "1,000",
            "“1,000” có dấu phân cách hàng nghìn; hãy ghi số liền, không dấu chấm, dấu phẩy hay khoảng trắng"
            " (ví dụ 1234).",
        ),
        ("1e3", "Giá trị “1e3” không phải là số."),
        (" 12 3", "Giá trị “12 3” không phải là số."),
    ],
)
def test_counts_must_be_whole_non_negative_numbers(
    report: Submission, clerk: Any, text: str, reason: str
) -> None:
    with pytest.raises(EntryInvalid) as error:
        save(clerk, report, {("eligible_population", "VC-PL-CCB"): text})
    assert error.value.cells == {("eligible_population", "VC-PL-CCB"): [reason]}
    assert stored("eligible_population", "VC-PL-CCB") is None


def test_a_number_too_large_for_the_column_is_refused(report: Submission, clerk: Any) -> None:
    with pytest.raises(EntryInvalid) as error:
        save(clerk, report, {("eligible_population", "VC-PL-CCB"): "1" + "0" * 12})
    assert "quá lớn" in messages_of(error)


@pytest.mark.parametrize(
    ("code", "unit", "text"),
    [
        ("quality_rating", "VC-PL-MTTQ", "6"),
        ("quality_rating", "VC-PL-MTTQ", "0"),
        ("quality_rating", "VC-PL-MTTQ", "4.5"),
        ("skilful_mobilisation", "VC-PL", "2"),
        ("democracy_good", "VC-PL", "-1"),
    ],
)
def test_ratings_and_yes_no_must_be_in_range(
    report: Submission, clerk: Any, code: str, unit: str, text: str
) -> None:
    with pytest.raises(EntryInvalid):
        save(clerk, report, {(code, unit): text})
    assert stored(code, unit) is None


def test_rating_codes_and_boundaries_are_accepted(report: Submission, clerk: Any) -> None:
    save(clerk, report, {("quality_rating", "VC-PL-MTTQ"): "1", ("quality_rating", "VC-PL-DOAN"): "good"})
    assert stored("quality_rating", "VC-PL-MTTQ") == Decimal(1)
    assert stored("quality_rating", "VC-PL-DOAN") == Decimal(4)


def test_a_cell_outside_the_report_is_refused(report: Submission, clerk: Any) -> None:
    # MTTQ reports no counts; VC-VA is another commune; "nonsense" is no element
    for cell in [("members", "VC-PL-MTTQ"), ("members", "VC-VA-DOAN"), ("nonsense", "VC-PL")]:
        with pytest.raises(EntryInvalid) as error:
            save(clerk, report, {cell: "10"})
        assert "không thuộc báo cáo này" in messages_of(error)
    assert DataValue.objects.filter(org_unit__code__startswith="VC-PL").count() == 0


# --- the 30% warning --------------------------------------------------------------------------------


@pytest.fixture
def last_year(report: Submission) -> Period:
    period = Period.for_code("2022")
    element = DataElement.objects.get(code="eligible_population")
    DataValue.objects.create(
        element=element, period=period, org_unit=OrgUnit.objects.get(code="VC-PL-DOAN"), value=Decimal(10000)
    )
    return period


def test_a_change_of_exactly_30_percent_needs_no_comment(
    report: Submission, clerk: Any, last_year: Period
) -> None:
    save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "13000"})  # (13000 − 10000) / 10000 = 30%
    assert stored("eligible_population", "VC-PL-DOAN") == Decimal(13000)


def test_a_fall_of_exactly_30_percent_needs_no_comment(
    report: Submission, clerk: Any, last_year: Period
) -> None:
    save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "7000"})
    assert stored("eligible_population", "VC-PL-DOAN") == Decimal(7000)


@pytest.mark.parametrize("text", ["13001", "6999"])  # 30.01% up or down
def test_a_change_of_30_01_percent_needs_a_comment(
    report: Submission, clerk: Any, last_year: Period, text: str
) -> None:
    cell = ("eligible_population", "VC-PL-DOAN")
    with pytest.raises(EntryInvalid) as error:
        save(clerk, report, {cell: text})
    assert "hơn 30% so với kỳ 2022 (10.000)" in messages_of(error)
    assert error.value.warnings == {cell}
    assert stored("eligible_population", "VC-PL-DOAN") is None

    save(clerk, report, {cell: text}, comments={cell: "Sáp nhập ấp, dân số tăng"})
    value = DataValue.objects.get(
        element__code="eligible_population", org_unit__code="VC-PL-DOAN", period__code="2023"
    )
    assert value.value == Decimal(text)
    assert value.comment == "Sáp nhập ấp, dân số tăng"
    assert DataValueChange.objects.get(org_unit__code="VC-PL-DOAN").comment == "Sáp nhập ấp, dân số tăng"


@pytest.mark.parametrize(
    ("code", "previous"),
    [
        ("2023", "2022"),
        ("2023H1", "2022H2"),
        ("2023H2", "2023H1"),
        ("2023Q1", "2022Q4"),
        ("2023Q3", "2023Q2"),
        ("2023-01", "2022-12"),
        ("2023-07", "2023-06"),
    ],
)
def test_previous_period_of_the_same_type(db: Any, code: str, previous: str) -> None:
    assert services.previous_period_code(Period.for_code(code)) == previous


# --- audit, conflicts -------------------------------------------------------------------------------


def test_every_change_is_recorded_with_who_old_and_new(report: Submission, clerk: Any) -> None:
    save(clerk, report, {("eligible_population", "VC-PL-CCB"): "300"})
    save(clerk, report, {("eligible_population", "VC-PL-CCB"): "320", ("members", "VC-PL-CCB"): "290"})
    save(
        clerk, report, {("eligible_population", "VC-PL-CCB"): "320", ("members", "VC-PL-CCB"): ""}
    )  # 320 unchanged
    rows = list(
        DataValueChange.objects.filter(org_unit__code="VC-PL-CCB")
        .order_by("id")
        .values_list("element__code", "old_value", "new_value", "changed_by__username", "source")
    )
    assert rows == [
        ("eligible_population", None, Decimal(300), "nhap.phuly", "form"),
        ("eligible_population", Decimal(300), Decimal(320), "nhap.phuly", "form"),
        ("members", None, Decimal(290), "nhap.phuly", "form"),
        ("members", Decimal(290), None, "nhap.phuly", "form"),
    ]
    assert stored("members", "VC-PL-CCB") is None
    report.refresh_from_db()
    assert report.version == 3


def test_saving_nothing_new_does_not_bump_the_version(report: Submission, clerk: Any) -> None:
    save(clerk, report, {("eligible_population", "VC-PL-CCB"): "300"})
    save(clerk, report, {("eligible_population", "VC-PL-CCB"): "300"})
    report.refresh_from_db()
    assert report.version == 1
    assert DataValueChange.objects.count() == 1


def test_the_second_of_two_saves_from_the_same_form_gets_a_conflict(report: Submission, clerk: Any) -> None:
    loaded = report.version
    first = {("eligible_population", "VC-PL-PN"): "2000"}
    save(clerk, report, first, expected_version=loaded)
    changes = DataValueChange.objects.count()
    with pytest.raises(Conflict) as error:
        save(clerk, report, {("eligible_population", "VC-PL-PN"): "2500"}, expected_version=loaded)
    assert "đã được người khác sửa lúc" in str(error.value)
    assert "tải lại trang" in str(error.value)
    assert stored("eligible_population", "VC-PL-PN") == Decimal(2000)
    assert DataValueChange.objects.count() == changes


# --- rights -----------------------------------------------------------------------------------------


def test_a_commune_user_cannot_enter_another_communes_data(report: Submission, clerk: Any) -> None:
    other = Submission.objects.get(org_unit__code="VC-VA", period__code="2023")
    with pytest.raises(PermissionDenied):
        services.save_values(
            clerk, other.data_set, other.period, other.org_unit, {("members", "VC-VA-DOAN"): "1"}
        )


def test_a_commune_user_cannot_approve_its_own_report(report: Submission, clerk: Any) -> None:
    save(clerk, report, complete_values())
    services.submit_report(clerk, report)
    with pytest.raises(PermissionDenied):
        services.approve_report(clerk, report)


def test_the_district_approver_approves_but_does_not_enter(report: Submission, approver: Any) -> None:
    with pytest.raises(PermissionDenied):
        save(approver, report, {("eligible_population", "VC-PL-DOAN"): "900"})
    assert stored("eligible_population", "VC-PL-DOAN") is None


def test_an_approver_who_is_also_data_entry_may_enter(report: Submission, approver: Any) -> None:
    UnitMembership.objects.create(user=approver, org_unit=OrgUnit.objects.get(code="VC"), role="data_entry")
    save(approver, report, {("eligible_population", "VC-PL-DOAN"): "900"})
    assert stored("eligible_population", "VC-PL-DOAN") == Decimal(900)


def test_an_approver_of_the_commune_itself_cannot_approve_it(
    report: Submission, clerk: Any, django_user_model: Any
) -> None:
    same_level = member(django_user_model, "duyet.phuly", "VC-PL", UnitMembership.Role.APPROVER)
    save(clerk, report, complete_values())
    services.submit_report(clerk, report)
    with pytest.raises(PermissionDenied):
        services.approve_report(same_level, report)


# --- the workflow -----------------------------------------------------------------------------------


def test_submit_needs_every_value(report: Submission, clerk: Any) -> None:
    values = complete_values()
    del values[("core_members", "VC-PL-ND")]
    save(clerk, report, values)
    with pytest.raises(ValidationError) as error:
        services.submit_report(clerk, report)
    assert "còn thiếu 1 số liệu" in messages_of(error)
    assert "Hội Nông dân xã Phú Lý — Số đoàn viên, hội viên nòng cốt" in messages_of(error)
    report.refresh_from_db()
    assert report.status == "open"
    assert not SubmissionEvent.objects.exists()


def test_submit_approve_lock_unlock_are_recorded(report: Submission, clerk: Any, approver: Any) -> None:
    save(clerk, report, complete_values())
    assert services.submit_report(clerk, report).status == "submitted"
    with pytest.raises(ValidationError) as error:
        save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "1"})
    assert "Báo cáo đã gửi/đã khóa" in messages_of(error)
    with pytest.raises(ValidationError):
        services.lock_report(approver, report)  # not yet approved
    assert services.approve_report(approver, report).status == "approved"
    assert services.lock_report(approver, report).status == "locked"
    with pytest.raises(ValidationError):
        save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "1"})
    with pytest.raises(ValidationError) as error:
        services.unlock_report(approver, report, "  ")
    assert "lý do" in messages_of(error)
    with pytest.raises(PermissionDenied):
        services.unlock_report(clerk, report, "Sửa số liệu")
    assert services.unlock_report(approver, report, "Xã báo nhầm số hội viên").status == "open"
    events = list(
        SubmissionEvent.objects.filter(submission=report)
        .order_by("id")
        .values_list("action", "user__username", "comment")
    )
    assert events == [
        ("submit", "nhap.phuly", ""),
        ("approve", "duyet.huyen", ""),
        ("lock", "duyet.huyen", ""),
        ("unlock", "duyet.huyen", "Xã báo nhầm số hội viên"),
    ]
    save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "1000"})  # open again
    assert stored("eligible_population", "VC-PL-DOAN") == Decimal(1000)


def test_return_needs_a_comment_and_reopens(report: Submission, clerk: Any, approver: Any) -> None:
    save(clerk, report, complete_values())
    services.submit_report(clerk, report)
    with pytest.raises(ValidationError):
        services.return_report(approver, report, "")
    report.refresh_from_db()
    assert report.status == "submitted"
    returned = services.return_report(approver, report, "Kiểm tra lại số đoàn viên")
    assert (returned.status, returned.comment) == ("open", "Kiểm tra lại số đoàn viên")
    with pytest.raises(ValidationError):
        services.approve_report(approver, report)  # only from submitted


# --- the admin screens ------------------------------------------------------------------------------


@pytest.fixture
def clerk_client(clerk: Any) -> Client:
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(clerk)
    return client


def url(report: Submission) -> str:
    return reverse("programmes_entry_report", args=[report.pk])


def form_data(report: Submission, values: dict[tuple[str, str], str], action: str = "save") -> dict[str, str]:
    report.refresh_from_db()
    data = {f"v:{unit}:{element}": text for (element, unit), text in values.items()}
    return {**data, "version": str(report.version), "action": action}


def test_the_list_shows_the_users_report_with_its_deadline(report: Submission, clerk_client: Client) -> None:
    response = clerk_client.get(reverse("programmes_entry"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã Phú Lý" in html
    assert "15/12/2023" in html
    assert "Xã Mã Đà" not in html


def test_the_form_labels_every_input_with_unit_and_element(report: Submission, clerk_client: Client) -> None:
    html = clerk_client.get(url(report)).content.decode()
    assert html.count('name="v:') == 23
    assert 'aria-label="Đoàn xã Phú Lý — Số người trong độ tuổi"' in html
    assert 'name="version"' in html
    assert "Lưu và gửi duyệt" in html
    assert "Duyệt" not in html.replace("gửi duyệt", "")


def test_posting_an_error_answers_400_and_saves_nothing(report: Submission, clerk_client: Client) -> None:
    data = form_data(
        report, {("eligible_population", "VC-PL-DOAN"): "900", ("members", "VC-PL-DOAN"): "<b>901</b>"}
    )
    response = clerk_client.post(url(report), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Giá trị “&lt;b&gt;901&lt;/b&gt;” không phải là số." in html
    assert "&lt;b&gt;901&lt;/b&gt;" in html and "<b>901</b>" not in html  # what was typed, escaped
    assert 'aria-invalid="true"' in html
    assert DataValue.objects.filter(org_unit__code__startswith="VC-PL").count() == 0


def test_posting_a_stale_form_answers_409(report: Submission, clerk_client: Client, clerk: Any) -> None:
    stale = form_data(report, {("eligible_population", "VC-PL-DOAN"): "950"})
    save(clerk, report, {("eligible_population", "VC-PL-DOAN"): "900"})
    response = clerk_client.post(url(report), stale)
    assert response.status_code == 409
    assert "đã được người khác sửa" in response.content.decode()
    assert stored("eligible_population", "VC-PL-DOAN") == Decimal(900)


def test_save_and_submit_through_the_form(report: Submission, clerk_client: Client) -> None:
    response = clerk_client.post(url(report), form_data(report, complete_values(), "save_submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert stored("core_members", "VC-PL-CCB") == Decimal(1300 - 600)


def test_save_and_submit_with_a_missing_value_saves_nothing(report: Submission, clerk_client: Client) -> None:
    values = complete_values()
    del values[("democracy_good", "VC-PL")]
    response = clerk_client.post(url(report), form_data(report, values, "save_submit"))
    assert response.status_code == 400
    assert "còn thiếu 1 số liệu" in response.content.decode()
    assert DataValue.objects.filter(org_unit__code__startswith="VC-PL").count() == 0


def test_another_communes_report_is_forbidden(report: Submission, clerk_client: Client) -> None:
    other = Submission.objects.get(org_unit__code="VC-VA", period__code="2023")
    assert clerk_client.get(url(other)).status_code == 403
    assert (
        clerk_client.post(url(other), form_data(other, {("members", "VC-VA-DOAN"): "1"})).status_code == 403
    )


def test_anonymous_users_go_to_the_login(report: Submission) -> None:
    response = Client().get(url(report))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_approver_sees_approve_and_return_and_a_return_without_comment_is_400(
    report: Submission, clerk: Any, approver: Any
) -> None:
    from django.contrib.auth.models import Permission

    save(clerk, report, complete_values())
    services.submit_report(clerk, report)
    approver.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(approver)
    html = client.get(url(report)).content.decode()
    assert 'value="approve"' in html and 'value="return"' in html
    assert 'value="save"' not in html
    assert client.post(url(report), {"action": "return", "comment": ""}).status_code == 400
    assert client.post(url(report), {"action": "approve"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"


# --- demo users (a test of the demo's own loader, on the world's units) ------------------------------


def test_demo_users_are_created_once_and_can_log_in(report: Submission) -> None:
    password = "mat-khau-rieng-cua-bai-test"
    assert load_demo_users(password=password) == ["xa.phuly", "huyen.vinhcuu"]
    assert load_demo_users(password="mot-mat-khau-khac-han") == []  # a re-run changes no password
    sign_in = RequestFactory().post("/admin/login/")  # django-axes checks every sign-in's request
    commune = authenticate(sign_in, username="xa.phuly", password=password)
    district = authenticate(sign_in, username="huyen.vinhcuu", password=password)
    assert commune is not None and district is not None
    assert commune.has_perm("wagtailadmin.access_admin") and commune.is_staff
    assert services.can_enter(commune, report.org_unit) and not services.can_approve(commune, report.org_unit)
    assert services.can_approve(district, report.org_unit) and not services.can_enter(
        district, report.org_unit
    )
    assert DataSet.objects.filter(submissions=report).exists()
