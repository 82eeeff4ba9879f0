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
        self.register_dataset()

    @staticmethod
    def register_dataset() -> None:
        """The published answers in the open-data catalogue (issue 18)."""
        from danvan.core import registry
        from danvan.core.datasets import Dataset

        from . import selectors

        registry.add_dataset(
            Dataset(
                key="case-answers",
                order=50,
                title=_("Trả lời công dân"),
                description=_(
                    "Các đơn, thư, phản ánh, kiến nghị mà đơn vị giải quyết đã công bố câu trả lời: tiêu đề và nội"
                    " dung đã bỏ thông tin cá nhân, câu trả lời, loại đơn, trạng thái, đơn vị giải quyết, các mốc"
                    " tiếp nhận, trả lời, công bố. Không bao giờ có thông tin của người gửi."
                ),
                # Open311's names (GeoReport v2): the published answers as service requests.
                api_paths=("/api/v1/requests/",),
                last_modified=selectors.answers_last_modified,
                landing_url_name="answer_list",
            )
        )
