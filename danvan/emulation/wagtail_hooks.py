"""The “Dân vận khéo” screens of the admin (registered from their module)."""

from . import admin_registry  # noqa: F401 - its @register hooks
