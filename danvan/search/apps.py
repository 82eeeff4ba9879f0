from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "danvan.search"
    label = "danvan_search"
    verbose_name = _("Tìm kiếm")

    def ready(self) -> None:
        from danvan.core import registry

        from . import signals  # noqa: F401 - loaded to register its receivers

        registry.add_public_view("search")
