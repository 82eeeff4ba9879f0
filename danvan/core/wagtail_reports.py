"""Wagtail's own admin reports (Reports menu) with their CSV/XLSX export through the task queue
(issue 17, decision 0024's 7 Dec 2026 section, "Wagtail's reports").

Wagtail builds ``?export=csv|xlsx`` of its reports inside the request: at a province's 250,000
articles the aging pages alone are 250,000 rows, ≈ 24 s. The subclasses here add
``core.queued_exports`` and nothing else; ``urlpatterns`` serves them at Wagtail's own addresses
(danvan/urls.py places them before Wagtail's admin, behind the same admin-access check), so the
menu, links and ``wagtailadmin_reports:*`` names stay Wagtail's. Each report keeps Wagtail's
permission check (``dispatch``) and its rows (the user's pages, the log entries they may view);
``may_export`` asks the same again in the worker and on download.

The ``results/`` fragments too. Page types usage is left to Wagtail: it lists page types (a few dozen rows) and exports no column.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.users.utils import get_deleted_user_display_name
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .exports import Exporter
from .queued_exports import QueuedExportMixin, exporter_for, view_for


class QueuedReportMixin(QueuedExportMixin):
    """A ``ReportView``'s export: the rows are ``get_filtered_queryset()``, each batch decorated as
    Wagtail decorates a page of the report (``decorate_paginated_queryset``)."""

    report_name = ""  # the URL name, within ``wagtailadmin_reports``
    export_back_label = gettext_lazy("Quay lại báo cáo")

    @property
    def export_kind(self) -> str:  # type: ignore[override]
        return f"wagtail_report:{self.report_name}"

    @property
    def export_heading(self) -> str:  # type: ignore[override]
        return _("Tải báo cáo: %(report)s") % {"report": self.page_title}  # type: ignore[attr-defined]

    def export_queryset(self) -> Any:
        return self.get_filtered_queryset()  # type: ignore[attr-defined]

    def export_batch(self, rows: list[Any]) -> Iterable[Any]:
        batch: Iterable[Any] = self.decorate_paginated_queryset(rows)  # type: ignore[attr-defined]
        return batch

    def export_directly(self, queryset: Any) -> Any:
        # What Wagtail's ReportView.get does for an export: the whole list, decorated, then written.
        rows = self.decorate_paginated_queryset(queryset)  # type: ignore[attr-defined]
        return self.as_spreadsheet(rows, self.export_format)  # type: ignore[attr-defined]

    def may_export(self) -> bool:
        """Wagtail's checks of this report (``PermissionCheckedMixin.dispatch``) and of its admin."""
        user = self.request.user
        if not (user.is_active and user.has_perm("wagtailadmin.access_admin")):
            return False
        required = getattr(self, "permission_required", None)
        if required is not None and not self.user_has_permission(required):  # type: ignore[attr-defined]
            return False
        any_required = getattr(self, "any_permission_required", None)
        return any_required is None or bool(self.user_has_any_permission(any_required))  # type: ignore[attr-defined]

    def job_title(self, file_format: str, *, filtered: bool) -> str:
        template = _("%(report)s theo bộ lọc (%(format)s)") if filtered else _("%(report)s (%(format)s)")
        return template % {"report": self.page_title, "format": file_format.upper()}  # type: ignore[attr-defined]


class QueuedAgingPagesView(QueuedReportMixin, AgingPagesView):
    report_name = "aging_pages"
    export_filename = (
        "trang-lau-chua-cap-nhat"  # the downloaded file's name (Wagtail's: "spreadsheet-export")
    )

    def decorate_paginated_queryset(self, queryset: Any) -> Any:
        """Wagtail's, but for any list of pages (it asks a queryset for ``values_list``): the last
        publisher's username on each page, one query for the batch."""
        pages = list(queryset)
        user_ids = set()
        for page in pages:
            if page.last_published_by:
                try:
                    user_ids.add(self.user_id_to_python(page.last_published_by))
                except ValidationError:
                    pass
        names = {
            user.pk: user.get_username() for user in get_user_model()._default_manager.filter(pk__in=user_ids)
        }
        for page in pages:
            if not page.last_published_by:
                page.last_published_by_user = ""
                continue
            try:
                user_id = self.user_id_to_python(page.last_published_by)
            except ValidationError:
                user_id = page.last_published_by
            page.last_published_by_user = names.get(user_id, get_deleted_user_display_name(user_id=user_id))
        return pages


class QueuedLockedPagesView(QueuedReportMixin, LockedPagesView):
    report_name = "locked_pages"
    export_filename = "trang-dang-khoa"  # the downloaded file's name (Wagtail's: "spreadsheet-export")


class QueuedSiteHistoryView(QueuedReportMixin, LogEntriesView):
    report_name = "site_history"
    export_filename = "lich-su-trang-web"  # the downloaded file's name (Wagtail's: "spreadsheet-export")


class QueuedWorkflowView(QueuedReportMixin, WorkflowView):
    report_name = "workflow"
    export_filename = "quy-trinh-duyet"  # the downloaded file's name (Wagtail's: "spreadsheet-export")


class QueuedWorkflowTasksView(QueuedReportMixin, WorkflowTasksView):
    report_name = "workflow_tasks"
    export_filename = "buoc-duyet"  # the downloaded file's name (Wagtail's: "spreadsheet-export")


ROUTES: dict[str, tuple[str, Any]] = {
    "aging_pages": ("aging-pages/", QueuedAgingPagesView),
    "locked_pages": ("locked/", QueuedLockedPagesView),
    "site_history": ("site-history/", QueuedSiteHistoryView),
    "workflow": ("workflow/", QueuedWorkflowView),
    "workflow_tasks": ("workflow_tasks/", QueuedWorkflowTasksView),
}

# Served under admin/reports/ before Wagtail's admin (danvan/urls.py), decorated as Wagtail decorates
# its admin's views: each report's page and its ``results/`` fragment (the filters' partial reload),
# which would otherwise build ``?export=`` in the request too.
urlpatterns: list[URLPattern] = []
for name, (route, view) in ROUTES.items():
    urlpatterns += [
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)


def _exporter(name: str) -> Exporter:
    view_class = ROUTES[name][1]

    def make_view(user: Any, query: str, file_format: str) -> QueuedExportMixin:
        view: QueuedExportMixin = view_for(
            view_class.as_view(), reverse(f"wagtailadmin_reports:{name}"), user, query, file_format
        )
        return view

    return exporter_for(
        f"wagtail_report:{name}", make_view, gettext_lazy("Bạn không còn quyền xem báo cáo này.")
    )


def exporters() -> list[Exporter]:
    return [_exporter(name) for name in ROUTES]
