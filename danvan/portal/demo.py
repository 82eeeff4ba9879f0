"""Demo content for a new installation: a district portal's news, images, links and footer.

Every step looks up what it would create first, so running it again adds nothing.
"""

import datetime as dt
import io
from typing import Any

from django.core.files.images import ImageFile
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from danvan.core.dates import VIETNAM
from danvan.core.demo import Report
from danvan.core.models import SiteIdentity, WebsiteLink
from danvan.core.services import (
    child_collection,
    ensure_moderation_workflow,
    ensure_root_and_site,
    ensure_site_staff,
)

from .demo_images import draw_illustration
from .models import ArticlePage, CategoryPage, HomePage

HOME_SLUG = "trang-chu"
DEMO_COLLECTION = "Ảnh minh họa (dữ liệu mẫu)"
PORTRAITS_COLLECTION = "Ảnh lãnh đạo (dữ liệu mẫu)"

IDENTITY = {
    "site_name": "Trang thông tin điện tử huyện Vĩnh Cửu - Đồng Nai",
    "governing_agency": "Ủy ban nhân dân huyện Vĩnh Cửu, tỉnh Đồng Nai",
    "responsible_person": "Bà Võ Thị Hoa",
    "responsible_title": "Phó Chủ tịch UBND huyện Vĩnh Cửu",
    "standing_agency": "Phòng Văn hóa và Thông tin",
    "address": "Khu phố 2, thị trấn Vĩnh An, huyện Vĩnh Cửu, tỉnh Đồng Nai",
    "phone": "(0251) 3861 114",
    "fax": "(0251) 3861 119",
    "email": "ubnd-vc@dongnai.gov.vn",
    "republishing_notice": "® Ghi rõ nguồn “UBND huyện Vĩnh Cửu” khi phát hành lại thông tin từ trang này.",
}

IDENTITY_EN = {
    "site_name_en": "Vinh Cuu District, Dong Nai — information portal",
    "governing_agency_en": "People's Committee of Vinh Cuu District, Dong Nai Province",
    "responsible_person_en": "Ms Vo Thi Hoa",
    "responsible_title_en": "Vice-Chairwoman of the District People's Committee",
    "standing_agency_en": "Culture and Information Office",
    "address_en": "Quarter 2, Vinh An Town, Vinh Cuu District, Dong Nai Province, Viet Nam",
    "republishing_notice_en": "Please credit “Vinh Cuu District People's Committee” when republishing.",
}

LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng thông tin điện tử tỉnh Đồng Nai", "https://dongnai.gov.vn/"),
    ("Ủy ban Trung ương MTTQ Việt Nam", "https://mattran.org.vn/"),
]


def _ensure_home(root: Page, site: Site, report: Report) -> HomePage:
    home: HomePage | None = HomePage.objects.filter(depth=2, locale__language_code="vi").first()
    if home is None:
        home = HomePage(
            title="Trang chủ",
            slug=HOME_SLUG,
            intro="Tin tức về công tác dân vận, Mặt trận và các đoàn thể trên địa bàn.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        report.add("trang chủ")
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = IDENTITY["site_name"]
        site.save()
        # Wagtail's placeholder welcome page has no purpose once the portal's home exists.
        if old_root.depth == 2 and type(old_root.specific) is Page:
            old_root.delete()
    return home


def _ensure_identity(site: Site, report: Report) -> None:
    identity = SiteIdentity.for_site(site)
    if not identity.governing_agency:
        for name, value in IDENTITY.items():
            setattr(identity, name, value)
        identity.save()
        report.add("thông tin cơ quan")
    if not identity.site_name_en:
        for name, value in IDENTITY_EN.items():
            setattr(identity, name, value)
        identity.save()
    if not WebsiteLink.objects.filter(identity=identity).exists():
        for order, (title, url) in enumerate(LINKS):
            WebsiteLink.objects.create(identity=identity, title=title, url=url, sort_order=order)
        report.add("khối liên kết")


def _ensure_image(spec: dict[str, Any], report: Report, demo_collection: Collection) -> Any:
    Image = get_image_model()
    title = f"{spec['alt']} [{spec['key']}]"
    existing = Image.objects.filter(collection=demo_collection, title=title).first()
    if existing:
        return existing
    data = draw_illustration(spec["key"], spec.get("palette", "red"), spec.get("motif", "meeting"))
    image = Image(title=title, collection=demo_collection, description=spec["alt"], credit="Ảnh minh họa")
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{spec['key']}.jpg")
    image.save()
    report.add("ảnh")
    return image


def _body_blocks(
    body: list[tuple[str, Any]], report: Report, collection: Collection
) -> tuple[list[dict[str, Any]], Any]:
    blocks: list[dict[str, Any]] = []
    first_image = None
    for kind, value in body:
        if kind == "p":
            blocks.append({"type": "paragraph", "value": f"<p>{value}</p>"})
        elif kind == "h2":
            blocks.append({"type": "paragraph", "value": f"<h2>{escape(value)}</h2>"})
        elif kind == "ul":
            items = "".join(f"<li>{escape(item)}</li>" for item in value)
            blocks.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        elif kind == "quote":
            blocks.append(
                {"type": "quote", "value": {"text": value["text"], "source": value.get("source", "")}}
            )
        elif kind == "image":
            image = _ensure_image(value, report, collection)
            first_image = first_image or image
            blocks.append(
                {
                    "type": "image",
                    "value": {"image": image.pk, "alt_text": value["alt"], "caption": value["caption"]},
                }
            )
        else:
            raise ValueError(f"unknown demo block kind {kind!r}")
    return blocks, first_image


def load_portal(report: Report) -> HomePage:
    """The portal's part of the demo (danvan.demo composes the whole): the site, its home page,
    the publishing workflow, the agency's identity and pages, the categories and the articles."""
    from . import demo_content

    root, site = ensure_root_and_site()
    home = _ensure_home(root, site, report)
    # The site's editors and approvers, its collection (the demo's images go inside it) and its review
    # workflow; a home that already had the installation's workflow keeps it.
    site_collection = ensure_site_staff(site).collection
    ensure_moderation_workflow(home)
    _ensure_identity(site, report)
    from .demo_agency import load_agency

    images = child_collection(site_collection, DEMO_COLLECTION)
    for kind in load_agency(home, portraits=child_collection(site_collection, PORTRAITS_COLLECTION)):
        report.add(kind)

    categories: dict[str, CategoryPage] = {}
    for spec in demo_content.CATEGORIES:
        category = CategoryPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if category is None:
            category = CategoryPage(
                title=spec["title"], slug=spec["slug"], intro=spec["intro"], show_in_menus=True
            )
            home.add_child(instance=category)
            category.save_revision().publish()
            report.add("chuyên mục")
        categories[spec["slug"]] = category

    for spec in demo_content.ARTICLES:
        parent = categories[spec["category"]]
        if ArticlePage.objects.child_of(parent).filter(slug=spec["slug"]).exists():
            continue
        blocks, first_image = _body_blocks(spec["body"], report, images)
        date = dt.datetime.fromisoformat(spec["date"]).replace(tzinfo=VIETNAM)
        article = ArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            lead=spec["lead"],
            body=blocks,
            author=spec.get("author", ""),
            source=spec.get("source", ""),
            featured=spec.get("featured", False),
            date=date,
            feed_image=first_image,
            first_published_at=date,
        )
        parent.add_child(instance=article)
        article.save_revision().publish()
        report.add("bài viết")

    return home
