from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "danvan.feedback"
    label = "feedback"
    verbose_name = _("Tiếp nhận, giải quyết đơn thư")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each part registers what it offers (signals, public views, sitemap, search, jobs).
        from . import ready_board, ready_clocks, ready_handling, ready_intake

        for part in (ready_clocks, ready_intake, ready_handling, ready_board):
            part.register()
