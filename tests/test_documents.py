"""The document library: symbols, filters, pages, the API, and the demo documents (one test: the
others build theirs with tests/worlds.py's ``library_world``)."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from danvan.core.symbols import PARTY, STATE, symbol_key, validate_symbol
from danvan.documents.models import DocumentType, Issuer, LegalDocument, System

from .worlds import library_world


@pytest.mark.parametrize("symbol", ["42-CTr/HU", "13-NQ/HU", "05-KL/TW", "7-CT/ĐU"])
def test_party_symbols(symbol: str) -> None:
    assert PARTY.match(symbol)
    validate_symbol(symbol, system="party")


@pytest.mark.parametrize("symbol", ["123/QĐ-UBND", "15/2023/QĐ-UBND", "356/CV-UBND", "10/2022/TT-BNV"])
def test_state_symbols(symbol: str) -> None:
    assert STATE.match(symbol)
    validate_symbol(symbol, system="state")


@pytest.mark.parametrize(
    ("symbol", "system"),
    [
        ("42/CTr/HU", "party"),
        ("CTr-42/HU", "party"),
        ("42-CTr", "party"),
        ("123-QĐ/UBND", "state"),
        ("123/QĐ", "state"),
        ("4 2-CTr/HU", "party"),
    ],
)
def test_malformed_symbols_are_refused_with_an_example(symbol: str, system: str) -> None:
    with pytest.raises(ValidationError, match="không đúng mẫu"):
        validate_symbol(symbol, system=system)


def test_symbol_keys_ignore_punctuation_case_and_accents() -> None:
    assert symbol_key("42-CTr/HU") == symbol_key("42 ctr hu") == "42ctrhu"
    assert symbol_key("123/QĐ-UBND") == "123qdubnd"


@pytest.mark.django_db
def test_entry_is_checked_before_saving() -> None:
    party = DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    issuer = Issuer.objects.create(name="Huyện ủy", code="HU")
    bad_number = LegalDocument(
        number="4a", type=party, issuer=issuer, title="x", issued_on=dt.date(2023, 3, 3)
    )
    with pytest.raises(ValidationError, match="không đúng mẫu"):
        bad_number.full_clean()
    backwards = LegalDocument(
        number="4",
        type=party,
        issuer=issuer,
        title="x",
        issued_on=dt.date(2023, 3, 3),
        effective_on=dt.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert "effective_on" in error.value.message_dict


def test_the_demo_has_the_cited_documents(demo: Any) -> None:
    programme = LegalDocument.objects.get(symbol="42-CTr/HU")
    assert programme.issued_on == dt.date(2023, 3, 3)
    assert LegalDocument.objects.get(symbol="13-NQ/HU").issued_on == dt.date(2022, 12, 21)
    assert LegalDocument.objects.count() >= 12
    assert set(LegalDocument.objects.values_list("status", flat=True)) == set(LegalDocument.Status.values)


@pytest.mark.django_db
class TestLibrary:
    """The documents of tests/worlds.py's ``LIBRARY``; 42-CTr/HU links to the ``article`` fixture."""

    @pytest.fixture(autouse=True)
    def _library(self, article: Any) -> None:
        library_world(related_article=article)

    def symbols(self, client: Client, **params: str) -> list[str]:
        data = client.get("/api/v1/documents/", {"page_size": "50", **params}).json()
        assert data["count"] == len(data["results"])
        return [r["symbol"] for r in data["results"]]

    def test_filters_combine(self, client: Client) -> None:
        assert self.symbols(client, type="CTr", year="2023") == ["42-CTr/HU"]
        assert self.symbols(client, issuer="UBND", status="in_force") == [
            "88/TB-UBND",
            "1490/QĐ-UBND",
            "356/CV-UBND",
        ]
        assert self.symbols(client, type="CTr", issuer="UBND") == []
        assert self.symbols(client, type="khong-co") == []
        every = self.symbols(client)
        assert len(every) == LegalDocument.objects.count()

    def test_each_kind_is_offered_once_and_covers_both_systems(self, client: Client) -> None:
        kh = LegalDocument.objects.filter(type__code="KH")
        assert set(kh.values_list("type__system", flat=True)) == {System.PARTY, System.STATE}
        html = client.get("/van-ban/").content.decode()
        assert html.count(">Kế hoạch (KH)</option>") == 1
        listed = client.get("/van-ban/", {"type": "KH"}).content.decode()
        assert 'value="KH" selected' in listed
        for document in LegalDocument.objects.all():
            assert (document.get_absolute_url() in listed) is (document.type.code == "KH"), document.symbol
        assert sorted(self.symbols(client, type="kh")) == sorted(kh.values_list("symbol", flat=True))

    def test_a_symbol_query_finds_that_document_first(self, client: Client) -> None:
        for typed in ("42-CTr/HU", "42/CTr", "42-ctr/hu"):
            assert self.symbols(client, q=typed)[0] == "42-CTr/HU", typed
        assert "42-CTr/HU" in self.symbols(client, q="chuong trinh dan van 2023")
        assert self.symbols(client, q="xyzzy") == []

    def test_api_pages_say_where_they_are(self, client: Client) -> None:
        data = client.get("/api/v1/documents/", {"page_size": "3", "page": "2"}).json()
        assert (data["count"], data["page"], data["page_size"], len(data["results"])) == (8, 2, 3, 3)
        assert data["next"] == "http://testserver/api/v1/documents/?page_size=3&page=3"
        assert data["previous"] == "http://testserver/api/v1/documents/?page_size=3&page=1"
        last = client.get(data["next"]).json()
        assert (len(last["results"]), last["next"]) == (2, None)
        # Past the last page: empty, as it always was (not a 404).
        assert client.get("/api/v1/documents/", {"page": "9"}).json()["results"] == []

    def test_api_reads_what_it_cannot_understand_as_absent_as_it_always_did(self, client: Client) -> None:
        data = client.get(
            "/api/v1/documents/",
            {"page": "²", "page_size": "500", "year": "abc", "status": "x", "field": "-1"},
        ).json()
        assert (data["count"], data["page"], data["page_size"]) == (8, 1, 50)
        assert client.get("/api/v1/documents/", {"page": "0", "page_size": "0"}).json()["page_size"] == 1
        # A year no date can have matches nothing (it was a 500: a date cannot be built for it).
        assert client.get("/api/v1/documents/", {"year": "409382"}).json()["count"] == 0
        assert client.get("/van-ban/", {"year": "409382"}).status_code == 200

    def test_api_csv_has_a_bom_and_the_vietnamese_intact(self, client: Client) -> None:
        response = client.get("/api/v1/documents/", {"q": "42-CTr/HU", "format": "csv", "page_size": "1"})
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="van-ban.csv"'
        assert response.content.startswith("\ufeff".encode())
        header, first = response.content.decode("utf-8").splitlines()
        assert header == "\ufeffsymbol,title,type,issuer,issued_on,status,url,file_url"
        document = LegalDocument.objects.get(symbol="42-CTr/HU")
        assert first == (
            "42-CTr/HU,Chương trình công tác dân vận năm 2023,Chương trình,Huyện ủy Vĩnh Cửu,2023-03-03,"
            f"expired,http://testserver{document.get_absolute_url()},"
        )

    def test_api_csv_of_nothing_is_its_header(self, client: Client) -> None:
        response = client.get("/api/v1/documents/", {"q": "xyzzy", "format": "csv"})
        assert response.content == "\ufeffsymbol,title,type,issuer,issued_on,status,url,file_url\r\n".encode()

    def test_list_page_marks_replaced_documents(self, client: Client) -> None:
        html = client.get("/van-ban/", {"status": "replaced"}).content.decode()
        assert "35-CTr/HU" in html and "Đã bị thay thế" in html and "42-CTr/HU" not in html
        assert client.get("/van-ban/", {"page": "²", "year": "abc", "type": "-1"}).status_code == 200

    def test_a_replaced_document_shows_its_replacement(self, client: Client) -> None:
        old = LegalDocument.objects.get(symbol="35-CTr/HU")
        html = client.get(old.get_absolute_url()).content.decode()
        new = LegalDocument.objects.get(symbol="42-CTr/HU")
        assert "Văn bản này đã bị thay thế" in html and new.get_absolute_url() in html
        html = client.get(new.get_absolute_url()).content.decode()
        assert "Văn bản này thay thế" in html and old.get_absolute_url() in html

    def test_cached_pages_follow_document_edits(self, client: Client) -> None:
        """Cached anonymous pages are retired when a document, its status or its links change."""
        programme = LegalDocument.objects.get(symbol="42-CTr/HU")
        article = programme.related_articles.get()
        for url in (programme.get_absolute_url(), "/van-ban/", article.url):
            client.get(url)
            assert client.get(url)["X-Danvan-Cache"] == "hit", url
        programme.title = "Chương trình đã sửa tên"
        programme.save()
        assert "Chương trình đã sửa tên" in client.get(programme.get_absolute_url()).content.decode()
        assert "Chương trình đã sửa tên" in client.get("/van-ban/").content.decode()
        assert client.get(article.url)["X-Danvan-Cache"] == "miss"
        client.get(article.url)
        programme.related_articles.remove(article)  # an M2M change, no save() of the document
        assert programme.get_absolute_url() not in client.get(article.url).content.decode()

    def test_documents_and_articles_link_both_ways(self, client: Client) -> None:
        programme = LegalDocument.objects.get(symbol="42-CTr/HU")
        html = client.get(programme.get_absolute_url()).content.decode()
        article = programme.related_articles.get()
        assert article.url in html
        assert programme.get_absolute_url() in client.get(article.url).content.decode()

    def test_detail_urls(self, client: Client) -> None:
        doc = LegalDocument.objects.get(symbol="1490/QĐ-UBND")
        assert doc.get_absolute_url() == f"/van-ban/{doc.pk}-1490-qd-ubnd/"
        assert client.get(f"/van-ban/{doc.pk}-sai-ten/").status_code == 301
        assert client.get("/van-ban/999999-khong-co/").status_code == 404
        html = client.get(doc.get_absolute_url()).content.decode()
        assert "Sửa đổi, bổ sung:" in html and "1250/QĐ-UBND" in html

    def test_the_site_search_finds_documents_symbol_first(self, client: Client) -> None:
        for typed in ("42-CTr/HU", "42/CTr", "42 ctr hu"):
            first = client.get("/api/v1/search/", {"q": typed}).json()["results"][0]
            assert first["type"] == "document" and "42-CTr/HU" in first["title"], typed
            assert first["url"].endswith(LegalDocument.objects.get(symbol="42-CTr/HU").get_absolute_url())
        found = client.get("/api/v1/search/", {"q": "chuong trinh dan van 2023", "page_size": "50"}).json()
        assert any("42-CTr/HU" in r["title"] for r in found["results"])
        only = client.get("/api/v1/search/", {"q": "dan van", "type": "document", "page_size": "50"}).json()
        assert only["count"] >= 3 and {r["type"] for r in only["results"]} == {"document"}

    def test_the_index_follows_edits_and_deletions(self, client: Client) -> None:
        doc = LegalDocument.objects.get(symbol="88/TB-UBND")
        doc.title = "Thông báo lịch tiếp công dân qua Zalo"
        doc.save()
        assert client.get("/api/v1/search/", {"q": "zalo"}).json()["count"] == 1
        doc.delete()
        assert client.get("/api/v1/search/", {"q": "zalo"}).json()["count"] == 0

    def test_api_shape(self, client: Client) -> None:
        result = client.get("/api/v1/documents/", {"q": "42-CTr/HU"}).json()["results"][0]
        assert set(result) == {"symbol", "title", "type", "issuer", "issued_on", "status", "url", "file_url"}
        assert result["issued_on"] == "2023-03-03" and result["issuer"] == "Huyện ủy Vĩnh Cửu"
        assert result["url"].startswith("http://testserver/van-ban/")


