"""The unit import's bulk writes: all or nothing, saved subtrees follow a moved unit, only changes written.

The row checks and their messages are tested in tests/test_orgunits.py; here, what the writes do.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.orgunits.models import OrgUnit, Succession
from danvan.orgunits.selectors import successions_csv, units_csv
from danvan.orgunits.services import import_org_units

from .factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

UNITS_HEADER = "code,name,parent_code,level,org_type,valid_from,valid_to\n"
SUCCESSIONS_HEADER = "predecessor,successor,kind,effective_on,share\n"
REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def saved_tree() -> None:
    """/DN/VC/VC-VA/VC-VA-DOAN/ and /DN/BH/; VC-VA split 0.6 / 0.4 into BH and DN-X."""
    province = OrgUnitFactory.create(code="DN", name="Tỉnh Đồng Nai", org_type=None)
    district = OrgUnitFactory.create(code="VC", name="Huyện Vĩnh Cửu", parent=province, org_type=None)
    commune = OrgUnitFactory.create(code="VC-VA", name="Thị trấn Vĩnh An", parent=district, org_type=None)
    OrgUnitFactory.create(code="VC-VA-DOAN", name="Đoàn Vĩnh An", parent=commune, org_type=None)
    other = OrgUnitFactory.create(code="BH", name="Biên Hòa", parent=province, org_type=None)
    new = OrgUnitFactory.create(code="DN-X", name="Xã X", parent=province, org_type=None)
    for successor, share in ((other, "0.6"), (new, "0.4")):
        Succession.objects.create(
            predecessor=commune, successor=successor, kind="split", effective_on=REFORM, share=Decimal(share)
        )


def _state() -> tuple[str, str, list[tuple[Any, ...]]]:
    return units_csv(), successions_csv(), list(OrgUnit.objects.values_list("code", "path", "depth"))


def test_one_bad_unit_row_at_the_end_writes_nothing(saved_tree: None) -> None:
    before = _state()
    text = UNITS_HEADER + (
        "NEW,Xã mới,BH,,,,\n"  # new, under a saved unit
        "VC-VA,Thị trấn Vĩnh An (mới),BH,,,,\n"  # a move and a rename
        "DN,Tỉnh Đồng Nai mới,,,,,\n"
        "LAST,Xã cuối,NOWHERE,,,,\n"  # the only bad row
    )

    result = import_org_units(text, SUCCESSIONS_HEADER + "VC,NEW,merge,2025-07-01,\n")

    assert result.errors == ["Dòng 5: đơn vị cấp trên “NOWHERE” không có trong tệp hay trong hệ thống."]
    assert (result.created, result.updated, result.successions_created) == (0, 0, 0)
    assert _state() == before


def test_a_failure_while_writing_rolls_back_the_units_already_written(
    saved_tree: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row passes the checks, then the database refuses the successions: the units written
    before them in the same import are gone too."""
    before = _state()

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Succession.objects, "bulk_create", refuse)
    with pytest.raises(RuntimeError, match="disk is full"):
        import_org_units(
            UNITS_HEADER + "NEW,Xã mới,BH,,,,\nVC-VA,Thị trấn Vĩnh An,BH,,,,\n",
            SUCCESSIONS_HEADER + "VC,NEW,merge,2025-07-01,\n",
        )
    assert _state() == before
    assert not OrgUnit.objects.filter(code="NEW").exists()


def test_a_moved_unit_takes_its_saved_subtree_with_it(saved_tree: None) -> None:
    # VC-VA moves under a unit the same file creates under BH; VC-VA-DOAN is not in the file.
    result = import_org_units(UNITS_HEADER + "VC-VA,Thị trấn Vĩnh An,BH-P,,,,\nBH-P,Phường mới,BH,,,,\n")

    assert result.ok
    assert (result.created, result.updated) == (1, 1)
    paths = dict(OrgUnit.objects.values_list("code", "path"))
    assert paths["BH-P"] == "/DN/BH/BH-P/"
    assert paths["VC-VA"] == "/DN/BH/BH-P/VC-VA/"
    assert paths["VC-VA-DOAN"] == "/DN/BH/BH-P/VC-VA/VC-VA-DOAN/"
    assert paths["VC"] == "/DN/VC/"
    branch = OrgUnit.objects.get(code="VC-VA-DOAN")
    assert (branch.depth, branch.parent.code if branch.parent else None) == (5, "VC-VA")
    assert OrgUnit.objects.get(code="VC-VA").parent == OrgUnit.objects.get(code="BH-P")


def test_a_new_root_and_its_child_get_their_paths(saved_tree: None) -> None:
    result = import_org_units(UNITS_HEADER + "HN,Hà Nội,,,,,\nHN-1,Phường 1,HN,,,2025-07-01,\n")
    assert result.ok
    unit = OrgUnit.objects.get(code="HN-1")
    assert (unit.path, unit.depth, unit.valid_from) == ("/HN/HN-1/", 2, REFORM)


def test_shares_and_fields_are_updated_and_counted(saved_tree: None) -> None:
    result = import_org_units(
        UNITS_HEADER + "DN-X,Xã X đổi tên,DN,,,2025-07-01,\n",
        SUCCESSIONS_HEADER + "VC-VA,BH,split,2025-07-01,0.5\nVC-VA,DN-X,split,2025-07-01,0.5\n",
    )
    assert result.ok, result.succession_errors
    assert (result.created, result.updated, result.successions_created, result.successions_updated) == (
        0,
        1,
        0,
        2,
    )
    unit = OrgUnit.objects.get(code="DN-X")
    assert (unit.name, unit.valid_from, unit.path) == ("Xã X đổi tên", REFORM, "/DN/DN-X/")
    assert sorted(Succession.objects.values_list("successor__code", "share")) == [
        ("BH", Decimal("0.5")),
        ("DN-X", Decimal("0.5")),
    ]


def test_importing_the_export_again_writes_nothing(saved_tree: None) -> None:
    units, successions = units_csv(), successions_csv()
    with CaptureQueriesContext(connection) as queries:
        result = import_org_units(units, successions)
    assert result.ok
    assert (result.updated, result.successions_updated) == (6, 2)
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert (units_csv(), successions_csv()) == (units, successions)


def test_queries_do_not_grow_with_the_rows() -> None:
    def import_communes(count: int, prefix: str) -> int:
        rows = "".join(f"{prefix}-{n},Xã {n},{prefix},,,,\n" for n in range(count))
        links = "".join(f"{prefix}-{n},{prefix}-{n + 1},rename,2025-07-01,\n" for n in range(count - 1))
        with CaptureQueriesContext(connection) as queries:
            result = import_org_units(
                UNITS_HEADER + f"{prefix},Tỉnh,,,,,\n" + rows, SUCCESSIONS_HEADER + links
            )
        assert result.ok, result.errors + result.succession_errors
        return len(queries.captured_queries)

    assert import_communes(3, "A") == import_communes(30, "B")
