"""Admin page "Nhập/xuất CSV" for units: upload (checked: CSV text, ≤ 5 MB) and download links.

The import itself is services.import_org_units: one transaction, nothing written while any row is
wrong; a rejected upload answers 400 with the row-numbered errors.
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors, services

MAX_BYTES = 5 * 1024 * 1024
CSV_CONTENT_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", ""}
TEMPLATE = "orgunits/admin/csv_exchange.html"


def can_import(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_perms(["orgunits.add_orgunit", "orgunits.change_orgunit"]))
    )


def can_export(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm("orgunits.view_orgunit")))


def _csv_text(upload: UploadedFile[bytes] | None) -> str | None:
    """The file's text, or a ValidationError in Vietnamese if it is not a small UTF-8 CSV."""
    if upload is None:
        return None
    name = upload.name or ""
    if not name.lower().endswith(".csv") or (upload.content_type or "") not in CSV_CONTENT_TYPES:
        raise forms.ValidationError(
            gettext("Tệp “%(n)s” không phải CSV (cần đuôi .csv).") % {"n": name}, code="type"
        )
    if (upload.size or 0) > MAX_BYTES:
        raise forms.ValidationError(gettext("Tệp lớn hơn 5 MB."), code="size")
    raw: bytes = upload.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(gettext("Tệp không phải văn bản mã UTF-8."), code="encoding") from exc
    if "\x00" in text:
        raise forms.ValidationError(gettext("Tệp có ký tự nhị phân, không phải CSV."), code="binary")
    return text


class UploadForm(forms.Form):
    units_file = forms.FileField(
        label=_("Tệp đơn vị"),
        required=False,
        help_text=_(
            "Dòng đầu là tên cột, viết đúng như sau: code (mã), name (tên), parent_code (mã đơn vị cấp"
            " trên), level (mã cấp), org_type (mã loại tổ chức), valid_from, valid_to (hiệu lực từ, đến;"
            " ngày dạng 31/01/2025)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    successions_file = forms.FileField(
        label=_("Tệp kế thừa"),
        required=False,
        help_text=_(
            "Dòng đầu là tên cột, viết đúng như sau: predecessor (mã đơn vị cũ), successor (mã đơn vị"
            " tiếp nhận), kind (hình thức: merge = sáp nhập, split = chia tách, rename = đổi tên, transfer ="
            " chuyển cấp trên), effective_on (ngày hiệu lực, dạng 31/01/2025), share (phần số liệu)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, không ghi"), required=False)

    def clean_units_file(self) -> str | None:
        return _csv_text(self.cleaned_data.get("units_file"))

    def clean_successions_file(self) -> str | None:
        return _csv_text(self.cleaned_data.get("successions_file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("units_file") is None and data.get("successions_file") is None:
            raise forms.ValidationError(_("Hãy chọn ít nhất một tệp."), code="empty")
        return data


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def exchange(request: HttpRequest) -> HttpResponse:
    if not can_export(request.user):
        raise PermissionDenied
    context: dict[str, Any] = {"may_import": can_import(request.user)}
    status = 200
    if request.method == "POST":
        if not context["may_import"]:
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = services.import_org_units(
                form.cleaned_data["units_file"],
                form.cleaned_data["successions_file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            context["result"] = result
            context["dry_run"] = form.cleaned_data["dry_run"]
            if not result.ok:
                status = 400
            else:
                form = UploadForm()
        else:
            status = 400
    else:
        form = UploadForm()
    context["form"] = form
    return render(request, TEMPLATE, context, status=status)


@require_safe
def download(request: HttpRequest, what: str) -> HttpResponse:
    if not can_export(request.user):
        raise PermissionDenied
    if what == "don-vi":
        text, filename = selectors.units_csv(), "don-vi.csv"
    elif what == "ke-thua":
        text, filename = selectors.successions_csv(), "ke-thua-don-vi.csv"
    else:
        return HttpResponse(
            gettext("Không có tệp này."), status=404, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
