from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "danvan.emulation"
    label = "emulation"
    verbose_name = _("Mô hình “Dân vận khéo”")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each part registers what it offers (public views, sitemap, search source).
        from . import ready_gallery, ready_registry

        for part in (ready_registry, ready_gallery):
            part.register()
