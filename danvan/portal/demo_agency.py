"""Demo agency pages — the Vietnamese page and its English translation under /en/.

The structure follows a district's political system before the 2025 reform. Leaders' names are
invented for the demo (the page says so); texts are written for this project.
"""

import io
from typing import Any

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from .demo_images import draw_portrait
from .models import AgencyLeader, AgencyPage, AgencyUnit, HomePage

AGENCY_SLUG = "gioi-thieu"

HOME_EN = {
    "title": "Home",
    "intro": (
        "Official information from Vinh Cuu District, Dong Nai Province: who we are, how the district's "
        "political system is organised, its leaders and how to reach them. News and legal documents "
        "are published in Vietnamese."
    ),
}

AGENCY_VI: dict[str, Any] = {
    "title": "Giới thiệu",
    "intro": (
        "Trang này giới thiệu hệ thống chính trị của huyện Vĩnh Cửu: chức năng, nhiệm vụ của các cơ quan, "
        "sơ đồ tổ chức, lãnh đạo và đầu mối liên hệ."
    ),
    "functions": (
        "<p>Ủy ban nhân dân huyện là cơ quan hành chính nhà nước ở địa phương, tổ chức thi hành Hiến pháp, "
        "pháp luật và nghị quyết của Hội đồng nhân dân huyện.</p>"
        "<ul><li>Quản lý nhà nước về kinh tế - xã hội, quốc phòng, an ninh trên địa bàn;</li>"
        "<li>Bảo đảm thực hiện quy chế dân chủ ở cơ sở và công khai thông tin cho người dân;</li>"
        "<li>Phối hợp với Mặt trận Tổ quốc và các đoàn thể trong công tác dân vận chính quyền;</li>"
        "<li>Tiếp công dân, giải quyết kiến nghị, khiếu nại, tố cáo theo quy định.</li></ul>"
    ),
    "structure_intro": (
        "<p>Sơ đồ dưới đây trình bày các cơ quan chính của hệ thống chính trị huyện và các đơn vị "
        "trực thuộc liên quan đến công tác dân vận.</p>"
    ),
    "contacts_note": (
        "<p><em>Tên và thông tin liên hệ của lãnh đạo trên trang này là dữ liệu mẫu của phần mềm.</em></p>"
    ),
}

AGENCY_EN: dict[str, Any] = {
    "title": "About us",
    "slug": "about",
    "intro": (
        "This page presents the political system of Vinh Cuu District: the duties of its bodies, the "
        "organisation chart, the leaders and whom to contact."
    ),
    "functions": (
        "<p>The District People's Committee is the local body of State administration. It implements the "
        "Constitution, the law and the resolutions of the District People's Council.</p>"
        "<ul><li>Manages economic and social affairs, defence and security in the district;</li>"
        "<li>Makes sure grassroots democracy works and that information is disclosed to residents;</li>"
        "<li>Works with the Fatherland Front and the mass organisations on mass mobilisation;</li>"
        "<li>Receives citizens and settles their petitions, complaints and denunciations as the law "
        "provides.</li></ul>"
    ),
    "structure_intro": (
        "<p>The chart shows the main bodies of the district's political system and the units that take "
        "part in mass mobilisation work.</p>"
    ),
    "contacts_note": "<p><em>Leaders' names and contact details on this page are sample data.</em></p>",
}

# (level, Vietnamese name, English name, head vi, head en, duties vi, duties en, phone, email)
UNITS = [
    (0, "Huyện ủy Vĩnh Cửu", "Vinh Cuu District Party Committee", "", "", "", "", "", ""),
    (
        1,
        "Ban Dân vận Huyện ủy",
        "Mass Mobilisation Commission",
        "Lê Văn Bình (Trưởng ban)",
        "Le Van Binh (Head)",
        "Tham mưu về công tác dân vận, theo dõi phong trào thi đua “Dân vận khéo”.",
        "Advises on mass mobilisation and follows the “Skilful Mass Mobilisation” movement.",
        "(0251) 3861 201",
        "bandanvan-vc@example.gov.vn",
    ),
    (
        1,
        "Ban Tuyên giáo Huyện ủy",
        "Propaganda and Education Commission",
        "",
        "",
        "Tuyên truyền chủ trương, đường lối của Đảng.",
        "Explains the Party's policies to the public.",
        "(0251) 3861 202",
        "",
    ),
    (0, "Ủy ban nhân dân huyện", "District People's Committee", "", "", "", "", "(0251) 3861 114", ""),
    (
        1,
        "Văn phòng HĐND và UBND huyện",
        "Office of the People's Council and Committee",
        "Phạm Thị Cúc (Chánh Văn phòng)",
        "Pham Thi Cuc (Chief of Office)",
        "Tiếp nhận văn bản, tổ chức tiếp công dân.",
        "Receives documents and organises citizen reception.",
        "(0251) 3861 115",
        "vanphong-vc@example.gov.vn",
    ),
    (
        1,
        "Phòng Văn hóa và Thông tin",
        "Culture and Information Office",
        "Trần Minh Đức (Trưởng phòng)",
        "Tran Minh Duc (Head)",
        "Thường trực quản lý Trang thông tin điện tử.",
        "Runs this website day to day.",
        "(0251) 3861 116",
        "vhtt-vc@example.gov.vn",
    ),
    (
        0,
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        "District Committee of the Viet Nam Fatherland Front",
        "",
        "",
        "Tập hợp các đoàn thể, giám sát và phản biện xã hội.",
        "Brings the mass organisations together; social supervision and critique.",
        "(0251) 3861 210",
        "mttq-vc@example.gov.vn",
    ),
    (1, "Hội Liên hiệp Phụ nữ huyện", "Women's Union", "", "", "", "", "(0251) 3861 211", ""),
    (1, "Hội Nông dân huyện", "Farmers' Association", "", "", "", "", "(0251) 3861 212", ""),
    (1, "Hội Cựu chiến binh huyện", "Veterans' Association", "", "", "", "", "", ""),
    (1, "Huyện đoàn", "Ho Chi Minh Communist Youth Union", "", "", "", "", "(0251) 3861 214", ""),
]

