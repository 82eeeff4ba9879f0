"""The library of legal documents (văn bản): kinds and issuers are rows editors manage."""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.symbols import party_symbol, state_symbol, symbol_key, symbol_slug, validate_symbol
from danvan.core.text import words


class System(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản của Nhà nước")


class DocumentType(models.Model):
    name = models.CharField(_("tên loại"), max_length=100)
    code = models.CharField(_("viết tắt"), max_length=20, help_text=_("Ví dụ: CTr, NQ, QĐ"))
    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["system", "name"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="documents_type_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Issuer(models.Model):
    name = models.CharField(_("cơ quan ban hành"), max_length=200)
    code = models.CharField(_("viết tắt trong ký hiệu"), max_length=30, help_text=_("Ví dụ: HU, UBND"))

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Field(models.Model):
    name = models.CharField(_("lĩnh vực"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegalDocument(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPLACED = "replaced", _("Đã bị thay thế")
        AMENDED = "amended", _("Đã được sửa đổi, bổ sung")

    number = models.CharField(_("số"), max_length=10)
    year_in_symbol = models.PositiveSmallIntegerField(
        _("năm trong ký hiệu"), null=True, blank=True, help_text=_("Chỉ văn bản quy phạm: 15/2023/QĐ-UBND")
    )
    type = models.ForeignKey(DocumentType, models.PROTECT, verbose_name=_("loại văn bản"))
    issuer = models.ForeignKey(Issuer, models.PROTECT, verbose_name=_("cơ quan ban hành"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, editable=False, db_index=True)
    symbol_key = models.CharField(max_length=60, editable=False, db_index=True)
    folded_text = models.TextField(editable=False, blank=True)  # symbol, title, abstract, signer: folded
    title = models.CharField(_("trích yếu"), max_length=500)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    field = models.ForeignKey(Field, models.SET_NULL, null=True, blank=True, verbose_name=_("lĩnh vực"))
    abstract = models.TextField(_("tóm tắt"), blank=True)
    replaces = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("thay thế văn bản"),
    )
    amends = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="amended_by",
        verbose_name=_("sửa đổi, bổ sung văn bản"),
    )
    related_articles = models.ManyToManyField(
        "portal.ArticlePage", blank=True, related_name="legal_documents", verbose_name=_("bài viết liên quan")
    )
    # When the portal published it and last changed it: the disclosure catalogue reports these.
    published_at = models.DateTimeField(_("ngày đăng"), default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["symbol", "issued_on"], name="documents_symbol_date"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.symbol = self.make_symbol()
        self.symbol_key = symbol_key(self.symbol)
        self.folded_text = (
            " " + " ".join(words(f"{self.symbol} {self.title} {self.abstract} {self.signer}")) + " "
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("document_detail", args=[self.pk, symbol_slug(self.symbol)])

    def clean(self) -> None:
        super().clean()
        if self.type_id and self.issuer_id:
            self.symbol = self.make_symbol()
            validate_symbol(self.symbol, system=self.type.system)
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            from django.core.exceptions import ValidationError

            raise ValidationError({"effective_on": _("Ngày có hiệu lực không thể trước ngày ban hành.")})

    def make_symbol(self) -> str:
        if self.type.system == System.PARTY:
            return party_symbol(self.number, self.type.code, self.issuer.code)
        return state_symbol(self.number, self.type.code, self.issuer.code, self.year_in_symbol)


def _file_path(instance: "DocumentFile", filename: str) -> str:
    import uuid

    extension = "pdf" if instance.kind == "pdf" else "docx"
    return f"van-ban/{uuid.uuid4().hex}.{extension}"  # never the uploaded name: it may hold "../"


class DocumentFile(models.Model):
    """An attached file; its text is extracted on upload so that the site search finds it."""

    document = models.ForeignKey(
        LegalDocument, models.CASCADE, related_name="files", verbose_name=_("văn bản")
    )
    file = models.FileField(_("tệp"), upload_to=_file_path)
    original_name = models.CharField(_("tên tệp"), max_length=200, editable=False)
    kind = models.CharField(max_length=10, editable=False)
    size = models.PositiveBigIntegerField(editable=False, default=0)
    text = models.TextField(editable=False, blank=True)
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("document_file", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        upload = self.file
        if upload and not getattr(upload, "_committed", True):  # a new upload: check its content
            from danvan.core.files import check, safe_name

            checked = check(upload.file, size=upload.size)
            self.kind, self.text, self.size = checked.kind, checked.text, upload.size
            self.original_name = safe_name(upload.name or "")
