"""Password length by second factor (issue 14): at least 8 characters for an account with a confirmed
second-factor device, at least 14 without. Django's own validators (common passwords, likeness to
the account's details, all digits) run beside this one (settings.AUTH_PASSWORD_VALIDATORS)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WITH_SECOND_FACTOR = 8
WITHOUT_SECOND_FACTOR = 14


def has_second_factor(user: Any) -> bool:
    """Whether ``user`` (saved) has a confirmed second-factor device; a new account has none yet."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    # Imported here: django_otp loads its device models, which need the app registry.
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


class SecondFactorAwareLengthValidator:
    """Too short is below ``with_second_factor`` characters for an account with a confirmed device,
    below ``without_second_factor`` for any other (a new account included)."""

    def __init__(
        self, with_second_factor: int = WITH_SECOND_FACTOR, without_second_factor: int = WITHOUT_SECOND_FACTOR
    ) -> None:
        self.with_second_factor = with_second_factor
        self.without_second_factor = without_second_factor

    def minimum_for(self, user: Any = None) -> int:
        return self.with_second_factor if has_second_factor(user) else self.without_second_factor

    def validate(self, password: str, user: Any = None) -> None:
        minimum = self.minimum_for(user)
        if len(password) >= minimum:
            return
        if minimum == self.with_second_factor:
            message = ngettext(
                "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
                "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
                minimum,
            )
        else:
            message = ngettext(
                "Mật khẩu quá ngắn: tài khoản chưa bật xác thực hai bước cần ít nhất %(min_length)d ký tự.",
                "Mật khẩu quá ngắn: tài khoản chưa bật xác thực hai bước cần ít nhất %(min_length)d ký tự.",
                minimum,
            )
        raise ValidationError(message, code="password_too_short", params={"min_length": minimum})

    def get_help_text(self) -> str:
        return _(
            "Mật khẩu cần ít nhất %(without)d ký tự; tài khoản đã bật xác thực hai bước cần ít nhất"
            " %(with)d ký tự."
        ) % {"without": self.without_second_factor, "with": self.with_second_factor}
