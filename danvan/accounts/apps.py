from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in lockout, second factor, password rules, idle sessions (issue 14)."""

    name = "danvan.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và đăng nhập")
