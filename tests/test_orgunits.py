"""Org units: paths, validity, successors in today's structure, CSV import/export, the API, the admin."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from danvan.orgunits import selectors
from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession, UnitMembership
from danvan.orgunits.selectors import current_units, in_today_structure, successions_csv, tree, units_csv
from danvan.orgunits.services import import_org_units

from . import factories
from .factories import OrgLevelFactory, OrgTypeFactory
from .worlds import programme_world

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)
BEFORE = dt.date(2025, 6, 30)
UNITS_HEADER = "code,name,parent_code,level,org_type,valid_from,valid_to\n"
SUCCESSIONS_HEADER = "predecessor,successor,kind,effective_on,share\n"


class OrgUnitFactory(factories.OrgUnitFactory):
    """The shared factory's unit, at commune level by default (these tests read levels)."""

    level = factory.SubFactory(OrgLevelFactory)


class SuccessionFactory(factory.django.DjangoModelFactory[Succession]):
    class Meta:
        model = Succession

    predecessor = factory.SubFactory(OrgUnitFactory, valid_to=BEFORE)
    successor = factory.SubFactory(OrgUnitFactory, valid_from=REFORM)
    kind = Succession.Kind.MERGE
    effective_on = REFORM
    share = Decimal(1)


@pytest.fixture
def levels() -> dict[str, OrgLevel]:
    return {
        "province": OrgLevelFactory.create(code="province", name="Tỉnh", rank=1),
        "district": OrgLevelFactory.create(code="district", name="Huyện", rank=2),
        "commune": OrgLevelFactory.create(code="commune", name="Xã", rank=3),
    }


@pytest.fixture
def administrative() -> OrgType:
    return OrgTypeFactory.create()


# --- the tree ---------------------------------------------------------------------------------------


def test_moving_a_unit_carries_its_subtree_paths() -> None:
    province = OrgUnitFactory.create(code="DN")
    district = OrgUnitFactory.create(code="VC", parent=province)
    commune = OrgUnitFactory.create(code="VC-VA", parent=district)
    branch = OrgUnitFactory.create(code="VC-VA-DOAN", parent=commune)
    other = OrgUnitFactory.create(code="BH", parent=province)
    assert branch.path == "/DN/VC/VC-VA/VC-VA-DOAN/"

    commune.parent = other
    commune.save()

    branch.refresh_from_db()
    commune.refresh_from_db()
    district.refresh_from_db()
    assert commune.path == "/DN/BH/VC-VA/"
    assert branch.path == "/DN/BH/VC-VA/VC-VA-DOAN/"
    assert branch.depth == 4
    assert district.path == "/DN/VC/"
    assert list(OrgUnit.objects.descendants_of(other).values_list("code", flat=True)) == [
        "VC-VA",
        "VC-VA-DOAN",
    ]


def test_a_unit_cannot_be_put_under_its_own_descendant() -> None:
    top = OrgUnitFactory.create(code="A")
    middle = OrgUnitFactory.create(code="B", parent=top)
    bottom = OrgUnitFactory.create(code="C", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "không thể là chính nó hoặc đơn vị cấp dưới" in error.value.message_dict["parent"][0]


@pytest.mark.parametrize(
    ("day", "active"),
    [
        (dt.date(2022, 12, 31), False),
        (dt.date(2023, 1, 1), True),
        (dt.date(2025, 6, 30), True),
        (dt.date(2025, 7, 1), False),
    ],
)
def test_active_on_includes_both_validity_boundaries(day: dt.date, active: bool) -> None:
    unit = OrgUnitFactory.create(valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2025, 6, 30))
    assert unit.active_on(day) is active
    assert OrgUnit.objects.active_on(day).filter(pk=unit.pk).exists() is active


def test_tree_nests_children_and_drops_units_inactive_that_day() -> None:
    root = OrgUnitFactory.create(code="DN")
    old = OrgUnitFactory.create(code="VC", parent=root, valid_to=BEFORE)
    OrgUnitFactory.create(code="VC-VA", parent=old, valid_to=BEFORE)
    OrgUnitFactory.create(code="DN-TRIAN", parent=root, valid_from=REFORM)

    assert tree(root).as_dict()["children"] == [
        {"code": "DN-TRIAN", "name": OrgUnit.objects.get(code="DN-TRIAN").name, "children": []},
        {
            "code": "VC",
            "name": old.name,
            "children": [{"code": "VC-VA", "name": OrgUnit.objects.get(code="VC-VA").name, "children": []}],
        },
    ]
    assert [n.unit.code for n in tree(root, on=REFORM).children] == ["DN-TRIAN"]
    assert [n.unit.code for n in tree(root, on=BEFORE).children] == ["VC"]


