"""Citizens' cases (kiến nghị, phản ánh, khiếu nại, tố cáo, câu hỏi), their legal clocks, and direct
dialogue sessions (issue 15).

A case belongs to one org unit (the unit concerned; forwarding changes it) and moves through the
statuses below; every move is a ``CaseEvent`` (who, when, why). Each legal deadline is a
``CaseDeadline`` row that keeps the ``DeadlineRule`` which produced it; ``Case.next_due_on`` repeats
the earliest open one so the staff list sorts and filters without a join. ``version`` grows on every
change: a form that carries an older version is refused (two staff changing one case).
"""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CONTENT_MAX_CHARS = 20_000
# The public reference of a published answer: 9 random bytes, 12 URL-safe characters. Never the
# tracking code (the citizen's secret, 14 characters): the answer's public page, the sitemap, the
# search and /api/v1/requests/ name the answer by this, so that nobody reads the code off them.
ANSWER_REF_BYTES = 9
ANSWER_REF_MAX_CHARS = 16
TITLE_MAX_CHARS = 200


class CaseKind(models.TextChoices):
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")
    PHAN_ANH = "phan_anh", _("Phản ánh")
    KHIEU_NAI = "khieu_nai", _("Khiếu nại")
    TO_CAO = "to_cao", _("Tố cáo")
    CAU_HOI = "cau_hoi", _("Câu hỏi")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý")
    REFUSED = "refused", _("Không thụ lý")
    FORWARDED = "forwarded", _("Đã chuyển đơn vị có thẩm quyền")
    ASSIGNED = "assigned", _("Đã giao người xử lý")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã rút đơn")
    MERGED = "merged", _("Đã gộp vào đơn khác")


class Channel(models.TextChoices):
    WEB = "web", _("Cổng thông tin")
    API = "api", _("API")
    OFFICE = "office", _("Trực tiếp tại cơ quan")
    DIALOGUE = "dialogue", _("Tại buổi đối thoại")


