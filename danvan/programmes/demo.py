"""Demo: programme 42-CTr/HU for 2023 over Vĩnh Cửu district before the 2025 reform.

Facts (code, dates, issuer, motto, targets and comparators) are the reference programme's
(`shared/domain/programme-42-2023.yaml`). The units follow the glossary's mapping of the former
district's communes to today's communes; branch and enterprise names and every figure are invented
for the demo, generated deterministically so that some targets are met and some are not, and one
organisation is rated weak. Phú Lý's 2023 report is left open and empty for a new user to try.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession

from .models import (
    Comparator,
    DataElement,
    DataSet,
    DataValue,
    ElementRule,
    Indicator,
    Period,
    Programme,
    Rating,
    ReportingWindow,
    RuleComparator,
    Submission,
    Target,
    TaskGroup,
)

REFORM = dt.date(2025, 7, 1)
BEFORE_REFORM = REFORM - dt.timedelta(days=1)

LEVELS = [
    ("province", "Tỉnh, thành phố", 1),
    ("district", "Huyện, quận, thị xã", 2),
    ("commune", "Xã, phường, thị trấn", 3),
    ("hamlet", "Ấp, khu phố, thôn", 4),
]
TYPES = [
    ("administrative", "Đơn vị hành chính", False),
    ("fatherland_front", "Mặt trận Tổ quốc", False),
    ("youth_union", "Đoàn TNCS Hồ Chí Minh", True),
    ("women_union", "Hội Liên hiệp Phụ nữ", True),
    ("farmers_association", "Hội Nông dân", True),
    ("veterans_association", "Hội Cựu chiến binh", True),
    ("enterprise_youth_union", "Chi đoàn trong doanh nghiệp", False),
]
# Branches every commune has: (code suffix, org type, name prefix)
BRANCHES = [
    ("MTTQ", "fatherland_front", "Ủy ban MTTQ"),
    ("DOAN", "youth_union", "Đoàn xã"),
    ("PN", "women_union", "Hội Phụ nữ"),
    ("ND", "farmers_association", "Hội Nông dân"),
    ("CCB", "veterans_association", "Hội Cựu chiến binh"),
]
# (code, name in 2023, today's unit code)
COMMUNES = [
    ("VA", "Thị trấn Vĩnh An", "DN-TRIAN"),
    ("MD", "Xã Mã Đà", "DN-TRIAN"),
    ("TA", "Xã Trị An", "DN-TRIAN"),
    ("TAN", "Xã Tân An", "DN-TANAN"),
    ("VT", "Xã Vĩnh Tân", "DN-TANAN"),
    ("PL", "Xã Phú Lý", "DN-PHULY"),
    ("TT", "Xã Thiện Tân", "DN-TRANGDAI"),
    ("THP", "Xã Thạnh Phú", "DN-TANTRIEU"),
    ("BL", "Xã Bình Lợi", "DN-TANTRIEU"),
    ("TB", "Xã Tân Bình", "DN-TANTRIEU"),
    ("BH", "Xã Bình Hòa", "DN-TANTRIEU"),
    ("TTR", "Xã Tân Triều", "DN-TANTRIEU"),
]
TODAY_UNITS = [
    ("DN-TRIAN", "Xã Trị An"),
    ("DN-TANAN", "Xã Tân An"),
    ("DN-PHULY", "Xã Phú Lý"),
    ("DN-TANTRIEU", "Phường Tân Triều"),
    ("DN-TRANGDAI", "Phường Trảng Dài"),
]
ENTERPRISES = [
    ("THP", "DN1", "Chi đoàn Công ty may mặc Thạnh Phú (mẫu)"),
    ("TT", "DN2", "Chi đoàn Công ty chế biến gỗ Thiện Tân (mẫu)"),
]
OPEN_COMMUNE = "PL"  # its report stays open and empty

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


def _units() -> dict[str, OrgUnit]:
    levels = {
        code: OrgLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})[0]
        for code, name, rank in LEVELS
    }
    types = {
        code: OrgType.objects.get_or_create(code=code, defaults={"name": name, "socio_political": sp})[0]
        for code, name, sp in TYPES
    }
    units: dict[str, OrgUnit] = {}
    # Every demo code starts with the province's or the former district's ("DN…", "VC…").
    existing = {
        u.code: u for u in OrgUnit.objects.filter(Q(code__startswith="DN") | Q(code__startswith="VC"))
    }

    def unit(
        code: str, name: str, parent: OrgUnit | None, level: str | None, org_type: str, **dates: dt.date
    ) -> OrgUnit:
        found = existing.get(code)
        if found is None:
            found = OrgUnit(
                code=code,
                name=name,
                parent=parent,
                level=levels[level] if level else None,
                org_type=types[org_type],
                **dates,
            )
            found.full_clean()
            found.save()
        units[code] = found
        return found

    province = unit("DN", "Tỉnh Đồng Nai", None, "province", "administrative")
    district = unit("VC", "Huyện Vĩnh Cửu", province, "district", "administrative", valid_to=BEFORE_REFORM)
    for code, name in TODAY_UNITS:
        unit(code, name, province, "commune", "administrative", valid_from=REFORM)
    for code, name, today in COMMUNES:
        commune = unit(f"VC-{code}", name, district, "commune", "administrative", valid_to=BEFORE_REFORM)
        place = name.split(" ", 1)[1] if name.startswith("Xã ") else name.replace("Thị trấn ", "")
        for suffix, org_type, prefix in BRANCHES:
            lowered = name[0].lower() + name[1:]  # "xã Phú Lý", "thị trấn Vĩnh An"
            label = f"{prefix} {lowered}" if suffix != "DOAN" else f"Đoàn {lowered}"
            if suffix == "MTTQ":
                label = f"Ủy ban MTTQ {place}"
            unit(f"VC-{code}-{suffix}", label, commune, None, org_type, valid_to=BEFORE_REFORM)
        if not Succession.objects.filter(predecessor=commune).exists():
            Succession.objects.create(
                predecessor=commune,
                successor=units[today],
                kind=Succession.Kind.MERGE if today not in ("DN-PHULY",) else Succession.Kind.TRANSFER,
                effective_on=REFORM,
            )
    for commune_code, code, name in ENTERPRISES:
        unit(
            f"VC-{commune_code}-{code}",
            name,
            units[f"VC-{commune_code}"],
            None,
            "enterprise_youth_union",
            valid_to=BEFORE_REFORM,
        )
    return units


def _definitions() -> tuple[dict[str, DataElement], dict[str, Indicator]]:
    elements = {
        code: DataElement.objects.get_or_create(code=code, defaults={"name": name, "value_type": kind})[0]
        for code, name, kind in ELEMENTS
    }
    for left, comparator, right, message in ELEMENT_RULES:
        ElementRule.objects.get_or_create(
            left=elements[left], comparator=comparator, right=elements[right], defaults={"message": message}
        )
    indicators = {}
    for key, name, kind, numerator, denominator, rating, org_types in INDICATORS:
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
            indicator.org_types.set(OrgType.objects.filter(code__in=org_types))
        indicators[key] = indicator
    return elements, indicators


def _figures(units: dict[str, OrgUnit], elements: dict[str, DataElement], period: Period) -> int:
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
            index = [c for c, _, _ in COMMUNES].index(unit.code.split("-")[1])
            rows.append((unit, "skilful_mobilisation", int(index not in (4, 9))))
            rows.append((unit, "democracy_good", int(index not in (2, 6, 10))))
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
    return len(missing)


@transaction.atomic
def load_programmes(*, document: Any = None) -> int:
    """Create what is missing; returns how many rows of figures were created. ``document`` is the
    programme's text in the document library, if any (danvan.demo passes 42-CTr/HU)."""
    units = _units()
    elements, indicators = _definitions()
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
                scope=OrgType.objects.get(code=scope) if scope else None,
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
        data_set.org_types.set(OrgType.objects.all())
        ReportingWindow.objects.create(
            data_set=data_set, period=period, opens_on=dt.date(2023, 11, 1), closes_on=dt.date(2023, 12, 15)
        )
    created = _figures(units, elements, period)
    data_set = programme.data_sets.get()
    for code, _, _ in COMMUNES:
        status = Submission.Status.OPEN if code == OPEN_COMMUNE else Submission.Status.LOCKED
        Submission.objects.get_or_create(
            data_set=data_set, period=period, org_unit=units[f"VC-{code}"], defaults={"status": status}
        )
    return created
