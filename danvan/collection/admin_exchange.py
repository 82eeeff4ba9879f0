"""The admin page "Nhập/xuất số liệu": upload a CSV/XLSX of data values (or only check it), download
the values of a programme and period. The rules live in exchange.py; this module reads the request,
calls it and renders. Its template is inline (this part owns no template folder); Django escapes
everything the file brought in (error messages quote the cells as typed).
"""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem

from danvan.core.exports import start_export
from danvan.core.hooks import register
from danvan.orgunits import permissions
from danvan.programmes import selectors

from . import exchange, jobs

PERMISSION = jobs.PERMISSION
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

PAGE = """{% extends "wagtailadmin/base.html" %}
{% load i18n %}
{% block titletag %}{% translate "Nhập/xuất số liệu" %}{% endblock %}
{% block content %}
{% translate "Nhập/xuất số liệu" as title %}
{% include "wagtailadmin/shared/header.html" with title=title icon="table" %}
<div class="nice-padding data-exchange">
  {% if forbidden %}
    <p>{% translate "Bạn không có quyền nhập số liệu. Hãy đề nghị quản trị viên cấp quyền nếu công việc của bạn cần đến." %}</p>
  {% else %}
  <section aria-labelledby="exchange-import">
    <h2 id="exchange-import">{% translate "Nhập số liệu từ tệp" %}</h2>
    <p>{% blocktranslate %}Tệp CSV (mã UTF-8) hoặc XLSX, tối đa {{ max_mb }} MB, dòng đầu là tiêu đề với đúng các cột <code>data_element,period,org_unit,value,comment</code> (cột comment có thể bỏ). Số lượng ghi số nguyên liền (1234, không dấu chấm); xếp loại ghi excellent, good, completed, not_completed, weak; có/không ghi 1 hoặc 0. Có dòng sai thì không nhập dòng nào.{% endblocktranslate %}</p>
    {% if errors %}
      <div class="help-block help-critical" role="alert" id="exchange-errors">
        <p><strong>{% blocktranslate count n=errors|length %}Không nhập số liệu nào: {{ n }} lỗi.{% plural %}Không nhập số liệu nào: {{ n }} lỗi.{% endblocktranslate %}</strong></p>
        <ul>{% for error in errors %}<li>{{ error }}</li>{% endfor %}</ul>
      </div>
    {% endif %}
    {% if summary %}
      <div class="help-block help-info" role="status" id="exchange-summary">
        <p>
        {% if summary.dry_run %}
          {% blocktranslate with c=summary.created u=summary.updated s=summary.unchanged %}Kiểm tra xong, không có lỗi: sẽ có {{ c }} giá trị mới, {{ u }} giá trị thay đổi, {{ s }} giá trị không đổi. Chưa ghi gì.{% endblocktranslate %}
        {% else %}
          {% blocktranslate with c=summary.created u=summary.updated s=summary.unchanged %}Đã nhập: {{ c }} giá trị mới, {{ u }} giá trị thay đổi, {{ s }} giá trị không đổi.{% endblocktranslate %}
          {% if summary.approved %}{% blocktranslate with n=summary.approved %}{{ n }} báo cáo được ghi là đã duyệt.{% endblocktranslate %}{% else %}{% blocktranslate with n=summary.submitted %}{{ n }} báo cáo chuyển sang “Đã gửi”, chờ người duyệt.{% endblocktranslate %}{% endif %}
        {% endif %}
        </p>
      </div>
    {% endif %}
    <form method="post" enctype="multipart/form-data" action="{{ action }}">
      {% csrf_token %}
      <p>
        <label for="{{ upload.file.id_for_label }}">{{ upload.file.label }}</label><br>
        {{ upload.file }}
      </p>
      <p>{{ upload.dry_run }} <label for="{{ upload.dry_run.id_for_label }}">{{ upload.dry_run.label }}</label></p>
      <p>{{ upload.approved }} <label for="{{ upload.approved.id_for_label }}">{{ upload.approved.label }}</label><br><span class="help">{{ upload.approved.help_text }}</span></p>
      <p><button type="submit" class="button">{% translate "Nhập" %}</button></p>
    </form>
  </section>
  <section aria-labelledby="exchange-export">
    <h2 id="exchange-export">{% translate "Tải số liệu về" %}</h2>
    {% if download.errors %}
      <div class="help-block help-critical" role="alert">
        <ul>{% for field in download %}{% for error in field.errors %}<li>{{ field.label }}: {{ error }}</li>{% endfor %}{% endfor %}</ul>
      </div>
    {% endif %}
    {% if background_rows %}
      <div class="help-block help-info" role="status" id="exchange-background">
        <p>{% blocktranslate with n=background_rows %}Tệp có {{ n }} dòng: được tạo ở chế độ nền, bạn không phải chờ. Bấm “Tạo tệp”, trang tiếp theo cho biết tiến độ và có nút tải về khi xong.{% endblocktranslate %}</p>
        <form method="post" action="{{ export_action }}">
          {% csrf_token %}
          {% if background_query.programme %}<input type="hidden" name="programme" value="{{ background_query.programme.pk }}">{% endif %}
          {% if background_query.period %}<input type="hidden" name="period" value="{{ background_query.period.pk }}">{% endif %}
          <input type="hidden" name="file_format" value="{{ background_query.file_format }}">
          <button type="submit" class="button">{% translate "Tạo tệp" %}</button>
        </form>
      </div>
    {% endif %}
    <form method="get" action="{{ export_action }}">
      {% for field in download %}
        <p><label for="{{ field.id_for_label }}">{{ field.label }}</label><br>{{ field }}</p>
      {% endfor %}
      <p><button type="submit" class="button button-secondary">{% translate "Tải về" %}</button></p>
    </form>
  </section>
  {% endif %}
</div>
{% endblock %}
"""


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp số liệu (CSV hoặc XLSX)"))
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, chưa ghi"), required=False)
    approved = forms.BooleanField(
        label=gettext_lazy("Số liệu đã được duyệt (trên giấy), tôi là người duyệt"),
        required=False,
        help_text=gettext_lazy(
            "Không chọn: các báo cáo có số liệu nhập vào chuyển sang “Đã gửi” và chờ duyệt. Chọn: ghi là "
            "đã duyệt, chỉ được khi bạn có quyền duyệt mọi đơn vị trong tệp."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > exchange.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(n)s MB; hãy chia thành nhiều tệp.")
                % {"n": exchange.MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


class DownloadForm(forms.Form):
    programme = forms.ModelChoiceField(
        selectors.all_programmes(),
        label=gettext_lazy("Chương trình"),
        required=False,
        empty_label=gettext_lazy("Tất cả"),
    )
    period = forms.ModelChoiceField(
        selectors.all_periods(),
        label=gettext_lazy("Kỳ báo cáo"),
        required=False,
        empty_label=gettext_lazy("Tất cả"),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Định dạng"), choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV (UTF-8)")]
    )


def can_exchange(user: Any) -> bool:
    """The permission and a unit to work for (the rule lives with the queued download, jobs.py)."""
    return jobs.can_exchange(user)


def _render(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("upload", UploadForm())
    context.setdefault("download", DownloadForm(initial={"file_format": "xlsx"}))
    context.update(
        action=reverse("programmes_exchange"),
        export_action=reverse("programmes_exchange_export"),
        max_mb=exchange.MAX_UPLOAD_BYTES // 2**20,
    )
    page = engines["django"].from_string(PAGE)
    return HttpResponse(page.render(context, request), status=status)


@never_cache
def exchange_view(request: HttpRequest) -> HttpResponse:
    if not can_exchange(request.user):
        return _render(request, status=403, forbidden=True)
    if request.method != "POST":
        return _render(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return _render(request, status=400, upload=form, errors=errors)
    upload = form.cleaned_data["file"]
    try:
        summary = exchange.import_data_values(
            upload.read(),
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
            check_rights=True,
            approved_by=request.user if form.cleaned_data["approved"] else None,
        )
    except exchange.ImportRejected as rejected:
        return _render(request, status=400, upload=form, errors=rejected.errors)
    return _render(request, summary=summary)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def export_view(request: HttpRequest) -> HttpResponse:
    """A small download is answered at once; a large one (over ``jobs.DIRECT_ROWS``) is built in the
    task queue (decision 0024): a GET shows its size and a button, whose POST queues the job."""
    if not can_exchange(request.user):
        return _render(request, status=403, forbidden=True)
    form = DownloadForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return _render(request, status=400, download=form)
    programme, period = form.cleaned_data["programme"], form.cleaned_data["period"]
    file_format = form.cleaned_data["file_format"]
    paths = permissions.visible_paths(request.user)  # only the units the user sees
    rows = selectors.value_count(programme=programme, period=period, paths=paths)
    if request.method == "POST" or rows > jobs.DIRECT_ROWS[file_format]:
        if request.method != "POST":
            return _render(request, download=form, background_rows=rows, background_query=form.cleaned_data)
        job = start_export(
            user=request.user,
            kind=jobs.KIND,
            title=jobs.title(programme, period, file_format, rows),
            parameters=jobs.parameters(programme=programme, period=period, file_format=file_format),
        )
        response = HttpResponse(status=303)  # See Other: the job's page
        response["Location"] = reverse("export_job", args=[job.pk])
        return response
    data = exchange.export_data_values(
        programme=programme, period=period, file_format=file_format, paths=paths
    )
    name = jobs.file_name(period, file_format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ExchangeMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_exchange(request.user)


@register("register_admin_urls")
def register_exchange_urls() -> list[URLPattern]:
    return [
        path("so-lieu/nhap-xuat/", exchange_view, name="programmes_exchange"),
        path("so-lieu/nhap-xuat/tai-ve/", export_view, name="programmes_exchange_export"),
    ]


@register("register_admin_menu_item")
def register_exchange_menu_item() -> Any:
    return ExchangeMenuItem(
        gettext_lazy("Nhập/xuất số liệu"),
        reverse("programmes_exchange"),
        name="nhap-xuat-so-lieu",
        icon_name="download",
        order=8400,
    )
