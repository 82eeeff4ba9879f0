"""Demo: programme 42-CTr/HU for 2023 over Vĩnh Cửu district before the 2025 reform.

Facts (code, dates, issuer, motto, targets and comparators) are the reference programme's
(`shared/domain/programme-42-2023.yaml`). The units are the org-unit demo's (danvan.orgunits.demo),
passed in by danvan.demo; every figure is invented for the demo, generated deterministically so that
some targets are met and some are not, and one organisation is rated weak. Phú Lý's 2023 report is left open and empty for a new user to try.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from . import figures_cache
from .models import (
    Comparator,
    DataElement,
    DataSet,
    DataValue,
    ElementRule,
    Indicator,
    MilestoneDone,
    Period,
    Programme,
    Rating,
    ReportingWindow,
    RuleComparator,
    Submission,
    Target,
    TaskGroup,
    TaskItem,
)

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgType, OrgUnit

OPEN_COMMUNE = "PL"  # its report stays open and empty
# Former communes (code after "VC-") that fall short of a criterion in 2023. "Dân vận khéo" follows
# the models (danvan.emulation.demo): Vĩnh Tân's was not recognised (0), Tân Bình's revoked (0), Phú
# Lý's is still before the council (no value: counted "no" until a decision, decision 0020).
NOT_SKILFUL = {"VT", "TB"}
NOT_DEMOCRATIC = {"TA", "TT", "BH"}

# Written from decisions, never typed (decision 0020): the "Dân vận khéo" yes/no, from recognitions.
AUTOMATIC = {"skilful_mobilisation"}
ELEMENTS = [
    ("eligible_population", "Số người trong độ tuổi", "count"),
    ("members", "Số đoàn viên, hội viên", "count"),
    ("members_attending_regularly", "Số đoàn viên, hội viên sinh hoạt thường xuyên", "count"),
    ("core_members", "Số đoàn viên, hội viên nòng cốt", "count"),
    ("quality_rating", "Xếp loại chất lượng tổ chức cơ sở", "rating"),
    ("skilful_mobilisation", "Đạt tiêu chí “Dân vận khéo”", "boolean"),
    ("democracy_good", "Thực hiện tốt quy chế dân chủ ở cơ sở", "boolean"),
]
# Checks between elements of a unit and period, for the entry form and the import alike (the same
# three that migration 0005 gives an existing install): left, comparator, right, entry message.
ELEMENT_RULES = [
    (
        "members",
        RuleComparator.LTE,
        "eligible_population",
        "Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi",
    ),
    (
        "members_attending_regularly",
        RuleComparator.LTE,
        "members",
        "Số sinh hoạt thường xuyên không được lớn hơn số đoàn viên, hội viên",
    ),
    ("core_members", RuleComparator.LTE, "members", "Số nòng cốt không được lớn hơn số đoàn viên, hội viên"),
]
SOCIO_POLITICAL = ["youth_union", "women_union", "farmers_association", "veterans_association"]
INDICATORS = [
    # key, name, kind, numerator, denominator, rating element, org types
    (
        "enrolment",
        "Tập hợp quần chúng trong độ tuổi vào tổ chức",
        "ratio",
        "members",
        "eligible_population",
        None,
        SOCIO_POLITICAL,
    ),
    (
        "regular_attendance",
        "Đoàn viên, hội viên sinh hoạt thường xuyên",
        "ratio",
        "members_attending_regularly",
        "members",
        None,
        SOCIO_POLITICAL,
    ),
    (
        "core_members",
        "Đoàn viên, hội viên nòng cốt",
        "ratio",
        "core_members",
        "members",
        None,
        [*SOCIO_POLITICAL, "enterprise_youth_union"],
    ),
    (
        "grassroots_rated_good",
        "MTTQ và tổ chức CT-XH cơ sở hoàn thành tốt nhiệm vụ trở lên",
        "share_of_units",
        None,
        None,
        "quality_rating",
        ["fatherland_front", *SOCIO_POLITICAL],
    ),
    (
        "skilful_mobilisation",
        "Cơ quan, đơn vị đạt tiêu chí “Dân vận khéo”",
        "share_of_units",
        None,
        None,
        "skilful_mobilisation",
        ["administrative"],
    ),
    (
        "grassroots_democracy",
        "Cơ sở thực hiện tốt quy chế dân chủ ở cơ sở",
        "share_of_units",
        None,
        None,
        "democracy_good",
        ["administrative"],
    ),
]
# indicator key, comparator, value, scope type, aspirational, max weak units
TARGETS = [
    ("enrolment", ">", "80", None, False, None),
    ("enrolment", ">=", "45", "youth_union", False, None),
    ("regular_attendance", ">", "80", None, False, None),
    ("core_members", ">", "45", None, False, None),
    ("core_members", ">=", "20", "enterprise_youth_union", False, None),
    ("grassroots_rated_good", ">", "85", None, False, 0),
    ("skilful_mobilisation", ">", "80", None, True, None),
    ("grassroots_democracy", ">", "80", None, False, None),
]
TASKS = [
    "Tuyên truyền nghị quyết của Đảng, pháp luật của Nhà nước; nắm và dự báo tình hình nhân dân (việc làm, bồi thường, tái định cư).",
    "Thực hiện quy chế công tác dân vận trong cơ quan nhà nước; cải cách thủ tục hành chính; đối thoại trực tiếp; giải quyết kịp thời khiếu nại, tố cáo.",
    "Đổi mới phương thức hoạt động của Mặt trận và các đoàn thể; đại diện, giám sát và phản biện xã hội.",
    "Thi đua “Dân vận khéo” lồng ghép vào mọi phong trào của địa phương; mừng 93 năm ngày công tác dân vận ra đời (15/10/1930).",
    "Công tác dân tộc, tôn giáo.",
]
# What measures each task group's progress (decision 0021), by the group's place in TASKS: a target
# (indicator key of an overall target) with its weight, or a milestone (title, due date, weight) with
# the communes that have not done it by the end of 2023 and those that did it only in 2024.
TASK_ITEMS: dict[int, list[tuple[str, ...]]] = {
    0: [
        ("milestone", "Hội nghị quán triệt chương trình công tác dân vận năm 2023 tới cán bộ chủ chốt", "31/03/2023", "1", "", ""),
        ("milestone", "Báo cáo tình hình nhân dân 6 tháng đầu năm gửi Ban Dân vận", "15/07/2023", "1", "PL BH", "TB"),
    ],
    1: [
        ("target", "grassroots_democracy", "2"),
        ("milestone", "Đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền xã với nhân dân", "30/09/2023", "1", "PL BH TTR", "TB"),
    ],
    2: [
        ("target", "enrolment", "2"),
        ("target", "regular_attendance", "1"),
        ("target", "core_members", "1"),
        ("target", "grassroots_rated_good", "2"),
    ],
    3: [
        ("target", "skilful_mobilisation", "3"),
        ("milestone", "Tổng kết, biểu dương mô hình “Dân vận khéo” nhân ngày truyền thống 15/10", "15/10/2023", "1", "PL VT TB BH", "TTR"),
    ],
    4: [
        ("milestone", "Thăm hỏi, chúc mừng chức sắc, chức việc các tôn giáo dịp lễ lớn", "31/12/2023", "1", "PL", ""),
        ("milestone", "Rà soát, nắm tình hình đồng bào dân tộc thiểu số trên địa bàn", "30/11/2023", "2", "PL THP BL", "TAN"),
    ],
}  # fmt: skip
# Share of the eligible who are members, of members attending regularly, of core members — per type.
RATES = {
    "youth_union": ("0.47", "0.74", "0.44"),
    "women_union": ("0.93", "0.82", "0.48"),
    "farmers_association": ("0.90", "0.78", "0.47"),
    "veterans_association": ("0.97", "0.86", "0.52"),
    "enterprise_youth_union": ("0.60", "0.70", "0.18"),
}
ELIGIBLE = {
    "youth_union": (600, 1000),
    "women_union": (1500, 2600),
    "farmers_association": (900, 2100),
    "veterans_association": (120, 320),
    "enterprise_youth_union": (150, 400),
}


def _definitions(org_types: dict[str, "OrgType"]) -> tuple[dict[str, DataElement], dict[str, Indicator]]:
    elements = {
        code: DataElement.objects.get_or_create(
            code=code, defaults={"name": name, "value_type": kind, "automatic": code in AUTOMATIC}
        )[0]
        for code, name, kind in ELEMENTS
    }
    for left, comparator, right, message in ELEMENT_RULES:
        ElementRule.objects.get_or_create(
            left=elements[left], comparator=comparator, right=elements[right], defaults={"message": message}
        )
    indicators = {}
    for key, name, kind, numerator, denominator, rating, codes in INDICATORS:
        indicator = Indicator.objects.filter(key=key).first()
        if indicator is None:
            indicator = Indicator.objects.create(
                key=key,
                name=name,
                kind=kind,
                numerator=elements.get(numerator or ""),
                denominator=elements.get(denominator or ""),
                rating_element=elements.get(rating or ""),
                threshold=Rating.GOOD if rating == "quality_rating" else 1,
            )
            indicator.org_types.set([org_types[code] for code in codes])
        indicators[key] = indicator
    return elements, indicators


def _figures(units: dict[str, "OrgUnit"], elements: dict[str, DataElement], period: Period) -> int:
    """Values for every unit but the open commune's; deterministic (seeded by the unit's code)."""
    rows = []
    weak_done = False
    for unit in units.values():
        if not unit.code.startswith("VC-") or unit.code.startswith(f"VC-{OPEN_COMMUNE}"):
            continue
        rng = random.Random(unit.code)  # noqa: S311 - demo figures, not security
        type_code = unit.org_type.code if unit.org_type else ""
        if type_code in RATES:
            joined, regular, core = (Decimal(r) for r in RATES[type_code])
            low, high = ELIGIBLE[type_code]
            eligible = rng.randint(low, high)
            members = int(eligible * (joined + Decimal(rng.randint(-20, 20)) / 1000))
            regulars = int(members * (regular + Decimal(rng.randint(-30, 30)) / 1000))
            cores = int(members * (core + Decimal(rng.randint(-20, 20)) / 1000))
            rows += [
                (unit, "eligible_population", eligible),
                (unit, "members", members),
                (unit, "members_attending_regularly", regulars),
                (unit, "core_members", cores),
            ]
        if type_code in ("fatherland_front", *SOCIO_POLITICAL):
            roll = rng.random()
            rating = Rating.EXCELLENT if roll < 0.3 else Rating.GOOD if roll < 0.92 else Rating.COMPLETED
            if not weak_done and unit.code == "VC-BL-ND":
                rating, weak_done = Rating.WEAK, True
            rows.append((unit, "quality_rating", int(rating)))
        if type_code == "administrative" and unit.level and unit.level.code == "commune":
            commune = unit.code.split("-")[1]
            rows.append((unit, "skilful_mobilisation", int(commune not in NOT_SKILFUL)))
            rows.append((unit, "democracy_good", int(commune not in NOT_DEMOCRATIC)))
    stored = set(
        DataValue.objects.filter(period=period, org_unit__in=[u for u, _, _ in rows]).values_list(
            "org_unit_id", "element_id"
        )
    )
    missing = [
        DataValue(element=elements[element], period=period, org_unit=unit, value=Decimal(value))
        for unit, element, value in rows
        if (unit.pk, elements[element].pk) not in stored
    ]
    DataValue.objects.bulk_create(missing)
    if missing:  # bulk_create sends no signal: the dashboards' kept figures of the period are out of date
        figures_cache.periods_changed([period.pk])
    return len(missing)


@transaction.atomic
def load_programmes(
    *, units: dict[str, "OrgUnit"], org_types: dict[str, "OrgType"], document: Any = None
) -> int:
    """Create what is missing; returns how many rows of figures were created. ``units`` is the demo's
    tree by code (danvan.orgunits.demo.load_units: the former district "VC", its communes "VC-…" and
    their branches), ``org_types`` every org type by code; ``document`` is the programme's text in the
    document library, if any (danvan.demo passes 42-CTr/HU)."""
    elements, indicators = _definitions(org_types)
    period = Period.for_code("2023")
    programme = Programme.objects.filter(code="42-CTr/HU").first()
    if programme is None:
        programme = Programme.objects.create(
            code="42-CTr/HU",
            title="Chương trình công tác dân vận năm 2023",
            issuer="Ban Chấp hành Đảng bộ huyện Vĩnh Cửu",
            issued_on=dt.date(2023, 3, 3),
            year=2023,
            motto="Sâu sát - Phù hợp - Thực chất - Đồng thuận",
            parent_resolution="Nghị quyết 13-NQ/HU ngày 21/12/2022 về mục tiêu, nhiệm vụ, giải pháp năm 2023",
            document=document,
            root_unit=units["VC"],
        )
        for order, (key, comparator, value, scope, aspirational, max_weak) in enumerate(TARGETS):
            Target.objects.create(
                programme=programme,
                indicator=indicators[key],
                comparator=Comparator(comparator),
                value=Decimal(value),
                scope=org_types[scope] if scope else None,
                aspirational=aspirational,
                max_weak_units=max_weak,
                sort_order=order,
            )
        for order, title in enumerate(TASKS):
            task = TaskGroup.objects.create(programme=programme, sort_order=order, title=title)
            task.responsible.set([units["VC"]])
        data_set = DataSet.objects.create(
            code="42-2023-YEARLY",
            name="Báo cáo năm — Chương trình 42-CTr/HU",
            period_type="yearly",
            programme=programme,
        )
        data_set.elements.set(elements.values())
        data_set.org_types.set(org_types.values())
        ReportingWindow.objects.create(
            data_set=data_set, period=period, opens_on=dt.date(2023, 11, 1), closes_on=dt.date(2023, 12, 15)
        )
    _task_items(programme, units)
    created = _figures(units, elements, period)
    data_set = programme.data_sets.get()
    district = units["VC"]
    for commune in (u for u in units.values() if u.parent_id == district.pk):
        status = Submission.Status.OPEN if commune.code == f"VC-{OPEN_COMMUNE}" else Submission.Status.LOCKED
        Submission.objects.get_or_create(
            data_set=data_set, period=period, org_unit=commune, defaults={"status": status}
        )
    return created


def _day(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def _task_items(programme: Programme, units: dict[str, "OrgUnit"]) -> None:
    """The items of the five task groups, once (a group that already has items is left alone): the
    communes of Vĩnh Cửu in 2023 carry them out, and some have recorded their milestones — some late,
    some not at all — so that the dashboard shows partial progress."""
    district = units["VC"]
    communes = [u for u in units.values() if u.parent_id == district.pk]
    targets = {t.indicator.key: t for t in programme.targets.filter(scope=None).select_related("indicator")}
    for group in programme.task_groups.order_by("sort_order", "pk"):
        rows = TASK_ITEMS.get(group.sort_order)
        if not rows or group.items.exists():
            continue
        group.responsible.set(communes)
        for order, row in enumerate(rows):
            if row[0] == "target":
                TaskItem.objects.create(
                    task_group=group,
                    kind="target",
                    target=targets[row[1]],
                    weight=int(row[2]),
                    sort_order=order,
                )
                continue
            _kind, title, due, weight, not_done, late = row
            item = TaskItem.objects.create(
                task_group=group,
                kind="milestone",
                title=title,
                due_on=_day(due),
                weight=int(weight),
                sort_order=order,
            )
            for index, commune in enumerate(communes):
                code = commune.code.removeprefix("VC-")
                if code in not_done.split():
                    continue
                on = (
                    dt.date(2024, 1, 15)
                    if code in late.split()
                    else _day(due) - dt.timedelta(days=3 + index % 9)
                )
                MilestoneDone.objects.get_or_create(
                    item=item, org_unit=commune, defaults={"done_on": on, "note": "Số liệu mẫu."}
                )
