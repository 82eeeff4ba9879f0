"""factory_boy factories for the portal's pages and images.

Wagtail pages live in a tree, so `_create` attaches each page under its `parent` and publishes it
(pass `live=False` for a draft that has never been published).
"""

import datetime as dt
import io
from typing import Any, TypeVar

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from danvan.core.dates import VIETNAM
from danvan.portal.models import ArticlePage, CategoryPage, HomePage

T = TypeVar("T")


def jpeg_bytes(width: int = 1200, height: int = 800, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    description = factory.Sequence(lambda n: f"Mô tả ảnh {n}")
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(jpeg_bytes()), name="photo.jpg"))


class PageFactory(factory.Factory[T]):
    @classmethod
    def _create(cls, model_class: Any, *args: Any, parent: Any, live: bool = True, **kwargs: Any) -> Any:
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page.refresh_from_db()
        return page


class HomePageFactory(PageFactory[HomePage]):
    class Meta:
        model = HomePage

    title = "Trang chủ"
    slug = "trang-chu"


class CategoryPageFactory(PageFactory[CategoryPage]):
    class Meta:
        model = CategoryPage

    title = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")
    show_in_menus = True


def image_block(image: Any, alt: str = "Quang cảnh hội nghị", caption: str = "Hội nghị triển khai") -> dict:
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt, "caption": caption}}


class ArticlePageFactory(PageFactory[ArticlePage]):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Bài viết số {n}")
    slug = factory.Sequence(lambda n: f"bai-viet-{n}")
    lead = "Tóm tắt bài viết."
    author = "Hương Giang"
    date = factory.Sequence(lambda n: dt.datetime(2023, 3, 1, 8, 0, tzinfo=VIETNAM) + dt.timedelta(days=n))
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>Nội dung bài viết.</p>"}])
