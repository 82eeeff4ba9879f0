"""The gallery of “Dân vận khéo” models in a browser (issue 16, part "gallery"), at 1280 and 360 px:
screenshots for review, no sideways scrolling on a phone, the filters and the search box working
without JavaScript, and axe-core on a model's page."""

import io
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.images import ImageFile
from playwright.sync_api import BrowserContext, expect

from danvan.emulation import services
from danvan.emulation.models import ModelField, ModelPhoto, ModelStatus, SkilfulModel
from danvan.orgunits.models import OrgUnit
from tests.factories import ImageFactory, jpeg_bytes

from .conftest import Portal
from .helpers import ARTIFACTS, goto_ok, load_lazy_images

pytestmark = pytest.mark.e2e
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def _models() -> SkilfulModel:
    unit = OrgUnit.objects.order_by("pk").first()
    assert unit is not None
    first = None
    for n, (field, colour) in enumerate(
        [
            (ModelField.ECONOMY, "green"),
            (ModelField.CULTURE_SOCIETY, "blue"),
            (ModelField.DEFENCE_SECURITY, "red"),
        ]
    ):
        model = SkilfulModel.objects.create(
            unit=unit,
            title=f"Dân vận khéo: đường làng sáng đèn số {n + 1}",
            slug=f"duong-lang-sang-den-{n + 1}",
            field=field,
            year=2023,
            description="Vận động nhân dân góp công, góp đất lắp đèn chiếu sáng trên các tuyến đường liên ấp.",
            results="Lắp 120 bộ đèn trên 4,2 km; 300 hộ tham gia; giảm 40% vụ mất trộm về đêm.",
            status=ModelStatus.RECOGNISED,
        )
        for position, caption in enumerate(("Người dân góp công lắp đèn", "Tuyến đường sau khi lắp đèn")):
            image = ImageFactory.create(file=ImageFile(io.BytesIO(jpeg_bytes(colour=colour)), name="anh.jpg"))
            ModelPhoto.objects.create(model=model, image=image, caption=caption, position=position)
        first = first or model
    assert first is not None
    return first


def test_gallery_pages(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    model = _models()
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    public = {"list": "/dan-van-kheo/", "model": services.model_url(model)}
    for width in (1280, 360):
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        for name, path in public.items():
            goto_ok(page, path)
            load_lazy_images(page)
            assert page.evaluate(FITS), f"{path} scrolls sideways at {width} px"
            page.screenshot(path=str(shots / f"emulation-gallery-{name}-{width}.png"), full_page=True)
        if width == 1280:
            results = Axe().run(page).response
            blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
            assert blocking == []


def test_filters_and_search_without_javascript(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    _models()
    page = new_context(java_script_enabled=False).new_page()
    goto_ok(page, "/dan-van-kheo/")
    page.select_option("#model-field", ModelField.CULTURE_SOCIETY)
    page.get_by_role("button", name="Lọc").click()
    # The demo's models are listed too: this test's own show only in their field.
    expect(page.locator("main")).to_contain_text("sáng đèn số 2")
    expect(page.locator("main")).not_to_contain_text("sáng đèn số 1")
    expect(page.locator("main")).not_to_contain_text("sáng đèn số 3")
    goto_ok(page, "/dan-van-kheo/")
    page.fill("#model-q", "duong lang sang den")
    page.locator("#model-q").press("Enter")
    expect(page.locator("main")).to_contain_text("Dân vận khéo: đường làng sáng đèn")
