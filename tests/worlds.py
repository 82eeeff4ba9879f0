"""Small worlds for tests and benchmarks, built with the factories of tests/factories.py.

``programme_world()`` is a programme 42-CTr/HU for 2023 over the former district Vĩnh Cửu (VC, under
the province DN) with the communes listed in ``COMMUNES``; each commune has the five branches of
``BRANCHES`` (codes ``VC-<commune>-<suffix>``), and Thiện Tân an enterprise youth union
(``VC-TT-DN2``). The codes, names and definitions follow the demo's, so that a test reads like the
workflow it checks; every figure is written below, so that a test's expected value is computed by
hand from them:

- every branch of a kind has the same counts, ``COUNTS`` (eligible, members, attending regularly,
  core members); the enterprise youth union has ``ENTERPRISE_COUNTS``;
- every branch (and the front, MTTQ) is rated ``RATINGS`` of its kind, but ``WEAK_UNIT``, rated weak;
- each commune's two yes/no answers (skilful mobilisation, grassroots democracy) are in ``COMMUNES``.

Phú Lý's (VC-PL) report is open and has no figure; every other commune's is locked.
``programme_users()`` adds the two users of the reporting workflow (xa.phuly enters Phú Lý's figures,
huyen.vinhcuu approves for the district) in ``FIGURES_GROUP``.

``portal_world()`` is the district portal's content (home, categories, articles, the agency page and its
English translation, legal documents, drafts for comment, the site's identity): see its docstring.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession, UnitMembership
from danvan.programmes.models import (
    Comparator,
    DataElement,
    DataSet,
    ElementRule,
    Indicator,
    Period,
    Programme,
    Rating,
    ReportingWindow,
    RuleComparator,
    Submission,
    Target,
)

from .factories import (
    DataElementFactory,
    DataSetFactory,
    DataValueFactory,
    GroupFactory,
    IndicatorFactory,
    OrgLevelFactory,
    OrgTypeFactory,
    OrgUnitFactory,
    PeriodFactory,
    ProgrammeFactory,
    ReportingWindowFactory,
    SubmissionFactory,
    SuccessionFactory,
    TargetFactory,
    TaskGroupFactory,
    UnitMembershipFactory,
    UserFactory,
)

REFORM = dt.date(2025, 7, 1)
BEFORE_REFORM = dt.date(2025, 6, 30)
PROGRAMME = "42-CTr/HU"

LEVELS = [
    ("province", "Tỉnh, thành phố", 1),
    ("district", "Huyện, quận, thị xã", 2),
    ("commune", "Xã, phường, thị trấn", 3),
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
# (code suffix, org type, name before the commune's name)
BRANCHES = [
    ("MTTQ", "fatherland_front", "Ủy ban MTTQ"),
    ("DOAN", "youth_union", "Đoàn"),
    ("PN", "women_union", "Hội Phụ nữ"),
    ("ND", "farmers_association", "Hội Nông dân"),
    ("CCB", "veterans_association", "Hội Cựu chiến binh"),
]
TODAY_UNITS = [
    ("DN-TRIAN", "Xã Trị An"),
    ("DN-TANAN", "Xã Tân An"),
    ("DN-PHULY", "Xã Phú Lý"),
    ("DN-TRANGDAI", "Phường Trảng Dài"),
]
# (code, name in 2023, today's unit, skilful mobilisation, grassroots democracy done well)
COMMUNES = [
    ("VA", "Thị trấn Vĩnh An", "DN-TRIAN", 1, 1),
    ("MD", "Xã Mã Đà", "DN-TRIAN", 1, 0),
    ("PL", "Xã Phú Lý", "DN-PHULY", 0, 0),  # open and empty: its answers are not stored
    ("TT", "Xã Thiện Tân", "DN-TRANGDAI", 0, 1),
    ("VT", "Xã Vĩnh Tân", "DN-TANAN", 1, 1),
]
OPEN_COMMUNE = "PL"
ENTERPRISE = ("VC-TT-DN2", "Chi đoàn Công ty chế biến gỗ Thiện Tân")

# Per branch of a kind: eligible population, members, members attending regularly, core members.
COUNTS = {
    "youth_union": (1000, 470, 350, 210),
    "women_union": (2000, 1860, 1520, 890),
    "farmers_association": (1500, 1350, 1050, 640),
    "veterans_association": (200, 194, 167, 101),
}
ENTERPRISE_COUNTS = (300, 180, 126, 36)
RATINGS = {
    "fatherland_front": Rating.EXCELLENT,
    "youth_union": Rating.GOOD,
    "women_union": Rating.GOOD,
    "farmers_association": Rating.GOOD,
    "veterans_association": Rating.EXCELLENT,
}
WEAK_UNIT = "VC-TT-ND"  # the one organisation rated weak

ELEMENTS = [
    ("eligible_population", "Số người trong độ tuổi", "count"),
    ("members", "Số đoàn viên, hội viên", "count"),
    ("members_attending_regularly", "Số đoàn viên, hội viên sinh hoạt thường xuyên", "count"),
    ("core_members", "Số đoàn viên, hội viên nòng cốt", "count"),
    ("quality_rating", "Xếp loại chất lượng tổ chức cơ sở", "rating"),
    ("skilful_mobilisation", "Đạt tiêu chí “Dân vận khéo”", "boolean"),
    ("democracy_good", "Thực hiện tốt quy chế dân chủ ở cơ sở", "boolean"),
]
# left ≤ right, with the message the entry form and the import show (the tests check it word for word)
RULES = [
    ("members", "eligible_population", "Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi"),
    (
        "members_attending_regularly",
        "members",
        "Số sinh hoạt thường xuyên không được lớn hơn số đoàn viên, hội viên",
    ),
    ("core_members", "members", "Số nòng cốt không được lớn hơn số đoàn viên, hội viên"),
]
COUNT_ELEMENTS = ["eligible_population", "members", "members_attending_regularly", "core_members"]
SOCIO_POLITICAL = ["youth_union", "women_union", "farmers_association", "veterans_association"]
# key, name, kind, numerator, denominator, rating element, org types
INDICATORS = [
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
    "Tuyên truyền nghị quyết của Đảng, pháp luật của Nhà nước; nắm và dự báo tình hình nhân dân.",
    "Thi đua “Dân vận khéo” lồng ghép vào mọi phong trào của địa phương.",
]

FIGURES_GROUP = "Nhập và duyệt số liệu chương trình"
# What the figures group may do: the admin, enter and approve values, read the definitions.
FIGURES_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *(
        ("programmes", f"{action}_{model}")
        for model in ("datavalue", "submission")
        for action in ("view", "add", "change")
    ),
    *(
        ("programmes", f"view_{model}")
        for model in ("programme", "dataset", "dataelement", "indicator", "period")
    ),
]


@dataclass
class ProgrammeWorld:
    programme: Programme
    period: Period
    data_set: DataSet
    window: ReportingWindow
    units: dict[str, OrgUnit]
    elements: dict[str, DataElement]
    indicators: dict[str, Indicator]
    levels: dict[str, OrgLevel]
    types: dict[str, OrgType]
    submissions: dict[str, Submission] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    rules: list[ElementRule] = field(default_factory=list)


def branch_name(prefix: str, commune: str) -> str:
    """'Đoàn xã Phú Lý', 'Hội Phụ nữ thị trấn Vĩnh An', 'Ủy ban MTTQ Phú Lý'."""
    if prefix == "Ủy ban MTTQ":
        return f"{prefix} {commune.removeprefix('Xã ').removeprefix('Thị trấn ')}"
    return f"{prefix} {commune[0].lower()}{commune[1:]}"


def _figures(unit: OrgUnit, type_code: str, commune: tuple[str, str, str, int, int]) -> list[tuple[str, int]]:
    """The values a unit reports (see the module's docstring)."""
    if unit.code == ENTERPRISE[0]:
        return list(zip(COUNT_ELEMENTS, ENTERPRISE_COUNTS, strict=True))
    rows: list[tuple[str, int]] = []
    if type_code in COUNTS:
        rows += list(zip(COUNT_ELEMENTS, COUNTS[type_code], strict=True))
    if type_code in RATINGS:
        rows.append(("quality_rating", int(Rating.WEAK if unit.code == WEAK_UNIT else RATINGS[type_code])))
    if type_code == "administrative":
        rows += [("skilful_mobilisation", commune[3]), ("democracy_good", commune[4])]
    return rows


def programme_world(communes: list[tuple[str, str, str, int, int]] | None = None) -> ProgrammeWorld:
    """Build the world described in the module's docstring (``communes`` defaults to ``COMMUNES``)."""
    communes = COMMUNES if communes is None else communes
    levels = {code: OrgLevelFactory.create(code=code, name=name, rank=rank) for code, name, rank in LEVELS}
    types = {
        code: OrgTypeFactory.create(code=code, name=name, socio_political=sp) for code, name, sp in TYPES
    }
    units: dict[str, OrgUnit] = {}

    def unit(
        code: str, name: str, parent: OrgUnit | None, level: str | None, org_type: str, **dates: Any
    ) -> OrgUnit:
        units[code] = OrgUnitFactory.create(
            code=code,
            name=name,
            parent=parent,
            level=levels[level] if level else None,
            org_type=types[org_type],
            **dates,
        )
        return units[code]

    province = unit("DN", "Tỉnh Đồng Nai", None, "province", "administrative")
    district = unit("VC", "Huyện Vĩnh Cửu", province, "district", "administrative", valid_to=BEFORE_REFORM)
    for code, name in TODAY_UNITS:
        unit(code, name, province, "commune", "administrative", valid_from=REFORM)

    elements = {
        code: DataElementFactory.create(code=code, name=name, value_type=kind)
        for code, name, kind in ELEMENTS
    }
    # The checks between elements, as data (issue 13): a part never more than its whole.
    rules = [
        ElementRule.objects.create(
            left=elements[left], comparator=RuleComparator.LTE, right=elements[right], message=message
        )
        for left, right, message in RULES
    ]
    indicators = {
        key: IndicatorFactory.create(
            key=key,
            name=name,
            kind=kind,
            numerator=elements.get(numerator or ""),
            denominator=elements.get(denominator or ""),
            rating_element=elements.get(rating or ""),
            threshold=Rating.GOOD if rating == "quality_rating" else 1,
            org_types=[types[t] for t in org_types],
        )
        for key, name, kind, numerator, denominator, rating, org_types in INDICATORS
    }
    period = PeriodFactory.create(code="2023")
    programme = ProgrammeFactory.create(
        code=PROGRAMME,
        title="Chương trình công tác dân vận năm 2023",
        issuer="Ban Chấp hành Đảng bộ huyện Vĩnh Cửu",
        motto="Sâu sát - Phù hợp - Thực chất - Đồng thuận",
        root_unit=district,
    )
    targets = [
        TargetFactory.create(
            programme=programme,
            indicator=indicators[key],
            comparator=Comparator(comparator),
            value=Decimal(value),
            scope=types[scope] if scope else None,
            aspirational=aspirational,
            max_weak_units=max_weak,
            sort_order=order,
        )
        for order, (key, comparator, value, scope, aspirational, max_weak) in enumerate(TARGETS)
    ]
    groups = [
        TaskGroupFactory.create(programme=programme, sort_order=order, title=title)
        for order, title in enumerate(TASKS)
    ]
    data_set = DataSetFactory.create(
        code="42-2023-YEARLY",
        name="Báo cáo năm — Chương trình 42-CTr/HU",
        programme=programme,
        elements=list(elements.values()),
        org_types=list(types.values()),
    )
    window = ReportingWindowFactory.create(data_set=data_set, period=period)

    world = ProgrammeWorld(
        programme,
        period,
        data_set,
        window,
        units,
        elements,
        indicators,
        levels,
        types,
        targets=targets,
        rules=rules,
    )
    for commune in communes:
        code, name, today = commune[:3]
        place = unit(f"VC-{code}", name, district, "commune", "administrative", valid_to=BEFORE_REFORM)
        members = [(place, "administrative")]
        for suffix, org_type, prefix in BRANCHES:
            branch = unit(
                f"VC-{code}-{suffix}",
                branch_name(prefix, name),
                place,
                None,
                org_type,
                valid_to=BEFORE_REFORM,
            )
            members.append((branch, org_type))
        if f"VC-{code}" == ENTERPRISE[0].rsplit("-", 1)[0]:
            enterprise = unit(
                ENTERPRISE[0], ENTERPRISE[1], place, None, "enterprise_youth_union", valid_to=BEFORE_REFORM
            )
            members.append((enterprise, "enterprise_youth_union"))
        SuccessionFactory.create(
            predecessor=place,
            successor=units[today],
            kind=Succession.Kind.TRANSFER if today == "DN-PHULY" else Succession.Kind.MERGE,
            effective_on=REFORM,
        )
        is_open = code == OPEN_COMMUNE
        world.submissions[place.code] = SubmissionFactory.create(
            data_set=data_set,
            period=period,
            org_unit=place,
            status=Submission.Status.OPEN if is_open else Submission.Status.LOCKED,
        )
        if is_open:
            continue
        for member, type_code in members:
            for element, value in _figures(member, type_code, commune):
                DataValueFactory.create(
                    element=elements[element], period=period, org_unit=member, value=Decimal(value)
                )
    # The task groups are carried out by the communes (as in the demo): each reports its own progress.
    places = [u for u in units.values() if u.parent_id == district.pk]
    for group in groups:
        group.responsible.set(places)
    return world


def programme_users(password: str = "unused-password-x1") -> dict[str, Any]:
    """xa.phuly (data entry, Phú Lý) and huyen.vinhcuu (approver, the district), in FIGURES_GROUP."""
    group = GroupFactory.create(name=FIGURES_GROUP, permissions=FIGURES_PERMISSIONS)
    users = {}
    for username, unit, role in [
        ("xa.phuly", "VC-PL", UnitMembership.Role.DATA_ENTRY),
        ("huyen.vinhcuu", "VC", UnitMembership.Role.APPROVER),
    ]:
        user = UserFactory.create(username=username, password=password, groups=[group])
        UnitMembershipFactory.create(user=user, org_unit=OrgUnit.objects.get(code=unit), role=role)
        users[username] = user
    return users


# --- the portal: home, categories, articles, the English home and agency page, documents, drafts ------

SITE_NAME = "Trang thông tin điện tử huyện Vĩnh Cửu - Đồng Nai"
SITE_NAME_EN = "District information portal"
LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
]
# (key, title, slug)
CATEGORIES = [
    ("dan-van", "Công tác dân vận", "cong-tac-dan-van"),
    ("hoat-dong", "Tin hoạt động", "tin-hoat-dong"),
]
PROGRAMME_ARTICLE = "chuong-trinh-dan-van-2023"
# (category, slug, title, lead, body paragraph, day of March 2023); every one has "dân" somewhere.
ARTICLES = [
    (
        "dan-van",
        PROGRAMME_ARTICLE,
        "Huyện Vĩnh Cửu triển khai Chương trình công tác dân vận năm 2023",
        "Huyện ủy Vĩnh Cửu, tỉnh Đồng Nai ban hành chương trình công tác dân vận năm 2023.",
        "Chương trình chú trọng thực hiện quy chế dân chủ ở cơ sở và công tác dân tộc, tôn giáo.",
        1,
    ),
    (
        "dan-van",
        "dan-van-kheo-2023",
        "Phong trào thi đua “Dân vận khéo” ở các xã",
        "Các xã đăng ký mô hình dân vận khéo.",
        "Mỗi xã chọn một mô hình gắn với phát triển kinh tế của người dân.",
        2,
    ),
    (
        "dan-van",
        "quy-dinh-moi",
        "Hội nghị phổ biến quy định mới về tiếp công dân",
        "Cán bộ xã được phổ biến quy định mới.",
        "Quy định đề cao trách nhiệm người đứng đầu, phát huy quyền làm chủ và dân chủ của nhân dân.",
        3,
    ),
    (
        "dan-van",
        "dan-van-chinh-quyen",
        "Dân vận chính quyền: cải cách thủ tục hành chính",
        "Ủy ban nhân dân xã rút ngắn thời gian giải quyết hồ sơ.",
        "Người dân được hướng dẫn nộp hồ sơ trực tuyến.",
        4,
    ),
    (
        "dan-van",
        "doi-thoai-nhan-dan",
        "Lãnh đạo huyện đối thoại với nhân dân",
        "Buổi đối thoại tiếp nhận nhiều ý kiến của người dân.",
        "Các kiến nghị được ghi nhận và trả lời tại chỗ.",
        5,
    ),
    (
        "dan-van",
        "giang-sinh-phu-ly",
        "Đoàn xã Phú Lý vui Giáng sinh với thiếu nhi",
        "Đoàn viên tặng quà thiếu nhi có hoàn cảnh khó khăn.",
        "Chương trình có sự tham gia của đông đảo phụ huynh và người dân.",
        6,
    ),
    (
        "hoat-dong",
        "tham-giao-dan",
        "Hội Phụ nữ thăm hỏi gia đình giáo dân",
        "Các chị em thăm hỏi, tặng quà.",
        "Dịp lễ Giáng sinh, Hội Phụ nữ huyện thăm hỏi các gia đình giáo dân khó khăn.",
        20,
    ),
    (
        "hoat-dong",
        "phien-cho-nong-san",
        "Phiên chợ bán nông sản giúp nông dân",
        "Hội Nông dân tổ chức phiên chợ cuối tuần.",
        "Nông dân bán trực tiếp rau quả sạch cho người tiêu dùng.",
        7,
    ),
    (
        "hoat-dong",
        "cuu-chien-binh",
        "Hội Cựu chiến binh giúp dân làm đường",
        "Hội viên góp công làm đường giao thông nông thôn.",
        "Con đường mới giúp người dân đi lại thuận tiện.",
        8,
    ),
    (
        "hoat-dong",
        "mat-tran-xa",
        "Mặt trận xã Trị An vận động quỹ vì người nghèo",
        "Ủy ban MTTQ xã vận động được nhiều tấm lòng hảo tâm.",
        "Quỹ giúp các hộ dân nghèo sửa nhà.",
        9,
    ),
    (
        "hoat-dong",
        "thanh-nien-tinh-nguyen",
        "Thanh niên tình nguyện hè",
        "Đoàn viên ra quân chiến dịch tình nguyện.",
        "Các đội hình hỗ trợ người dân dọn vệ sinh môi trường.",
        10,
    ),
    (
        "hoat-dong",
        "ngay-hoi-dai-doan-ket",
        "Ngày hội Đại đoàn kết toàn dân tộc",
        "Khu dân cư tổ chức ngày hội.",
        "Ngày hội có nhiều hoạt động văn hóa, thể thao của nhân dân.",
        11,
    ),
]
AUTHOR = "Hương Giang"
CAPTION = "Quang cảnh hội nghị triển khai chương trình"
# (number, type code, type name, system, issuer code, issuer name, issued on, title)
DOCUMENTS = [
    (
        "42",
        "CTr",
        "Chương trình",
        "party",
        "HU",
        "Huyện ủy Vĩnh Cửu",
        dt.date(2023, 3, 3),
        "Chương trình công tác dân vận năm 2023",
    ),
    (
        "15",
        "KH",
        "Kế hoạch",
        "state",
        "UBND",
        "Ủy ban nhân dân huyện Vĩnh Cửu",
        dt.date(2023, 4, 10),
        "Kế hoạch thực hiện dân vận chính quyền năm 2023",
    ),
    (
        "88",
        "TB",
        "Thông báo",
        "state",
        "UBND",
        "Ủy ban nhân dân huyện Vĩnh Cửu",
        dt.date(2023, 5, 2),
        "Thông báo lịch tiếp công dân",
    ),
]
GOVERNING_AGENCY_EN = "People's Committee of Vinh Cuu District, Dong Nai Province"
# The agency page's organisation chart: (level, name, English name, phone, email); a level-1 unit sits
# under the level-0 unit before it.
AGENCY_UNITS = [
    (0, "Huyện ủy Vĩnh Cửu", "Vinh Cuu District Party Committee", "", ""),
    (
        1,
        "Ban Dân vận Huyện ủy",
        "Mass Mobilisation Commission",
        "0251 3861 201",
        "bandanvan-vc@example.gov.vn",
    ),
    (0, "Ủy ban nhân dân huyện", "District People's Committee", "0251 3861 114", ""),
    (1, "Phòng Văn hóa và Thông tin", "Culture and Information Office", "0251 3861 116", ""),
]
# Its leaders, each with a photo: (name, position, English position)
AGENCY_LEADERS = [
    ("Nguyễn Văn An", "Chủ tịch UBND huyện", "Chairman of the District People's Committee"),
    ("Võ Thị Hoa", "Phó Chủ tịch UBND huyện", "Vice-Chairwoman of the District People's Committee"),
    ("Lê Văn Bình", "Trưởng Ban Dân vận Huyện ủy", "Head of the Mass Mobilisation Commission"),
]
OPEN_DRAFT = "Dự thảo Quy chế dân chủ ở cơ sở xã Phú Lý"
CLOSED_DRAFT = "Dự thảo Kế hoạch chỉnh trang đô thị thị trấn Vĩnh An"
HIDDEN_DRAFT = "Dự thảo chưa đăng"