# --- the reads other apps use instead of querying OrgUnit -------------------------------------------


def test_unit_reads_for_other_apps_answer_by_code_subtree_and_period(
    django_assert_num_queries: Any, django_user_model: Any
) -> None:
    party = OrgTypeFactory.create(code="party", name="Đảng")
    root = OrgUnitFactory.create(code="DN", name="Thành phố")
    b = OrgUnitFactory.create(code="VC", name="Vĩnh Châu", parent=root, valid_to=BEFORE)
    a = OrgUnitFactory.create(code="AN", name="An Hải", parent=root, org_type=party)
    leaf = OrgUnitFactory.create(code="VC-VA", name="Văn An", parent=b, valid_to=BEFORE)
    other = OrgUnitFactory.create(code="HN", name="Hà Nội")

    with django_assert_num_queries(1):
        assert selectors.unit_by_code("VC-VA", within=root) == leaf
    assert selectors.unit_by_code("HN", within=root) is None  # exists, but outside the subtree
    assert selectors.unit_by_code("HN") == other
    assert selectors.unit_by_code("nothing") is None
    with django_assert_num_queries(1):
        by_code = selectors.units_by_code()
    assert set(by_code) == {"DN", "VC", "AN", "VC-VA", "HN"} and by_code["VC"].path == b.path
    assert selectors.units_by_name([b.pk, a.pk, root.pk]) == [a, root, b]  # An, Thành, Vĩnh
    with django_assert_num_queries(1):
        children = selectors.children(root)
        assert [(c.code, c.org_type and c.org_type.code) for c in children] == [
            ("AN", "party"),
            ("VC", "administrative"),
        ]
    with django_assert_num_queries(1):
        tree_order = [u.code for u in sorted([root, a, b, leaf], key=lambda u: u.path)]
        assert [u.code for u in selectors.subtree(root)] == tree_order
        assert tree_order[0] == "DN" and tree_order.index("VC") + 1 == tree_order.index("VC-VA")
    administrative = OrgType.objects.filter(code="administrative")
    assert {u.code for u in selectors.units_during(root, administrative, BEFORE, BEFORE)} == {
        "DN",
        "VC",
        "VC-VA",
    }
    assert {u.code for u in selectors.units_during(root, administrative, REFORM, REFORM)} == {"DN"}
    assert {u.code for u in selectors.units_during(b, [party.pk], BEFORE, REFORM)} == set()
    user = django_user_model.objects.create_user("nhap")
    UnitMembership.objects.create(user=user, org_unit=b, role=UnitMembership.Role.APPROVER)
    with django_assert_num_queries(1):
        found = selectors.memberships(user)
        assert [(m.org_unit.code, m.role) for m in found] == [("VC", "approver")]


# --- successors ---------------------------------------------------------------------------------------


def test_an_active_unit_is_its_own_current_unit() -> None:
    unit = OrgUnitFactory.create()
    assert current_units(unit, on=REFORM) == [(unit, Decimal(1))]


def test_succession_counts_only_from_its_effective_date() -> None:
    link = SuccessionFactory.create(effective_on=dt.date(2025, 8, 1))
    assert current_units(link.predecessor, on=dt.date(2025, 7, 31)) == []
    assert current_units(link.predecessor, on=dt.date(2025, 8, 1)) == [(link.successor, Decimal(1))]


def test_split_re_attributes_1000_members_as_600_and_400_exactly() -> None:
    old = OrgUnitFactory.create(code="OLD", valid_to=BEFORE)
    north = OrgUnitFactory.create(code="NORTH", valid_from=REFORM)
    south = OrgUnitFactory.create(code="SOUTH", valid_from=REFORM)
    SuccessionFactory.create(predecessor=old, successor=north, kind="split", share=Decimal("0.6"))
    SuccessionFactory.create(predecessor=old, successor=south, kind="split", share=Decimal("0.4"))

    totals = in_today_structure({old.pk: Decimal(1000)}, on=REFORM)

    assert totals == {north.pk: Decimal(600), south.pk: Decimal(400)}
    assert sum(totals.values()) == Decimal(1000)


