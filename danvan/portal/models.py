import datetime as dt
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from danvan.core.hooks import route
from danvan.core.pagination import paginate
from danvan.core.slugs import VietnameseSlugMixin

from . import selectors
from .blocks import ArticleBodyBlock
from .feeds import NewsFeed

ARCHIVE_MONTHS_ON_HOME = 12


class HomePage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """A portal's front page: featured and latest news, and the site-wide feed and archive."""

    intro = models.TextField(_("giới thiệu"), blank=True)
    featured_count = models.PositiveSmallIntegerField(_("số tin nổi bật"), default=3)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("featured_count")]
    subpage_types = ["portal.CategoryPage", "portal.StandardPage", "portal.AgencyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        featured = selectors.featured_articles(home=self, limit=self.featured_count)
        context["featured"] = featured
        context["latest"] = selectors.latest_articles(
            home=self, limit=10, exclude_ids=[a.pk for a in featured]
        )
        context["categories_with_news"] = selectors.categories_with_latest(home=self, per_category=3)
        # A home without news (the English one) presents its other pages instead.
        context["sections"] = selectors.section_pages(home=self)
        context["archive_months"] = selectors.archive_months(home=self)[:ARCHIVE_MONTHS_ON_HOME]
        return context

    @route("luu-tru/<int:year>/<int:month>/", name="archive")
    def archive(self, request: HttpRequest, year: int, month: int) -> HttpResponse:
        if not (1 <= month <= 12 and 1990 <= year <= 2100):
            raise Http404
        articles = selectors.articles_in_month(home=self, year=year, month=month)
        page = paginate(request, articles, per_page=10)
        archive_month = dt.date(year, month, 1)
        previous_month, next_month = selectors.archive_neighbours(home=self, month=archive_month)
        return TemplateResponse(
            request,
            "portal/archive_page.html",
            {
                **self.get_context(request),
                "page_obj": page,
                "archive_month": archive_month,
                "previous_month": previous_month,
                "next_month": next_month,
            },
        )

    @route("rss/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return NewsFeed(home=self)(request)


class CategoryPage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """A news category ("chuyên mục"); its articles are its children."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ArticlePage"]

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    @route("", name="index")
    def index(self, request: HttpRequest) -> HttpResponse:
        page = paginate(request, selectors.category_articles(category=self), per_page=10)
        response: HttpResponse = self.render(request, context_overrides={"page_obj": page})
        return response

    @route("rss/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        home = self.get_parent().specific
        return NewsFeed(home=home, category=self)(request)


class ArticlePage(VietnameseSlugMixin, Page):
    date = models.DateTimeField(_("thời gian đăng"), default=timezone.now, db_index=True)
    lead = models.TextField(_("sapô"), help_text=_("Đoạn tóm tắt in đậm ở đầu bài."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("nội dung"))
    author = models.CharField(_("tác giả"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    feed_image = models.ForeignKey(
        "core.CustomImage",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("source"), FieldPanel("featured")],
            heading=_("Thông tin bài viết"),
        ),
        FieldPanel("feed_image"),
        InlinePanel("related_links", heading=_("Bài liên quan"), label=_("bài liên quan")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.CategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        category = selectors.article_category(article=self)
        context["category"] = category
        context["related"] = selectors.related_articles(article=self, category=category, limit=5)
        context["share_image"] = self.share_image()
        return context

    def share_image(self) -> Any:
        """The image for Open Graph: the feed image, taken from the body when it is there too.

        The body's images are loaded in one go with their renditions; reusing them saves a query.
        """
        if self.feed_image_id is None:
            return None
        for block in self.body:
            if (
                block.block_type == "image"
                and block.value["image"]
                and block.value["image"].pk == self.feed_image_id
            ):
                return block.value["image"]
        return self.feed_image


class ArticleRelatedLink(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", "portal.ArticlePage")]


class StandardPage(VietnameseSlugMixin, Page):
    """A plain text page (introduction, contacts, about the statistics…)."""

    body = RichTextField(_("nội dung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("trang nội dung")


class AgencyPage(VietnameseSlugMixin, Page):
    """The agency itself: functions and duties, organisation chart, leaders, units and contacts.

    One page with four anchored sections, translated into English under /en/ like any page.
    """

    intro = models.TextField(_("giới thiệu chung"), blank=True)
    functions = RichTextField(_("chức năng, nhiệm vụ, quyền hạn"), blank=True)
    structure_intro = RichTextField(_("giới thiệu cơ cấu tổ chức"), blank=True)
    contacts_note = RichTextField(_("ghi chú liên hệ"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("functions"),
        FieldPanel("structure_intro"),
        InlinePanel(
            "units",
            heading=_("Sơ đồ tổ chức, đơn vị và liên hệ"),
            label=_("đơn vị"),
            help_text=_(
                "Theo thứ tự từ trên xuống; cấp 0 là cơ quan, cấp 1 thuộc đơn vị cấp 0 đứng trước nó…"
            ),
        ),
        InlinePanel("leaders", heading=_("Lãnh đạo"), label=_("lãnh đạo")),
        FieldPanel("contacts_note"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("functions")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trang giới thiệu cơ quan")
        verbose_name_plural = _("trang giới thiệu cơ quan")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        units = list(self.units.all())
        context["org_chart"] = selectors.org_chart(units)
        context["contact_units"] = [u for u in units if u.phone or u.email or u.address]
        context["leaders"] = list(self.leaders.select_related("photo"))
        return context


class AgencyUnit(Orderable):
    """A box of the organisation chart; its place in the tree is its order plus its level."""

    page = ParentalKey(AgencyPage, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("tên đơn vị"), max_length=255)
    level = models.PositiveSmallIntegerField(
        _("cấp trong sơ đồ"),
        default=1,
        help_text=_("0 = cơ quan; 1 = trực thuộc đơn vị cấp 0 đứng trước; 2 = trực thuộc cấp 1 đứng trước…"),
    )
    head = models.CharField(_("người phụ trách"), max_length=255, blank=True)
    duties = models.TextField(_("nhiệm vụ chính"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("head"),
        FieldPanel("duties"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("address"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name


class AgencyLeader(Orderable):
    page = ParentalKey(AgencyPage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    photo = models.ForeignKey(
        "core.CustomImage",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")

    def __str__(self) -> str:
        return f"{self.name} — {self.position}"
