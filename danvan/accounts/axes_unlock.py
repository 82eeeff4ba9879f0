"""Stand-in for the lockout topic's unlock (issue 14): ``unlock_account`` through django-axes' API.

The lockout work brings the administrators' unlock screen and its own ``unlock_account``; at merge the
second factor's end-to-end test switches to that screen and this module goes.
"""

from axes.handlers.proxy import AxesProxyHandler


def unlock_account(username: str) -> int:
    """Forget the failed sign-ins of ``username`` (passwords and second-factor codes): it may sign in
    again. Returns how many attempt records were removed."""
    removed: int = AxesProxyHandler.reset_attempts(username=username)
    return removed
