"""Programmes and their targets, the data that measure them, and the reporting workflow.

Modelled on DHIS2 (data elements, periods, data sets, approval and locking) with targets as
first-class rows. Values are exact (Decimal); rates are computed from summed numerators and
denominators, never averaged.
"""

import calendar
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.orgunits.selectors import CODE_RULE as CODE_VALIDATOR


class Rating(models.IntegerChoices):
    """The yearly quality scale, best first; stored as numbers so that "good or better" is `>= 4`."""

    EXCELLENT = 5, _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = 4, _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = 3, _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = 2, _("Không hoàn thành nhiệm vụ")
    WEAK = 1, _("Yếu kém")


RATING_CODES = {
    "excellent": Rating.EXCELLENT,
    "good": Rating.GOOD,
    "completed": Rating.COMPLETED,
    "not_completed": Rating.NOT_COMPLETED,
    "weak": Rating.WEAK,
}


class DataElement(models.Model):
    class ValueType(models.TextChoices):
        COUNT = "count", _("Số lượng (số nguyên không âm)")
        RATING = "rating", _("Xếp loại")
        BOOLEAN = "boolean", _("Có/không")

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên chỉ số thu thập"), max_length=255)
    value_type = models.CharField(_("kiểu giá trị"), max_length=20, choices=ValueType.choices)
    description = models.TextField(_("giải thích"), blank=True)
    automatic = models.BooleanField(
        _("ghi tự động"),
        default=False,
        help_text=_(
            "Giá trị do hệ thống ghi từ các quyết định (ví dụ: quyết định công nhận mô hình “Dân vận "
            "khéo”), không nhập tay và không nhập từ tệp. Đơn vị trong phạm vi chưa có giá trị được "
            "tính là “không”."
        ),
    )

    class Meta:
        verbose_name = _("chỉ số thu thập")
        verbose_name_plural = _("chỉ số thu thập")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RuleComparator(models.TextChoices):
    """How the left element of a rule must compare with the right one (of the same unit and period)."""

    LTE = "<=", _("≤ (không lớn hơn)")
    GTE = ">=", _("≥ (không nhỏ hơn)")
    EQ = "=", _("= (bằng)")


class ElementRule(models.Model):
    """A check between two elements of the same unit and period, such as members ≤ eligible
    population: kept as data so that officers edit it without code, and used alike by the entry
    form and the file import (danvan.programmes.rules)."""

    left = models.ForeignKey(
        DataElement, models.CASCADE, related_name="rules", verbose_name=_("chỉ số cần kiểm tra")
    )
    comparator = models.CharField(_("so sánh"), max_length=2, choices=RuleComparator.choices)
    right = models.ForeignKey(DataElement, models.CASCADE, related_name="+", verbose_name=_("so với chỉ số"))
    message = models.CharField(
        _("câu báo lỗi khi nhập"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ví dụ: “Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi”. Không ghi số: "
            "giá trị so sánh được thêm vào trong ngoặc. Để trống: câu tự tạo từ tên hai chỉ số."
        ),
    )

    class Meta:
        verbose_name = _("quy tắc kiểm tra số liệu")
        verbose_name_plural = _("quy tắc kiểm tra số liệu")
        ordering = ["left__code", "right__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["left", "comparator", "right"],
                name="programmes_elementrule_once",
                violation_error_message=_("Quy tắc này đã có."),
            ),
            models.CheckConstraint(
                condition=~models.Q(left=models.F("right")),
                name="programmes_elementrule_two_elements",
                violation_error_message=_("Quy tắc cần hai chỉ số khác nhau."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left.code} {self.comparator} {self.right.code}"

    def holds(self, left: Decimal, right: Decimal) -> bool:
        if self.comparator == RuleComparator.LTE:
            return left <= right
        if self.comparator == RuleComparator.GTE:
            return left >= right
        return left == right


class PeriodType(models.TextChoices):
    YEARLY = "yearly", _("Năm")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    QUARTERLY = "quarterly", _("Quý")
    MONTHLY = "monthly", _("Tháng")


PERIOD_PATTERNS = [
    (re.compile(r"^(\d{4})$"), PeriodType.YEARLY),
    (re.compile(r"^(\d{4})H([12])$"), PeriodType.HALF_YEARLY),
    (re.compile(r"^(\d{4})Q([1-4])$"), PeriodType.QUARTERLY),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), PeriodType.MONTHLY),
]


