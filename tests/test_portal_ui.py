"""The portal's markup for phones, slow networks and print (issue 12): checked on the rendered HTML."""

import re
from typing import Any

import pytest
from django.test import Client

from danvan.consultations.models import Draft
from danvan.documents.models import LegalDocument

from .factories import ArticlePageFactory, ImageFactory, image_block
from .worlds import OPEN_DRAFT, portal_world

pytestmark = pytest.mark.django_db


def _imgs(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def _srcset_widths(tag: str) -> set[int]:
    srcset = _attr(tag, "srcset") or ""
    return {int(w) for w in re.findall(r"\s(\d+)w(?:,|$)", srcset)}


def test_the_featured_image_offers_several_widths_and_loads_first(
    client: Client, category: Any, media_root: Any
) -> None:
    # Three featured articles with 1200x800 feed images: the first is shown large (836 px wide on a desktop).
    for n in range(3):
        ArticlePageFactory.create(
            parent=category, title=f"Tin nổi bật {n}", featured=True, feed_image=ImageFactory.create()
        )
    html = client.get("/").content.decode()
    featured = html[html.index('class="featured"') : html.index('class="latest"')]
    first, *others = _imgs(featured)
    # 400, 800 and 1200 px wide crops of a 1200 px original.
    assert _srcset_widths(first) == {400, 800, 1200}, first
    assert _attr(first, "sizes"), first
    assert _attr(first, "loading") == "eager" and _attr(first, "fetchpriority") == "high", first
    assert others
    for tag in others:
        assert _attr(tag, "loading") == "lazy", tag
        assert _attr(tag, "fetchpriority") is None, tag
        assert len(_srcset_widths(tag)) >= 2, tag


def test_only_the_first_image_of_an_article_is_loaded_eagerly(
    client: Client, category: Any, media_root: Any
) -> None:
    images = [ImageFactory.create() for _ in range(3)]
    article = ArticlePageFactory.create(parent=category, body=[image_block(img) for img in images])
    html = client.get(article.url).content.decode()
    body = html[html.index('class="article__body"') : html.index('class="article__footer"')]
    first, *others = _imgs(body)
    assert _attr(first, "loading") == "eager" and _attr(first, "fetchpriority") == "high", first
    assert len(others) == 2
    for tag in others:
        assert _attr(tag, "loading") == "lazy" and _attr(tag, "fetchpriority") is None, tag


def test_the_menu_has_a_toggle_that_needs_no_javascript(client: Client, home: Any) -> None:
    html = client.get("/").content.decode()
    toggle = re.search(r'<input\b[^>]*\bid="nav-toggle"[^>]*>', html)
    assert toggle, "no menu toggle"
    assert 'type="checkbox"' in toggle.group(0)
    assert 'aria-controls="header-panel"' in toggle.group(0)
    label = re.search(r'<label\b[^>]*\bfor="nav-toggle"[^>]*>(.*?)</label>', html, re.S)
    assert label and "Chuyên mục" in label.group(1)
    # The menu is inside the panel the toggle opens, after the toggle.
    panel = html.index('id="header-panel"')
    assert html.index('id="nav-toggle"') < panel < html.index('class="main-nav"')


def test_the_theme_buttons_show_their_names(client: Client, home: Any) -> None:
    html = client.get("/").content.decode()
    buttons = re.findall(r"<button\b[^>]*data-theme-choice[^>]*>(.*?)</button>", html, re.S)
    assert len(buttons) == 4
    for inner, name in zip(
        buttons, ("Màu đỏ", "Màu xanh nước biển", "Màu vàng", "Màu xanh lá cây"), strict=True
    ):
        assert f'<span class="theme-btn__name">{name}</span>' in inner
        assert "visually-hidden" not in inner


@pytest.fixture
def world(media_root: Any) -> Any:
    """tests/worlds.py's portal world: its DOCUMENTS (symbols such as 42-CTr/HU) and OPEN_DRAFT."""
    return portal_world()


def test_document_symbols_never_break_inside(world: Any, client: Client) -> None:
    document = LegalDocument.objects.filter(symbol__contains="-").order_by("pk").first()
    assert document is not None and document.symbol == "42-CTr/HU"
    span = f'<span class="doc-symbol">{document.symbol}</span>'
    assert span in client.get("/van-ban/").content.decode()
    assert span in client.get(document.get_absolute_url()).content.decode()


def test_the_filter_button_comes_after_the_filters(world: Any, client: Client) -> None:
    html = client.get("/van-ban/").content.decode()
    form = html[
        html.index('<form class="search-form doc-filters"') : html.index("</form>", html.index("doc-filters"))
    ]
    button = form.index('<button type="submit"')
    for field in (
        'id="doc-q"',
        'id="doc-type"',
        'id="doc-issuer"',
        'id="doc-year"',
        'id="doc-field"',
        'id="doc-status"',
    ):
        assert form.index(field) < button, field

    html = client.get("/search/?q=dan+van").content.decode()
    filters = html[html.index('<details class="search-filters"') : html.index("</details>")]
    assert filters.index('id="search-to"') < filters.index('<button type="submit"')


def test_the_thank_you_after_a_comment_is_a_success_message(world: Any, client: Client) -> None:
    draft = Draft.objects.get(title=OPEN_DRAFT)
    html = client.get(draft.get_absolute_url() + "?da-gui=1").content.decode()
    notice = re.search(r'<div class="([^"]*)" role="status">\s*<p><strong>Cảm ơn', html)
    assert notice, html
    assert "notice--success" in notice.group(1).split()
