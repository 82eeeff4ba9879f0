"""Rendition sizes used by the portal, in one place so prefetching and templates agree."""

from typing import Any

# 600 px is the article's main rendition (as on the reference portal); 400/900 feed srcset.
ARTICLE_RENDITIONS = ("width-400", "width-600", "width-900")
CARD_RENDITIONS = ("fill-400x250",)


def responsive_attrs(image: Any) -> dict[str, Any]:
    """src, srcset, width and height of an image's article renditions."""
    renditions = image.get_renditions(*ARTICLE_RENDITIONS)
    main = renditions["width-600"]
    by_width = {r.width: r.url for r in renditions.values()}  # small originals repeat widths
    srcset = ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))
    return {"src": main.url, "srcset": srcset, "width": main.width, "height": main.height}