@dataclass
class PortalWorld:
    site: Any
    home: Any
    home_en: Any
    categories: dict[str, Any]
    articles: dict[str, Any]
    agency: Any
    agency_en: Any
    documents: list[Any]
    drafts: dict[str, Any]


def portal_world() -> PortalWorld:
    """A district portal: the home, ``CATEGORIES`` with the ``ARTICLES`` (each by ``AUTHOR``, with an
    image captioned ``CAPTION``), the agency page ``/gioi-thieu/`` and the English home ``/en/`` with its
    translation ``/en/about/`` (their chart ``AGENCY_UNITS``, their ``AGENCY_LEADERS``), the ``DOCUMENTS``, and drafts: ``OPEN_DRAFT`` (open, one comment),
    ``CLOSED_DRAFT`` (closed, two comments) and ``HIDDEN_DRAFT`` (not published); the site's identity
    is ``SITE_NAME`` / ``SITE_NAME_EN`` (governed by ``GOVERNING_AGENCY_EN`` in English) with the ``LINKS``. Needs MEDIA_ROOT in a temporary folder."""
    from wagtail.models import Locale, Page

    from danvan.consultations.models import Comment
    from danvan.core.dates import VIETNAM, today_in_vietnam
    from danvan.core.models import SiteIdentity, WebsiteLink
    from danvan.core.services import ensure_root_and_site
    from danvan.portal.models import AgencyLeader, AgencyPage, AgencyUnit

    from .factories import (
        ArticlePageFactory,
        CategoryPageFactory,
        CommentFactory,
        DocumentTypeFactory,
        DraftFactory,
        HomePageFactory,
        ImageFactory,
        IssuerFactory,
        LegalDocumentFactory,
        image_block,
    )

    root, site = ensure_root_and_site()
    home = HomePageFactory.create(parent=root, intro="Tin tức về công tác dân vận trên địa bàn.")
    placeholder = site.root_page  # Wagtail's welcome page, slug "home": the English home takes its place
    if placeholder.depth == 2 and type(placeholder.specific) is Page:
        site.root_page = home
        placeholder.delete()
    site.root_page = home
    site.site_name = SITE_NAME
    site.save()
    identity = SiteIdentity.for_site(site)
    identity.site_name = SITE_NAME
    identity.site_name_en = SITE_NAME_EN
    identity.governing_agency = "Ủy ban nhân dân huyện Vĩnh Cửu, tỉnh Đồng Nai"
    identity.governing_agency_en = GOVERNING_AGENCY_EN
    identity.save()
    for order, (title, url) in enumerate(LINKS):
        WebsiteLink.objects.create(identity=identity, title=title, url=url, sort_order=order)

    categories = {
        key: CategoryPageFactory.create(parent=home, title=title, slug=slug)
        for key, title, slug in CATEGORIES
    }
    image = ImageFactory.create(title="Hội nghị", description=CAPTION)
    articles = {
        slug: ArticlePageFactory.create(
            parent=categories[category],
            slug=slug,
            title=title,
            lead=lead,
            author=AUTHOR,
            date=dt.datetime(2023, 3, day, 8, 0, tzinfo=VIETNAM),
            feed_image=image,
            body=[
                {"type": "paragraph", "value": f"<p>{body}</p>"},
                image_block(image, alt="Quang cảnh hội nghị", caption=CAPTION),
            ],
        )
        for category, slug, title, lead, body, day in ARTICLES
    }

    agency = AgencyPage(
        title="Giới thiệu",
        slug="gioi-thieu",
        show_in_menus=True,
        intro="Ban Dân vận Huyện ủy là cơ quan tham mưu của Huyện ủy.",
        functions="<p>Tham mưu về công tác dân vận.</p>",
    )
    for order, (level, name, _en, phone, email) in enumerate(AGENCY_UNITS):
        agency.units.add(AgencyUnit(sort_order=order, level=level, name=name, phone=phone, email=email))
    for order, (name, position, _en) in enumerate(AGENCY_LEADERS):
        photo = ImageFactory.create(title=name, description=name)
        agency.leaders.add(AgencyLeader(sort_order=order, name=name, position=position, photo=photo))
    home.add_child(instance=agency)
    agency.save_revision().publish()
    english, _ = Locale.objects.get_or_create(language_code="en")
    home_en = home.copy_for_translation(english).specific
    home_en.title, home_en.intro, home_en.slug = "Home", "News of the district.", "home"
    home_en.save_revision().publish()
    agency_en = agency.copy_for_translation(english).specific
    agency_en.title, agency_en.slug = "About us", "about"
    agency_en.intro = "The Commission for Mass Mobilisation advises the District Party Committee."
    units = list(agency_en.units.all())
    for unit, (*_vi, name_en, _phone, _email) in zip(units, AGENCY_UNITS, strict=True):
        unit.name = name_en
    leaders = list(agency_en.leaders.all())
    for leader, (_name, _position, position_en) in zip(leaders, AGENCY_LEADERS, strict=True):
        leader.position = position_en
    agency_en.units.set(units)
    agency_en.leaders.set(leaders)
    agency_en.save_revision().publish()

    documents = [
        LegalDocumentFactory.create(
            number=number,
            type=DocumentTypeFactory.create(code=code, name=name, system=system),
            issuer=IssuerFactory.create(code=issuer, name=issuer_name),
            issued_on=issued_on,
            title=title,
        )
        for number, code, name, system, issuer, issuer_name, issued_on, title in DOCUMENTS
    ]
    today = today_in_vietnam()
    drafts = {
        OPEN_DRAFT: DraftFactory.create(title=OPEN_DRAFT, issuer=documents[1].issuer),
        CLOSED_DRAFT: DraftFactory.create(
            title=CLOSED_DRAFT,
            opens_on=today - dt.timedelta(days=40),
            closes_on=today - dt.timedelta(days=10),
        ),
        HIDDEN_DRAFT: DraftFactory.create(title=HIDDEN_DRAFT, published=False),
    }
    CommentFactory.create(draft=drafts[OPEN_DRAFT], status=Comment.Status.PUBLISHED)
    for author in ("Trần Thị Bình", "Lê Văn Cường"):
        CommentFactory.create(draft=drafts[CLOSED_DRAFT], author_name=author, status=Comment.Status.PUBLISHED)
    return PortalWorld(
        site=site,
        home=home,
        home_en=home_en,
        categories=categories,
        articles=articles,
        agency=agency,
        agency_en=agency_en,
        documents=documents,
        drafts=drafts,
    )


