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
        self.register_dataset()

    @staticmethod
    def register_dataset() -> None:
        """The recognised models in the open-data catalogue (issue 18)."""
        from danvan.core import registry
        from danvan.core.datasets import Dataset

        from . import selectors

        registry.add_dataset(
            Dataset(
                key="skilful-models",
                order=60,
                title=_("Mô hình “Dân vận khéo”"),
                description=_(
                    "Các mô hình, điển hình “Dân vận khéo” đã được công nhận: tên mô hình, đơn vị thực hiện, lĩnh"
                    " vực, năm, tình trạng và địa chỉ trang giới thiệu mô hình (cách làm, kết quả, hình ảnh)."
                ),
                api_paths=("/api/v1/skilful-models/",),
                last_modified=selectors.models_last_modified,
                landing_url_name="skilful_model_list",
            )
        )