@pytest.mark.django_db
def test_user_text_is_escaped(client: Client) -> None:
    party = DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    issuer = Issuer.objects.create(name="<b>Huyện ủy</b>", code="HU")
    doc = LegalDocument.objects.create(
        number="1",
        type=party,
        issuer=issuer,
        title="<script>alert(1)</script>",
        issued_on=dt.date(2023, 1, 1),
    )
    for url in ("/van-ban/", doc.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        assert "<b>Huyện ủy</b>" not in html


@pytest.mark.django_db
def test_the_admin_lists_and_adds_documents(admin_client: Client) -> None:
    assert admin_client.get("/admin/van-ban/").status_code == 200
    assert admin_client.get("/admin/van-ban/new/").status_code == 200
    for prefix in ("loai-van-ban", "co-quan-ban-hanh", "linh-vuc"):
        assert admin_client.get(f"/admin/{prefix}/").status_code == 200


@pytest.mark.django_db
def test_admin_refuses_a_malformed_number_with_a_message(admin_client: Client) -> None:
    party = DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    issuer = Issuer.objects.create(name="Huyện ủy Vĩnh Cửu", code="HU")
    form = {
        "type": party.pk,
        "number": "4a",
        "issuer": issuer.pk,
        "title": "Chương trình thử",
        "issued_on": "2023-03-03",
        "status": "in_force",
    }
    response = admin_client.post("/admin/van-ban/new/", form)
    assert response.status_code == 200 and "không đúng mẫu" in response.content.decode()
    assert not LegalDocument.objects.exists()
    response = admin_client.post("/admin/van-ban/new/", {**form, "number": "42"})
    assert response.status_code == 302
    assert LegalDocument.objects.get().symbol == "42-CTr/HU"


@pytest.mark.django_db
def test_list_pagination_keeps_the_filters(client: Client) -> None:
    party = DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    issuer = Issuer.objects.create(name="Huyện ủy", code="HU")
    for n in range(1, 26):
        LegalDocument.objects.create(
            number=str(n), type=party, issuer=issuer, title=f"Văn bản {n}", issued_on=dt.date(2023, 1, n)
        )
    html = client.get("/van-ban/", {"type": str(party.pk), "year": "2023"}).content.decode()
    assert f'href="?type={party.pk}&amp;year=2023&amp;page=2"' in html
    assert "25 văn bản." in html
