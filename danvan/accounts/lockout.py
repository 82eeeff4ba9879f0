"""django-axes, fitted to this site: the client address under DANVAN_TRUSTED_PROXIES and the
Vietnamese lockout page (settings.AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE name these)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from danvan.core.net import client_ip


def client_address(request: HttpRequest) -> str | None:
    """The address axes counts failures against: the same one every other counter uses."""
    return client_ip(request) or None


def lockout_message() -> str:
    """What a locked-out person reads, on the sign-in form."""
    message = _(
        "Đăng nhập bị khóa: tài khoản này hoặc địa chỉ mạng của bạn đã nhập sai mật khẩu hoặc mã xác thực"
        " %(limit)s lần."
        " Hãy liên hệ quản trị viên để được mở khóa."
    ) % {"limit": settings.AXES_FAILURE_LIMIT}
    if settings.AXES_COOLOFF_TIME:
        message += " " + _("Nếu không, khóa tự hết sau %(hours)s giờ kể từ lần thử cuối cùng.") % {
            "hours": settings.AXES_COOLOFF_TIME
        }
    return message


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The admin's sign-in form again, with the lockout message above it and no way past it: 429."""
    # Imported here: the view module loads Wagtail's admin forms, which need the app registry.
    from wagtail.admin.views.account import get_user_login_form

    form = get_user_login_form()(request)
    # The form posts `next` back to the sign-in view; an off-site address is not carried along.
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    context = {"form": form, "lockout_message": lockout_message(), "next": next_url}
    response = TemplateResponse(request, "accounts/locked.html", context, status=429)
    response.render()
    return response