class DialogueSession(models.Model):
    """A direct dialogue (đối thoại trực tiếp) between a unit's leaders and citizens."""

    held_on = models.DateField(_("ngày đối thoại"))
    unit = models.ForeignKey("orgunits.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    title = models.CharField(_("tiêu đề"), max_length=TITLE_MAX_CHARS)
    leader = models.CharField(_("người chủ trì"), max_length=200)
    location = models.CharField(_("địa điểm"), max_length=300, blank=True)
    topics = models.TextField(_("nội dung, chủ đề"), blank=True)
    attendance = models.PositiveIntegerField(_("số người dự"), null=True, blank=True)
    minutes = models.TextField(_("biên bản, kết quả"), blank=True)
    published = models.BooleanField(_("công bố biên bản"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("buổi đối thoại")
        verbose_name_plural = _("đối thoại trực tiếp")

    def __str__(self) -> str:
        return self.title


class DialogueQuestion(models.Model):
    session = models.ForeignKey(DialogueSession, models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    asked_by = models.CharField(_("người hỏi (đã ẩn danh khi công bố)"), max_length=200, blank=True)
    question = models.TextField(_("câu hỏi, ý kiến"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.CharField(_("người trả lời"), max_length=200, blank=True)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("câu hỏi tại buổi đối thoại")
        verbose_name_plural = _("câu hỏi tại buổi đối thoại")

    def __str__(self) -> str:
        return self.question[:80]


class Case(models.Model):
    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    kind = models.CharField(_("loại đơn"), max_length=12, choices=CaseKind.choices, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    title = models.CharField(_("tiêu đề"), max_length=TITLE_MAX_CHARS)
    content = models.TextField(_("nội dung"))
    unit = models.ForeignKey(
        "orgunits.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("đơn vị giải quyết")
    )
    channel = models.CharField(
        _("kênh tiếp nhận"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # The citizen: personal data, never on a public page or in the public API.
    citizen_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    anonymous = models.BooleanField(
        _("không rõ người gửi"),
        default=False,
        help_text=_("Đơn không rõ họ tên, địa chỉ: được xem là thông tin phản ánh, không là tố cáo."),
    )
    # What the rules need to choose a clock.
    second_time = models.BooleanField(_("khiếu nại lần hai"), default=False)
    complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa, đi lại khó khăn"), default=False)
    # Handling.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"), db_index=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    next_due_on = models.DateField(_("hạn gần nhất"), null=True, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="merged_cases", verbose_name=_("gộp vào")
    )
    dialogue = models.ForeignKey(
        DialogueSession,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("nêu tại buổi đối thoại"),
    )
    # The answer: the text sent to the citizen, and what may be published (personal data removed).
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    publish_answer = models.BooleanField(_("công bố câu trả lời"), default=False)
    public_title = models.CharField(_("tiêu đề công bố"), max_length=TITLE_MAX_CHARS, blank=True)
    public_question = models.TextField(_("nội dung công bố (đã bỏ thông tin cá nhân)"), blank=True)
    public_answer = models.TextField(_("trả lời công bố"), blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    # Set when the answer is first published, kept if it is unpublished and published again; blank
    # until then. Unrelated to ``code``: see ANSWER_REF_BYTES.
    answer_ref = models.CharField(
        _("mã trang trả lời công bố"), max_length=ANSWER_REF_MAX_CHARS, blank=True, editable=False
    )
    # Accent-folded copies (core.text) for duplicate suggestions and accent-insensitive search.
    folded_text = models.TextField(editable=False, blank=True)
    contact_key = models.CharField(editable=False, max_length=260, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        indexes = [
            models.Index(fields=["unit", "status", "next_due_on"], name="feedback_case_unit_status_due"),
            models.Index(fields=["unit", "-received_at"], name="feedback_case_unit_received"),
        ]
        permissions = [("handle_case", _("Xử lý đơn thư của đơn vị mình"))]
        constraints = [
            models.UniqueConstraint(
                fields=["answer_ref"], condition=~models.Q(answer_ref=""), name="feedback_case_answer_ref"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A case saved published gets its answer's public reference, however it was published."""
        if self.publish_answer and self.published_at and not self.answer_ref:
            self.answer_ref = new_answer_ref(type(self))
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = {*fields, "answer_ref"}
        super().save(*args, **kwargs)


def new_answer_ref(model: Any) -> str:
    """A fresh random public reference that no case of ``model`` holds (``model``: the Case class,
    or the historical one in a migration)."""
    while True:
        ref = secrets.token_urlsafe(ANSWER_REF_BYTES)
        if not model.objects.filter(answer_ref=ref).exists():
            return ref


class CaseEvent(models.Model):
    """One step in a case's history: who did what, when and why; ``public`` steps show on lookup."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("việc"), max_length=20)
    from_status = models.CharField(_("từ trạng thái"), max_length=12, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, blank=True)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    public = models.BooleanField(_("người gửi xem được"), default=True)
    public_note = models.TextField(_("nội dung người gửi xem được"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="attachments")
    # Under MEDIA_ROOT's private folder: never served from /media/ (core.views.serve_media refuses
    # it); staff download through feedback.admin_cases, which asks the permission module.
    file = models.FileField(_("tệp"), upload_to="rieng/don-thu/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.name


class DeadlineRule(models.Model):
    """A legal (or internal) time limit as data: the clocks are computed from these rows."""

    class Unit(models.TextChoices):
        DAYS = "days", _("ngày")
        WORKING_DAYS = "working_days", _("ngày làm việc")

    key = models.SlugField(_("mã quy tắc"), max_length=60)
    kind = models.CharField(_("loại đơn"), max_length=12, choices=CaseKind.choices)
    step = models.CharField(_("bước"), max_length=20)
    amount = models.PositiveSmallIntegerField(_("số ngày"))
    unit = models.CharField(_("đơn vị tính"), max_length=12, choices=Unit.choices)
    source = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    active = models.BooleanField(_("đang áp dụng"), default=True)
    needs_review = models.BooleanField(
        _("cần rà soát"), default=False, help_text=_("Chưa có căn cứ pháp lý đã kiểm chứng: chỉ tiêu nội bộ.")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["kind", "key", "-valid_from"]
        verbose_name = _("quy tắc thời hạn")
        verbose_name_plural = _("quy tắc thời hạn")
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="feedback_rule_key_from")]

    def __str__(self) -> str:
        return f"{self.key} ({self.amount} {self.get_unit_display()})"


class CaseDeadline(models.Model):
    """An open or finished clock of a case, with the rule that produced it. ``due_on`` is recomputed
    when the calendar changes, the case is extended, or its clock is suspended and resumed."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang chạy")
        MET = "met", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Không còn áp dụng")

    case = models.ForeignKey(Case, models.CASCADE, related_name="deadlines")
    rule = models.ForeignKey(DeadlineRule, models.PROTECT, related_name="+", verbose_name=_("quy tắc"))
    step = models.CharField(_("bước"), max_length=20)
    starts_from = models.DateField(_("tính từ sự kiện ngày"))
    extra_days = models.PositiveSmallIntegerField(_("số ngày gia hạn"), default=0)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    due_on = models.DateField(_("hạn"), db_index=True)
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    met_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")

    def __str__(self) -> str:
        return f"{self.case_id} {self.step} {self.due_on}"


class ClockPause(models.Model):
    """A suspension (tạm đình chỉ, Luật 136/2025): no day from ``starts_on`` through ``ends_on`` counts."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="pauses")
    starts_on = models.DateField(_("tạm dừng từ ngày"))
    ends_on = models.DateField(_("tiếp tục sau ngày"), null=True, blank=True)
    reason = models.TextField(_("lý do"))

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("tạm đình chỉ")
        verbose_name_plural = _("tạm đình chỉ")

    def __str__(self) -> str:
        return f"{self.case_id} {self.starts_on}"


class ResponseTemplate(models.Model):
    kind = models.CharField(_("loại đơn"), max_length=12, choices=CaseKind.choices, blank=True)
    action = models.CharField(_("dùng khi"), max_length=20, blank=True)
    title = models.CharField(_("tên mẫu"), max_length=200)
    body = models.TextField(_("nội dung mẫu"))
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("mẫu trả lời")
        verbose_name_plural = _("mẫu trả lời")

    def __str__(self) -> str:
        return self.title
