from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: who did what, when and from where (issue 14)."""

    name = "danvan.audit"
    label = "audit"
    verbose_name = _("Nhật ký hệ thống")
