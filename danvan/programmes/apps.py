from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "danvan.programmes"
    label = "programmes"
    verbose_name = _("Chương trình, chỉ tiêu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals, tasks  # noqa: F401 - tasks registers the dashboard's background refresh

        signals.connect()
