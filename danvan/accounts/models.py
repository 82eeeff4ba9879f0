"""What the accounts app keeps besides Django's users: when an administrator last re-enabled an
account (the 45-day clock restarts there) and which sessions belong to whom (to end them all)."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.Model):
    """One row per account that was ever disabled for disuse or re-enabled; absent means neither."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_state",
        verbose_name=_("tài khoản"),
    )
    reactivated_at = models.DateTimeField(_("kích hoạt lại lúc"), null=True, blank=True)
    disabled_for_disuse_at = models.DateTimeField(_("khóa do không sử dụng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("trạng thái tài khoản")
        verbose_name_plural = _("trạng thái tài khoản")
        default_permissions = ()
        # The right to see and lift sign-in lockouts (superusers have it implicitly).
        permissions = [("unlock_account", _("Có thể mở khóa đăng nhập"))]

    def __str__(self) -> str:
        return str(self.user)


class UserSession(models.Model):
    """A signed-in session of a user; deleted with its session (logout, expiry, ending)."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, primary_key=True, db_constraint=False, verbose_name=_("phiên")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
        verbose_name=_("tài khoản"),
    )
    created = models.DateTimeField(_("bắt đầu lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.user} · {self.created:%d/%m/%Y %H:%M}"
