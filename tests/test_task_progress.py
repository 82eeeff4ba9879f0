"""A task group's progress (issue 16, decision 0021): weighted items computed by hand from raw figures.

Runs on tests/worlds.py's programme world: five communes of Vĩnh Cửu, Phú Lý's (VC-PL) report open and
empty, the other four locked with the figures of worlds.COUNTS, RATINGS and COMMUNES; Thiện Tân's
farmers' association (VC-TT-ND) is rated weak. The world's two task groups have no items; the tests
add a group handled by three communes — Vĩnh An (VC-VA), Thiện Tân (VC-TT) and Phú Lý (VC-PL) — with
three targets and one milestone.
"""

import datetime as dt
import io
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors
from danvan.programmes.models import MilestoneDone, Target, TaskGroup, TaskItem
from danvan.reports import exports

from .factories import ProgrammeFactory, TargetFactory, TaskGroupFactory
from .worlds import ProgrammeWorld, programme_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)
NOW = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)
DUE = dt.date(2023, 10, 15)
# The weights: enrolment 3, rated good 2, skilful mobilisation 1, the milestone 2 — Σ 8.
WEIGHTS = {"enrolment": 3, "grassroots_rated_good": 2, "skilful_mobilisation": 1, "milestone": 2}


def target(world: ProgrammeWorld, key: str) -> Target:
    """The programme's overall target of an indicator (not a sub-target of one kind of organisation)."""
    return Target.objects.get(programme=world.programme, indicator__key=key, scope=None)


@pytest.fixture
def world(db: Any) -> ProgrammeWorld:
    return programme_world()


@pytest.fixture
def group(world: ProgrammeWorld) -> TaskGroup:
    """The group of the module's docstring. The milestone: Vĩnh An done on 01/09/2023; Thiện Tân on
    10/01/2024, after the 2023 period's end (does not count for 2023); Phú Lý not done."""
    created = TaskGroupFactory.create(
        programme=world.programme, sort_order=5, title="Củng cố tổ chức cơ sở của Mặt trận và đoàn thể"
    )
    created.responsible.set([world.units[c] for c in ("VC-VA", "VC-TT", "VC-PL")])
    for order, key in enumerate(("enrolment", "grassroots_rated_good", "skilful_mobilisation")):
        TaskItem.objects.create(
            task_group=created,
            kind="target",
            target=target(world, key),
            weight=WEIGHTS[key],
            sort_order=order,
        )
    milestone = TaskItem.objects.create(
        task_group=created,
        kind="milestone",
        title="Hội nghị sơ kết mô hình điểm",
        due_on=DUE,
        weight=WEIGHTS["milestone"],
        sort_order=3,
    )
    MilestoneDone.objects.create(item=milestone, org_unit=world.units["VC-VA"], done_on=dt.date(2023, 9, 1))
    MilestoneDone.objects.create(item=milestone, org_unit=world.units["VC-TT"], done_on=dt.date(2024, 1, 10))
    return created


def progress_of(world: ProgrammeWorld, under: OrgUnit | None = None) -> list[selectors.GroupProgress]:
    results = selectors.programme_results(world.programme, world.period, under=under)
    return selectors.task_progress(world.programme, world.period, results, under=under, today=TODAY)


def found(groups: list[selectors.GroupProgress], group: TaskGroup) -> selectors.GroupProgress:
    return next(g for g in groups if g.group.pk == group.pk)


# By hand, from worlds.COUNTS, RATINGS and COMMUNES (one commune's four socio-political branches:
# 470 + 1860 + 1350 + 194 = 3874 members of 1000 + 2000 + 1500 + 200 = 4700 eligible):
#
# Vĩnh An:   enrolment 3874/4700 = 82.43 % > 80 → met → 100
#            rated good: MTTQ, Đoàn, Phụ nữ, Nông dân, CCB all good or better: 5/5 = 100 % > 85 → 100
#            skilful mobilisation: yes, 1/1 = 100 % > 80 → 100
#            milestone done 01/09/2023 ≤ 31/12/2023 → 100
#            group: (3×100 + 2×100 + 1×100 + 2×100) / 8 = 100
# Thiện Tân: enrolment 3874/4700 → 100 (its enterprise youth union does not count for enrolment)
#            rated good: the farmers' association is weak: 4/5 = 80 % ≤ 85 → 80/85 of the way
#            skilful mobilisation: no, 0/1 = 0 % → 0
#            milestone done 10/01/2024, after the period → 0, and overdue (due 15/10/2023)
#            group: (3×100 + 2×(80×100/85) + 1×0 + 2×0) / 8
# Phú Lý:    no figure at all (its report is open and empty) → 0 everywhere; milestone not done → 0
# Overall (the three communes' subtrees together):
#            enrolment (3874+3874)/(4700+4700) = 82.43 % → met → 100
#            rated good 9/10 = 90 % > 85 → 100 (a part of the programme: the rate alone, as the
#            drill-down judges it)
#            skilful mobilisation 1/2 = 50 % → 50/80 → 62.5
#            milestone: 1 of 3 communes → 100/3
#            group: (3×100 + 2×100 + 1×62.5 + 2×100/3) / 8
HUNDRED = Decimal(100)
TT_RATED = Decimal(80) * HUNDRED / Decimal(85)
BY_HAND = {
    "VC-VA": HUNDRED,
    "VC-TT": (3 * HUNDRED + 2 * TT_RATED + 0 + 0) / 8,
    "VC-PL": Decimal(0),
}
OVERALL = (3 * HUNDRED + 2 * HUNDRED + 1 * Decimal("62.5") + 2 * HUNDRED / 3) / 8


