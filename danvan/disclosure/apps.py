from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "danvan.disclosure"
    label = "disclosure"
    verbose_name = _("Công khai thông tin")

    def ready(self) -> None:
        from danvan.core import registry

        registry.add_sitemap_view("disclosure_catalogue")
        registry.add_public_view("disclosure_catalogue")
