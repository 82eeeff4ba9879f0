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
        from danvan.core.datasets import Dataset

        from . import selectors, services
        from .paths import forget_generation

        # Every scheduler round: the Redis buffer into the database, visitor keys past 48 h out.
        registry.add_scheduled_job("ghi số liệu truy cập", services.flush_buffer)
        registry.add_scheduled_job("xóa mã người truy cập cũ", services.forget_old_visitors)
        registry.add_public_view("analytics_about")
        registry.add_dataset(
            Dataset(
                key="visit-statistics",
                order=40,
                title=_("Thống kê truy cập"),
                description=_(
                    "Số lượt truy cập cổng thông tin trong ngày (theo giờ Việt Nam) và từ khi bắt đầu đếm. Không"
                    " có dữ liệu cá nhân: chỉ các con số cộng dồn."
                ),
                api_paths=("/api/v1/stats/visits/",),
                last_modified=selectors.visits_last_modified,
                update_frequency="continuous",
                formats=("JSON",),
                landing_url_name="analytics_about",
                # The answer adds the counts still in Redis and "today" restarts at midnight.
                last_modified_header=False,
            )
        )

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_generation, dispatch_uid=f"analytics-paths-{id(signal)}")
        for signal in (post_save, post_delete):
            signal.connect(forget_generation, sender=Site, dispatch_uid=f"analytics-sites-{id(signal)}")