def test_shares_multiply_along_a_chain_and_merges_add_up() -> None:
    # 2024: A splits 0.75 / 0.25 into B and C; 2025: B and D merge into E. A's 1200 → E 900, C 300.
    a = OrgUnitFactory.create(code="A", valid_to=dt.date(2023, 12, 31))
    b = OrgUnitFactory.create(code="B", valid_from=dt.date(2024, 1, 1), valid_to=BEFORE)
    c = OrgUnitFactory.create(code="C", valid_from=dt.date(2024, 1, 1))
    d = OrgUnitFactory.create(code="D", valid_to=BEFORE)
    e = OrgUnitFactory.create(code="E", valid_from=REFORM)
    jan_2024 = dt.date(2024, 1, 1)
    SuccessionFactory.create(
        predecessor=a, successor=b, kind="split", share=Decimal("0.75"), effective_on=jan_2024
    )
    SuccessionFactory.create(
        predecessor=a, successor=c, kind="split", share=Decimal("0.25"), effective_on=jan_2024
    )
    SuccessionFactory.create(predecessor=b, successor=e)
    SuccessionFactory.create(predecessor=d, successor=e)

    assert current_units(a, on=REFORM) == [(c, Decimal("0.25")), (e, Decimal("0.75"))]
    assert in_today_structure({a.pk: Decimal(1200), d.pk: Decimal(50)}, on=REFORM) == {
        c.pk: Decimal(300),
        e.pk: Decimal(950),  # 1200 × 0.75 + 50
    }


def test_a_cycle_of_successions_ends_instead_of_looping() -> None:
    a = OrgUnitFactory.create(code="A", valid_to=BEFORE)
    b = OrgUnitFactory.create(code="B", valid_to=BEFORE)
    Succession.objects.create(predecessor=a, successor=b, kind="rename", effective_on=REFORM)
    Succession.objects.create(predecessor=b, successor=a, kind="rename", effective_on=REFORM)
    assert current_units(a, on=REFORM) == []


class TestProgrammeWorldInTodaysStructure:
    """tests/worlds.py's communes of 2023: Vĩnh An and Mã Đà merged into Trị An, Phú Lý transferred,
    Thiện Tân into Trảng Dài, Vĩnh Tân into Tân An."""

    @pytest.fixture
    def world_units(self, db: Any) -> None:
        programme_world()

    @pytest.mark.parametrize(
        ("old", "today"),
        [
            ("VC-VA", "DN-TRIAN"),
            ("VC-MD", "DN-TRIAN"),
            ("VC-PL", "DN-PHULY"),
            ("VC-TT", "DN-TRANGDAI"),
            ("VC-VT", "DN-TANAN"),
            ("VC-VA-DOAN", "DN-TRIAN"),  # a branch goes where its commune went
        ],
    )
    def test_2023_communes_map_to_todays(self, world_units: None, old: str, today: str) -> None:
        assert [(u.code, share) for u, share in current_units(OrgUnit.objects.get(code=old), on=REFORM)] == [
            (today, Decimal(1))
        ]

    def test_before_the_reform_a_commune_is_still_itself(self, world_units: None) -> None:
        assert [u.code for u, _ in current_units(OrgUnit.objects.get(code="VC-VA"), on=BEFORE)] == ["VC-VA"]

    def test_2023_members_summed_into_tri_an(self, world_units: None) -> None:
        from danvan.programmes.models import DataValue

        values = DataValue.objects.filter(element__code="members", period__code="2023")
        per_unit = dict(values.values_list("org_unit_id", "value"))
        # worlds.COUNTS: a commune's four branches have 470 + 1860 + 1350 + 194 = 3874 members;
        # Vĩnh An and Mã Đà went into Trị An. Four communes hold figures, and Thiện Tân's enterprise 180.
        assert sum(per_unit.values()) == 4 * 3874 + 180

        totals = in_today_structure(per_unit, on=REFORM)

        assert totals[OrgUnit.objects.get(code="DN-TRIAN").pk] == 2 * 3874
        assert sum(totals.values()) == 4 * 3874 + 180


# --- CSV import and export -------------------------------------------------------------------------------