# --- the document library: kinds in both systems, statuses, a replacement, an amendment ----------------

PARTY_ISSUER = ("HU", "Huyện ủy Vĩnh Cửu")
STATE_ISSUER = ("UBND", "Ủy ban nhân dân huyện Vĩnh Cửu")
# (number, type code, type name, system, issuer, issued on, status, title); "Kế hoạch" (KH) is a kind of
# both systems. 42-CTr/HU replaces 35-CTr/HU, 1490/QĐ-UBND amends 1250/QĐ-UBND (see ``library_world``).
LIBRARY = [
    ("42", "CTr", "Chương trình", "party", PARTY_ISSUER, dt.date(2023, 3, 3), "expired",
     "Chương trình công tác dân vận năm 2023"),
    ("35", "CTr", "Chương trình", "party", PARTY_ISSUER, dt.date(2022, 2, 18), "replaced",
     "Chương trình công tác dân vận năm 2022"),
    ("08", "KH", "Kế hoạch", "party", PARTY_ISSUER, dt.date(2023, 4, 10), "in_force",
     "Kế hoạch thực hiện dân chủ ở cơ sở năm 2023"),
    ("1250", "QĐ", "Quyết định", "state", STATE_ISSUER, dt.date(2023, 6, 20), "amended",
     "Quyết định ban hành quy chế tiếp công dân của huyện"),
    ("1490", "QĐ", "Quyết định", "state", STATE_ISSUER, dt.date(2023, 9, 5), "in_force",
     "Quyết định sửa đổi quy chế tiếp công dân"),
    ("356", "CV", "Công văn", "state", STATE_ISSUER, dt.date(2023, 7, 11), "in_force",
     "Công văn về công khai dự toán ngân sách ở xã"),
    ("88", "TB", "Thông báo", "state", STATE_ISSUER, dt.date(2024, 3, 1), "in_force",
     "Thông báo lịch tiếp công dân quý II"),
    ("140", "KH", "Kế hoạch", "state", STATE_ISSUER, dt.date(2022, 4, 22), "expired",
     "Kế hoạch dân vận chính quyền năm 2022"),
]  # fmt: skip


def library_world(related_article: Any = None) -> dict[str, Any]:
    """The ``LIBRARY`` documents, by symbol: 42-CTr/HU replaces 35-CTr/HU and links to
    ``related_article`` (if given), 1490/QĐ-UBND amends 1250/QĐ-UBND. No files are attached."""
    from .factories import DocumentTypeFactory, IssuerFactory, LegalDocumentFactory

    documents = {}
    for number, code, name, system, (issuer, issuer_name), issued_on, status, title in LIBRARY:
        document = LegalDocumentFactory.create(
            number=number,
            type=DocumentTypeFactory.create(code=code, name=name, system=system),
            issuer=IssuerFactory.create(code=issuer, name=issuer_name),
            issued_on=issued_on,
            effective_on=issued_on,
            status=status,
            title=title,
        )
        documents[document.symbol] = document
    programme = documents["42-CTr/HU"]
    programme.replaces = documents["35-CTr/HU"]
    programme.save()
    if related_article is not None:
        programme.related_articles.add(related_article)
    documents["1490/QĐ-UBND"].amends.add(documents["1250/QĐ-UBND"])
    return documents
