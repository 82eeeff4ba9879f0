"""The programme results in Wagtail's admin: the dashboard and the report downloads. Each part
registers its own hooks in its module."""

from . import admin_dashboard, admin_exports  # noqa: F401 - imported for their @register hooks
