"""The programme screens in Wagtail's admin. Each part registers its own hooks in its module."""

from . import admin_dashboard, admin_entry, admin_exchange, admin_exports, admin_models  # noqa: F401
