"""Demo: the org-unit tree of Đồng Nai's former Vĩnh Cửu district, before and after the 2025 reform.

The former district's communes follow the glossary's mapping to today's communes, each with its
Fatherland Front and four socio-political branches; branch and enterprise names are invented for the
demo. Idempotent: a second run creates nothing. danvan.demo passes the units to the programme demo.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from .models import OrgLevel, OrgType, OrgUnit, Succession

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
# (commune code, code suffix, name)
ENTERPRISES = [
    ("THP", "DN1", "Chi đoàn Công ty may mặc Thạnh Phú (mẫu)"),
    ("TT", "DN2", "Chi đoàn Công ty chế biến gỗ Thiện Tân (mẫu)"),
]


@transaction.atomic
def load_units() -> dict[str, OrgUnit]:
    """Create what is missing of the demo tree; returns every demo unit by code, in the order the tree
    is built: the province, the district, today's communes, then each former commune followed by its
    branches, then the enterprises' youth unions."""
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