def test_weighted_progress_by_hand_per_unit_and_overall(world: ProgrammeWorld, group: TaskGroup) -> None:
    progress = found(progress_of(world), group)
    assert [p.weight for p in progress.items] == [3, 2, 1, 2] and progress.weight_total == 8
    assert [p.progress for p in progress.items] == [HUNDRED, HUNDRED, Decimal("62.5"), HUNDRED / 3]
    assert progress.progress == OVERALL
    assert selectors.shown_vi(progress.progress) == "78,65"  # 629.1666…/8 = 78.6458…
    by_unit = {u.unit.code: u for u in progress.units}
    assert list(by_unit) == ["VC-PL", "VC-TT", "VC-VA"]  # tree order
    for code, expected in BY_HAND.items():
        assert by_unit[code].progress == expected, code
    assert selectors.shown_vi(by_unit["VC-TT"].progress) == "61,03"  # (300 + 188.235…)/8 = 61.029…
    thien_tan = by_unit["VC-TT"].items
    assert thien_tan[1].value == Decimal(80) and thien_tan[1].met is False
    assert thien_tan[3].done_on is None and thien_tan[3].overdue  # done after the period: not counted
    assert by_unit["VC-VA"].items[3].done_on == dt.date(2023, 9, 1) and not by_unit["VC-VA"].items[3].overdue
    phu_ly = by_unit["VC-PL"].items
    assert [p.no_figures for p in phu_ly[:3]] == [True, True, True]


def test_a_milestone_done_after_the_period_counts_in_a_later_one(
    world: ProgrammeWorld, group: TaskGroup
) -> None:
    # Moving Thiện Tân's date back into 2023 makes its milestone count: 2 of 3 communes overall.
    MilestoneDone.objects.filter(org_unit=world.units["VC-TT"]).update(done_on=dt.date(2023, 12, 31))
    progress = found(progress_of(world), group)
    milestone = progress.items[3]
    assert (milestone.done_units, milestone.total_units) == (2, 3)
    assert milestone.progress == 2 * HUNDRED / 3
    assert progress.progress == (3 * HUNDRED + 2 * HUNDRED + Decimal("62.5") + 2 * (2 * HUNDRED / 3)) / 8


def test_a_missed_target_never_shows_as_done_and_the_weak_rule_holds(world: ProgrammeWorld) -> None:
    # The world's first group, handled by the district: over every unit, rated good is 19/20 = 95 %,
    # above 85 %, but one unit is weak and the target allows none, so it is not met: 95/85 would be
    # 111.8 %, shown at most 99.99 %.
    first = TaskGroup.objects.filter(programme=world.programme).order_by("sort_order").first()
    assert first is not None
    TaskItem.objects.create(task_group=first, kind="target", target=target(world, "grassroots_rated_good"))
    progress = found(progress_of(world), first)
    assert progress.items[0].value == Decimal(95) and progress.items[0].met is False
    assert progress.progress == selectors.BELOW_MET == Decimal("99.99")


def test_group_without_items_has_no_progress(world: ProgrammeWorld, group: TaskGroup) -> None:
    groups = progress_of(world)
    empty = [g for g in groups if g.group.pk != group.pk]
    assert len(empty) == 2 and all(g.progress is None and not g.has_items for g in empty)


def test_looking_at_one_commune(world: ProgrammeWorld, group: TaskGroup) -> None:
    # Under Thiện Tân, only its own row, and the overall is its progress.
    progress = found(progress_of(world, under=world.units["VC-TT"]), group)
    assert [u.unit.code for u in progress.units] == ["VC-TT"]
    assert progress.progress == BY_HAND["VC-TT"]
    # Under Mã Đà, which is not responsible for the group: nothing to measure.
    outside = found(progress_of(world, under=world.units["VC-MD"]), group)
    assert outside.progress is None and outside.units == []


