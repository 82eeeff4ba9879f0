"""The portal's template tags: the main menu and responsive images (they read the portal's selectors
and renditions, so they live here, not in core's tags)."""

from typing import Any

from django import template

from danvan.core.templatetags.danvan_tags import home_in_context

from .. import images, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context: dict[str, Any]) -> list[Any]:
    """The main menu: the home page's children marked 'show in menus', in the page's language."""
    home = home_in_context(context)
    return selectors.menu_pages(home=home) if home is not None else []


def _img_tag(attrs: dict[str, Any], alt: str, sizes: str, css_class: str, priority: bool) -> str:
    """An <img> with srcset; `priority` marks the page's main above-the-fold image: fetched at once,
    first, instead of lazily."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    loading = mark_safe('loading="eager" fetchpriority="high"' if priority else 'loading="lazy"')  # noqa: S308 - constants
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} {} decoding="async">',
        attrs["src"],
        attrs["srcset"],
        sizes,
        attrs["width"],
        attrs["height"],
        alt,
        class_attr,
        loading,
    )


@register.simple_tag
def responsive_img(
    image: Any, alt: str, sizes: str = "(max-width: 720px) 100vw, 720px", priority: bool = False
) -> str:
    return _img_tag(images.responsive_attrs(image), alt, sizes, "", priority)


@register.simple_tag
def card_img(image: Any, layout: str = "list", priority: bool = False) -> str:
    """A news card's image (decorative: the title beside it says it all). `layout`: "featured" for
    the large card across the main column, "featured-small" for the others in the featured grid,
    "list" for the cards of a news list."""
    sizes = {
        "featured": images.FEATURED_SIZES,
        "featured-small": images.FEATURED_SMALL_SIZES,
    }.get(layout, images.CARD_SIZES)
    return _img_tag(images.card_attrs(image), "", sizes, "card__img", priority)