def test_import_with_bad_rows_writes_nothing_and_lists_each_line(
    levels: dict[str, OrgLevel], administrative: OrgType
) -> None:
    OrgUnitFactory.create(code="DN", name="Tỉnh Đồng Nai", level=levels["province"])
    text = UNITS_HEADER + (
        "VC,Huyện Vĩnh Cửu,DN,district,administrative,,2025-06-30\n"  # 2 fine
        "VC-A,Xã A,VC-B,commune,administrative,2023-01-01,\n"  # 3 fine: its parent comes later
        "VC-B,Xã B,VC,commune,administrative,,\n"  # 4 fine
        "VC-C,Xã C,KHONGCO,commune,administrative,,\n"
        "VC-D,Xã D,VC,hamlet_x,party,,\n"
        "VC-E,Xã E,VC,commune,administrative,31/02/2023,\n"
        "VC-F,Xã F,VC,commune,administrative,2025-07-01,2025-06-30\n"
        "VC-B,Xã B lần hai,VC,commune,administrative,,\n"
        "L1,Vòng 1,L2,,,,\n"
        "L2,Vòng 2,L1,,,,\n"
        "bad code!,,,,,,\n"
    )

    result = import_org_units(text)

    assert result.errors == [
        "Dòng 5: đơn vị cấp trên “KHONGCO” không có trong tệp hay trong hệ thống.",
        "Dòng 6: cấp “hamlet_x” không có; loại tổ chức “party” không có.",
        "Dòng 7: ngày “31/02/2023” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy.",
        "Dòng 8: ngày hết hiệu lực 30/06/2025 trước ngày có hiệu lực 01/07/2025.",
        "Dòng 9: mã “VC-B” đã có ở dòng 4.",
        "Dòng 10: đơn vị cấp trên tạo vòng lặp: L1 → L2 → L1.",
        "Dòng 11: đơn vị cấp trên tạo vòng lặp: L2 → L1 → L2.",
        "Dòng 12: mã “bad code!” không hợp lệ (chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới; "
        "tối đa 40 ký tự); thiếu tên đơn vị.",
    ]
    assert list(OrgUnit.objects.values_list("code", flat=True)) == ["DN"]


def test_import_refuses_a_cycle_through_units_already_saved(levels: dict[str, OrgLevel]) -> None:
    province = OrgUnitFactory.create(code="DN")
    OrgUnitFactory.create(code="VC", parent=province)

    result = import_org_units(UNITS_HEADER + "DN,Tỉnh Đồng Nai,VC,,,,\n")

    assert result.errors == ["Dòng 2: đơn vị cấp trên tạo vòng lặp: DN → VC → DN."]
    assert OrgUnit.objects.get(code="DN").parent is None


def test_import_refuses_unknown_and_missing_columns() -> None:
    result = import_org_units("code,ten,colour\nA,B,red\n")
    assert result.errors == [
        "Dòng 1: thiếu cột: name; cột không dùng được: ten, colour "
        "(chỉ dùng code, name, parent_code, level, org_type, valid_from, valid_to)."
    ]


def test_import_resolves_later_parents_and_updates_existing_codes(
    levels: dict[str, OrgLevel], administrative: OrgType
) -> None:
    old_name = OrgUnitFactory.create(code="VC-VA", name="Tên cũ")
    text = UNITS_HEADER + (
        "VC-VA,Thị trấn Vĩnh An,VC,commune,administrative,,30/06/2025\n"
        "VC-VA-DOAN,Đoàn thị trấn Vĩnh An,VC-VA,,,,2025-06-30\n"
        "VC,Huyện Vĩnh Cửu,DN,district,administrative,,2025-06-30\n"
        "DN,Tỉnh Đồng Nai,,province,administrative,,\n"
    )

    result = import_org_units(text)

    assert result.ok
    assert (result.created, result.updated) == (3, 1)
    commune = OrgUnit.objects.get(code="VC-VA")
    assert commune.pk == old_name.pk
    assert commune.name == "Thị trấn Vĩnh An"
    assert commune.valid_to == BEFORE
    assert commune.level == levels["commune"]
    assert OrgUnit.objects.get(code="VC-VA-DOAN").path == "/DN/VC/VC-VA/VC-VA-DOAN/"


def test_dry_run_checks_but_writes_nothing(levels: dict[str, OrgLevel]) -> None:
    result = import_org_units(UNITS_HEADER + "DN,Tỉnh Đồng Nai,,province,,,\n", dry_run=True)
    assert result.ok
    assert not OrgUnit.objects.exists()