def dashboard(client: Client, world: ProgrammeWorld, **query: str) -> str:
    response = client.get(f"/admin/chuong-trinh/{world.programme.pk}/tong-quan/", {"period": "2023", **query})
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_shows_the_section_with_the_numbers(
    admin_client: Client, world: ProgrammeWorld, group: TaskGroup
) -> None:
    html = dashboard(admin_client, world)
    section = html.split("Tiến độ các nhóm nhiệm vụ", 1)[1].split("</section>", 1)[0]
    assert "Củng cố tổ chức cơ sở của Mặt trận và đoàn thể" in section
    assert 'Tiến độ chung: <span class="dv-num">78,65%</span>' in section
    assert "Chưa có hạng mục đo." in section  # the world's own two groups
    assert "Hạn 15/10/2023; 1/3 đơn vị hoàn thành; quá hạn" in section
    assert "Kết quả 50,00%, mục tiêu &gt; 80%: chưa đạt" in section
    assert "62,50%" in section and "33,33%" in section
    units = section.split("dv-task__units", 1)[1]
    for name, shown in (("Xã Thiện Tân", "61,03"), ("Thị trấn Vĩnh An", "100,00"), ("Xã Phú Lý", "0,00")):
        row = units.split(name, 1)[1].split("</tr>", 1)[0]
        assert f"<strong>{shown}%</strong>" in row, name
    assert "Hoàn thành ngày 01/09/2023" in units
    assert "Chưa có số liệu (mục tiêu &gt; 80%)" in units
    # The drill-down keeps the unit: under Vĩnh An, its row only.
    commune = dashboard(admin_client, world, unit="VC-VA").split("Tiến độ các nhóm nhiệm vụ", 1)[1]
    assert "Thị trấn Vĩnh An" in commune and "Xã Thiện Tân" not in commune.split("</section>", 1)[0]


def test_dashboard_queries_do_not_grow_with_responsible_units(
    admin_client: Client, world: ProgrammeWorld, group: TaskGroup
) -> None:
    url = f"/admin/chuong-trinh/{world.programme.pk}/tong-quan/"
    admin_client.get(url)
    cache.clear()  # the figures computed, not the ones kept (decision 0028)
    with CaptureQueriesContext(connection) as before:
        admin_client.get(url)
    milestone = group.items.get(kind="milestone")
    group.responsible.add(world.units["VC-MD"], world.units["VC-VT"])
    MilestoneDone.objects.create(item=milestone, org_unit=world.units["VC-MD"], done_on=dt.date(2023, 5, 5))
    other = TaskGroupFactory.create(programme=world.programme, sort_order=9, title="Nhóm thêm")
    other.responsible.set(OrgUnit.objects.filter(parent=world.units["VC"]))
    TaskItem.objects.create(task_group=other, kind="milestone", title="Mốc", due_on=DUE)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        admin_client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


@pytest.fixture
def report(world: ProgrammeWorld, group: TaskGroup) -> exports.Report:
    return exports.build_report(world.programme, world.period, now=NOW)


EXPECTED_ROWS = [
    # (item, weight, progress as shown in Excel: a number rounded half up to two decimals)
    ("Tập hợp quần chúng trong độ tuổi vào tổ chức", 3, 100),
    ("MTTQ và tổ chức CT-XH cơ sở hoàn thành tốt nhiệm vụ trở lên", 2, 100),
    ("Cơ quan, đơn vị đạt tiêu chí “Dân vận khéo”", 1, 62.5),
    ("Hội nghị sơ kết mô hình điểm", 2, 33.33),
    ("Tiến độ chung của nhóm", 8, 78.65),
]


def test_excel_has_the_task_progress(report: exports.Report) -> None:
    workbook = load_workbook(io.BytesIO(exports.render_xlsx(report)))
    assert workbook.sheetnames == ["Tổng hợp", "Theo đơn vị", "Tiến độ nhiệm vụ", "Tiến độ theo đơn vị"]
    rows = list(workbook["Tiến độ nhiệm vụ"].iter_rows(values_only=True))
    assert rows[0] == ("Nhóm nhiệm vụ", "Hạng mục", "Loại", "Trọng số", "Căn cứ tính", "Tiến độ (%)")
    ours = [r for r in rows if str(r[0]).startswith("3. Củng cố")]
    assert [(r[1], r[3], r[5]) for r in ours] == EXPECTED_ROWS
    assert rows[2][1:] == ("Tiến độ chung của nhóm", None, None, "Chưa có hạng mục đo", None)
    by_unit = list(workbook["Tiến độ theo đơn vị"].iter_rows(values_only=True))
    totals = {r[1]: r[5] for r in by_unit if r[2] == "Tiến độ chung của nhóm"}
    assert totals == {"Xã Phú Lý": 0, "Xã Thiện Tân": 61.03, "Thị trấn Vĩnh An": 100}


