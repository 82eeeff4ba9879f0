from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "danvan.analytics"
    label = "analytics"
    verbose_name = _("Thống kê truy cập")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from danvan.core import registry

        from . import services
        from .paths import forget_generation

        # Every scheduler round: the Redis buffer into the database, visitor keys past 48 h out.
        registry.add_scheduled_job("ghi số liệu truy cập", services.flush_buffer)
        registry.add_scheduled_job("xóa mã người truy cập cũ", services.forget_old_visitors)
        registry.add_public_view("analytics_about")

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_generation, dispatch_uid=f"analytics-paths-{id(signal)}")
        for signal in (post_save, post_delete):
            signal.connect(forget_generation, sender=Site, dispatch_uid=f"analytics-sites-{id(signal)}")
