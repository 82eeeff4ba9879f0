"""Forms of the registry's admin screens (issue 16)."""

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from danvan.core.dates import today_in_vietnam

from .models import TITLE_MAX_CHARS, ModelField, SkilfulModel

PHOTO_SLOTS = 3
EVIDENCE_SLOTS = 3


def _null_characters_in_vietnamese(form: forms.Form) -> None:
    """Django's own message for a NUL character is not translated: say it in Vietnamese."""
    message = _("Có ký tự điều khiển không in được (mã 0); hãy gõ lại.")
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.validators = [
                ProhibitNullCharactersValidator(message=message)
                if isinstance(v, ProhibitNullCharactersValidator)
                else v
                for v in field.validators
            ]


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
        _null_characters_in_vietnamese(self)

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


class EditForm(forms.Form):
    """The fields of a model its editor may change now (services.editable_fields), and a caption
    per photo. Bounds are checked here for the page's messages and again by the service."""

    title = forms.CharField(label=_("Tên mô hình"), max_length=TITLE_MAX_CHARS)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=ModelField.choices)
    level: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Cấp công nhận"), queryset=None, required=False
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000
    )
    results = forms.CharField(
        label=_("Kết quả đo được"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )
    published = forms.BooleanField(label=_("Hiện trên cổng thông tin khi được công nhận"), required=False)

    def __init__(
        self, *args: Any, model: SkilfulModel, editable: tuple[str, ...], photos: list[Any], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {name: getattr(model, name) for name in editable})
        if "level" in editable:
            kwargs["initial"]["level"] = model.level_id
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        if "level" in self.fields:
            level_field = self.fields["level"]
            assert isinstance(level_field, forms.ModelChoiceField)
            level_field.queryset = _levels()
        self.photos = photos
        for photo in photos:
            self.fields[f"photo_caption_{photo.pk}"] = forms.CharField(
                label=_("Chú thích ảnh %(n)s") % {"n": photo.position + 1},
                max_length=300,
                initial=photo.caption,
            )
        _null_characters_in_vietnamese(self)

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("photo_caption_")]

    def caption_fields(self) -> list[tuple[Any, Any]]:
        """(photo, its caption's bound field) for the page: each caption beside its picture."""
        return [(photo, self[f"photo_caption_{photo.pk}"]) for photo in self.photos]

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in self.fields if not name.startswith("photo_caption_")
        }

    def captions(self) -> dict[int, str]:
        return {photo.pk: self.cleaned_data[f"photo_caption_{photo.pk}"] for photo in self.photos}


class AddFilesForm(forms.Form):
    """Evidence files and photos added after registration (checked by the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, EVIDENCE_SLOTS + 1):
            self.fields[f"evidence_{i}"] = forms.FileField(
                label=_("Tài liệu minh chứng mới %(n)s") % {"n": i},
                required=False,
                help_text=_("PDF, Word, Excel, JPEG hoặc PNG; tối đa 10 MB.") if i == 1 else "",
            )
        for i in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{i}"] = forms.FileField(
                label=_("Ảnh mới %(n)s") % {"n": i},
                required=False,
                help_text=_("JPEG hoặc PNG; tối đa 10 MB."),
            )
            self.fields[f"caption_{i}"] = forms.CharField(
                label=_("Chú thích ảnh mới %(n)s") % {"n": i}, required=False, max_length=300
            )
        _null_characters_in_vietnamese(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, PHOTO_SLOTS + 1):
            if data.get(f"photo_{i}") and not (data.get(f"caption_{i}") or "").strip():
                self.add_error(f"caption_{i}", _("Hãy ghi chú thích cho ảnh."))
        return data

    def evidence(self) -> list[tuple[str, Any, int]]:
        return [
            (upload.name or "", upload, upload.size or 0)
            for i in range(1, EVIDENCE_SLOTS + 1)
            if (upload := self.cleaned_data.get(f"evidence_{i}"))
        ]

    def photos(self) -> list[tuple[str, Any, int, str]]:
        return [
            (upload.name or "", upload, upload.size or 0, self.cleaned_data.get(f"caption_{i}", ""))
            for i in range(1, PHOTO_SLOTS + 1)
            if (upload := self.cleaned_data.get(f"photo_{i}"))
        ]
