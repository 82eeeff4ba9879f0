"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from danvan.core import formats as input_formats

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database and cache live here

INSTALLED_APPS = [
    "danvan.core",
    "danvan.accounts",
    "danvan.audit",
    "danvan.portal",
    "danvan.search",
    "danvan.analytics",
    "danvan.documents",
    "danvan.consultations",
    "danvan.disclosure",
    "danvan.orgunits",
    "danvan.programmes",
    "danvan.collection",
    "danvan.reports",
    "danvan.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every answer, cache hits included (so above the page cache).
    "danvan.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache: cached pages are stored uncompressed and compressed per request, so a
    # client without gzip never gets a gzipped copy (and Vary: Accept-Encoding is always set). Below
    # WhiteNoise, which serves its own precompressed static files. BREACH: Django masks the CSRF token
    # per response and this middleware pads gzip output with random bytes (Django ≥ 4.2).
    "django.middleware.gzip.GZipMiddleware",
    # Serves anonymous pages from the shared page cache before sessions are even looked at.
    "danvan.core.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Unprefixed URLs are always Vietnamese; /en/… activates English (i18n_patterns in danvan/urls.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "danvan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "danvan.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL (see docs/decisions/0001).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DANVAN_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the scheduler and several gunicorn workers share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # mmap: reads of the search index come from the OS page cache without a system call each.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DANVAN_CACHE_PREFIX", "danvan"),
        },
    }
else:
    # File-based so that every gunicorn worker and the scheduler see the same page cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 600,
}

# Seconds an anonymous page may be served from cache; never past midnight in Asia/Ho_Chi_Minh.
DANVAN_PAGE_CACHE_SECONDS = int(os.environ.get("DANVAN_PAGE_CACHE_SECONDS", "300"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 14}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are typed day first in every language; danvan/core/formats is the one place that says so.
FORMAT_MODULE_PATH = ["danvan.core.formats"]
DATE_INPUT_FORMATS = input_formats.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = input_formats.DATETIME_INPUT_FORMATS
TIME_INPUT_FORMATS = input_formats.TIME_INPUT_FORMATS

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("DANVAN_STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DANVAN_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAILADMIN_BASE_URL = os.environ.get("DANVAN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Decompression-bomb guard: refuse images over 40 megapixels before Pillow decodes them.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Pages exist per locale (vi, en) linked by translation_key; English ones live under /en/.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The date pickers show the first format the server reads, so a saved date comes back unchanged.
WAGTAIL_DATE_FORMAT = input_formats.DATE_INPUT_FORMATS[0]
WAGTAIL_DATETIME_FORMAT = input_formats.DATETIME_INPUT_FORMATS[0]
WAGTAIL_TIME_FORMAT = input_formats.TIME_INPUT_FORMATS[0]

LOGIN_URL = "wagtailadmin_login"

# The admin in Vietnamese and private (issue 12): the dashboard heading and every tab title say this
# name instead of "danvan" / "Wagtail"; no avatar is fetched from gravatar.com (a third party that
# would learn who is signed in, and is unreachable offline); new pages' slugs are ASCII, Vietnamese
# letters transliterated (đ → d, see danvan/core/slugs.py), so shared links stay readable.
WAGTAIL_SITE_NAME = "Quản trị Cổng thông tin Dân vận"
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"danvan": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Visit statistics (danvan.analytics): X-Forwarded-For is believed only when the request comes from
# one of these addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.0.0/8").
DANVAN_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("DANVAN_TRUSTED_PROXIES", "").split(",") if p.strip()
]
DANVAN_HITS_PER_MINUTE = int(os.environ.get("DANVAN_HITS_PER_MINUTE", "120"))  # per visitor
# With Redis, hits are counted in Redis and moved to the database by the scheduler (analytics.buffer).
DANVAN_STATS_BUFFER = os.environ.get("DANVAN_STATS_BUFFER", "1") == "1"
DANVAN_STATS_REDIS_PREFIX = os.environ.get("DANVAN_STATS_REDIS_PREFIX") or (
    os.environ.get("DANVAN_CACHE_PREFIX", "danvan") + ":stats:"
)
DANVAN_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # attached files of legal documents

# The demo (`manage.py load_demo`, `make run`) creates sample staff accounts and content: allowed in
# development and tests, refused by the production settings (issue 14, "demo safety").
DANVAN_DEMO_ALLOWED = True

# Browser features no page of the site uses, turned off for every page (core.middleware).
DANVAN_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(),"
    " payment=(), usb=()"
)

# Backups (danvan.core.backup, docs/decisions/0016): `manage.py backup FILE` / `restore FILE` encrypt
# with DANVAN_BACKUP_KEY (32 random bytes, URL-safe base64: `manage.py backup --generate-key`). With
# DANVAN_BACKUP_DIR set too, the scheduler writes danvan-YYYY-MM-DD.dvbak there once a day from
# DANVAN_BACKUP_HOUR (Vietnam time) and keeps the newest DANVAN_BACKUP_KEEP files.
DANVAN_BACKUP_KEY = os.environ.get("DANVAN_BACKUP_KEY", "")
DANVAN_BACKUP_DIR = os.environ.get("DANVAN_BACKUP_DIR", "")
DANVAN_BACKUP_HOUR = int(os.environ.get("DANVAN_BACKUP_HOUR", "2"))
DANVAN_BACKUP_KEEP = int(os.environ.get("DANVAN_BACKUP_KEEP", "7"))