def test_succession_rows_are_checked_one_by_one_and_together() -> None:
    for code in ("A", "D"):
        OrgUnitFactory.create(code=code, valid_to=BEFORE)
    for code in ("B", "C"):
        OrgUnitFactory.create(code=code, valid_from=REFORM)
    text = SUCCESSIONS_HEADER + (
        "A,B,split,2025-07-01,0.6\n"
        "A,C,split,2025-07-01,0.3\n"
        "X,B,merge,2025-07-01,\n"
        "D,D,rename,2025-07-01,1\n"
        "D,B,merge,2025-07-01,1.5\n"
        "D,C,mergee,01-07-2025,0\n"
        "D,B,merge,2025-07-01,1\n"
        "D,C,merge,2025-07-01,0.5\n"
    )

    result = import_org_units(None, text)

    assert result.succession_errors == [
        "Dòng 2: các phần chia tách của “A” cộng lại 0.9, phải bằng 1 (dòng 2, 3).",
        "Dòng 4: đơn vị cũ “X” không có.",
        "Dòng 5: đơn vị cũ và đơn vị tiếp nhận trùng nhau.",
        "Dòng 6: tỷ lệ 1.5 phải lớn hơn 0 và không quá 1.",
        "Dòng 7: hình thức “mergee” không có (dùng merge, split, rename, transfer); "
        "ngày “01-07-2025” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy; tỷ lệ 0 phải lớn hơn 0 và không quá 1.",
        "Dòng 8: cặp D → B đã có ở dòng 6.",
        "Dòng 9: chỉ khi chia tách mới có tỷ lệ khác 1 (hình thức “merge”, tỷ lệ 0.5); cặp D → C đã có ở dòng 7.",
    ]
    assert not Succession.objects.exists()


def test_split_shares_count_the_parts_already_saved() -> None:
    old = OrgUnitFactory.create(code="A", valid_to=BEFORE)
    north = OrgUnitFactory.create(code="B", valid_from=REFORM)
    OrgUnitFactory.create(code="C", valid_from=REFORM)
    SuccessionFactory.create(predecessor=old, successor=north, kind="split", share=Decimal("0.6"))

    assert import_org_units(None, SUCCESSIONS_HEADER + "A,C,split,2025-07-01,0.5\n").succession_errors == [
        "Dòng 2: các phần chia tách của “A” cộng lại 1.1, phải bằng 1 (dòng 2)."
    ]
    result = import_org_units(None, SUCCESSIONS_HEADER + "A,C,split,2025-07-01,0.4\n")
    assert result.ok
    assert result.successions_created == 1


def test_a_succession_leading_back_is_a_cycle() -> None:
    b = OrgUnitFactory.create(code="B", valid_to=BEFORE)
    c = OrgUnitFactory.create(code="C")
    SuccessionFactory.create(predecessor=b, successor=c)

    result = import_org_units(None, SUCCESSIONS_HEADER + "C,B,rename,2026-01-01,\n")

    assert result.succession_errors == ["Dòng 2: kế thừa tạo vòng lặp: C → B → C."]
    assert Succession.objects.count() == 1


def test_units_and_successions_import_together_or_not_at_all(levels: dict[str, OrgLevel]) -> None:
    units = UNITS_HEADER + "OLD,Xã cũ,,commune,,,2025-06-30\nNEW,Xã mới,,commune,,2025-07-01,\n"
    bad_successions = SUCCESSIONS_HEADER + "OLD,NEW,merge,2025-07-01,\nOLD,NOWHERE,merge,2025-07-01,\n"

    result = import_org_units(units, bad_successions)
    assert result.errors == []
    assert result.succession_errors == ["Dòng 3: đơn vị tiếp nhận “NOWHERE” không có."]
    assert not OrgUnit.objects.exists()

    result = import_org_units(units, SUCCESSIONS_HEADER + "OLD,NEW,merge,2025-07-01,\n")
    assert result.ok
    assert (result.created, result.successions_created) == (2, 1)
    assert current_units(OrgUnit.objects.get(code="OLD"), on=REFORM)[0][0].code == "NEW"


def test_export_then_import_gives_back_the_same_rows(db: Any) -> None:
    programme_world()
    Succession.objects.filter(predecessor__code="VC-TT").update(kind="split", share=Decimal("0.6"))
    Succession.objects.create(
        predecessor=OrgUnit.objects.get(code="VC-TT"),
        successor=OrgUnit.objects.get(code="DN-TANAN"),
        kind="split",
        effective_on=REFORM,
        share=Decimal("0.4"),
    )
    units_before, successions_before = units_csv(), successions_csv()
    assert units_before.startswith("\ufeffcode,name,parent_code,level,org_type,valid_from,valid_to\r\n")
    assert "VC-VA,Thị trấn Vĩnh An,VC,commune,administrative,,2025-06-30\r\n" in units_before
    assert "VC-TT,DN-TANAN,split,2025-07-01,0.4\r\n" in successions_before
    rows = len(units_before.splitlines()) - 1
    assert rows == OrgUnit.objects.count()

    # Re-importing the export over the same units changes nothing.
    again = import_org_units(units_before, successions_before)
    assert again.ok
    assert (again.created, again.updated) == (0, rows)
    assert (units_csv(), successions_csv()) == (units_before, successions_before)

    # Into an empty tree (levels and types kept), the export rebuilds the same rows.
    from danvan.programmes.models import DataValue, Programme, Submission

    DataValue.objects.all().delete()
    Submission.objects.all().delete()
    Programme.objects.all().delete()
    Succession.objects.all().delete()
    for unit in OrgUnit.objects.order_by("-depth"):
        unit.delete()
    rebuilt = import_org_units(units_before, successions_before)
    assert rebuilt.ok, rebuilt.errors + rebuilt.succession_errors
    assert rebuilt.created == rows
    assert (units_csv(), successions_csv()) == (units_before, successions_before)


