"""Admin page "Nhập lịch từ tệp": upload the reviewed calendar (CSV or XLSX, ``date,kind,name``).

The import is ``services.import_calendar``: one transaction, nothing written while any line is wrong;
a refused file answers 400 with the "Dòng N: …" messages.
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from danvan.core.tabular import ImportRejected

from . import services

MAX_BYTES = 2 * 1024 * 1024
TEMPLATE = "workdays/admin/import.html"
RIGHTS = [
    "workdays.add_calendarday",
    "workdays.change_calendarday",
    "workdays.delete_calendarday",
    "workdays.change_calendaryear",
]


def can_import(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_perms(RIGHTS)))


class UploadForm(forms.Form):
    calendar_file = forms.FileField(
        label=_("Tệp lịch"),
        help_text=_(
            "Dòng đầu là tên cột: date (ngày, dạng 2027-01-01 hoặc 01/01/2027), kind (holiday = ngày lễ, "
            "day_off = ngày nghỉ bù, hoán đổi, workday = thứ Bảy/Chủ nhật làm bù), name (tên, ghi chú)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_calendar_file(self) -> bytes:
        upload = self.cleaned_data["calendar_file"]
        if (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError(gettext("Tệp lớn hơn 2 MB."), code="size")
        data: bytes = upload.read()
        return data


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                context["result"] = services.import_calendar(
                    form.cleaned_data["calendar_file"], by=request.user
                )
                form = UploadForm()
            except ImportRejected as exc:
                context["errors"] = exc.errors
                status = 400
        else:
            status = 400
    else:
        form = UploadForm()
    context["form"] = form
    return render(request, TEMPLATE, context, status=status)
