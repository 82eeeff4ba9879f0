from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in lockout, second factor, password rules, idle sessions (issue 14)."""

    name = "danvan.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và đăng nhập")

    def ready(self) -> None:
        # Lockout, idle sessions and disused accounts (decision 0012).
        from danvan.core.registry import add_scheduled_job

        from . import services, signals

        signals.connect()
        add_scheduled_job("accounts.disable_disused_accounts", services.disable_disused_accounts)
