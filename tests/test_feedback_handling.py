"""Handling citizens' cases (issue 15): every step of the workflow, the refused ones, reasons, history
with who and why, merging, version conflicts, the permission rule, duplicates."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.feedback import selectors, services, workflow
from danvan.feedback.models import Case, CaseEvent, CaseStatus, ClockPause
from danvan.orgunits import permissions

from .factories import OrgUnitFactory, UnitMembershipFactory, UserFactory
from .feedback_factories import CaseFactory, handler

S = CaseStatus


@pytest.fixture
def tree(db: Any) -> dict[str, Any]:
    district = OrgUnitFactory.create(code="H1", name="Huyện Một")
    commune = OrgUnitFactory.create(code="H1-X1", name="Xã Một", parent=district)
    other = OrgUnitFactory.create(code="H1-X2", name="Xã Hai", parent=district)
    return {"district": district, "commune": commune, "other": other}


@pytest.fixture
def staff(tree: dict[str, Any]) -> Any:
    return handler(tree["commune"], username="can.bo.xa1")


def _case(tree: dict[str, Any], status: str = S.RECEIVED, **kwargs: Any) -> Case:
    return CaseFactory.create(unit=tree["commune"], status=status, **kwargs)


def _events(case: Case) -> list[tuple[str, str, str]]:
    return list(CaseEvent.objects.filter(case=case).values_list("action", "from_status", "to_status"))


# --- the steps -----------------------------------------------------------------------------------


def test_accept_moves_to_accepted_records_who_and_the_day(tree: Any, staff: Any) -> None:
    case = _case(tree)
    services.accept_case(case, by=staff, expected_version=1, on=dt.date(2026, 3, 2), complex=True)
    case.refresh_from_db()
    assert (case.status, case.accepted_on, case.complex, case.version) == (
        S.ACCEPTED,
        dt.date(2026, 3, 2),
        True,
        2,
    )
    event = CaseEvent.objects.get(case=case)
    assert (event.action, event.actor, event.from_status, event.to_status, event.public) == (
        "accept",
        staff,
        S.RECEIVED,
        S.ACCEPTED,
        True,
    )
    assert event.public_note
    assert AuditEntry.objects.filter(action="case.accept").count() == 1


def test_the_full_path_to_closed(tree: Any, staff: Any) -> None:
    colleague = handler(tree["commune"], username="can.bo.xa2")
    case = _case(tree)
    services.accept_case(case, by=staff, expected_version=1)
    services.assign_case(case, by=staff, expected_version=2, to_user=colleague)
    assert case.assignee == colleague
    services.start_case(case, by=colleague, expected_version=3)
    services.answer_case(case, by=colleague, expected_version=4, answer="Đã sửa đường xong.")
    assert case.answer == "Đã sửa đường xong." and case.answered_at is not None
    services.close_case(case, by=staff, expected_version=5)
    assert case.status == S.CLOSED and case.closed_at is not None and case.version == 6
    assert _events(case) == [
        ("accept", S.RECEIVED, S.ACCEPTED),
        ("assign", S.ACCEPTED, S.ASSIGNED),
        ("start", S.ASSIGNED, S.IN_PROGRESS),
        ("answer", S.IN_PROGRESS, S.ANSWERED),
        ("close", S.ANSWERED, S.CLOSED),
    ]
    # Assigning and starting are internal; the citizen sees the other three.
    assert list(CaseEvent.objects.filter(case=case, public=True).values_list("action", flat=True)) == [
        "accept",
        "answer",
        "close",
    ]


def test_refuse_needs_a_reason_and_the_citizen_sees_it(tree: Any, staff: Any) -> None:
    case = _case(tree)
    with pytest.raises(ValidationError):
        services.refuse_case(case, by=staff, expected_version=1, reason="   ")
    case.refresh_from_db()
    assert case.status == S.RECEIVED and case.version == 1 and not CaseEvent.objects.exists()
    services.refuse_case(case, by=staff, expected_version=1, reason="Đơn đã được giải quyết trước đây.")
    event = CaseEvent.objects.get(case=case)
    assert case.status == S.REFUSED
    assert event.reason == "Đơn đã được giải quyết trước đây."
    assert "Đơn đã được giải quyết trước đây." in event.public_note


def test_forward_changes_the_unit_and_clears_the_assignee(tree: Any, staff: Any) -> None:
    case = _case(tree, status=S.ACCEPTED, assignee=staff)
    services.forward_case(case, by=staff, expected_version=1, to_unit=tree["other"], reason="Thuộc xã Hai.")
    case.refresh_from_db()
    assert (case.status, case.unit, case.assignee) == (S.FORWARDED, tree["other"], None)
    assert "Xã Hai" in CaseEvent.objects.get(case=case).public_note
    # The staff of Xã Một no longer see or handle it.
    assert not permissions.can_handle(staff, case.unit)
    with pytest.raises(ValidationError):
        services.forward_case(
            case, by=handler(tree["other"]), expected_version=2, to_unit=tree["other"], reason="x"
        )


def test_forward_needs_a_reason(tree: Any, staff: Any) -> None:
    with pytest.raises(ValidationError):
        services.forward_case(_case(tree), by=staff, expected_version=1, to_unit=tree["other"], reason="")


def test_assign_only_to_someone_who_may_handle_the_unit(tree: Any, staff: Any) -> None:
    case = _case(tree, status=S.ACCEPTED)
    outsider = handler(tree["other"])
    no_right = UserFactory.create()
    UnitMembershipFactory.create(user=no_right, org_unit=tree["commune"])
    for person in (outsider, no_right):
        with pytest.raises(ValidationError):
            services.assign_case(case, by=staff, expected_version=1, to_user=person)
    case.refresh_from_db()
    assert case.assignee is None and case.version == 1
    district_handler = handler(tree["district"])
    services.assign_case(case, by=staff, expected_version=1, to_user=district_handler)
    assert case.assignee == district_handler


def test_handlers_of_a_unit(tree: Any, staff: Any) -> None:
    district_handler = handler(tree["district"], username="huyen.xu.ly")
    handler(tree["other"], username="xa2.xu.ly")
    member = UserFactory.create(username="chi.xem")
    UnitMembershipFactory.create(user=member, org_unit=tree["commune"])
    boss = UserFactory.create(username="quan.tri", is_superuser=True)
    assert set(permissions.handlers_of(tree["commune"])) == {staff, district_handler, boss}


def test_extend_keeps_the_status_and_needs_a_reason(tree: Any, staff: Any) -> None:
    case = _case(tree, status=S.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.extend_case(case, by=staff, expected_version=1, reason="")
    services.extend_case(case, by=staff, expected_version=1, reason="Vụ việc phức tạp, cần xác minh thêm.")
    assert case.status == S.IN_PROGRESS
    assert _events(case) == [("extend", S.IN_PROGRESS, S.IN_PROGRESS)]


def test_suspend_and_resume_write_a_clock_pause_and_return_to_the_status(tree: Any, staff: Any) -> None:
    case = _case(tree, status=S.ASSIGNED, received_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    with pytest.raises(ValidationError):  # before the case was received
        services.suspend_case(case, by=staff, expected_version=1, reason="Chờ", on=dt.date(2026, 3, 1))
    services.suspend_case(
        case, by=staff, expected_version=1, reason="Chờ kết quả giám định.", on=dt.date(2026, 3, 10)
    )
    assert case.status == S.SUSPENDED
    pause = ClockPause.objects.get(case=case)
    assert (pause.starts_on, pause.ends_on, pause.reason) == (
        dt.date(2026, 3, 10),
        None,
        "Chờ kết quả giám định.",
    )
    with pytest.raises(ValidationError):  # before the suspension
        services.resume_case(case, by=staff, expected_version=2, on=dt.date(2026, 3, 9))
    services.resume_case(case, by=staff, expected_version=2, on=dt.date(2026, 3, 20))
    pause.refresh_from_db()
    assert pause.ends_on == dt.date(2026, 3, 20)
    assert case.status == S.ASSIGNED
    assert _events(case)[-1] == ("resume", S.SUSPENDED, S.ASSIGNED)


def test_withdraw_by_the_citizens_request(tree: Any, staff: Any) -> None:
    case = _case(tree, status=S.SUSPENDED)
    with pytest.raises(ValidationError):
        services.withdraw_case(case, by=staff, expected_version=1, reason="")
    services.withdraw_case(case, by=staff, expected_version=1, reason="Công dân nộp đơn rút ngày 12/3.")
    assert case.status == S.WITHDRAWN and case.closed_at is not None


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.RECEIVED, "answer"),
        (S.RECEIVED, "close"),
        (S.RECEIVED, "start"),
        (S.ACCEPTED, "accept"),
        (S.ACCEPTED, "resume"),
        (S.CLOSED, "accept"),
        (S.CLOSED, "withdraw"),
        (S.ANSWERED, "suspend"),
        (S.SUSPENDED, "answer"),
        (S.REFUSED, "forward"),
        (S.MERGED, "accept"),
    ],
)
def test_a_step_the_status_does_not_allow_changes_nothing(
    tree: Any, staff: Any, status: str, step: str
) -> None:
    case = _case(tree, status=status)
    calls = {
        "answer": lambda: services.answer_case(case, by=staff, expected_version=1, answer="Trả lời"),
        "close": lambda: services.close_case(case, by=staff, expected_version=1),
        "start": lambda: services.start_case(case, by=staff, expected_version=1),
        "accept": lambda: services.accept_case(case, by=staff, expected_version=1),
        "resume": lambda: services.resume_case(case, by=staff, expected_version=1),
        "withdraw": lambda: services.withdraw_case(case, by=staff, expected_version=1, reason="Rút"),
        "suspend": lambda: services.suspend_case(case, by=staff, expected_version=1, reason="Chờ"),
        "forward": lambda: services.forward_case(
            case, by=staff, expected_version=1, to_unit=tree["other"], reason="Chuyển"
        ),
    }
    with pytest.raises(ValidationError) as error:
        calls[step]()
    assert "trạng thái" in str(error.value)
    case.refresh_from_db()
    assert (case.status, case.version) == (status, 1)
    assert not CaseEvent.objects.exists() and not ClockPause.objects.exists()


def test_every_status_allows_only_the_table_s_steps() -> None:
    assert [s.action for s in workflow.allowed(S.RECEIVED)] == [
        "accept",
        "refuse",
        "forward",
        "withdraw",
        "merge",
    ]
    assert [s.action for s in workflow.allowed(S.SUSPENDED)] == ["resume", "withdraw"]
    assert workflow.allowed(S.CLOSED) == [] and workflow.allowed(S.MERGED) == []


# --- versions and rights -------------------------------------------------------------------------


def test_the_second_of_two_changes_with_the_same_version_is_a_conflict(tree: Any, staff: Any) -> None:
    case = _case(tree)
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    services.accept_case(first, by=staff, expected_version=1)
    with pytest.raises(services.CaseConflict):
        services.refuse_case(second, by=staff, expected_version=1, reason="Không thuộc thẩm quyền.")
    case.refresh_from_db()
    assert (case.status, case.version) == (S.ACCEPTED, 2)
    assert _events(case) == [("accept", S.RECEIVED, S.ACCEPTED)]


def test_staff_without_the_right_or_the_unit_cannot_handle(tree: Any, staff: Any) -> None:
    case = _case(tree)
    viewer = UserFactory.create()
    UnitMembershipFactory.create(user=viewer, org_unit=tree["commune"])
    for person in (viewer, handler(tree["other"])):
        with pytest.raises(PermissionDenied):
            services.accept_case(case, by=person, expected_version=1)
    case.refresh_from_db()
    assert case.version == 1
    assert permissions.can_view(viewer, tree["commune"]) and not permissions.can_handle(
        viewer, tree["commune"]
    )
    assert permissions.can_handle(handler(tree["district"]), tree["commune"])  # an ancestor's handler


# --- merging -------------------------------------------------------------------------------------


def test_merge_keeps_both_histories_and_the_kept_case_shows_the_merged_events(tree: Any, staff: Any) -> None:
    keep = _case(tree, status=S.ACCEPTED)
    other = _case(tree)
    services.refuse_case(_case(tree), by=staff, expected_version=1, reason="Không liên quan")  # noise
    services.extend_case(keep, by=staff, expected_version=1, reason="Cần thêm thời gian")
    services.merge_cases(keep, other, by=staff, expected_version=1, keep_version=2, reason="Cùng nội dung")
    other.refresh_from_db()
    assert (other.status, other.merged_into) == (S.MERGED, keep)
    assert _events(other) == [("merge", S.RECEIVED, S.MERGED)]
    assert [e.action for e in CaseEvent.objects.filter(case=keep)] == ["extend", "merge_in"]
    history = selectors.case_history(keep)
    assert [(e.case_id, e.action) for e in history] == [
        (keep.pk, "extend"),
        (other.pk, "merge"),
        (keep.pk, "merge_in"),
    ]
    assert other.code in history[-1].reason and "Cùng nội dung" in history[-1].reason


def test_merging_a_case_that_already_holds_merged_cases_carries_them(tree: Any, staff: Any) -> None:
    first, middle, keep = _case(tree), _case(tree), _case(tree)
    services.merge_cases(middle, first, by=staff, expected_version=1)
    services.merge_cases(keep, middle, by=staff, expected_version=2)
    first.refresh_from_db()
    assert first.merged_into == keep
    assert {e.case_id for e in selectors.case_history(keep)} == {first.pk, middle.pk, keep.pk}


def test_merge_refuses_itself_finished_cases_and_stale_versions(tree: Any, staff: Any) -> None:
    case, closed = _case(tree), _case(tree, status=S.CLOSED)
    with pytest.raises(ValidationError):
        services.merge_cases(case, case, by=staff, expected_version=1)
    with pytest.raises(ValidationError):
        services.merge_cases(closed, case, by=staff, expected_version=1)
    with pytest.raises(ValidationError):
        services.merge_cases(case, closed, by=staff, expected_version=1)
    with pytest.raises(services.CaseConflict):
        services.merge_cases(closed, case, by=staff, expected_version=7)
    case.refresh_from_db()
    assert (case.status, case.version, case.merged_into) == (S.RECEIVED, 1, None)


# --- duplicates ----------------------------------------------------------------------------------


def test_duplicates_same_sender_or_near_identical_text_accent_insensitive(tree: Any) -> None:
    text = "Đường liên xã bị sụt lún nghiêm trọng gần cầu Suối Sâu, xe máy đi lại rất nguy hiểm"
    new = _case(tree, title="Đường sụt lún", content=text, email="an@example.vn")
    same_person = _case(
        tree, title="Đèn đường hỏng", content="Đèn đường ấp 3 không sáng", email="AN@example.vn"
    )
    same_person.contact_key = new.contact_key
    same_person.save()
    # The same words without accents, one word changed: 13 shared of 15 distinct words.
    similar = _case(
        tree,
        title="Duong sut lun",
        content="Duong lien xa bi sut lun nghiem trong gan cau Suoi Sau, xe may di lai rat nguy hiem lam",
    )
    _case(tree, title="Rác thải", content="Rác thải sinh hoạt đổ bừa bãi ven sông Đồng Nai")
    CaseFactory.create(unit=tree["other"], title="Đường sụt lún", content=text)  # another unit's
    _case(tree, title="Đường sụt lún", content=text, status=S.CLOSED)  # finished: nothing to merge into
    found = selectors.possible_duplicates(new)
    assert [(d.case, d.same_person) for d in found] == [(same_person, True), (similar, False)]
    assert found[1].similarity >= 0.6


def test_duplicates_take_a_constant_number_of_queries(tree: Any, django_assert_num_queries: Any) -> None:
    new = _case(tree)
    for _n in range(30):
        _case(tree)
    with django_assert_num_queries(2):
        selectors.possible_duplicates(new)


def test_every_step_announces_a_labelled_action() -> None:
    """The services announce f"case.{action}", which the audit log's source scan cannot read."""
    from danvan.audit.actions import ACTIONS

    assert sorted(f"case.{action}" for action in workflow.STEPS if f"case.{action}" not in ACTIONS) == []
