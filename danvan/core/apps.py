from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals  # noqa: F401 - loaded to register its receivers
        from .collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="danvan-vi-collation")

        from . import registry

        registry.add_sitemap_view("privacy_policy")  # the personal-data notice (issue 14)
        registry.add_public_view("privacy_policy")
