"""The programme screens in Wagtail's admin (collection and reports register their own)."""

from . import admin_models  # noqa: F401 - imported for its @register hooks
