"""Agency pages (functions, chart, leaders, contacts) and the English pages under /en/, on
tests/worlds.py's portal world (the demo only for its own idempotence)."""

import re
from typing import Any

import pytest
from django.test import Client
from wagtail.models import Locale

from danvan.core.dates import header_date
from danvan.demo import load_demo
from danvan.portal import selectors
from danvan.portal.models import AgencyLeader, AgencyPage, AgencyUnit, HomePage

from .worlds import AGENCY_LEADERS, SITE_NAME_EN, PortalWorld, portal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(media_root: Any) -> PortalWorld:
    return portal_world()


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def _switch_links(html: str) -> list[tuple[str, str, str]]:
    nav = html.split('class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+">([^<]+)</a>', nav)


def test_english_home_and_agency_pages_are_english(portal: PortalWorld, client: Client) -> None:
    home_en = client.get("/en/")
    assert home_en.status_code == 200
    html = home_en.content.decode()
    assert '<html lang="en"' in html
    assert SITE_NAME_EN in html  # site_name_en in the header
    assert "People&#x27;s Committee of Vinh Cuu District" in html  # footer, English field
    assert ">Home<" in html and "Bỏ qua, đến nội dung chính" not in html  # chrome translated
    assert 'href="/en/about/"' in html  # the English home presents its sections
    # The links block keeps Vietnamese titles: marked as Vietnamese for screen readers.
    assert 'target="_blank" lang="vi">Cổng thông tin điện tử Chính phủ' in html

    about = client.get("/en/about/")
    assert about.status_code == 200
    text = about.content.decode()
    assert '<html lang="en"' in text
    for expected in (
        "About us",
        "Mass Mobilisation Commission",
        "Head of the Mass Mobilisation Commission",
        "Organisation chart",
        "Leaders",
        "Contacts",
        "bandanvan-vc@example.gov.vn",
    ):
        assert expected in text, expected
    assert "Trưởng Ban Dân vận Huyện ủy" not in text


def test_vietnamese_pages_stay_vietnamese(portal: PortalWorld, client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Bỏ qua, đến nội dung chính" in html
    # An Accept-Language header does not turn the Vietnamese URLs into English ones.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi"' in other.get("/gioi-thieu/").content.decode()


def test_hreflang_and_language_switch_link_the_translations(portal: PortalWorld, client: Client) -> None:
    vi = client.get("/gioi-thieu/").content.decode()
    alternates = _alternates(vi)
    assert alternates["vi"].endswith("/gioi-thieu/")
    assert alternates["en"].endswith("/en/about/")
    assert alternates["x-default"] == alternates["vi"]
    assert _switch_links(vi) == [("/en/about/", "en", "English")]

    en = client.get("/en/about/").content.decode()
    assert _alternates(en) == alternates  # the same set from both sides
    assert _switch_links(en) == [("/gioi-thieu/", "vi", "Tiếng Việt")]


def test_page_without_translation_switches_to_the_english_home(portal: PortalWorld, client: Client) -> None:
    category = portal.home.get_children().live().exclude(slug="gioi-thieu").first()
    assert category is not None
    html = client.get(category.url).content.decode()
    assert _alternates(html) == {}  # no translation: no hreflang pair to announce
    assert _switch_links(html) == [("/en/", "en", "English")]
    documents = client.get("/van-ban/").content.decode()
    assert _switch_links(documents) == [("/en/", "en", "English")]


def test_english_menu_has_the_english_pages_only(portal: PortalWorld, client: Client) -> None:
    html = client.get("/en/").content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"<a href=\"([^\"]+)\"", nav) == ["/en/", "/en/about/"]


def test_header_date_follows_the_language() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 26)  # a Thursday
    assert header_date(day) == "Thứ Năm, 26/11/2026"
    assert header_date(day, "en") == "Thursday, 26/11/2026"


def test_agency_page_sections_and_escaping(portal: PortalWorld, client: Client) -> None:
    agency = AgencyPage.objects.get(locale__language_code="vi")
    leader = agency.leaders.first()
    assert isinstance(leader, AgencyLeader)
    leader.name = "<script>alert(1)</script> Trần Văn X"
    leader.save()
    agency.save_revision().publish()
    html = client.get("/gioi-thieu/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Trần Văn X" in html
    for anchor in ("functions", "structure", "leaders", "contacts"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    # Every leader has a photo whose alt text is the name.
    assert html.count('class="leader__photo"') == agency.leaders.count() == len(AGENCY_LEADERS) == 3
    assert 'alt="Võ Thị Hoa"' in html


def test_org_chart_is_built_from_order_and_level() -> None:
    def unit(level: int, name: str) -> AgencyUnit:
        return AgencyUnit(level=level, name=name)

    chart = selectors.org_chart(
        [
            unit(0, "A"),
            unit(1, "A1"),
            unit(2, "A1a"),
            unit(1, "A2"),
            unit(0, "B"),
            unit(3, "B1"),
            unit(1, "B2"),
        ]
    )

    def shape(nodes: list[Any]) -> list[Any]:
        return [(n.unit.name, shape(n.children)) for n in nodes]

    # B1's level 3 right under a level-0 unit is read as level 1: it is not lost.
    assert shape(chart) == [
        ("A", [("A1", [("A1a", [])]), ("A2", [])]),
        ("B", [("B1", []), ("B2", [])]),
    ]


def test_org_chart_nested_lists_on_the_page(portal: PortalWorld, client: Client) -> None:
    html = client.get("/gioi-thieu/").content.decode()
    chart = html.split('class="org-chart"', 1)[1].split("</section>", 1)[0]
    # 4 top-level bodies, each a list item; the commission sits inside the Party committee's item.
    party = chart.index("Huyện ủy Vĩnh Cửu")
    commission = chart.index("Ban Dân vận Huyện ủy")
    committee = chart.index("Ủy ban nhân dân huyện")
    assert party < commission < committee
    assert chart[party:commission].count("<ul") == 1  # one level down


def test_demo_agency_is_idempotent(demo: HomePage) -> None:
    pages = AgencyPage.objects.count()
    homes = HomePage.objects.count()
    load_demo()
    assert (AgencyPage.objects.count(), HomePage.objects.count()) == (pages, homes) == (2, 2)
    assert Locale.objects.filter(language_code="en").exists()


def test_english_pages_are_counted_by_the_visit_beacon(portal: PortalWorld, client: Client) -> None:
    import json

    for path, expected in (("/en/about/", 204), ("/en/", 204), ("/en/nope/", 400)):
        response = client.post(
            "/api/v1/hits/",
            data=json.dumps({"path": path, "referrer": ""}),
            content_type="application/json",
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
        )
        assert response.status_code == expected, path


def test_english_pages_are_cached_separately(portal: PortalWorld, client: Client) -> None:
    assert client.get("/en/about/")["X-Danvan-Cache"] == "miss"
    assert client.get("/gioi-thieu/")["X-Danvan-Cache"] == "miss"
    again = client.get("/en/about/")
    assert again["X-Danvan-Cache"] == "hit"
    assert '<html lang="en"' in again.content.decode()
