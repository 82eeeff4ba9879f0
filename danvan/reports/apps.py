from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Báo cáo kết quả")

    def ready(self) -> None:
        from danvan.core.registry import add_exporter

        from .jobs import EXPORTER

        add_exporter(EXPORTER)  # the programme report, built in the task queue (decision 0024)
