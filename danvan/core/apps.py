from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import (
            signals,  # noqa: F401 - loaded to register its receivers
            wagtail_reports,
        )
        from .backup import run_nightly
        from .collation import register_sqlite_collation
        from .exports import prune_export_jobs
        from .registry import add_exporter, add_public_view, add_scheduled_job, add_sitemap_view

        connection_created.connect(register_sqlite_collation, dispatch_uid="danvan-vi-collation")
        add_scheduled_job("sao lưu hằng đêm", run_nightly)  # does nothing without DANVAN_BACKUP_DIR
        add_scheduled_job("xóa tệp xuất cũ", prune_export_jobs)  # decision 0024
        for exporter in wagtail_reports.exporters():  # Wagtail's reports, exported in the task queue
            add_exporter(exporter)
        add_sitemap_view("privacy_policy")  # the personal-data notice (issue 14)
        add_public_view("privacy_policy")
        add_sitemap_view("open_data")  # the open-data catalogue (issue 18)
        add_public_view("open_data")
