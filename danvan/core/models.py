from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable


class CustomImage(AbstractImage):
    """Wagtail's image plus the photographer credit that news photos carry."""

    credit = models.CharField(_("tác giả ảnh"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SiteIdentity(ClusterableModel, BaseSiteSetting):
    """The publishing agency's legally required details, shown in every page's header and footer.

    One row per Wagtail Site, so each commune portal in one installation has its own.
    """

    site_name = models.CharField(_("tên trang"), max_length=255, default="Trang thông tin điện tử")
    governing_agency = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    responsible_person = models.CharField(_("người chịu trách nhiệm"), max_length=255, blank=True)
    responsible_title = models.CharField(_("chức vụ người chịu trách nhiệm"), max_length=255, blank=True)
    standing_agency = models.CharField(_("cơ quan thường trực"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    republishing_notice = models.CharField(
        _("ghi chú khi phát hành lại"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: Ghi rõ nguồn … khi phát hành lại thông tin từ trang này."),
    )

    # English versions shown on /en/ pages; an empty one falls back to the Vietnamese field.
    site_name_en = models.CharField(_("tên trang (tiếng Anh)"), max_length=255, blank=True)
    governing_agency_en = models.CharField(_("cơ quan chủ quản (tiếng Anh)"), max_length=255, blank=True)
    responsible_person_en = models.CharField(
        _("người chịu trách nhiệm (tiếng Anh)"), max_length=255, blank=True
    )
    responsible_title_en = models.CharField(
        _("chức vụ người chịu trách nhiệm (tiếng Anh)"), max_length=255, blank=True
    )
    standing_agency_en = models.CharField(_("cơ quan thường trực (tiếng Anh)"), max_length=255, blank=True)
    address_en = models.CharField(_("địa chỉ (tiếng Anh)"), max_length=500, blank=True)
    republishing_notice_en = models.CharField(
        _("ghi chú khi phát hành lại (tiếng Anh)"), max_length=500, blank=True
    )

    panels = [
        FieldPanel("site_name"),
        MultiFieldPanel(
            [
                FieldPanel("governing_agency"),
                FieldPanel("responsible_person"),
                FieldPanel("responsible_title"),
                FieldPanel("standing_agency"),
            ],
            heading=_("Cơ quan và người chịu trách nhiệm"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")],
            heading=_("Liên hệ"),
        ),
        FieldPanel("republishing_notice"),
        MultiFieldPanel(
            [
                FieldPanel("site_name_en"),
                FieldPanel("governing_agency_en"),
                FieldPanel("responsible_person_en"),
                FieldPanel("responsible_title_en"),
                FieldPanel("standing_agency_en"),
                FieldPanel("address_en"),
                FieldPanel("republishing_notice_en"),
            ],
            heading=_("Tiếng Anh (trang /en/)"),
        ),
        InlinePanel("links", heading=_("Liên kết website"), label=_("liên kết")),
    ]

    class Meta:
        verbose_name = _("thông tin cơ quan")
        verbose_name_plural = _("thông tin cơ quan")

    def localized(self, language: str) -> "LocalizedIdentity":
        return LocalizedIdentity(self, language)


class LocalizedIdentity:
    """A SiteIdentity read in one language: `x` is `x_<language>` when that field exists and is filled."""

    def __init__(self, identity: SiteIdentity, language: str) -> None:
        self._identity = identity
        self._suffix = "" if language == "vi" else f"_{language}"

    def __getattr__(self, name: str) -> Any:
        if self._suffix:
            translated = getattr(self._identity, name + self._suffix, None)
            if translated:
                return translated
        return getattr(self._identity, name)


class WebsiteLink(Orderable):
    """One entry of the 'Liên kết website' block, kept in the order editors give."""

    identity = ParentalKey(SiteIdentity, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("tiêu đề"), max_length=255)
    url = models.URLField(_("địa chỉ"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")

    def __str__(self) -> str:
        return self.title


class ExportJob(models.Model):
    """A report or export built by the task queue (decision 0024): who asked, for what, how far it
    got, and the file when it is done — private, under ``media/rieng/tep-xuat/``, handed out only to
    whoever asked. ``kind`` names an exporter an app registered in ``core.registry.exporters``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không tạo được")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="export_jobs", verbose_name=_("người yêu cầu")
    )
    kind = models.CharField(_("loại"), max_length=60)
    title = models.CharField(_("tên"), max_length=300)
    parameters = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("bước đang làm"), max_length=300, blank=True)
    file = models.FileField(_("tệp"), upload_to="rieng/tep-xuat/%Y/%m/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
