"""factory_boy factories: the portal's pages and images, the programme world (org units, data
elements, indicators, programmes, targets, periods, data sets, windows, submissions, values), users in
groups, documents and consultations.

Wagtail pages live in a tree, so `_create` attaches each page under its `parent` and publishes it
(pass `live=False` for a draft that has never been published).
"""

import datetime as dt
import io
from decimal import Decimal
from typing import Any, TypeVar

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from danvan.consultations.models import Comment, Draft
from danvan.core.dates import VIETNAM, today_in_vietnam
from danvan.documents.models import DocumentFile, DocumentType, Field, Issuer, LegalDocument
from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession, UnitMembership
from danvan.portal.models import ArticlePage, CategoryPage, HomePage
from danvan.programmes.models import (
    Comparator,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    Period,
    PeriodType,
    Programme,
    ReportingWindow,
    Submission,
    Target,
    TaskGroup,
)

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


# --- the programme world: org units, definitions, reporting -------------------------------------------


class OrgLevelFactory(factory.django.DjangoModelFactory[OrgLevel]):
    class Meta:
        model = OrgLevel
        django_get_or_create = ("code",)

    code = "commune"
    name = "Xã, phường, thị trấn"
    rank = 3


class OrgTypeFactory(factory.django.DjangoModelFactory[OrgType]):
    class Meta:
        model = OrgType
        django_get_or_create = ("code",)

    code = "administrative"
    name = "Đơn vị hành chính"
    socio_political = False


class OrgUnitFactory(factory.django.DjangoModelFactory[OrgUnit]):
    """A unit; pass ``parent`` for its place in the tree (save() derives path and depth from it)."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    parent = None
    level: Any = None  # no level; a subclass may give one (tests/test_orgunits.py)
    org_type = factory.SubFactory(OrgTypeFactory)


class SuccessionFactory(factory.django.DjangoModelFactory[Succession]):
    class Meta:
        model = Succession

    predecessor = factory.SubFactory(OrgUnitFactory)
    successor = factory.SubFactory(OrgUnitFactory)
    kind = Succession.Kind.MERGE
    effective_on = dt.date(2025, 7, 1)
    share = Decimal(1)


class UserFactory(factory.django.DjangoModelFactory[Any]):
    """A staff user; ``groups`` adds them to groups after creation."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoi.dung{n}")
    is_staff = True
    password = factory.django.Password("unused-password-x1")

    @factory.post_generation
    def groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.add(*extracted)


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    """A group holding ``permissions``: (app_label, codename) pairs."""

    class Meta:
        model = Group
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Nhóm {n}")

    @factory.post_generation
    def permissions(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for app_label, codename in extracted:
                self.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )


class UnitMembershipFactory(factory.django.DjangoModelFactory[UnitMembership]):
    class Meta:
        model = UnitMembership

    user = factory.SubFactory(UserFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)
    role = UnitMembership.Role.DATA_ENTRY


class DataElementFactory(factory.django.DjangoModelFactory[DataElement]):
    class Meta:
        model = DataElement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"element_{n}")
    name = factory.Sequence(lambda n: f"Chỉ số thu thập {n}")
    value_type = DataElement.ValueType.COUNT


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    """A ratio by default; ``org_types`` sets the kinds of organisation it applies to."""

    class Meta:
        model = Indicator
        django_get_or_create = ("key",)
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"indicator_{n}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    kind = Indicator.Kind.RATIO
    numerator = None
    denominator = None
    rating_element = None
    threshold = 1

    @factory.post_generation
    def org_types(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.org_types.set(extracted)


class PeriodFactory(factory.django.DjangoModelFactory[Period]):
    class Meta:
        model = Period
        django_get_or_create = ("code",)

    code = "2023"


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"{n}-CTr/HU")
    title = factory.Sequence(lambda n: f"Chương trình công tác dân vận số {n}")
    issuer = "Ban Chấp hành Đảng bộ huyện"
    issued_on = dt.date(2023, 3, 3)
    year = 2023
    root_unit = factory.SubFactory(OrgUnitFactory)


