from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: who did what, when and from where (issue 14, decision 0014)."""

    name = "danvan.audit"
    label = "audit"
    verbose_name = _("Nhật ký hệ thống")

    def ready(self) -> None:
        from danvan.core.registry import add_exporter, add_scheduled_job

        from . import receivers, services
        from .admin_log import EXPORTER

        receivers.connect()
        add_scheduled_job("audit: xóa nhật ký quá hạn lưu", services.prune)
        add_exporter(EXPORTER)  # a large export of the log, built in the task queue (decision 0024)
