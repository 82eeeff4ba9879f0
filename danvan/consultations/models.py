"""Drafts published for public comment (dự thảo lấy ý kiến, Luật Tiếp cận thông tin 2016, Điều 17).

A draft is open from the whole opening day through the whole closing day in Asia/Ho_Chi_Minh; its
state is derived from those dates, so it closes by itself without any scheduled job.
"""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.dates import today_in_vietnam
from danvan.core.symbols import symbol_slug

COMMENT_MAX_CHARS = 5000
SLUG_MAX_CHARS = 80


class State(models.TextChoices):
    UPCOMING = "upcoming", _("Sắp mở")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã kết thúc")


def state_on(opens_on: dt.date, closes_on: dt.date, today: dt.date) -> State:
    """The one rule: comments are taken from the opening day through the closing day, both included."""
    if today < opens_on:
        return State.UPCOMING
    if today <= closes_on:
        return State.OPEN
    return State.CLOSED


def draft_slug(title: str) -> str:
    """The title folded for the URL ("Dự thảo Quy chế…" → "du-thao-quy-che…"), cut at a word."""
    slug = symbol_slug(title)
    if len(slug) > SLUG_MAX_CHARS:
        slug = slug[: SLUG_MAX_CHARS + 1].rsplit("-", 1)[0]
    return slug or "du-thao"


def _file_path(instance: "Draft", filename: str) -> str:
    extension = "pdf" if instance.file_kind == "pdf" else "docx"
    return f"du-thao/{uuid.uuid4().hex}.{extension}"  # never the uploaded name: it may hold "../"


class Draft(models.Model):
    title = models.CharField(_("tên dự thảo"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=SLUG_MAX_CHARS + 10, editable=False)
    summary = models.TextField(
        _("tóm tắt"), help_text=_("Mục đích, phạm vi và những điểm chính của dự thảo.")
    )
    body = models.TextField(
        _("nội dung"), blank=True, help_text=_("Văn bản thường; mỗi dòng trống bắt đầu một đoạn mới.")
    )
    issuer = models.ForeignKey(
        "documents.Issuer",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("cơ quan lấy ý kiến"),
    )
    drafting_unit = models.CharField(_("đơn vị soạn thảo"), max_length=200, blank=True)
    opens_on = models.DateField(_("ngày bắt đầu lấy ý kiến"))
    closes_on = models.DateField(
        _("ngày kết thúc lấy ý kiến"), help_text=_("Vẫn nhận ý kiến đến hết ngày này (giờ Việt Nam).")
    )
    file = models.FileField(
        _("tệp dự thảo"), upload_to=_file_path, blank=True, help_text=_("PDF hoặc Word (.docx).")
    )
    file_name = models.CharField(_("tên tệp"), max_length=200, editable=False, blank=True)
    file_kind = models.CharField(max_length=10, editable=False, blank=True)
    file_size = models.PositiveBigIntegerField(editable=False, default=0)
    published = models.BooleanField(
        _("công khai"), default=False, help_text=_("Chỉ dự thảo đã công khai mới hiện trên trang.")
    )
    outcome = models.TextField(
        _("kết quả tiếp thu, giải trình"),
        blank=True,
        help_text=_("Điền sau khi kết thúc lấy ý kiến; hiện trên trang khi có nội dung."),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    class Meta:
        verbose_name = _("dự thảo")
        verbose_name_plural = _("dự thảo")
        ordering = ["-closes_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultations_draft_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.slug = draft_slug(self.title)
        if not self.file:
            self.file_name, self.file_kind, self.file_size = "", "", 0
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("draft_detail", args=[self.pk, self.slug or draft_slug(self.title)])

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Ngày kết thúc lấy ý kiến không thể trước ngày bắt đầu.")})
        upload = self.file
        if upload and not getattr(upload, "_committed", True):  # a new upload: check its content
            from danvan.core.files import check, safe_name

            try:
                checked = check(upload.file, size=upload.size)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
            self.file_kind, self.file_size = checked.kind, upload.size
            self.file_name = safe_name(upload.name or "")

    def state(self, today: dt.date | None = None) -> State:
        return state_on(self.opens_on, self.closes_on, today or today_in_vietnam())

    def is_open(self, today: dt.date | None = None) -> bool:
        return self.state(today) == State.OPEN

    def get_file_url(self) -> str:
        return reverse("draft_file", args=[self.pk]) if self.file else ""


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã đăng")
        REJECTED = "rejected", _("Không đăng")

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="comments", verbose_name=_("dự thảo"))
    author_name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), blank=True, help_text=_("Không hiện trên trang."))
    organisation = models.CharField(_("cơ quan, tổ chức hoặc địa chỉ"), max_length=300, blank=True)
    body = models.TextField(_("nội dung ý kiến"), validators=[MaxLengthValidator(COMMENT_MAX_CHARS)])
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    response = models.TextField(
        _("tiếp thu, giải trình"),
        blank=True,
        help_text=_("Trả lời của cơ quan soạn thảo; hiện dưới ý kiến khi ý kiến được đăng."),
    )
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người duyệt"),
    )

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["draft", "status"], name="consult_comment_draft_status")]

    def __str__(self) -> str:
        body = " ".join(self.body.split())
        return f"{self.author_name}: {body[:60]}{'…' if len(body) > 60 else ''}"

    def get_absolute_url(self) -> str:
        return f"{self.draft.get_absolute_url()}#y-kien-{self.pk}"
