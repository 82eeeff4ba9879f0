from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from .images import ARTICLE_RENDITIONS


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads every image of a body, with its renditions, in a fixed number of queries."""

    def bulk_to_python(self, values: Any) -> list[Any]:
        values = list(values)
        ids = [v for v in values if v is not None]
        objects = get_image_model().objects.prefetch_renditions(*ARTICLE_RENDITIONS).in_bulk(ids)
        return [objects.get(v) if v is not None else None for v in values]


class CaptionedImageBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock(label=_("Ảnh"))
    alt_text = blocks.CharBlock(
        label=_("Mô tả ảnh (văn bản thay thế)"),
        max_length=255,
        help_text=_("Mô tả nội dung ảnh cho người không xem được ảnh."),
    )
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=500)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "portal/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    source = blocks.CharBlock(label=_("Nguồn"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "portal/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
