import os
from urllib.parse import urlsplit, urlunsplit

# pytest-xdist workers (gw0, gw1…) each get their own Redis database: the tests clear the cache,
# and a clear is a FLUSHDB that would otherwise empty the other worker's keys mid-test.
if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("REDIS_URL"):
    _worker = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw") or 0)
    os.environ["REDIS_URL"] = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{_worker + 1}"))

from .base import *  # noqa: F403 - a settings module extends the base settings
from .base import CACHES, DATABASES, STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - only for tests, never deployed
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if not os.environ.get("REDIS_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}
else:
    CACHES["default"]["KEY_PREFIX"] = f"danvan-test-{os.getpid()}"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared in-memory database: live-server tests write from several threads,
    # and shared-cache SQLite answers "table is locked" at once instead of waiting its turn.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DANVAN_STATS_REDIS_PREFIX = os.environ.get("DANVAN_STATS_REDIS_PREFIX") or f"danvan-test-{os.getpid()}:stats:"
# Tasks run at once in tests (the e-mail of a case is sent inside the request's on_commit); mail is kept.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