def parse_period(code: str) -> tuple[str, dt.date, dt.date]:
    """'2023' → yearly 2023-01-01..2023-12-31; '2023H1', '2023Q3', '2023-07' likewise (DHIS2 style)."""
    text = code.strip() if isinstance(code, str) else ""
    for pattern, kind in PERIOD_PATTERNS:
        match = pattern.match(text)
        if match and 1990 <= int(match.group(1)) <= 2100:
            year = int(match.group(1))
            part = int(match.group(2)) if kind != PeriodType.YEARLY else 0
            first, last = {
                PeriodType.YEARLY: (1, 12),
                PeriodType.HALF_YEARLY: (6 * part - 5, 6 * part),
                PeriodType.QUARTERLY: (3 * part - 2, 3 * part),
                PeriodType.MONTHLY: (part, part),
            }[kind]
            end = dt.date(year, last, calendar.monthrange(year, last)[1])
            return kind.value, dt.date(year, first, 1), end
    raise ValidationError(
        _("Kỳ báo cáo “%(code)s” không hợp lệ; dùng 2023, 2023H1, 2023Q1 hoặc 2023-01."),
        params={"code": code},
    )


class Period(models.Model):
    code = models.CharField(_("mã kỳ"), max_length=10, unique=True)
    period_type = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodType.choices, editable=False)
    start = models.DateField(_("từ ngày"), editable=False)
    end = models.DateField(_("đến ngày"), editable=False)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["start", "-end"]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.period_type, self.start, self.end = parse_period(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.period_type, self.start, self.end = parse_period(self.code)

    @classmethod
    def for_code(cls, code: str) -> "Period":
        parse_period(code)  # a bad code raises ValidationError before anything is written
        return cls.objects.get_or_create(code=code.strip())[0]


class Indicator(models.Model):
    class Kind(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ (tử số / mẫu số)")
        SHARE_OF_UNITS = "share_of_units", _("Tỷ lệ đơn vị đạt")

    key = models.CharField(_("mã"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    numerator = models.ForeignKey(
        DataElement, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tử số")
    )
    denominator = models.ForeignKey(
        DataElement, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("mẫu số")
    )
    rating_element = models.ForeignKey(
        DataElement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chỉ số xếp loại / có-không"),
    )
    threshold = models.PositiveSmallIntegerField(
        _("ngưỡng đạt"),
        default=Rating.GOOD,
        help_text=_("Đơn vị đạt khi xếp loại từ mức này trở lên (4 = hoàn thành tốt); với có/không: 1 = có."),
    )
    org_types = models.ManyToManyField(
        "orgunits.OrgType", blank=True, verbose_name=_("áp dụng cho loại tổ chức")
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.RATIO and not (self.numerator_id and self.denominator_id):
            raise ValidationError(_("Chỉ tiêu tỷ lệ cần cả tử số và mẫu số."))
        if self.kind == self.Kind.SHARE_OF_UNITS and not self.rating_element_id:
            raise ValidationError(_("Chỉ tiêu tỷ lệ đơn vị đạt cần một chỉ số xếp loại hoặc có/không."))


class Programme(models.Model):
    code = models.CharField(_("số, ký hiệu"), max_length=60, unique=True)
    title = models.CharField(_("tên chương trình"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    issued_on = models.DateField(_("ngày ban hành"))
    year = models.PositiveSmallIntegerField(_("năm"))
    motto = models.CharField(_("phương châm"), max_length=255, blank=True)
    parent_resolution = models.CharField(_("thực hiện nghị quyết"), max_length=255, blank=True)
    document = models.ForeignKey(
        "documents.LegalDocument",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản"),
    )
    root_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị chủ trì (phạm vi báo cáo)"),
    )

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class TaskGroup(models.Model):
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="task_groups")
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.TextField(_("nhóm nhiệm vụ"))
    responsible = models.ManyToManyField(
        "orgunits.OrgUnit", blank=True, related_name="+", verbose_name=_("đơn vị thực hiện")
    )
    progress_note = models.TextField(_("tiến độ"), blank=True)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["programme", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title[:80]


class TaskItem(models.Model):
    """One measurable item of a task group: a target of the programme with a weight, or a milestone
    with a due date. A task group's progress is the weighted mean of its items' progress."""

    class Kind(models.TextChoices):
        TARGET = "target", _("Chỉ tiêu của chương trình")
        MILESTONE = "milestone", _("Mốc công việc")

    task_group = models.ForeignKey(
        TaskGroup, models.CASCADE, related_name="items", verbose_name=_("nhóm nhiệm vụ")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        "Target",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="task_items",
        verbose_name=_("chỉ tiêu"),
        help_text=_("Với loại “chỉ tiêu”: một mục tiêu của chính chương trình này."),
    )
    title = models.CharField(
        _("tên mốc công việc"),
        max_length=255,
        blank=True,
        help_text=_("Với loại “mốc công việc”; với chỉ tiêu, để trống thì dùng tên chỉ tiêu."),
    )
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("trọng số"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Từ 1 đến 100; tiến độ của nhóm là trung bình có trọng số của các hạng mục."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hạng mục đo tiến độ")
        verbose_name_plural = _("hạng mục đo tiến độ")
        ordering = ["task_group", "sort_order", "id"]

    def __str__(self) -> str:
        if self.kind == self.Kind.TARGET and self.target is not None and not self.title:
            return str(self.target.indicator)
        return self.title

    def clean(self) -> None:
        if self.kind == self.Kind.TARGET:
            if self.target is None:
                raise ValidationError({"target": _("Hạng mục chỉ tiêu cần chọn một mục tiêu.")})
            if self.task_group_id and self.target.programme_id != self.task_group.programme_id:
                raise ValidationError(
                    {"target": _("Mục tiêu phải thuộc cùng chương trình với nhóm nhiệm vụ.")}
                )
        elif self.kind == self.Kind.MILESTONE:
            errors = {}
            if not (self.title or "").strip():
                errors["title"] = _("Mốc công việc cần có tên.")
            if not self.due_on:
                errors["due_on"] = _("Mốc công việc cần có hạn hoàn thành.")
            if errors:
                raise ValidationError(errors)


class MilestoneDone(models.Model):
    """A responsible unit has completed a milestone (on a date), with who recorded it."""

    item = models.ForeignKey(TaskItem, models.CASCADE, related_name="completions")
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    done_on = models.DateField(_("ngày hoàn thành"))
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mốc đã hoàn thành")
        verbose_name_plural = _("mốc đã hoàn thành")
        constraints = [
            models.UniqueConstraint(fields=["item", "org_unit"], name="programmes_milestone_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.org_unit_id} {self.done_on}"


class TaskReport(models.Model):
    """A responsible unit's narrative progress on a task group for a period, with evidence files."""

    task_group = models.ForeignKey(TaskGroup, models.CASCADE, related_name="reports")
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    period = models.ForeignKey(Period, models.PROTECT, related_name="+", verbose_name=_("kỳ báo cáo"))
    text = models.TextField(_("kết quả thực hiện"))
    version = models.PositiveIntegerField(default=1, editable=False)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ nhiệm vụ")
        verbose_name_plural = _("báo cáo tiến độ nhiệm vụ")
        ordering = ["task_group", "org_unit__path", "period__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_group", "org_unit", "period"], name="programmes_task_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_group_id} {self.org_unit_id} {self.period_id}"


class TaskEvidence(models.Model):
    """A file proving a narrative report (PDF, images…), checked by content; private (``rieng/``)."""

    report = models.ForeignKey(TaskReport, models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="rieng/tien-do/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tài liệu minh chứng tiến độ")
        verbose_name_plural = _("tài liệu minh chứng tiến độ")

    def __str__(self) -> str:
        return self.name


class Comparator(models.TextChoices):
    GT = ">", _("trên")
    GTE = ">=", _("từ … trở lên")


class Target(models.Model):
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="targets", verbose_name=_("chỉ tiêu")
    )
    comparator = models.CharField(_("so sánh"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("giá trị (%)"), max_digits=6, decimal_places=2)
    scope = models.ForeignKey(
        "orgunits.OrgType",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("chỉ tiêu riêng cho loại tổ chức"),
        help_text=_(
            "Để trống: chỉ tiêu chung cho mọi loại tổ chức. Chọn một loại khi chỉ tiêu chỉ tính cho loại đó (ví dụ: Đoàn thanh niên, mức ≥ 45%)."
        ),
    )
    aspirational = models.BooleanField(_("chỉ tiêu phấn đấu"), default=False)
    max_weak_units = models.PositiveSmallIntegerField(
        _("số đơn vị yếu kém tối đa"), null=True, blank=True, help_text=_("0 = không có đơn vị yếu kém.")
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["programme", "sort_order", "id"]
        # One target per indicator overall and one per kind of organisation. Two partial unique
        # indexes rather than NULLS NOT DISTINCT, which SQLite cannot build: both databases
        # enforce these, and model validation turns a duplicate into a form error.
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "indicator"],
                condition=models.Q(scope__isnull=True),
                name="programmes_target_once_overall",
                violation_error_message=_(
                    "Chương trình đã có mục tiêu cho chỉ tiêu này áp dụng chung cho mọi loại tổ chức. "
                    "Hãy sửa mục tiêu đó thay vì thêm mục tiêu mới."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "indicator", "scope"],
                condition=models.Q(scope__isnull=False),
                name="programmes_target_once_per_scope",
                violation_error_message=_(
                    "Chương trình đã có mục tiêu cho chỉ tiêu này riêng cho loại tổ chức đã chọn. "
                    "Hãy sửa mục tiêu đó thay vì thêm mục tiêu mới."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.comparator} {self.value}"

    def is_met(self, value: Decimal | None) -> bool | None:
        """Decided on the exact value: 80.004 meets "> 80" though it shows as 80.00."""
        if value is None:
            return None
        return value > self.value if self.comparator == Comparator.GT else value >= self.value


class DataSet(models.Model):
    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    period_type = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodType.choices)
    elements = models.ManyToManyField(DataElement, verbose_name=_("chỉ số thu thập"))
    org_types = models.ManyToManyField("orgunits.OrgType", verbose_name=_("giao cho loại tổ chức"))
    programme = models.ForeignKey(Programme, models.CASCADE, null=True, blank=True, related_name="data_sets")

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class ReportingWindow(models.Model):
    data_set = models.ForeignKey(DataSet, models.CASCADE, related_name="windows")
    period = models.ForeignKey(Period, models.PROTECT, related_name="+")
    opens_on = models.DateField(_("mở nhập từ"))
    closes_on = models.DateField(_("hạn nộp"))

    class Meta:
        verbose_name = _("thời hạn báo cáo")
        verbose_name_plural = _("thời hạn báo cáo")
        constraints = [models.UniqueConstraint(fields=["data_set", "period"], name="programmes_window_once")]

    def __str__(self) -> str:
        return f"{self.data_set} {self.period}"


class Submission(models.Model):
    """One unit's report for one data set and period: open → submitted → approved → locked (or returned)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã gửi")
        APPROVED = "approved", _("Đã duyệt")
        LOCKED = "locked", _("Đã khóa")

    data_set = models.ForeignKey(DataSet, models.CASCADE, related_name="submissions")
    period = models.ForeignKey(Period, models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("orgunits.OrgUnit", models.PROTECT, related_name="submissions")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN)
    comment = models.TextField(_("ý kiến"), blank=True)
    version = models.PositiveIntegerField(default=0)  # bumped on every save of its values: edit conflicts
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "period", "org_unit"], name="programmes_submission_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.period} ({self.get_status_display()})"


class DataValue(models.Model):
    element = models.ForeignKey(DataElement, models.PROTECT, related_name="values")
    period = models.ForeignKey(Period, models.PROTECT, related_name="values")
    org_unit = models.ForeignKey("orgunits.OrgUnit", models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(fields=["element", "period", "org_unit"], name="programmes_value_once")
        ]
        indexes = [models.Index(fields=["period", "element"])]

    def __str__(self) -> str:
        return f"{self.element.code} {self.period.code} {self.org_unit.code} = {self.value}"


class DataValueChange(models.Model):
    """Every change of a value: who, when, old and new (never edited, never deleted by the app)."""

    element = models.ForeignKey(DataElement, models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("orgunits.OrgUnit", models.PROTECT, related_name="+")
    old_value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    new_value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=20, default="form")  # form / import / unlock
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lịch sử thay đổi số liệu")
        verbose_name_plural = _("lịch sử thay đổi số liệu")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.element_id}/{self.period_id}/{self.org_unit_id}: {self.old_value} → {self.new_value}"


class SubmissionEvent(models.Model):
    """One step of a report's workflow — submitted, approved, returned, locked, unlocked — with who and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Gửi duyệt")
        APPROVE = "approve", _("Duyệt")
        RETURN = "return", _("Trả lại")
        LOCK = "lock", _("Khóa")
        UNLOCK = "unlock", _("Mở khóa")
        DECISION = "decision", _("Cập nhật theo quyết định")

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("ý kiến, lý do"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("các bước xử lý báo cáo")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.action}"
