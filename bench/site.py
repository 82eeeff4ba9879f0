"""The benchmark's site: a home, a category, the two measured articles and ~30 others.

Built with the test factories (tests/factories.py) in a freshly migrated database. Bodies and
leads are of a realistic length, listings have a feed image per article, and both measured
articles have the same related links, so that they differ only in their number of images.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from danvan.core.models import SiteIdentity, WebsiteLink
from danvan.core.services import ensure_root_and_site  # infrastructure: root, locale, site
from danvan.portal.models import ArticlePage, ArticleRelatedLink, CategoryPage, HomePage
from tests.factories import (
    ArticlePageFactory,
    CategoryPageFactory,
    HomePageFactory,
    ImageFactory,
    image_block,
)

PARAGRAPH = (
    "<p>Thực hiện Chương trình công tác dân vận năm 2023, Ban Dân vận Huyện ủy phối hợp với Ủy ban "
    "Mặt trận Tổ quốc Việt Nam huyện và các đoàn thể chính trị - xã hội tổ chức hội nghị triển khai "
    "các nhiệm vụ trọng tâm, gắn với phong trào thi đua <b>“Dân vận khéo”</b> ở cơ sở. Hội nghị đã "
    "nhìn lại việc bảo đảm dân chủ ở cơ sở, công tác tiếp công dân, giải quyết khiếu "
    "nại, tố cáo và những kiến nghị chính đáng của Nhân dân; đồng thời đề ra giải pháp nâng cao "
    "chất lượng hoạt động của các khối dân vận, tổ dân vận ở khu phố, ấp.</p>"
)
LEAD = (
    "Sáng nay, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm, "
    "triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2023 với sự tham dự của đại diện các xã, thị trấn."
)
QUOTE = {
    "type": "quote",
    "value": {
        "text": "Dễ trăm lần không dân cũng chịu, khó vạn lần dân liệu cũng xong.",
        "source": "Hồ Chí Minh",
    },
}


# The site identity and its website links: the same values as the demo's, written here so that the
# benchmark's page stays the same whatever the demo content becomes.
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
LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng thông tin điện tử tỉnh Đồng Nai", "https://dongnai.gov.vn/"),
    ("Ủy ban Trung ương MTTQ Việt Nam", "https://mattran.org.vn/"),
]


def _paragraph() -> dict[str, Any]:
    return {"type": "paragraph", "value": PARAGRAPH}


@dataclass
class BenchSite:
    home: HomePage
    category: CategoryPage
    article_1: ArticlePage
    article_20: ArticlePage
    other_articles: int
    images: int


def _identity(site: Any) -> None:
    identity = SiteIdentity.for_site(site)
    for name, value in IDENTITY.items():
        setattr(identity, name, value)
    identity.save()
    for order, (title, url) in enumerate(LINKS):
        WebsiteLink.objects.create(identity=identity, title=title, url=url, sort_order=order)


@transaction.atomic
def build(*, other_articles: int = 30, feed_images: bool = True, related_links: bool = True) -> BenchSite:
    root, site = ensure_root_and_site()
    home = HomePageFactory.create(
        parent=root, intro="Tin tức về công tác dân vận, Mặt trận và các đoàn thể trên địa bàn."
    )
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.depth == 2 and old_root.pk != home.pk:  # Wagtail's placeholder welcome page
        old_root.delete()
    _identity(site)

    category = CategoryPageFactory.create(
        parent=home,
        title="Công tác dân vận",
        slug="cong-tac-dan-van",
        intro="Hoạt động dân vận của các cơ quan, đoàn thể và chính quyền.",
    )
    images = 0
    others = []
    for n in range(other_articles):
        image = ImageFactory.create(credit="Hương Giang") if feed_images else None
        images += feed_images
        others.append(
            ArticlePageFactory.create(
                parent=category,
                lead=LEAD,
                body=[_paragraph() for _ in range(4)],
                feed_image=image if feed_images else None,
                featured=n % 10 == 0,
            )
        )

    one_images = [ImageFactory.create(credit="Hương Giang")]
    body_1: list[dict[str, Any]] = [_paragraph(), image_block(one_images[0]), _paragraph(), QUOTE]
    body_1 += [_paragraph() for _ in range(4)]
    article_1 = ArticlePageFactory.create(
        parent=category,
        title="Hội nghị sơ kết công tác dân vận (1 ảnh)",
        slug="bai-mot-anh",
        lead=LEAD,
        body=body_1,
        feed_image=one_images[0] if feed_images else None,
    )

    twenty_images = [ImageFactory.create(credit="Hương Giang") for _ in range(20)]
    body_20: list[dict[str, Any]] = [QUOTE]
    for image in twenty_images:
        body_20 += [_paragraph(), image_block(image)]
    article_20 = ArticlePageFactory.create(
        parent=category,
        title="Phóng sự ảnh: Ngày hội Đại đoàn kết toàn dân tộc (20 ảnh)",
        slug="bai-hai-muoi-anh",
        lead=LEAD,
        body=body_20,
        feed_image=twenty_images[0] if feed_images else None,
    )
    images += len(one_images) + len(twenty_images)

    # The same two editor-chosen related articles on both, so that only the images differ.
    for article in (article_1, article_20):
        for order, related in enumerate(others[:2] if related_links else []):
            ArticleRelatedLink.objects.create(article=article, page=related, sort_order=order)

    return BenchSite(
        home=home,
        category=category,
        article_1=article_1,
        article_20=article_20,
        other_articles=len(others),
        images=images,
    )
