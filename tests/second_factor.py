"""Tests' side of the second factor (decision 0013): sessions that have passed it, and codes.

Every staff session needs the second factor before an admin page opens, so tests/conftest.py wraps
``Client.force_login`` with ``verified_login``: a forced login is also a verified one, and the tests
written before the second factor keep testing what they test. Tests of the second factor itself sign
in through the real form (``password_login``) and so start unverified.
"""

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_app(user: Any) -> Any:
    """The user's confirmed TOTP device, created if missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="tests", confirmed=True)


def mark_verified(client: Client, user: Any) -> None:
    """Record in the client's session that ``user`` passed the second factor (what django_otp.login
    does in a request)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_app(user).persistent_id
    session.save()


def current_code(device: Any) -> str:
    """The code the device's app shows now, as a person would type it (leading zeros kept)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_login(client: Client, username: str, password: str, next_path: str = "/admin/") -> Any:
    """Sign in through Wagtail's login form (the first factor only); returns its answer."""
    return client.post("/admin/login/", {"username": username, "password": password, "next": next_path})
