import re
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import SiteIdentity

from .factories import ArticlePageFactory, ImageFactory, image_block

pytestmark = pytest.mark.django_db


def test_home_lists_articles_and_categories(client: Client, article: Any, category: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html
    assert f'href="{category.url}"' in html
    assert 'lang="vi"' in html


def test_article_shows_figure_with_caption_alt_and_600px_rendition(
    client: Client, category: Any, media_root: Any
) -> None:
    image = ImageFactory.create()
    article = ArticlePageFactory.create(
        parent=category,
        body=[image_block(image, alt="Đại biểu dự hội nghị", caption="Quang cảnh hội nghị")],
    )
    html = client.get(article.url).content.decode()
    figure = re.search(r"<figure class=\"figure\">(.*?)</figure>", html, re.S)
    assert figure, html
    assert 'alt="Đại biểu dự hội nghị"' in figure.group(1)
    assert "<figcaption>Quang cảnh hội nghị" in figure.group(1)
    src = re.search(r'src="([^"]+)"', figure.group(1))
    assert src and ".width-600." in src.group(1)
    srcset = re.search(r'srcset="([^"]+)"', figure.group(1))
    assert srcset and "600w" in srcset.group(1) and "400w" in srcset.group(1)


def test_article_has_byline_date_category_print_button_and_credit(client: Client, article: Any) -> None:
    html = client.get(article.url).content.decode()
    assert "Hương Giang" in html
    assert 'class="article__category"' in html and "Công tác dân vận" in html
    assert 'datetime="' in html
    assert "data-print" in html
    assert 'rel="canonical"' in html and 'property="og:title"' in html


def test_related_articles_come_from_the_same_category(client: Client, category: Any, article: Any) -> None:
    sibling = ArticlePageFactory.create(parent=category, title="Bài cùng chuyên mục")
    html = client.get(article.url).content.decode()
    assert sibling.title in html


@pytest.mark.parametrize("page_param", ["abc", "-1", "0", "1e3", "", "１", "²", "1²", "٣"])
def test_bad_page_numbers_give_the_first_page(
    client: Client, category: Any, article: Any, page_param: str
) -> None:
    response = client.get(category.url, {"page": page_param})
    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_page_number_past_the_end_is_404(client: Client, category: Any, article: Any) -> None:
    assert client.get(category.url, {"page": "99999"}).status_code == 404
    assert client.get(category.url, {"page": "9" * 40}).status_code == 200  # absurd → first page


def test_category_paginates_ten_per_page(client: Client, category: Any) -> None:
    for _ in range(12):
        ArticlePageFactory.create(parent=category)
    first = client.get(category.url).content.decode()
    second = client.get(category.url, {"page": "2"}).content.decode()
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 2
    assert "Trang 2/2" in second


def test_monthly_archive_lists_that_month_only(client: Client, category: Any, home: Any) -> None:
    import datetime as dt

    from danvan.core.dates import VIETNAM

    march = ArticlePageFactory.create(
        parent=category, title="Tin tháng ba", date=dt.datetime(2023, 3, 31, 23, 0, tzinfo=VIETNAM)
    )
    april = ArticlePageFactory.create(
        parent=category, title="Tin tháng tư", date=dt.datetime(2023, 4, 1, 0, 30, tzinfo=VIETNAM)
    )
    html = client.get(f"{home.url}luu-tru/2023/3/").content.decode()
    assert march.title in html and april.title not in html
    assert client.get(f"{home.url}luu-tru/2023/13/").status_code == 404


def test_unknown_url_gets_a_vietnamese_404(client: Client, home: Any) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_draft_is_404_for_anonymous_visitors(client: Client, category: Any) -> None:
    draft = ArticlePageFactory.create(parent=category, live=False, slug="ban-nhap")
    assert client.get(f"{category.url}ban-nhap/").status_code == 404
    assert draft.title not in client.get(category.url).content.decode()


def test_user_text_is_escaped_everywhere(client: Client, site: Any, category: Any, media_root: Any) -> None:
    identity = SiteIdentity.for_site(site)
    identity.address = '<script>alert("địa chỉ")</script>'
    identity.site_name = 'Trang "thử" <b>'
    identity.save()
    image = ImageFactory.create()
    article = ArticlePageFactory.create(
        parent=category,
        title='<script>alert("tiêu đề")</script>',
        lead='Sapô "có ngoặc" <img src=x onerror=alert(1)>',
        body=[
            image_block(
                image, alt='"><script>alert(1)</script>', caption="<script>alert('chú thích')</script>"
            )
        ],
    )
    html = client.get(article.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;tiêu đề&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Trang &quot;thử&quot; &lt;b&gt;" in html


def test_several_sites_show_their_own_agency_details(client: Client, site: Any, home: Any) -> None:
    from wagtail.models import Site

    from .factories import HomePageFactory

    commune_home = HomePageFactory.create(parent=home.get_parent(), slug="xa-tri-an", title="Xã Trị An")
    commune = Site.objects.create(hostname="trian.example", port=80, root_page=commune_home)
    SiteIdentity.objects.update_or_create(site=site, defaults={"governing_agency": "UBND tỉnh Đồng Nai"})
    SiteIdentity.objects.update_or_create(site=commune, defaults={"governing_agency": "UBND xã Trị An"})
    main_html = client.get("/", HTTP_HOST="localhost").content.decode()
    commune_html = client.get("/", HTTP_HOST="trian.example").content.decode()
    assert "UBND tỉnh Đồng Nai" in main_html and "UBND xã Trị An" not in main_html
    assert "UBND xã Trị An" in commune_html and "UBND tỉnh Đồng Nai" not in commune_html


def test_website_links_open_safely_in_order(client: Client, site: Any, home: Any) -> None:
    from danvan.core.models import WebsiteLink

    identity = SiteIdentity.for_site(site)
    WebsiteLink.objects.create(identity=identity, title="Thứ hai", url="https://b.example/", sort_order=2)
    WebsiteLink.objects.create(identity=identity, title="Thứ nhất", url="https://a.example/", sort_order=1)
    html = client.get("/").content.decode()
    assert html.index("Thứ nhất") < html.index("Thứ hai")
    assert re.search(r'<a href="https://a.example/" rel="noopener"', html)


def test_header_shows_today_in_vietnam_and_the_theme_buttons(client: Client, home: Any) -> None:
    from danvan.core.dates import header_date, today_in_vietnam

    html = client.get("/").content.decode()
    assert header_date(today_in_vietnam()) in html
    for name in ("Màu đỏ", "Màu xanh nước biển", "Màu vàng", "Màu xanh lá cây"):
        assert name in html
    assert html.count("data-theme-choice=") == 4
