"""“Dân vận khéo” models (mô hình “Dân vận khéo”, issue 16).

A unit registers a model (a practice) in one of four fields; a council scores it against weighted
criteria (each member's score per criterion is kept); it is then recognised or not, the decision
linked to a document of the library; a recognition may later be revoked with a reason. Every step is
a ``ModelEvent`` (who, when, why); ``version`` grows on each change (stale forms are refused).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX_CHARS = 255


class ModelField(models.TextChoices):
    ECONOMY = "kinh_te", _("Kinh tế")
    CULTURE_SOCIETY = "van_hoa_xa_hoi", _("Văn hóa - xã hội")
    DEFENCE_SECURITY = "quoc_phong_an_ninh", _("Quốc phòng - an ninh")
    POLITICAL_SYSTEM = "xay_dung_he_thong_chinh_tri", _("Xây dựng hệ thống chính trị")


class ModelStatus(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    REVOKED = "revoked", _("Đã thu hồi công nhận")


class SkilfulModel(models.Model):
    title = models.CharField(_("tên mô hình"), max_length=TITLE_MAX_CHARS)
    slug = models.SlugField(_("đường dẫn"), max_length=80, allow_unicode=False)
    unit = models.ForeignKey("orgunits.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    field = models.CharField(_("lĩnh vực"), max_length=30, choices=ModelField.choices, db_index=True)
    level = models.ForeignKey(
        "orgunits.OrgLevel",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cấp công nhận"),
        help_text=_("Cấp xét công nhận mô hình (các cấp là dữ liệu của cây đơn vị)."),
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    description = models.TextField(_("mô tả"))
    results = models.TextField(_("kết quả đo được"), help_text=_("Các kết quả cụ thể, có số liệu."))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ModelStatus.choices,
        default=ModelStatus.REGISTERED,
        db_index=True,
    )
    score = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    decision = models.ForeignKey(
        "documents.LegalDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quyết định công nhận"),
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    published = models.BooleanField(_("hiện trên cổng"), default=True)
    folded_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("mô hình “Dân vận khéo”")
        verbose_name_plural = _("mô hình “Dân vận khéo”")
        indexes = [models.Index(fields=["year", "status", "unit"], name="emulation_model_year_status")]

    def __str__(self) -> str:
        return self.title


class ModelEvidence(models.Model):
    """A file proving the model's results (PDF, DOCX, XLSX, images), checked by content; private."""

    model = models.ForeignKey(SkilfulModel, models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="rieng/dan-van-kheo/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")

    def __str__(self) -> str:
        return self.name


class ModelPhoto(models.Model):
    model = models.ForeignKey(SkilfulModel, models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, models.PROTECT, related_name="+", verbose_name=_("ảnh")
    )
    caption = models.CharField(_("chú thích"), max_length=300)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["model", "position", "pk"]
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")

    def __str__(self) -> str:
        return self.caption


class Criterion(models.Model):
    """One criterion the council scores, with its weight in the total (configurable)."""

    name = models.CharField(_("tiêu chí"), max_length=255)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    weight = models.DecimalField(
        _("trọng số"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"), default=10)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("tiêu chí thẩm định")
        verbose_name_plural = _("tiêu chí thẩm định")

    def __str__(self) -> str:
        return self.name


class CouncilScore(models.Model):
    """One council member's score of one model on one criterion."""

    model = models.ForeignKey(SkilfulModel, models.CASCADE, related_name="scores")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("thành viên")
    )
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="+", verbose_name=_("tiêu chí"))
    score = models.DecimalField(
        _("điểm"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    comment = models.TextField(_("nhận xét"), blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm của thành viên hội đồng")
        verbose_name_plural = _("điểm của hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["model", "member", "criterion"], name="emulation_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.model_id} {self.member_id} {self.criterion_id}"


class ModelEvent(models.Model):
    model = models.ForeignKey(SkilfulModel, models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("việc"), max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")

    def __str__(self) -> str:
        return f"{self.model_id} {self.action}"
