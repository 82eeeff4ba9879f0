"""The case form: one set of rules for the public page and the API (issue 15).

``CaseForm`` holds every rule about a case's fields; the page's ``CaseWebForm`` adds what only a
browser sends (the files, the honeypot, the signed time the form was served). The field names are
the API's JSON keys, so an error names the same field in both.
"""

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danvan.core.dates import today_in_vietnam

from . import intake, selectors
from .models import CONTENT_MAX_CHARS, TITLE_MAX_CHARS, CaseKind

HONEYPOT = "website"
# Control characters (but the line breaks and tabs of a text), the bidirectional overrides that
# make a text read differently from how it is stored, and lone surrogates (JSON's "\\ud800" reads as
# one, and no database or mail can store it).
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
FORBIDDEN_IN_LINE = re.compile("[\t\n\r]")
PHONE = re.compile(r"^\+?[\d\s().-]{8,20}$")
REFUSED = _("Không gửi được đơn. Xin kiểm tra lại các mục và gửi lại sau ít phút.")

# What a citizen needs to know before choosing the kind (Luật Khiếu nại 2011, Luật Tố cáo 2018,
# Luật Tiếp công dân 2013).
KIND_NOTES = {
    CaseKind.KIEN_NGHI: _(
        "Đề xuất với cơ quan nhà nước về chủ trương, chính sách, cách quản lý, phục vụ người dân."
    ),
    CaseKind.PHAN_ANH: _(
        "Báo cho cơ quan biết một việc đang xảy ra (hư hỏng, ô nhiễm, mất trật tự…) để xem xét, xử lý."
    ),
    CaseKind.KHIEU_NAI: _(
        "Đề nghị xem xét lại quyết định hoặc hành vi hành chính xâm phạm quyền, lợi ích hợp pháp của chính "
        "bạn. Phải ghi rõ họ tên và địa chỉ. Thời hiệu khiếu nại là 90 ngày kể từ ngày bạn nhận được "
        "hoặc biết được quyết định, hành vi đó. Nếu đã khiếu nại lần đầu mà không đồng ý với kết quả, "
        "hãy đánh dấu “khiếu nại lần hai”."
    ),
    CaseKind.TO_CAO: _(
        "Báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của cơ quan, tổ chức, cá nhân. "
        "Người tố cáo phải ghi rõ họ tên và địa chỉ; thông tin người tố cáo được giữ bí mật. "
        "Đơn không ghi họ tên, địa chỉ (nặc danh) không được giải quyết theo thủ tục tố cáo mà được "
        "xem là thông tin phản ánh."
    ),
    CaseKind.CAU_HOI: _("Hỏi cơ quan về thủ tục, chính sách, quy định có liên quan đến bạn."),
}


def check_text(value: str, *, multiline: bool) -> str:
    """The text in NFC with Windows line breaks made plain; ValidationError on control characters."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    if FORBIDDEN_CHARS.search(text) or (not multiline and FORBIDDEN_IN_LINE.search(text)):
        raise ValidationError(
            _("Có ký tự điều khiển không hợp lệ (ký tự ẩn, không in được); hãy gõ lại mục này."),
            code="control",
        )
    return text


class TextField(forms.CharField):
    """A CharField that refuses control characters with a Vietnamese message before any validator."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        if value not in self.empty_values and not isinstance(value, str):
            raise ValidationError(_("Mục này phải là một đoạn chữ."), code="type")
        if isinstance(value, str):
            value = check_text(value, multiline=self.multiline)
        return str(super().to_python(value))


def _length_messages(required: Any) -> dict[str, Any]:
    return {
        "required": required,
        "max_length": _("Mục này dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d)."),
    }