class TestCommands:
    def test_import_command_lists_errors_and_writes_nothing(self, tmp_path: Path) -> None:
        source = tmp_path / "don-vi.csv"
        source.write_text(UNITS_HEADER + "A,Xã A,NOPE,,,,\n", encoding="utf-8")
        err = io.StringIO()
        with pytest.raises(CommandError, match="Không nhập gì: 1 lỗi"):
            call_command("import_org_units", str(source), stderr=err)
        assert "Dòng 2: đơn vị cấp trên “NOPE” không có trong tệp hay trong hệ thống." in err.getvalue()
        assert not OrgUnit.objects.exists()

    def test_import_command_dry_run_then_real(self, tmp_path: Path, levels: dict[str, OrgLevel]) -> None:
        units = tmp_path / "don-vi.csv"
        units.write_text("\ufeff" + UNITS_HEADER + "OLD,Xã cũ,,,,,2025-06-30\nNEW,Xã mới,,,,2025-07-01,\n")
        links = tmp_path / "ke-thua.csv"
        links.write_text(SUCCESSIONS_HEADER + "OLD,NEW,rename,2025-07-01,1\n")
        out = io.StringIO()
        call_command("import_org_units", str(units), "--successions", str(links), "--dry-run", stdout=out)
        assert "chưa ghi gì" in out.getvalue()
        assert not OrgUnit.objects.exists()

        call_command("import_org_units", str(units), "--successions", str(links), stdout=out)
        assert "Đã nhập 2 đơn vị mới" in out.getvalue()
        assert Succession.objects.get().kind == "rename"

    def test_import_command_refuses_a_file_that_is_not_utf8(self, tmp_path: Path) -> None:
        source = tmp_path / "don-vi.csv"
        source.write_bytes((UNITS_HEADER + "A,Xã A,,,,,\n").encode("utf-16"))
        with pytest.raises(CommandError, match="UTF-8"):
            call_command("import_org_units", str(source))

    def test_export_command_writes_a_bom_file(self, tmp_path: Path) -> None:
        OrgUnitFactory.create(code="DN", name="Tỉnh Đồng Nai", level=None, org_type=None)
        target = tmp_path / "out.csv"
        call_command("export_org_units", "-o", str(target), stdout=io.StringIO())
        assert target.read_bytes() == (
            b"\xef\xbb\xbf"
            + UNITS_HEADER.replace("\n", "\r\n").encode()
            + "DN,Tỉnh Đồng Nai,,,,,\r\n".encode()
        )
        out = io.StringIO()
        call_command("export_org_units", "--successions", stdout=out)
        assert out.getvalue() == "\ufeff" + SUCCESSIONS_HEADER.replace("\n", "\r\n")


# --- JSON API ---------------------------------------------------------------------------------------------


