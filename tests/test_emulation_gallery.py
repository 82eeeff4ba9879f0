"""The public gallery of “Dân vận khéo” models (issue 16): recognised, published models only, the
filters (field, unit, year, level), the site search without accents, the slug redirect, escaping,
the page cache retired when a model changes, and a constant number of queries on the list."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core import page_cache
from danvan.emulation import services
from danvan.emulation.models import ModelField, ModelStatus
from danvan.search import services as search
from danvan.search.models import SearchDocument

from .factories import LegalDocumentFactory, OrgLevelFactory, OrgUnitFactory
from .gallery_factories import photo, skilful_model


@pytest.fixture
def unit(db: Any) -> Any:
    return OrgUnitFactory.create(code="DN-PL", name="Xã Phú Lý")


@pytest.fixture
def other(db: Any) -> Any:
    return OrgUnitFactory.create(code="DN-MA", name="Xã Mã Đà")


def test_only_recognised_published_models_are_listed(client: Any, site: Any, unit: Any) -> None:
    shown = skilful_model(unit, title="Mô hình được công nhận")
    hidden = {
        status: skilful_model(unit, title=f"Mô hình ẩn {status}", slug=f"an-{status}", status=status)
        for status in (
            ModelStatus.REGISTERED,
            ModelStatus.UNDER_REVIEW,
            ModelStatus.NOT_RECOGNISED,
            ModelStatus.REVOKED,
        )
    }
    unpublished = skilful_model(unit, title="Mô hình chưa hiện", slug="chua-hien", published=False)
    page = client.get("/dan-van-kheo/").content.decode()
    assert shown.title in page
    assert "1 mô hình." in page
    for model in [*hidden.values(), unpublished]:
        assert model.title not in page
        assert client.get(f"/dan-van-kheo/{model.pk}-{model.slug}/").status_code == 404


def test_filters(client: Any, site: Any, unit: Any, other: Any) -> None:
    district = OrgLevelFactory.create(code="district", name="Cấp huyện", rank=2)
    commune = OrgLevelFactory.create(code="commune", name="Cấp xã", rank=3)
    a = skilful_model(unit, title="Mô hình A kinh tế", slug="a", year=2023, level=commune)
    b = skilful_model(
        other,
        title="Mô hình B văn hóa",
        slug="b",
        year=2024,
        field=ModelField.CULTURE_SOCIETY,
        level=district,
    )
    page = client.get("/dan-van-kheo/").content.decode()
    assert "Cấp huyện" in page and "Cấp xã" in page and "Xã Mã Đà" in page
    cases = [
        ({"field": ModelField.CULTURE_SOCIETY}, b, a),
        ({"unit": "DN-PL"}, a, b),
        ({"year": "2024"}, b, a),
        ({"level": "commune"}, a, b),
    ]
    for params, present, absent in cases:
        page = client.get("/dan-van-kheo/", params).content.decode()
        assert present.title in page, params
        assert absent.title not in page, params
    # Odd values are ignored, never an error.
    for params in ({"year": "abc"}, {"unit": "<x>"}, {"level": "nope"}, {"field": "x"}, {"page": "x"}):
        response = client.get("/dan-van-kheo/", params)
        assert response.status_code == 200
        assert a.title in response.content.decode() and b.title in response.content.decode()


def test_former_unit_with_models_is_offered_and_marked(client: Any, site: Any, unit: Any) -> None:
    import datetime as dt

    former = OrgUnitFactory.create(code="DN-CU", name="Xã Cũ", valid_to=dt.date(2024, 12, 31))
    skilful_model(former, title="Mô hình xã cũ", slug="xa-cu")
    page = client.get("/dan-van-kheo/").content.decode()
    assert "Xã Cũ (đơn vị cũ)" in page


def test_detail_page_and_slug_redirect(client: Any, site: Any, unit: Any) -> None:
    decision = LegalDocumentFactory.create()
    model = skilful_model(unit, decision=decision)
    photo(model, caption="Lễ khánh thành đường")
    response = client.get(f"/dan-van-kheo/{model.pk}-sai-duong-dan/")
    assert response.status_code == 301
    assert response["Location"] == f"/dan-van-kheo/{model.pk}-dan-van-kheo-nong-thon-moi/"
    page = client.get(response["Location"]).content.decode()
    assert "4,2 km đường bê tông" in page
    assert "Lễ khánh thành đường" in page
    assert decision.get_absolute_url() in page
    assert "Được công nhận" in page
    assert "rieng/" not in page  # no evidence files


def test_unknown_or_huge_number_is_404(client: Any, site: Any, unit: Any) -> None:
    from danvan.core import registry

    exists = registry.public_views["skilful_model_detail"]
    assert exists is not None
    for pk in ("0", "999", "99999999999999999999999"):
        assert client.get(f"/dan-van-kheo/{pk}-x/").status_code == 404
        assert exists({"pk": pk}) is False
    model = skilful_model(unit)
    assert exists({"pk": model.pk}) is True


def test_typed_text_is_escaped(client: Any, site: Any, unit: Any) -> None:
    model = skilful_model(unit, title="<script>alert(1)</script>", results="<b>đậm</b>")
    photo(model, caption="<i>ảnh</i>")
    for url in ("/dan-van-kheo/", services.model_url(model)):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page
    page = client.get(services.model_url(model)).content.decode()
    assert "<b>đậm</b>" not in page and "<i>ảnh</i>" not in page


def test_site_search_finds_a_model_without_accents_until_revoked(client: Any, site: Any, unit: Any) -> None:
    model = skilful_model(unit, title="Dân vận khéo: đường làng sáng đèn", slug="duong-lang")
    url = services.model_url(model)
    assert url in client.get("/search/", {"q": "dan van kheo"}).content.decode()
    assert url in client.get("/search/", {"q": "duong lang", "type": "skilful_model"}).content.decode()
    assert url in client.get("/search/", {"q": "be tong"}).content.decode()  # the results text
    model.status = ModelStatus.REVOKED
    model.save()
    assert url not in client.get("/search/", {"q": "dan van kheo"}).content.decode()
    assert not SearchDocument.objects.filter(kind="skilful_model").exists()


def test_search_follows_a_new_slug_deletion_and_rebuild(unit: Any) -> None:
    model = skilful_model(unit)
    model.slug = "ten-moi"
    model.save()
    assert list(SearchDocument.objects.filter(kind="skilful_model").values_list("url", flat=True)) == [
        f"/dan-van-kheo/{model.pk}-ten-moi/"
    ]
    search.rebuild_index()
    assert SearchDocument.objects.filter(kind="skilful_model").count() == 1
    model.delete()
    assert not SearchDocument.objects.filter(kind="skilful_model").exists()


def test_a_changed_model_or_photo_retires_the_cached_pages(unit: Any) -> None:
    model = skilful_model(unit)
    before = page_cache.generation()
    model.title = "Tên mới"
    model.save()
    after_save = page_cache.generation()
    assert after_save != before
    photo(model)
    assert page_cache.generation() != after_save


def test_list_page_queries_do_not_grow_with_models(client: Any, site: Any, unit: Any) -> None:
    def count() -> int:
        client.get("/dan-van-kheo/")  # renditions made once
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dan-van-kheo/").status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        photo(skilful_model(unit, title=f"Mô hình {n}", slug=f"m{n}"))
    few = count()
    for n in range(2, 7):
        photo(skilful_model(unit, title=f"Mô hình {n}", slug=f"m{n}"))
    assert count() == few


def test_sitemap_lists_public_models(client: Any, site: Any, unit: Any) -> None:
    shown = skilful_model(unit)
    hidden = skilful_model(unit, slug="an", status=ModelStatus.NOT_RECOGNISED)
    xml = client.get("/sitemap.xml").content.decode()
    assert services.model_url(shown) in xml
    assert f"/dan-van-kheo/{hidden.pk}-" not in xml
    assert "/dan-van-kheo/</loc>" in xml  # the list itself
