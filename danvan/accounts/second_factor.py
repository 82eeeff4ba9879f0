"""The second factor of staff accounts (issue 14, decision 0013): TOTP apps and recovery codes.

A staff account is one that may open Wagtail's admin. After the password, such an account proves a
code from its authenticator app (or one of its ten one-time recovery codes) once per session; until
it has done so no admin page opens (``otp_middleware``). A first sign-in enrols: the page shows a key
as a QR code and as text, and the account's first code confirms it. A wrong code counts as a failed
sign-in for django-axes, so five of them lock the account like five wrong passwords.

Devices and codes are django-otp's (``TOTPDevice``, ``StaticDevice``/``StaticToken``); this module is
the one place that creates, checks and removes them.
"""

from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.core.events import announce

from . import lockout

ADMIN_ACCESS = "wagtailadmin.access_admin"
APP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã khôi phục"


def is_staff_account(user: Any) -> bool:
    """Accounts the second factor applies to: whoever may open the admin (superusers included)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(ADMIN_ACCESS))


def is_enrolled(user: Any) -> bool:
    """Whether the account has a confirmed authenticator app."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: Any) -> TOTPDevice:
    """The app the account is enrolling: its unconfirmed device, created with a fresh key if none.

    The key stays the same across reloads of the enrolment page, so a scanned QR code keeps working.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed (base32), in groups of four for reading aloud."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no file, no script).

    The markup is built here from the key alone (no user text but the escaped label), so the template
    may mark it safe. White background and dark modules, so it scans on the admin's dark theme too.
    """
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=12,
        border=4,
    )
    svg: str = image.to_string(encoding="unicode")
    label = escape(_("Mã QR để thêm tài khoản vào ứng dụng xác thực"))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="dv-otp__qr" ', 1)


def _clean(code: str) -> str:
    """What a person types, without the spaces and dashes they may add: "123 456", "abcd-efgh"."""
    return "".join(code.split()).replace("-", "").lower()


def _is_app_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


@dataclass(frozen=True)
class Enrolment:
    """The outcome of a confirmed enrolment: the recovery codes, shown once."""

    recovery_codes: list[str]


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> Enrolment | None:
    """Confirm ``device`` with a code from the app: on success the session counts as verified and the
    account gets ten new recovery codes (any older ones are removed). None when the code is wrong."""
    code = _clean(code)
    user: Any = request.user
    if not _is_app_code(code) or device.user_id != user.pk or device.confirmed:
        return None
    with transaction.atomic():
        if not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One app per account: an older confirmed app (if any) gives way to the new one.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
    otp_login(request, device)
    announce("otp.enrolled", request=request, actor=user, target=user)
    return Enrolment(recovery_codes=codes)


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.DANVAN_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=token) for token in codes])
    return codes


def recovery_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def is_locked_out(request: HttpRequest, user: Any) -> bool:
    """Whether django-axes refuses this account now (too many wrong passwords or codes)."""
    return lockout.is_locked(request, user.get_username())


def verify(request: HttpRequest, code: str) -> bool:
    """Check a code of the signed-in user: six digits from the app, or one recovery code (used up by
    this). Right: the session counts as verified. Wrong: one failed sign-in for django-axes."""
    user: Any = request.user
    code = _clean(code)
    device: Any = None
    if code:
        with transaction.atomic():
            devices = TOTPDevice if _is_app_code(code) else StaticDevice
            for candidate in devices.objects.devices_for_user(user, confirmed=True).select_for_update():
                if candidate.verify_token(code):
                    device = candidate
                    break
    if device is None:
        announce("otp.failed", request=request, actor=user, target=user)
        lockout.count_failure(request, user.get_username())  # counts like a wrong password
        return False
    otp_login(request, device)
    detail = "recovery code" if isinstance(device, StaticDevice) else "app"
    announce("otp.verified", request=request, actor=user, target=user, detail=detail)
    return True


def reset(request: HttpRequest, user: Any) -> int:
    """An administrator removes every device of ``user`` (app and recovery codes): the account enrols
    again at its next sign-in, and its open sessions lose their verification at once. Returns how many
    devices were removed."""
    removed = 0
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
    announce("otp.reset", request=request, actor=request.user, target=user, detail=f"{removed} devices")
    return removed