class TestApi:
    URL = "/api/v1/org-units/"

    @pytest.fixture
    def tree_2025(self, levels: dict[str, OrgLevel], administrative: OrgType) -> None:
        youth = OrgTypeFactory.create(code="youth_union", name="Đoàn")
        province = OrgUnitFactory.create(code="DN", name="Tỉnh Đồng Nai", level=levels["province"])
        district = OrgUnitFactory.create(
            code="VC", parent=province, level=levels["district"], valid_to=BEFORE
        )
        commune = OrgUnitFactory.create(
            code="VC-VA", name="Thị trấn Vĩnh An", parent=district, valid_to=BEFORE
        )
        OrgUnitFactory.create(code="VC-VA-DOAN", parent=commune, level=None, org_type=youth, valid_to=BEFORE)
        today = OrgUnitFactory.create(code="DN-TRIAN", name="Xã Trị An", parent=province, valid_from=REFORM)
        Succession.objects.create(predecessor=commune, successor=today, kind="merge", effective_on=REFORM)

    def codes(self, client: Client, **query: str) -> list[str]:
        response = client.get(self.URL, query)
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == len(data["results"])
        return [row["code"] for row in data["results"]]

    def test_all_units_with_successors(self, client: Client, tree_2025: None) -> None:
        data = client.get(self.URL).json()
        assert [r["code"] for r in data["results"]] == ["DN", "DN-TRIAN", "VC", "VC-VA", "VC-VA-DOAN"]
        commune = next(r for r in data["results"] if r["code"] == "VC-VA")
        assert commune == {
            "code": "VC-VA",
            "name": "Thị trấn Vĩnh An",
            "parent": "VC",
            "level": "commune",
            "type": "administrative",
            "valid_from": None,
            "valid_to": "2025-06-30",
            "path": "/DN/VC/VC-VA/",
            "successors": [{"code": "DN-TRIAN", "kind": "merge", "effective_on": "2025-07-01", "share": "1"}],
        }

    def test_filters(self, client: Client, tree_2025: None) -> None:
        assert self.codes(client, on="2025-06-30") == ["DN", "VC", "VC-VA", "VC-VA-DOAN"]
        assert self.codes(client, on="2025-07-01") == ["DN", "DN-TRIAN"]
        assert self.codes(client, parent="DN") == ["DN-TRIAN", "VC"]
        assert self.codes(client, parent="DN", on="2025-07-01") == ["DN-TRIAN"]
        assert self.codes(client, level="commune") == ["DN-TRIAN", "VC-VA"]
        assert self.codes(client, type="youth_union") == ["VC-VA-DOAN"]

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"on": "2025-02-30"}, "Ngày “2025-02-30” không hợp lệ"),
            ({"on": "30/06/2025"}, "Ngày “30/06/2025” không hợp lệ"),
            ({"on": "２０２５-０１-０１"}, "không hợp lệ"),
            ({"parent": "NOPE"}, "Không có đơn vị mã “NOPE”."),
            ({"level": "galaxy"}, "Không có cấp mã “galaxy”."),
            ({"type": "<b>x</b>"}, "Không có loại tổ chức mã “<b>x</b>”."),
        ],
    )
    def test_bad_filters_are_400_in_vietnamese(
        self, client: Client, tree_2025: None, query: dict[str, str], message: str
    ) -> None:
        response = client.get(self.URL, query)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert message in response.json()["error"]

    def test_writes_are_refused(self, client: Client) -> None:
        assert client.post(self.URL).status_code == 405


# --- admin ------------------------------------------------------------------------------------------------


