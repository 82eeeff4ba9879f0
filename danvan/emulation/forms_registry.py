"""Forms of the registry's admin screens (issue 16)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.dates import today_in_vietnam

from .models import TITLE_MAX_CHARS, ModelField, SkilfulModel

PHOTO_SLOTS = 3
EVIDENCE_SLOTS = 3


def _levels() -> Any:
    related: Any = SkilfulModel._meta.get_field("level").remote_field.model
    return related._default_manager.order_by("pk")


class RegisterForm(forms.Form):
    title = forms.CharField(label=_("Tên mô hình"), max_length=TITLE_MAX_CHARS)
    unit = forms.ChoiceField(label=_("Đơn vị"))
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=ModelField.choices)
    level: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Cấp công nhận"), queryset=None, required=False
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )
    results = forms.CharField(
        label=_("Kết quả đo được"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [(u.code, u.name) for u in units]
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ModelChoiceField)
        level_field.queryset = _levels()
        self.fields["year"].initial = today_in_vietnam().year
        for i in range(1, EVIDENCE_SLOTS + 1):
            self.fields[f"evidence_{i}"] = forms.FileField(
                label=_("Tài liệu minh chứng %(n)s") % {"n": i},
                required=False,
                help_text=_("PDF, Word, Excel, JPEG hoặc PNG; tối đa 10 MB.") if i == 1 else "",
            )
        for i in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{i}"] = forms.FileField(
                label=_("Ảnh %(n)s") % {"n": i}, required=False, help_text=_("JPEG hoặc PNG; tối đa 10 MB.")
            )
            self.fields[f"caption_{i}"] = forms.CharField(
                label=_("Chú thích ảnh %(n)s") % {"n": i}, required=False, max_length=300
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, PHOTO_SLOTS + 1):
            if data.get(f"photo_{i}") and not (data.get(f"caption_{i}") or "").strip():
                self.add_error(f"caption_{i}", _("Hãy ghi chú thích cho ảnh."))
        return data


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000
    )

    def __init__(
        self, *args: Any, criteria: list[Any], initial_scores: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=_("%(name)s (tối đa %(max)s)") % {"name": criterion.name, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                decimal_places=2,
                max_digits=5,
                initial=initial_scores.get(criterion.pk),
                help_text=criterion.description,
            )
        self.criteria = criteria

    def scores(self) -> dict[int, Any]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
