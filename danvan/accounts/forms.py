"""The admin's sign-in form in Vietnamese: Wagtail's names its password field by the field's name,
so the label came out as the English "Password" (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