class TargetFactory(factory.django.DjangoModelFactory[Target]):
    class Meta:
        model = Target

    programme = factory.SubFactory(ProgrammeFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    comparator = Comparator.GT
    value = Decimal(80)
    scope = None
    aspirational = False
    max_weak_units = None
    sort_order = factory.Sequence(lambda n: n)


class TaskGroupFactory(factory.django.DjangoModelFactory[TaskGroup]):
    class Meta:
        model = TaskGroup

    programme = factory.SubFactory(ProgrammeFactory)
    sort_order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Nhóm nhiệm vụ {n}")


class DataSetFactory(factory.django.DjangoModelFactory[DataSet]):
    """A yearly data set; ``elements`` and ``org_types`` set its many-to-many rows."""

    class Meta:
        model = DataSet
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"DS-{n}")
    name = factory.Sequence(lambda n: f"Biểu mẫu báo cáo {n}")
    period_type = PeriodType.YEARLY
    programme = factory.SubFactory(ProgrammeFactory)

    @factory.post_generation
    def elements(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.elements.set(extracted)

    @factory.post_generation
    def org_types(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.org_types.set(extracted)


class ReportingWindowFactory(factory.django.DjangoModelFactory[ReportingWindow]):
    class Meta:
        model = ReportingWindow

    data_set = factory.SubFactory(DataSetFactory)
    period = factory.SubFactory(PeriodFactory)
    opens_on = dt.date(2023, 11, 1)
    closes_on = dt.date(2023, 12, 15)


class SubmissionFactory(factory.django.DjangoModelFactory[Submission]):
    class Meta:
        model = Submission

    data_set = factory.SubFactory(DataSetFactory)
    period = factory.SubFactory(PeriodFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)
    status = Submission.Status.OPEN


class DataValueFactory(factory.django.DjangoModelFactory[DataValue]):
    class Meta:
        model = DataValue

    element = factory.SubFactory(DataElementFactory)
    period = factory.SubFactory(PeriodFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)
    value = Decimal(0)


# --- documents and consultations ------------------------------------------------------------------


class DocumentTypeFactory(factory.django.DjangoModelFactory[DocumentType]):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code", "system")  # a kind (KH) may exist in both systems

    name = "Quyết định"
    code = "QĐ"
    system = "state"


class IssuerFactory(factory.django.DjangoModelFactory[Issuer]):
    class Meta:
        model = Issuer
        django_get_or_create = ("code",)

    name = "Ủy ban nhân dân huyện"
    code = "UBND"


class FieldFactory(factory.django.DjangoModelFactory[Field]):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Dân vận chính quyền"


class LegalDocumentFactory(factory.django.DjangoModelFactory[LegalDocument]):
    class Meta:
        model = LegalDocument

    number = factory.Sequence(lambda n: str(n + 1))
    type = factory.SubFactory(DocumentTypeFactory)
    issuer = factory.SubFactory(IssuerFactory)
    issued_on = dt.date(2023, 3, 1)
    title = factory.Sequence(lambda n: f"Về việc thực hiện dân vận chính quyền, đợt {n}")
    field = factory.SubFactory(FieldFactory)


class DocumentFileFactory(factory.django.DjangoModelFactory[DocumentFile]):
    """A small text file attached to a document (needs MEDIA_ROOT pointed at a temporary folder)."""

    class Meta:
        model = DocumentFile

    document = factory.SubFactory(LegalDocumentFactory)
    file = factory.django.FileField(filename="van-ban.txt", data=b"Noi dung")
    original_name = "van-ban.txt"
    kind = "txt"


class DraftFactory(factory.django.DjangoModelFactory[Draft]):
    """A published draft open for comment from five days ago to five days ahead."""

    class Meta:
        model = Draft

    title = factory.Sequence(lambda n: f"Dự thảo quy chế số {n}")
    summary = "Tóm tắt"
    body = "Nội dung"
    opens_on = factory.LazyFunction(lambda: today_in_vietnam() - dt.timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: today_in_vietnam() + dt.timedelta(days=5))
    published = True


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    draft = factory.SubFactory(DraftFactory)
    author_name = "Nguyễn Văn An"
    body = "Đồng ý với dự thảo."
