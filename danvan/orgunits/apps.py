from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgUnitsConfig(AppConfig):
    name = "danvan.orgunits"
    label = "orgunits"
    verbose_name = _("Đơn vị")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import registry
        from danvan.core.datasets import Dataset

        from . import selectors

        registry.add_dataset(
            Dataset(
                key="org-units",
                order=20,
                title=_("Đơn vị"),
                description=_(
                    "Cây tổ chức: các đơn vị hành chính và tổ chức chính trị - xã hội, mỗi đơn vị với mã, tên, đơn"
                    " vị cấp trên, cấp, loại tổ chức, thời gian hiệu lực và đơn vị kế thừa khi sáp nhập, chia tách."
                ),
                api_paths=("/api/v1/org-units/",),
                last_modified=selectors.units_last_modified,
            )
        )
