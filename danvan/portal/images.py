"""Rendition sizes used by the portal, in one place so prefetching and templates agree."""

from typing import Any

# 600 px is the article's main rendition (as on the reference portal); 400/900 feed srcset.
ARTICLE_RENDITIONS = ("width-400", "width-600", "width-900")
# News cards: 400 px for the small ones; the featured card spans the main column (836 px on a
# desktop, 1672 device pixels on a high-density screen), so it needs the larger crops too.
CARD_RENDITIONS = ("fill-400x250", "fill-800x500", "fill-1200x750")
# Widths the layout gives each card's image (container 1200 px, sidebar 300 px, gaps 2rem).
CARD_SIZES = "(min-width: 640px) 200px, calc(100vw - 2rem)"
FEATURED_SIZES = "(min-width: 1200px) 836px, (min-width: 900px) calc(100vw - 364px), calc(100vw - 2rem)"
# The featured grid's other cards: two columns from 640 px (see .featured__grid in site.css).
FEATURED_SMALL_SIZES = (
    "(min-width: 1200px) 408px, (min-width: 900px) calc(50vw - 192px), (min-width: 640px) calc(50vw - 26px), "
    "calc(100vw - 2rem)"
)


def _srcset_attrs(image: Any, specs: tuple[str, ...], main_spec: str) -> dict[str, Any]:
    renditions = image.get_renditions(*specs)  # reads prefetched renditions when the selector loaded them
    main = renditions[main_spec]
    by_width = {r.width: r.url for r in renditions.values()}  # small originals repeat widths
    srcset = ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))
    return {"src": main.url, "srcset": srcset, "width": main.width, "height": main.height}


def responsive_attrs(image: Any) -> dict[str, Any]:
    """src, srcset, width and height of an image's article renditions."""
    return _srcset_attrs(image, ARTICLE_RENDITIONS, "width-600")


def card_attrs(image: Any) -> dict[str, Any]:
    """src, srcset, width and height of a news card's image (src: the 400 px crop)."""
    return _srcset_attrs(image, CARD_RENDITIONS, "fill-400x250")