class CaseForm(forms.Form):
    unit = forms.CharField(
        label=_("Đơn vị nhận đơn"),
        max_length=40,
        help_text=_("Cơ quan, đơn vị có liên quan đến nội dung đơn (đang hoạt động)."),
        error_messages={"required": _("Hãy chọn đơn vị nhận đơn."), "max_length": _("Mã đơn vị không đúng.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=CaseKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn loại đơn."),
            "invalid_choice": _(
                "Loại đơn không đúng; chọn một trong: kien_nghi, phan_anh, khieu_nai, to_cao, cau_hoi."
            ),
        },
    )
    second_time = forms.BooleanField(
        label=_("Khiếu nại lần hai (đã khiếu nại lần đầu, không đồng ý với kết quả giải quyết)"),
        required=False,
    )
    title = TextField(
        label=_("Tiêu đề"),
        max_length=TITLE_MAX_CHARS,
        help_text=_("Một câu ngắn nói đơn về việc gì."),
        error_messages=_length_messages(_("Hãy nhập tiêu đề.")),
    )
    content = TextField(
        label=_("Nội dung"),
        multiline=True,
        max_length=CONTENT_MAX_CHARS,
        help_text=format_lazy(
            _("Tối đa {limit} ký tự. Nêu rõ sự việc, thời gian, địa điểm và đề nghị của bạn."),
            limit=CONTENT_MAX_CHARS,
        ),
        error_messages=_length_messages(_("Hãy nhập nội dung đơn.")),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    name = TextField(
        label=_("Họ và tên"),
        required=False,
        max_length=200,
        help_text=_(
            "Bắt buộc với khiếu nại; tố cáo thiếu họ tên hoặc địa chỉ được xem là phản ánh. "
            "Không bao giờ hiện trên trang tra cứu."
        ),
        error_messages=_length_messages(""),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        help_text=_(
            "Mã tra cứu được gửi vào địa chỉ này. Cần thư điện tử hoặc số điện thoại để trả lời bạn."
        ),
        error_messages={
            "invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn."),
            "max_length": _("Địa chỉ thư điện tử dài tối đa %(limit_value)d ký tự."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = TextField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        error_messages=_length_messages(""),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    address = TextField(
        label=_("Địa chỉ"),
        required=False,
        max_length=300,
        help_text=_("Bắt buộc với khiếu nại; tố cáo thiếu địa chỉ được xem là phản ánh."),
        error_messages=_length_messages(""),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_found: Any = None

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email") or ""
        if isinstance(value, str) and FORBIDDEN_CHARS.search(value):
            raise ValidationError(_("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn."), code="invalid")
        return str(value).strip()

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone") or "").strip()
        if value and not (PHONE.match(value) and 8 <= len(re.sub(r"\D", "", value)) <= 15):
            raise ValidationError(_("Số điện thoại chưa đúng, ví dụ: 0912 345 678."), code="invalid")
        return value

    def clean_unit(self) -> str:
        code = str(self.cleaned_data.get("unit") or "").strip()
        # A NUL or a surrogate cannot even be asked of PostgreSQL: no unit has such a code.
        unit, in_force = (
            (None, False)
            if FORBIDDEN_CHARS.search(code)
            else selectors.unit_for_case(code, today_in_vietnam())
        )
        if unit is None:
            raise ValidationError(
                _("Không có đơn vị mang mã này; hãy chọn đơn vị trong danh sách."), code="unknown"
            )
        if not in_force:
            raise ValidationError(
                _(
                    "Đơn vị “%(name)s” nay không còn (đã sáp nhập, chia tách hoặc giải thể); hãy chọn đơn vị hiện nay."
                )
                % {"name": unit.name},
                code="inactive",
            )
        self.unit_found = unit
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not self.has_error("email")
            and not self.has_error("phone")
        ):
            self.add_error("email", _("Hãy ghi thư điện tử hoặc số điện thoại để cơ quan trả lời bạn."))
        if cleaned.get("kind") == CaseKind.KHIEU_NAI:
            if not cleaned.get("name") and not self.has_error("name"):
                self.add_error("name", _("Đơn khiếu nại phải ghi rõ họ tên người khiếu nại."))
            if not cleaned.get("address") and not self.has_error("address"):
                self.add_error("address", _("Đơn khiếu nại phải ghi rõ địa chỉ người khiếu nại."))
        return cleaned

    def case_data(self) -> dict[str, Any]:
        """The keyword arguments of ``services.submit_case`` (without the files)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"].strip(),
            "content": data["content"].strip(),
            "unit": self.unit_found,
            "citizen_name": data.get("name", "").strip(),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
            "address": data.get("address", "").strip(),
            "second_time": bool(data.get("second_time")),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": intake.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [item for item in items if item]


class CaseWebForm(CaseForm):
    """The public page's form: the case's fields, its files, and the two traps for programs."""

    attachments = MultipleFileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=format_lazy(
            _(
                "Không bắt buộc. Tối đa {count} tệp ảnh (JPEG, PNG, GIF, WebP) hoặc PDF, mỗi tệp tối đa {size} MB."
            ),
            count=intake.MAX_FILES,
            size=intake.MAX_FILE_BYTES // 2**20,
        ),
    )
    # Hidden from people (visually and from screen readers); programs that fill every field fill it.
    website = forms.CharField(
        label=_("Đừng điền vào ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "unit",
        "kind",
        "second_time",
        "title",
        "content",
        "attachments",
        "name",
        "email",
        "phone",
        "address",
    ]

    def __init__(self, *args: Any, units: list[selectors.PickerUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("— Chọn đơn vị —")),
            *((u.code, f"{u.name} ({u.parent})" if u.parent else u.name) for u in units),
        ]
        self.fields["unit"].widget = forms.Select(choices=choices)
        self.checked_files: list[intake.CheckedFile] = []

    def token_for_page(self) -> str:
        """The signed start time to serve: the one sent, while it is still good, else a fresh one."""
        sent = str(self.data.get("started") or "") if self.is_bound else ""
        return sent if sent and intake.fill_seconds(sent) is not None else intake.fill_token()

    def clean_attachments(self) -> list[Any]:
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > intake.MAX_FILES:
            raise ValidationError(
                _("Chỉ gửi được tối đa %(count)s tệp (bạn đã chọn %(n)s).")
                % {"count": intake.MAX_FILES, "n": len(uploads)},
                code="too_many",
            )
        errors: list[ValidationError] = []
        checked = []
        for upload in uploads:
            try:
                checked.append(intake.check_attachment(upload, name=upload.name or "", size=upload.size or 0))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        self.checked_files = checked
        return list(uploads)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        seconds = intake.fill_seconds(cleaned.get("started") or "")
        if cleaned.get(HONEYPOT) or seconds is None or seconds < intake.min_fill_seconds():
            # Not tied to a field, and the same words for each trap: a program learns nothing from it.
            raise ValidationError(REFUSED, code="refused")
        return cleaned
