"""The second factor's admin pages: enrol, type a code, and an administrator's reset (decision 0013).

Mounted under /admin/ (``wagtail_hooks``), so Wagtail's own check (signed in, may open the admin) runs
first; ``otp_middleware`` lets a staff session without the second factor reach only the first two.
The rules live in ``second_factor``; these views read the form and render.
"""

from typing import Any
from urllib.parse import urlencode

from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from . import second_factor

CODE_MAX_LENGTH = 40  # longer input is not a code: refused before any lookup


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second factor: ``next`` if it is a path on this site, else the dashboard."""
    home = reverse("wagtailadmin_home")
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return home


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _code(request: HttpRequest) -> str:
    code = request.POST.get("code", "")
    return code if len(code) <= CODE_MAX_LENGTH else ""


def _locked_out(request: HttpRequest, username: str) -> HttpResponse:
    """Sign the session out and answer with django-axes' lockout page (the same as for passwords)."""
    logout(request)
    return get_lockout_response(request, None, {"username": username})  # type: ignore[no-any-return]


@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    if second_factor.is_enrolled(user):
        # An account that has an app proves it; a new app needs an administrator's reset first.
        return HttpResponseRedirect(_with_next("otp_verify", next_url))
    device = second_factor.pending_device(user)
    error = ""
    status = 200
    if request.method == "POST":
        enrolment = second_factor.confirm_enrolment(request, device, _code(request))
        if enrolment is not None:
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": enrolment.recovery_codes, "next_url": next_url},
            )
        error = _(
            "Mã xác thực không đúng. Hãy nhập 6 chữ số ứng dụng đang hiển thị (mã đổi sau mỗi 30 giây) "
            "và kiểm tra đồng hồ của điện thoại."
        )
        status = 400
    context = {
        "qr_code": second_factor.qr_code_svg(device),
        "manual_key": second_factor.manual_key(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "username": user.get_username(),
        "error": error,
        "next_url": next_url,
    }
    return render(request, "accounts/otp_enrol.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    if not second_factor.is_enrolled(user):
        return HttpResponseRedirect(_with_next("otp_enrol", next_url))
    username = user.get_username()
    if second_factor.is_locked_out(request, user):
        return _locked_out(request, username)
    error = ""
    status = 200
    if request.method == "POST":
        if second_factor.verify(request, _code(request)):
            return HttpResponseRedirect(next_url)
        if second_factor.is_locked_out(request, user):
            return _locked_out(request, username)
        error = _(
            "Mã không đúng. Hãy nhập 6 chữ số ứng dụng xác thực đang hiển thị, hoặc một mã khôi phục chưa "
            "dùng. Nhập sai nhiều lần, tài khoản sẽ bị khóa."
        )
        status = 400
    context = {"error": error, "next_url": next_url, "username": username}
    return render(request, "accounts/otp_verify.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator removes a user's second factor (lost phone): the user enrols again."""
    if not request.user.is_superuser:
        raise PermissionDenied
    account = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        removed = second_factor.reset(request, account)
        if removed:
            messages.success(
                request,
                _("Đã gỡ xác thực hai bước của “%(name)s”: lần đăng nhập tới, người này đăng ký lại.")
                % {"name": account.get_username()},
            )
        else:
            messages.info(
                request,
                _("“%(name)s” chưa đăng ký xác thực hai bước: không có gì để gỡ.")
                % {"name": account.get_username()},
            )
        return HttpResponseRedirect(reverse("wagtailusers_users:index"))
    context = {
        "account": account,
        "enrolled": second_factor.is_enrolled(account),
        "codes_left": second_factor.recovery_codes_left(account),
    }
    return render(request, "accounts/otp_reset.html", context)
