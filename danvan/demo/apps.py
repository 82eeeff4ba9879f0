from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site, composed on top of the apps from each app's own demo builder (no models)."""

    name = "danvan.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")
