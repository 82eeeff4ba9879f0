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
    "danvan.workdays",
    "danvan.feedback",
    "danvan.emulation",
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
    "django_tasks_db",  # the database queue of tasks (e-mails to citizens, issue 15)
    "axes",  # sign-in lockout (issue 14, decision 0012)
    # Second factor (issue 14, decision 0013): TOTP apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # the API's own Swagger UI files, served from here (no CDN)
    "django.contrib.sitemaps",
    "csp",  # django-csp: checks its settings (issue 14, decision 0017)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every answer, cache hits included (so above the page cache).
    "danvan.core.middleware.SecurityHeadersMiddleware",
    # Content-Security-Policy on every answer, cache hits included; the admin gets its own (decision 0017).
    "danvan.core.csp.DanvanCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache: cached pages are stored uncompressed and compressed per request, so a
    # client without gzip never gets a gzipped copy (and Vary: Accept-Encoding is always set). Below
    # WhiteNoise, which serves its own precompressed static files. BREACH: Django masks the CSRF token
    # per response and this middleware pads gzip output with random bytes (Django ≥ 4.2).
    "django.middleware.gzip.GZipMiddleware",
    # /api/v1/: HEAD as GET, the API's general limit, ETag/304, CORS for public GETs, JSON errors
    # (danvan.core.api; decision 0030). Below GZip, so the ETag is that of the uncompressed body.
    "danvan.core.api.ApiMiddleware",
    # Serves anonymous pages from the shared page cache before sessions are even looked at.
    "danvan.core.middleware.AnonymousPageCacheMiddleware",
    # Below the page cache, so its copies keep the tags the front cache bans by (decision 0027).
    "danvan.core.frontcache.CacheTagsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Unprefixed URLs are always Vietnamese; /en/… activates English (i18n_patterns in danvan/urls.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request at hand for the audit log's receivers (address, user, changed fields).
    "danvan.audit.middleware.AuditMiddleware",
    # request.user.is_verified(): has this session passed the second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Staff without the second factor reach only the sign-in and 2FA pages (danvan.accounts).
    "danvan.accounts.otp_middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a staff user idle too long; records whose session is whose (decision 0012).
    "danvan.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After authentication: an admin URL naming another Site's page, or an image or document outside
    # the user's collections, is answered 404 before Wagtail's view runs (decision 0015).
    "danvan.core.middleware.SiteScopeMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
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
        # A kept connection is checked before a request's first query: after a database restart or
        # failover the stale one is replaced instead of failing that request (issue 17, decision 0022).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the scheduler and several gunicorn workers share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # mmap: reads of the search index come from the OS page cache without a system call each. Up
        # to SQLite's own ceiling (2 GiB): 250,000 articles make a 1.7 GB file, and rows past the
        # mapped part cost three times as much to read (bench.search, decision 0023).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=2147418112;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis is a helper: while it does not answer, reads are misses and writes are dropped
            # (pages served uncached, no 500), and a dead Redis costs milliseconds (decision 0022).
            "BACKEND": "danvan.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DANVAN_CACHE_PREFIX", "danvan"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
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
# A programme dashboard computes in the request the periods it has no fresh figures for when the units
# in view × those periods are at most this (a province's year: ~1,000 units × 12); above, a background
# job computes them while the page shows the figures last kept (decision 0028).
DANVAN_DASHBOARD_INLINE_UNIT_PERIODS = int(os.environ.get("DANVAN_DASHBOARD_INLINE_UNIT_PERIODS", "15000"))
# The front caches (Varnish, `make serve`, deploy/) to send bans to when pages change, as
# comma-separated addresses ("http://127.0.0.1:8000"); empty: no front cache (decision 0027).
DANVAN_FRONT_CACHES = [u.strip() for u in os.environ.get("DANVAN_FRONT_CACHES", "").split(",") if u.strip()]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ≥ 8 characters with a confirmed second factor, ≥ 14 without (issue 14, decision 0012).
    {"NAME": "danvan.accounts.passwords.SecondFactorAwareLengthValidator"},
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
# Wagtail's sign-in form with its password field labelled in Vietnamese.
WAGTAILADMIN_USER_LOGIN_FORM = "danvan.accounts.forms.LoginForm"

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

