"""The rules between elements (ElementRule) and the value parsers are written once and used by both
the entry form (services.save_values, the screen) and the file import: a rule added or deleted as
data changes both, and both read the same yes/no words and say the same about an unknown one.

Runs on the demo programme: Phú Lý's 2023 report (VC-PL) is open and empty."""

from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from danvan.collection.exchange import ImportRejected, import_data_values
from danvan.orgunits.demo import load_units
from danvan.orgunits.models import OrgUnit, UnitMembership
from danvan.orgunits.selectors import org_types_by_code
from danvan.programmes import services
from danvan.programmes.demo import ELEMENT_RULES, load_programmes
from danvan.programmes.models import DataElement, DataValue, ElementRule, RuleComparator, Submission
from danvan.programmes.rules import violations
from danvan.programmes.services import EntryInvalid
from danvan.programmes.values import parse_boolean

HEADER = "data_element,period,org_unit,value,comment\n"
UNIT = "VC-PL-DOAN"  # Phú Lý's youth union
# 1,000 eligible, 500 members, 400 attend regularly, 401 core: the three default rules hold
# (500 ≤ 1,000; 400 ≤ 500; 401 ≤ 500) but core members outnumber the regular attendees by one.
FIGURES = {
    "eligible_population": "1000",
    "members": "500",
    "members_attending_regularly": "400",
    "core_members": "401",
}
ATTENDEES = "Số đoàn viên, hội viên sinh hoạt thường xuyên"
CORE = "Số đoàn viên, hội viên nòng cốt"


@pytest.fixture
def report(db: Any) -> Submission:
    load_programmes(units=load_units(), org_types=org_types_by_code())
    return Submission.objects.select_related("data_set", "period", "org_unit").get(
        org_unit__code="VC-PL", period__code="2023"
    )


