"""Collecting figures in Wagtail's admin: data entry and the data values exchange. Each part registers
its own hooks in its module."""

from . import admin_entry, admin_exchange, admin_tasks  # noqa: F401 - imported for their @register hooks