# Sign-in lockout, idle sessions, disused accounts (danvan.accounts, issue 14, decision 0012).
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in of a locked account or address before a password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # survives restarts, shared by workers
AXES_FAILURE_LIMIT = 5
# Two separate counters: an account is locked after 5 failures from any addresses, an address after
# 5 failures on any accounts (each string is counted on its own; a list inside would combine them).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Failures count within a rolling window; a lock lasts until an administrator lifts it or, at the
# latest, this many hours after the last failed attempt (0: only an administrator lifts it).
DANVAN_LOCKOUT_HOURS = int(os.environ.get("DANVAN_LOCKOUT_HOURS", "24"))
AXES_COOLOFF_TIME = DANVAN_LOCKOUT_HOURS or None
AXES_RESET_ON_SUCCESS = False  # else signing in to one's own account would clear the address's count
AXES_CLIENT_IP_CALLABLE = "danvan.accounts.lockout.client_address"  # DANVAN_TRUSTED_PROXIES apply
AXES_LOCKOUT_CALLABLE = "danvan.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_DISABLE_ACCESS_LOG = True  # the audit log records sign-ins; no second copy of addresses
AXES_ENABLE_ADMIN = False  # the unlock screen is in Wagtail's admin (Cài đặt → Khóa đăng nhập)
AXES_VERBOSE = False
# Idle admin sessions end after these many seconds without an admin request.
DANVAN_IDLE_SUPERUSER_SECONDS = int(os.environ.get("DANVAN_IDLE_SUPERUSER_SECONDS", "300"))
DANVAN_IDLE_STAFF_SECONDS = int(os.environ.get("DANVAN_IDLE_STAFF_SECONDS", "900"))
# Accounts not signed in to for this many days are disabled by the scheduler.
DANVAN_ACCOUNT_INACTIVE_DAYS = int(os.environ.get("DANVAN_ACCOUNT_INACTIVE_DAYS", "45"))
# Audit log (danvan.audit, issue 14, decision 0014): entries are kept this many days, then the
# scheduler prunes them. On PostgreSQL the database itself refuses to delete younger than 365 days.
DANVAN_AUDIT_RETENTION_DAYS = int(os.environ.get("DANVAN_AUDIT_RETENTION_DAYS", "365"))
# Reports and exports built in the task queue (issue 17, decision 0024): finished jobs and their files
# (media/rieng/tep-xuat/) are deleted by the scheduler after this many days.
DANVAN_EXPORT_RETENTION_DAYS = int(os.environ.get("DANVAN_EXPORT_RETENTION_DAYS", "7"))

# “Dân vận khéo” (issue 16, decision 0020): the indicator whose yes/no element a recognised model
# writes for its unit and year (when that element is marked “ghi tự động”).
DANVAN_SKILFUL_INDICATOR = "skilful_mobilisation"

# --- Headers, CSP and rate limits (issue 14, decision 0017) ---------------------------------------
# One fixed policy for public pages (they are cached and shared, so no nonces): scripts and styles
# only from our own static files; frames only from the video hosts editors may embed.
DANVAN_VIDEO_FRAME_SOURCES = ["https://www.youtube.com", "https://www.youtube-nocookie.com"]
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-src": ["'self'", *DANVAN_VIDEO_FRAME_SOURCES],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
    "report-uri": "/api/v1/csp-reports/",
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**_CSP_COMMON, "script-src": ["'self'"], "style-src": ["'self'"]},
}
# The Wagtail admin writes inline scripts and styles (and its rich-text editor shows embeds'
# thumbnails): under these prefixes the policy allows them; everything else stays as above.
DANVAN_ADMIN_CSP_PREFIXES = ["/admin/"]
DANVAN_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https://i.ytimg.com"],
    },
}
# Editors can embed videos from the hosts the policy lets the pages frame, and nothing else.
from wagtail.embeds.oembed_providers import youtube  # noqa: E402 - kept inside this topic's block

WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube]}]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = (
    "DENY"  # older browsers; newer ones obey frame-ancestors above (Wagtail marks its preview SAMEORIGIN)
)
# Requests per client address (core.ratelimit): "N/s", "N/m", "N/h" or "N/d".
DANVAN_RATE_LIMITS = {
    "comment": "5/m",  # posting a comment on a draft
    "case": "5/m",  # the citizens' case form (issue 15)
    "search_api": "60/m",  # /api/v1/search/
    "search_suggest": "180/m",  # /api/v1/search/suggest/, asked as the visitor types
    "search_page": "30/m",  # /search/ pages not already in the page cache
    "csp_report": "30/m",  # browsers' CSP violation reports
    "api": "300/m",  # every GET under /api/v1/, besides an endpoint's own limit (decision 0030)
    "api_write": "30/m",  # every other method under /api/v1/ (the case form has its own 5/m)
}
# Under /api/v1/ but not counted against "api": the visit beacon and pixel (every page view sends one,
# and record_hit limits them itself) and browsers' CSP reports (their own "csp_report" limit).
DANVAN_API_UNLIMITED_PATHS = ("/api/v1/hits/", "/api/v1/hits/pixel.gif", "/api/v1/csp-reports/")
# Uploads refused by content when they are SVG, HTML or XML, whatever their name (core.uploads).
WAGTAILIMAGES_IMAGE_FORM_BASE = "danvan.core.uploads.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "danvan.core.uploads.SafeDocumentForm"

# Second factor for every staff account (issue 14, decision 0013; danvan.accounts.second_factor).
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("DANVAN_OTP_ISSUER", "Cổng thông tin Dân vận")
# django-axes is the one limit on wrong codes (5 per account, then an administrator unlocks): django-otp's
# own per-device delays would refuse even a right code for a while and need a second way to unlock.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
DANVAN_RECOVERY_CODES = 10

# Backups (danvan.core.backup, docs/decisions/0016): `manage.py backup FILE` / `restore FILE` encrypt
# with DANVAN_BACKUP_KEY (32 random bytes, URL-safe base64: `manage.py backup --generate-key`). With
# DANVAN_BACKUP_DIR set too, the scheduler writes danvan-YYYY-MM-DD.dvbak there once a day from
# DANVAN_BACKUP_HOUR (Vietnam time) and keeps the newest DANVAN_BACKUP_KEEP files.
DANVAN_BACKUP_KEY = os.environ.get("DANVAN_BACKUP_KEY", "")
DANVAN_BACKUP_DIR = os.environ.get("DANVAN_BACKUP_DIR", "")
DANVAN_BACKUP_HOUR = int(os.environ.get("DANVAN_BACKUP_HOUR", "2"))
DANVAN_BACKUP_KEEP = int(os.environ.get("DANVAN_BACKUP_KEEP", "7"))

# Citizens' cases, intake (issue 15). E-mails to citizens go through the database task queue ("queue"):
# the case is committed first, `manage.py db_worker --backend queue` (started beside gunicorn) sends
# the mail and retries. Wagtail's own tasks (reference and search index) keep running immediately on
# "default", as before: they need no worker, and a development server without one stays correct.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # production.py reads the real server
DEFAULT_FROM_EMAIL = os.environ.get("DANVAN_EMAIL_FROM", "Cổng thông tin Dân vận <khong-tra-loi@localhost>")
DANVAN_CASE_MIN_FILL_SECONDS = 5  # a case form sent sooner after it was served is a program's
DANVAN_RATE_LIMITS["case_lookup"] = "30/m"  # the case lookup page and API, against guessing codes
