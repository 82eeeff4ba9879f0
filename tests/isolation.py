"""What one test must not leave to the next, shared by tests/conftest.py and e2e/conftest.py."""

from django.core.cache import caches


def clear_caches() -> None:
    """Every cache, not only the default one: Wagtail keeps renditions in their own cache, keyed by
    image id and file hash. A test rolled back before this one may have handed out the same ids for
    the same demo images, and its cached renditions name files in another test's media root (CI saw
    /media/…fill-160x200.jpg answer 404)."""
    for each in caches.all():
        each.clear()
