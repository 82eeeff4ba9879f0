from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "danvan.collection"
    label = "collection"
    verbose_name = _("Thu thập số liệu")

    def ready(self) -> None:
        from danvan.core.registry import add_exporter

        from .jobs import EXPORTER

        add_exporter(EXPORTER)  # large data-values downloads, built in the task queue (decision 0024)
