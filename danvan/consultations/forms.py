"""The public comment form: a citizen's name, optional contact, the comment, and a honeypot."""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_CHARS

HONEYPOT = "website"


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        error_messages={
            "required": _("Hãy nhập họ và tên."),
            "max_length": _("Họ và tên dài tối đa %(limit_value)d ký tự."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        help_text=_("Không bắt buộc; không hiện trên trang, chỉ để cơ quan soạn thảo liên hệ khi cần."),
        error_messages={"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.vn.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Cơ quan, tổ chức hoặc địa chỉ"),
        required=False,
        max_length=300,
        help_text=_("Không bắt buộc; hiện cùng tên của bạn."),
        error_messages={"max_length": _("Mục này dài tối đa %(limit_value)d ký tự.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    body = forms.CharField(
        label=_("Nội dung ý kiến"),
        max_length=COMMENT_MAX_CHARS,
        help_text=format_lazy(
            _("Tối đa {limit} ký tự. Nên nêu rõ điều, khoản của dự thảo mà bạn góp ý."),
            limit=COMMENT_MAX_CHARS,
        ),
        error_messages={
            "required": _("Hãy nhập nội dung ý kiến."),
            "max_length": _("Nội dung ý kiến dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    # Hidden from people (visually and from screen readers); programs that fill every field fill it.
    website = forms.CharField(
        label=_("Đừng điền vào ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            # Not tied to the field: the field is hidden, the message must not be.
            raise forms.ValidationError(_("Không gửi được ý kiến. Xin thử gửi lại."), code="honeypot")
        return cleaned

    def comment_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("author_name", "email", "organisation", "body")}