# (name, position vi, position en, phone, email)
LEADERS = [
    (
        "Nguyễn Văn An",
        "Chủ tịch UBND huyện",
        "Chairman of the District People's Committee",
        "(0251) 3861 100",
        "chutich-vc@example.gov.vn",
    ),
    (
        "Võ Thị Hoa",
        "Phó Chủ tịch UBND huyện",
        "Vice-Chairwoman of the District People's Committee",
        "(0251) 3861 101",
        "pct-vc@example.gov.vn",
    ),
    (
        "Lê Văn Bình",
        "Trưởng Ban Dân vận Huyện ủy",
        "Head of the Mass Mobilisation Commission",
        "(0251) 3861 201",
        "bandanvan-vc@example.gov.vn",
    ),
]


def _portrait(key: str, name: str, collection: Collection) -> Any:
    Image = get_image_model()
    title = f"{name} [{key}]"
    image = Image.objects.filter(collection=collection, title=title).first()
    if image is None:
        image = Image(title=title, collection=collection, description=name, credit="Ảnh minh họa")
        image.file = ImageFile(io.BytesIO(draw_portrait(key)), name=f"demo-{key}.jpg")
        image.save()
    return image


def load_agency(home: HomePage, *, portraits: Collection) -> list[str]:
    """Create what is missing: the Vietnamese agency page, the English home and its translation."""
    created: list[str] = []
    agency = AgencyPage.objects.child_of(home).first()
    if agency is None:
        agency = AgencyPage(slug=AGENCY_SLUG, show_in_menus=True, **AGENCY_VI)
        for order, (level, name, _, head, _h, duties, _d, phone, email) in enumerate(UNITS):
            agency.units.add(
                AgencyUnit(
                    sort_order=order,
                    level=level,
                    name=name,
                    head=head,
                    duties=duties,
                    phone=phone,
                    email=email,
                )
            )
        for order, (name, position, _, phone, email) in enumerate(LEADERS):
            agency.leaders.add(
                AgencyLeader(
                    sort_order=order,
                    name=name,
                    position=position,
                    phone=phone,
                    email=email,
                    photo=_portrait(f"leader-{order}", name, portraits),
                )
            )
        home.add_child(instance=agency)
        agency.save_revision().publish()
        created.append("trang giới thiệu")

    english, _ = Locale.objects.get_or_create(language_code="en")
    home_en = home.get_translation_or_none(english)
    if home_en is None:
        home_en = home.copy_for_translation(english).specific
        home_en.title, home_en.intro, home_en.slug = HOME_EN["title"], HOME_EN["intro"], "home"
        home_en.save_revision().publish()
        created.append("trang chủ tiếng Anh")

    if agency.get_translation_or_none(english) is None:
        agency_en = agency.copy_for_translation(english).specific
        for name in ("title", "slug", "intro", "functions", "structure_intro", "contacts_note"):
            setattr(agency_en, name, AGENCY_EN[name])
        units = list(agency_en.units.all())
        for unit, (_, _, name_en, _, head_en, _, duties_en, _, _) in zip(units, UNITS, strict=True):
            unit.name, unit.head, unit.duties = name_en, head_en, duties_en
        leaders = list(agency_en.leaders.all())
        for leader, (_, _, position_en, _, _) in zip(leaders, LEADERS, strict=True):
            leader.position = position_en
        agency_en.units.set(units)
        agency_en.leaders.set(leaders)
        agency_en.save_revision().publish()
        created.append("trang giới thiệu tiếng Anh")
    return created