@pytest.fixture
def clerk(report: Submission, django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("nhap.phuly", password="mat-khau-dai-du-14")
    UnitMembership.objects.create(
        user=user, org_unit=OrgUnit.objects.get(code="VC-PL"), role=UnitMembership.Role.DATA_ENTRY
    )
    return user


def enter(user: Any, report: Submission, values: dict[tuple[str, str], str]) -> None:
    report.refresh_from_db()
    services.save_values(
        user, report.data_set, report.period, report.org_unit, values, expected_version=report.version
    )


def entry_errors(user: Any, report: Submission, values: dict[tuple[str, str], str]) -> dict[Any, list[str]]:
    with pytest.raises(EntryInvalid) as error:
        enter(user, report, values)
    return error.value.cells


def import_errors(text: str) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        import_data_values(text.encode("utf-8"))
    return rejected.value.errors


def stored(code: str, unit: str) -> Decimal | None:
    found = DataValue.objects.filter(element__code=code, org_unit__code=unit, period__code="2023").first()
    return None if found is None else found.value


def figures_csv(figures: dict[str, str]) -> str:
    return HEADER + "".join(f"{code},2023,{UNIT},{value},\n" for code, value in figures.items())


def rule(left: str, comparator: str, right: str, message: str = "") -> ElementRule:
    return ElementRule.objects.create(
        left=DataElement.objects.get(code=left),
        comparator=comparator,
        right=DataElement.objects.get(code=right),
        message=message,
    )


# --- the rules as data ---------------------------------------------------------------------------


def test_the_demo_has_the_three_default_rules_once(report: Submission) -> None:
    load_programmes(units=load_units(), org_types=org_types_by_code())  # a second load adds nothing
    found = sorted((r.left.code, r.comparator, r.right.code) for r in ElementRule.objects.all())
    assert found == [
        ("core_members", "<=", "members"),
        ("members", "<=", "eligible_population"),
        ("members_attending_regularly", "<=", "members"),
    ]


def test_the_data_migration_gives_an_existing_install_the_same_rules_as_the_demo(report: Submission) -> None:
    migration = import_module("danvan.programmes.migrations.0005_default_element_rules")
    assert [(left, str(c), right, m) for left, c, right, m in ELEMENT_RULES] == migration.DEFAULT_RULES
    ElementRule.objects.all().delete()
    migration.create_default_rules(apps, None)
    migration.create_default_rules(apps, None)  # idempotent
    assert ElementRule.objects.count() == 3
    members = ElementRule.objects.get(left__code="members")
    assert (members.right.code, members.message) == (
        "eligible_population",
        "Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi",
    )


def test_the_data_migration_skips_rules_whose_elements_do_not_exist(db: Any) -> None:
    migration = import_module("danvan.programmes.migrations.0005_default_element_rules")
    DataElement.objects.create(code="members", name="Số đoàn viên, hội viên", value_type="count")
    migration.create_default_rules(apps, None)
    assert not ElementRule.objects.exists()  # no eligible_population, attendees or core members


@pytest.mark.parametrize(
    ("comparator", "message", "entry_message", "finding"),
    [
        # core ≤ attendees, with the officer's own words: 401 > 400.
        (
            "core ≤ attendees",
            "Số nòng cốt không được lớn hơn số sinh hoạt thường xuyên",
            "Số nòng cốt không được lớn hơn số sinh hoạt thường xuyên (400).",
            "Dòng 5: số đoàn viên, hội viên nòng cốt (401) lớn hơn số đoàn viên, hội viên sinh hoạt thường "
            "xuyên (400) của đơn vị VC-PL-DOAN kỳ 2023.",
        ),
        # attendees ≥ core, no message: words made from the names; 400 < 401, blamed on the attendees.
        (
            "attendees ≥ core",
            "",
            f"{ATTENDEES} không được nhỏ hơn số đoàn viên, hội viên nòng cốt (401).",
            "Dòng 4: số đoàn viên, hội viên sinh hoạt thường xuyên (400) nhỏ hơn số đoàn viên, hội viên "
            "nòng cốt (401) của đơn vị VC-PL-DOAN kỳ 2023.",
        ),
    ],
)
def test_a_rule_added_as_data_is_enforced_by_the_form_and_the_import(
    report: Submission, clerk: Any, comparator: str, message: str, entry_message: str, finding: str
) -> None:
    figures = {(code, UNIT): value for code, value in FIGURES.items()}
    enter(clerk, report, figures)  # accepted before the rule exists…
    DataValue.objects.all().delete()
    report.refresh_from_db()

    if comparator == "core ≤ attendees":
        rule("core_members", RuleComparator.LTE, "members_attending_regularly", message)
        blamed = ("core_members", UNIT)
    else:
        rule("members_attending_regularly", RuleComparator.GTE, "core_members", message)
        blamed = ("members_attending_regularly", UNIT)

    assert entry_errors(clerk, report, figures) == {blamed: [entry_message]}
    assert stored("core_members", UNIT) is None
    # Lines: 1 header, 2 eligible, 3 members, 4 attendees, 5 core.
    assert import_errors(figures_csv(FIGURES)) == [finding]
    assert stored("core_members", UNIT) is None


def test_an_equality_rule_is_enforced_by_both(report: Submission, clerk: Any) -> None:
    rule("core_members", RuleComparator.EQ, "members_attending_regularly")
    figures = {(code, UNIT): value for code, value in FIGURES.items()}
    assert entry_errors(clerk, report, figures) == {
        ("core_members", UNIT): [f"{CORE} phải bằng số đoàn viên, hội viên sinh hoạt thường xuyên (400)."]
    }
    assert import_errors(figures_csv(FIGURES)) == [
        "Dòng 5: số đoàn viên, hội viên nòng cốt (401) khác số đoàn viên, hội viên sinh hoạt thường xuyên "
        "(400) của đơn vị VC-PL-DOAN kỳ 2023."
    ]
    enter(clerk, report, {**figures, ("core_members", UNIT): "400"})  # 400 = 400
    assert stored("core_members", UNIT) == Decimal(400)


def test_deleting_a_default_rule_stops_both_from_enforcing_it(report: Submission, clerk: Any) -> None:
    too_many = {"eligible_population": "1000", "members": "1001"}  # one member more than eligible
    cells = {(code, UNIT): value for code, value in too_many.items()}
    assert entry_errors(clerk, report, cells) == {
        ("members", UNIT): ["Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi (1.000)."]
    }
    assert import_errors(figures_csv(too_many)) == [
        "Dòng 3: số đoàn viên, hội viên (1001) lớn hơn số người trong độ tuổi (1000) của đơn vị VC-PL-DOAN kỳ 2023."
    ]

    ElementRule.objects.get(left__code="members", right__code="eligible_population").delete()

    enter(clerk, report, cells)
    assert stored("members", UNIT) == Decimal(1001)
    DataValue.objects.all().delete()
    summary = import_data_values(figures_csv(too_many).encode("utf-8"))
    assert summary.created == 2
    assert stored("members", UNIT) == Decimal(1001)


def test_a_rule_is_checked_against_the_stored_value_of_the_other_side(report: Submission, clerk: Any) -> None:
    rule("core_members", RuleComparator.LTE, "members_attending_regularly")
    enter(clerk, report, {("members", UNIT): "500", ("members_attending_regularly", UNIT): "400"})
    assert list(entry_errors(clerk, report, {("core_members", UNIT): "401"})) == [("core_members", UNIT)]
    errors = import_errors(HEADER + f"core_members,2023,{UNIT},401,\n")
    assert errors == [
        "Dòng 2: số đoàn viên, hội viên nòng cốt (401) lớn hơn số đoàn viên, hội viên sinh hoạt thường "
        "xuyên (400) của đơn vị VC-PL-DOAN kỳ 2023."
    ]


def test_violations_compare_exactly_and_only_rules_that_touch_what_changes() -> None:
    members = DataElement(code="members", name="Số đoàn viên, hội viên", value_type="count")
    eligible = DataElement(code="eligible_population", name="Số người trong độ tuổi", value_type="count")
    at_most = ElementRule(left=members, comparator=RuleComparator.LTE, right=eligible, message="")
    at_least = ElementRule(left=members, comparator=RuleComparator.GTE, right=eligible, message="")

    def broken(values: dict[str, int | None], *, touched: set[str] | None = None) -> list[str]:
        as_decimals = {k: None if v is None else Decimal(v) for k, v in values.items()}
        return [v.rule.comparator for v in violations(as_decimals, [at_most, at_least], touched=touched)]

    assert broken({"members": 100, "eligible_population": 100}) == []  # equal meets both
    assert broken({"members": 101, "eligible_population": 100}) == ["<="]
    assert broken({"members": 99, "eligible_population": 100}) == [">="]
    assert broken({"members": 101, "eligible_population": None}) == []  # nothing to compare with
    assert broken({"members": 101}) == []
    assert broken({"members": 101, "eligible_population": 100}, touched={"core_members"}) == []
    assert broken({"members": 101, "eligible_population": 100}, touched={"eligible_population"}) == ["<="]
    found = violations({"members": Decimal(1001), "eligible_population": Decimal(1000)}, [at_most])
    assert found[0].message == "Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi (1.000)."


# --- yes/no words --------------------------------------------------------------------------------

# Every word either path accepted before, in the cases people type them; the value by hand.
YES_NO = [
    ("1", 1),
    ("0", 0),
    ("có", 1),
    ("Có", 1),
    ("CÓ", 1),
    ("co", 1),
    ("không", 0),
    ("Không", 0),
    ("KHÔNG", 0),
    ("khong", 0),
    ("yes", 1),
    ("Yes", 1),
    ("no", 0),
    ("NO", 0),
    ("true", 1),
    ("false", 0),
    (" có ", 1),
]


def test_every_yes_no_word_works_in_the_form_and_the_import(report: Submission, clerk: Any) -> None:
    cell = ("democracy_good", "VC-PL")
    for word, expected in YES_NO:
        enter(clerk, report, {cell: word})
        assert stored(*cell) == Decimal(expected), f"form: {word!r}"
    DataValue.objects.all().delete()
    for word, expected in YES_NO:
        import_data_values(f"{HEADER}democracy_good,2023,VC-PL,{word},\n".encode())
        assert stored(*cell) == Decimal(expected), f"import: {word!r}"


@pytest.mark.parametrize("word", ["maybe", "x", "c", "k", "2"])
def test_an_unknown_yes_no_word_gets_the_same_error_in_both(
    report: Submission, clerk: Any, word: str
) -> None:
    reason = f"giá trị “{word}” không dùng được cho chỉ số có/không; dùng 1/0, có/không, yes/no"
    with pytest.raises(ValueError, match="không dùng được"):
        parse_boolean(word)
    cell = ("democracy_good", "VC-PL")
    assert entry_errors(clerk, report, {cell: word}) == {cell: [f"G{reason[1:]}."]}
    assert import_errors(f"{HEADER}democracy_good,2023,VC-PL,{word},\n") == [f"Dòng 2: {reason}."]
    assert stored(*cell) is None


def test_ratings_are_read_alike_by_the_form_and_the_import(report: Submission, clerk: Any) -> None:
    words = [("4", 4), ("good", 4), ("Hoàn thành xuất sắc nhiệm vụ", 5), ("yeu", 1), ("1", 1)]
    for word, expected in words:
        enter(clerk, report, {("quality_rating", "VC-PL-MTTQ"): word})
        assert stored("quality_rating", "VC-PL-MTTQ") == Decimal(expected), f"form: {word!r}"
    for word, expected in words:
        import_data_values(f"{HEADER}quality_rating,2023,VC-PL-PN,{word},\n".encode())
        assert stored("quality_rating", "VC-PL-PN") == Decimal(expected), f"import: {word!r}"


# --- the admin -----------------------------------------------------------------------------------


def test_an_officer_adds_a_rule_in_the_admin(admin_client: Client, report: Submission) -> None:
    listing = admin_client.get("/admin/chuong-trinh/quy-tac/")
    assert listing.status_code == 200
    assert "Quy tắc kiểm tra số liệu" in listing.content.decode()
    core = DataElement.objects.get(code="core_members")
    attendees = DataElement.objects.get(code="members_attending_regularly")
    response = admin_client.post(
        "/admin/chuong-trinh/quy-tac/new/",
        {"left": core.pk, "comparator": "<=", "right": attendees.pk, "message": ""},
    )
    assert response.status_code == 302
    assert ElementRule.objects.filter(left=core, comparator="<=", right=attendees).exists()
    # The same element on both sides is refused with a Vietnamese message, nothing saved.
    response = admin_client.post(
        "/admin/chuong-trinh/quy-tac/new/",
        {"left": core.pk, "comparator": "=", "right": core.pk, "message": ""},
    )
    assert response.status_code == 200
    assert "Quy tắc cần hai chỉ số khác nhau." in response.content.decode()
    assert ElementRule.objects.count() == 4
