"""Wagtail loads this module by name; each topic of the accounts app keeps its hooks in its own file."""

from . import otp_hooks  # noqa: F401 - registers the second factor's admin URLs and buttons
