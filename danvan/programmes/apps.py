from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "danvan.programmes"
    label = "programmes"
    verbose_name = _("Chương trình, chỉ tiêu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.core.datasets import Dataset

        from . import selectors, signals, tasks  # noqa: F401 - tasks registers the dashboard's background refresh

        signals.connect()
        registry.add_dataset(
            Dataset(
                key="programme-results",
                order=30,
                title=_("Kết quả thực hiện chương trình"),
                description=_(
                    "Các chương trình công tác dân vận, chỉ tiêu và kết quả thực hiện của từng đơn vị theo kỳ báo"
                    " cáo, chỉ gồm số liệu đã được duyệt hoặc đã khóa; kèm danh mục mã chỉ số thu thập."
                ),
                api_paths=(
                    "/api/v1/programmes/",
                    "/api/v1/programmes/{pk}/results/",
                    "/api/v1/data-elements/",
                ),
                last_modified=selectors.results_last_modified,
                update_frequency="per_period",
                # The lists of programmes and of codes keep no timestamp: the date is the results'.
                last_modified_header=False,
            )
        )