class TestAdmin:
    @pytest.fixture
    def some_units(self, levels: dict[str, OrgLevel], administrative: OrgType, admin_user: Any) -> None:
        province = OrgUnitFactory.create(code="DN", name="Tỉnh Đồng Nai", level=levels["province"])
        old = OrgUnitFactory.create(code="VC-VA", name="Thị trấn <Vĩnh An>", parent=province, valid_to=BEFORE)
        new = OrgUnitFactory.create(code="DN-TRIAN", name="Xã Trị An", parent=province, valid_from=REFORM)
        Succession.objects.create(predecessor=old, successor=new, kind="merge", effective_on=REFORM)
        UnitMembership.objects.create(user=admin_user, org_unit=new, role="approver")

    @pytest.mark.parametrize(
        "url_name",
        [
            "don_vi:index",
            "don_vi:add",
            "cap_don_vi:index",
            "loai_to_chuc:index",
            "ke_thua_don_vi:index",
            "phan_quyen_don_vi:index",
            "don_vi_csv:index",
        ],
    )
    def test_pages_answer_a_superuser(self, admin_client: Client, some_units: None, url_name: str) -> None:
        assert admin_client.get(reverse(url_name)).status_code == 200

    def test_unit_list_filters_and_escapes(self, admin_client: Client, some_units: None) -> None:
        page = admin_client.get(reverse("don_vi:index"), {"active": "no"}).content.decode()
        assert "Thị trấn &lt;Vĩnh An&gt;" in page
        assert "Xã Trị An" not in page
        page = admin_client.get(reverse("don_vi:index"), {"q": "trị an"}).content.decode()
        assert "Xã Trị An" in page
        assert "Vĩnh An&gt;" not in page

    def test_menu_group_is_there(self, admin_client: Client, some_units: None) -> None:
        page = admin_client.get("/admin/").content.decode()
        # The sidebar is drawn from a JSON blob: its labels are JSON-escaped, its URLs are not.
        assert reverse("don_vi_csv:index") in page
        assert reverse("phan_quyen_don_vi:index") in page

    def test_download_has_bom_and_rows(self, admin_client: Client, some_units: None) -> None:
        response = admin_client.get(reverse("don_vi_csv:download", args=["don-vi"]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="don-vi.csv"'
        body = response.content.decode("utf-8")
        assert body.startswith("\ufeffcode,name,")
        assert "VC-VA,Thị trấn <Vĩnh An>,DN,commune,administrative,,2025-06-30\r\n" in body
        links = admin_client.get(reverse("don_vi_csv:download", args=["ke-thua"])).content.decode()
        assert "VC-VA,DN-TRIAN,merge,2025-07-01,1\r\n" in links
        assert admin_client.get(reverse("don_vi_csv:download", args=["khac"])).status_code == 404

    def test_upload_with_bad_rows_shows_errors_with_400(self, admin_client: Client, some_units: None) -> None:
        upload = SimpleUploadedFile(
            "don-vi.csv",
            (UNITS_HEADER + "NEW,Xã mới,DN,,,,\nX2,<script>alert(1)</script>,NOPE,,,,\n").encode(),
            content_type="text/csv",
        )
        response = admin_client.post(reverse("don_vi_csv:index"), {"units_file": upload})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Dòng 3: đơn vị cấp trên “NOPE” không có trong tệp hay trong hệ thống." in page
        assert "<script>alert(1)" not in page
        assert not OrgUnit.objects.filter(code="NEW").exists()

    @pytest.mark.parametrize(
        ("name", "content", "content_type", "message"),
        [
            (
                "don-vi.xlsx",
                b"PK\x03\x04",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "không phải CSV",
            ),
            ("don-vi.csv", "code,name\nA,Xã Ă\n".encode("utf-16"), "text/csv", "không phải văn bản mã UTF-8"),
            ("don-vi.csv", b"code,name\nA,\x00\n", "text/csv", "ký tự nhị phân"),
        ],
    )
    def test_upload_of_a_wrong_file_is_400(
        self,
        admin_client: Client,
        some_units: None,
        name: str,
        content: bytes,
        content_type: str,
        message: str,
    ) -> None:
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        response = admin_client.post(reverse("don_vi_csv:index"), {"units_file": upload})
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_upload_larger_than_5_mb_is_400(self, admin_client: Client, some_units: None) -> None:
        big = UNITS_HEADER.encode() + b"A,B,,,,,\n" * (5 * 1024 * 1024 // 9 + 1)
        upload = SimpleUploadedFile("don-vi.csv", big, content_type="text/csv")
        response = admin_client.post(reverse("don_vi_csv:index"), {"units_file": upload})
        assert response.status_code == 400
        assert "lớn hơn 5 MB" in response.content.decode()

    def test_upload_without_a_file_is_400(self, admin_client: Client, some_units: None) -> None:
        response = admin_client.post(reverse("don_vi_csv:index"), {})
        assert response.status_code == 400
        assert "Hãy chọn ít nhất một tệp." in response.content.decode()

    def test_good_upload_imports(self, admin_client: Client, some_units: None) -> None:
        units = SimpleUploadedFile("a.csv", (UNITS_HEADER + "NEW,Xã mới,DN,,,,\n").encode(), "text/csv")
        links = SimpleUploadedFile(
            "b.csv", (SUCCESSIONS_HEADER + "DN-TRIAN,NEW,rename,2026-01-01,\n").encode(), "text/csv"
        )
        response = admin_client.post(
            reverse("don_vi_csv:index"), {"units_file": units, "successions_file": links}
        )
        assert response.status_code == 200
        assert "Đã nhập 1 đơn vị mới" in response.content.decode()
        assert OrgUnit.objects.get(code="NEW").path == "/DN/NEW/"
        assert Succession.objects.filter(predecessor__code="DN-TRIAN", successor__code="NEW").exists()

    def test_a_user_without_rights_is_refused(
        self, client: Client, django_user_model: Any, some_units: None
    ) -> None:
        from django.contrib.auth.models import Permission

        user = django_user_model.objects.create_user("xa", password="pw-12345678")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        # Wagtail turns PermissionDenied in its admin into a redirect to the dashboard with a message.
        for url in (reverse("don_vi_csv:index"), reverse("don_vi_csv:download", args=["don-vi"])):
            response = client.get(url)
            assert (response.status_code, response["Location"]) == (302, "/admin/")
        upload = SimpleUploadedFile("a.csv", (UNITS_HEADER + "NEW,Xã mới,,,,,\n").encode(), "text/csv")
        assert client.post(reverse("don_vi_csv:index"), {"units_file": upload}).status_code == 302
        assert not OrgUnit.objects.filter(code="NEW").exists()