def test_word_has_the_task_progress(report: exports.Report) -> None:
    document = Document(io.BytesIO(exports.render_docx(report)))
    texts = [p.text for p in document.paragraphs]
    assert "Tiến độ thực hiện các nhóm nhiệm vụ" in texts
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nhóm nhiệm vụ")
    rows = [[c.text for c in row.cells] for row in table.rows]
    ours = rows[[r[0] for r in rows].index("3. Củng cố tổ chức cơ sở của Mặt trận và đoàn thể") :][:5]
    assert [(r[1], r[3], r[5]) for r in ours] == [
        (name, str(weight), shown)
        for (name, weight, _v), shown in zip(
            EXPECTED_ROWS, ["100,00", "100,00", "62,50", "33,33", "78,65"], strict=True
        )
    ]


def test_pdf_has_the_task_progress(report: exports.Report) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(exports.render_pdf(report)))
    text = " ".join(unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages)
    words = " ".join(text.split())
    assert "Tiến độ thực hiện các nhóm nhiệm vụ" in words
    assert "Hội nghị sơ kết mô hình điểm" in words
    assert "78,65" in words and "62,50" in words and "33,33" in words


def test_admin_adds_items_with_dates_day_first_and_refuses_another_programmes_target(
    admin_client: Client, world: ProgrammeWorld, group: TaskGroup
) -> None:
    assert admin_client.get("/admin/chuong-trinh/hang-muc/").status_code == 200
    add = "/admin/chuong-trinh/hang-muc/new/"
    page = admin_client.get(add).content.decode()
    assert "42-CTr/HU — Tập hợp quần chúng trong độ tuổi vào tổ chức &gt; 80%" in page
    fields = {"task_group": group.pk, "weight": 2, "sort_order": 7}
    response = admin_client.post(
        add, {**fields, "kind": "milestone", "title": "Tổng kết, biểu dương", "due_on": "05/10/2023"}
    )
    assert response.status_code == 302
    assert TaskItem.objects.get(title="Tổng kết, biểu dương").due_on == dt.date(2023, 10, 5)  # 5 October
    # A target of another programme (which has task groups too) is offered, but refused for this group.
    other = TargetFactory.create(
        programme=ProgrammeFactory.create(code="50-CTr/HU"), indicator=world.indicators["enrolment"]
    )
    TaskGroupFactory.create(programme=other.programme)
    response = admin_client.post(add, {**fields, "kind": "target", "target": other.pk})
    assert response.status_code == 200
    assert "Mục tiêu phải thuộc cùng chương trình với nhóm nhiệm vụ." in response.content.decode()
    response = admin_client.post(add, {**fields, "kind": "milestone", "title": "Không hạn"})
    assert "Mốc công việc cần có hạn hoàn thành." in response.content.decode()
    assert not TaskItem.objects.filter(title="Không hạn").exists()


def test_demo_task_groups_show_partial_progress_and_load_once(demo: Any) -> None:
    from danvan.demo import load_demo
    from danvan.programmes.models import Programme

    programme = Programme.objects.get(code="42-CTr/HU")
    period = selectors.period_by_code("2023")
    assert period is not None
    results = selectors.programme_results(programme, period)
    groups = selectors.task_progress(programme, period, results, today=TODAY)
    assert len(groups) == 5 and all(g.has_items for g in groups)
    assert all(len(g.units) == 12 for g in groups)  # the twelve communes of Vĩnh Cửu in 2023
    assert all(g.progress is not None and 0 < g.progress < 100 for g in groups)
    dan_van_kheo = groups[3]
    assert [(p.item.kind, p.weight) for p in dan_van_kheo.items] == [("target", 3), ("milestone", 1)]
    # Phú Lý, whose report is open and empty, has done none of its milestones and has no figure.
    phu_ly = next(u for u in dan_van_kheo.units if u.unit.code == "VC-PL")
    assert phu_ly.progress == 0
    counts = (TaskItem.objects.count(), MilestoneDone.objects.count())
    load_demo()
    assert (TaskItem.objects.count(), MilestoneDone.objects.count()) == counts
