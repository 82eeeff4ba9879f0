"""The disclosure catalogue is computed from the content: counts, newest items, last published date.

On tests/worlds.py's portal world: its DOCUMENTS (a programme and a plan among them), two published
drafts of three, the agency page and its English translation, and its ARTICLES."""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from danvan.consultations.models import Draft
from danvan.core.dates import VIETNAM, today_in_vietnam
from danvan.documents.models import DocumentType, Issuer, LegalDocument
from danvan.portal.models import AgencyPage, ArticlePage, HomePage

from .worlds import ARTICLES, DOCUMENTS, portal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world_home(media_root: Any) -> HomePage:
    return portal_world().home


def _row(html: str, key: str) -> tuple[str, str]:
    """(count cell, last-published cell) of the summary table row linking to #key."""
    row = re.search(rf'<th scope="row"><a href="#{key}">.*?</tr>', html, flags=re.S)
    assert row, key
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), flags=re.S)
    return tuple(re.sub(r"<[^>]+>", "", c).strip() for c in cells)  # type: ignore[return-value]


def test_counts_and_dates_come_from_the_content(world_home: HomePage, client: Client) -> None:
    response = client.get("/cong-khai-thong-tin/")
    assert response.status_code == 200
    html = response.content.decode()

    documents = list(LegalDocument.objects.select_related("type"))
    plans = [d for d in documents if d.type.code in ("CTr", "KH", "ĐA")]
    assert len(documents) == len(DOCUMENTS) == 3
    newest = max(d.published_at for d in documents)
    assert _row(html, "documents") == (str(len(documents)), newest.astimezone(VIETNAM).strftime("%d/%m/%Y"))
    assert _row(html, "plans")[0] == str(len(plans)) == "2"  # 42-CTr/HU and 15/KH-UBND
    drafts = [d for d in Draft.objects.all() if d.published]
    assert _row(html, "drafts")[0] == str(len(drafts)) == "2"  # the open and the closed, not the hidden
    # Only the Vietnamese agency page belongs to this site's Vietnamese catalogue.
    assert AgencyPage.objects.count() == 2
    assert _row(html, "agency")[0] == "1"
    articles = [a for a in ArticlePage.objects.live() if a.get_parent().get_parent().pk == world_home.pk]
    assert _row(html, "news")[0] == str(len(articles)) == str(len(ARTICLES))
    # Nothing of this kind published: said plainly, not hidden.
    assert _row(html, "reports") == ("Chưa có", "—")
    assert "Chưa có thông tin nào thuộc loại này được đăng trên trang." in html


def test_a_new_document_appears_at_once(world_home: HomePage, client: Client) -> None:
    before = _row(client.get("/cong-khai-thong-tin/").content.decode(), "reports")
    assert before[0] == "Chưa có"
    report_type = DocumentType.objects.create(name="Báo cáo", code="BC", system="state")
    document = LegalDocument(
        number="77",
        type=report_type,
        issuer=Issuer.objects.get(code="UBND"),
        issued_on=dt.date(2026, 11, 20),
        title="Báo cáo kết quả công tác dân vận năm 2026",
    )
    document.full_clean()
    document.save()
    html = client.get("/cong-khai-thong-tin/").content.decode()  # the cached copy was retired
    count, last = _row(html, "reports")
    assert count == "1"
    assert last == today_in_vietnam().strftime("%d/%m/%Y")  # published just now
    section = html.split('id="reports"', 1)[1].split("</section>", 1)[0]
    assert "Báo cáo 77/BC-UBND: Báo cáo kết quả công tác dân vận năm 2026" in section
    assert document.get_absolute_url() in section


def test_the_catalogue_is_linked_from_every_vietnamese_page(world_home: HomePage, client: Client) -> Any:
    assert 'href="/cong-khai-thong-tin/"' in client.get("/").content.decode()
    assert 'href="/cong-khai-thong-tin/"' not in client.get("/en/").content.decode()
