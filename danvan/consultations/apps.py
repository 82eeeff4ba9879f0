from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "danvan.consultations"
    label = "consultations"
    verbose_name = _("Lấy ý kiến dự thảo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import registry

        from . import selectors, signals  # noqa: F401 - signals is loaded to register its receivers
        from .sitemaps import DraftSitemap

        registry.add_sitemap("drafts", DraftSitemap)
        registry.add_sitemap_view("draft_list")
        registry.add_public_view("draft_list")
        for name in ("draft_detail", "draft_comment"):
            registry.add_public_view(name, lambda kwargs: selectors.draft_is_public(kwargs["pk"]))
