"""Production: everything that differs per installation comes from the environment."""

import os

from .base import *  # noqa: F403 - a settings module extends the base settings

DEBUG = False
SECRET_KEY = os.environ["DANVAN_SECRET_KEY"]
ALLOWED_HOSTS = [h for h in os.environ.get("DANVAN_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DANVAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DANVAN_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DANVAN_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Lets the domain's owner submit it to the browsers' preload list (nothing is submitted by itself);
# DANVAN_HSTS_PRELOAD=0 for a portal on a shared parent domain that must not make that promise.
SECURE_HSTS_PRELOAD = os.environ.get("DANVAN_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
DANVAN_DEMO_ALLOWED = False  # no sample accounts or content on a real installation

# The mail server for citizens' receipts (issue 15): DANVAN_EMAIL_HOST unset keeps mail on the console.
if os.environ.get("DANVAN_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["DANVAN_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DANVAN_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DANVAN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DANVAN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("DANVAN_EMAIL_TLS", "1") == "1"
    EMAIL_USE_SSL = os.environ.get("DANVAN_EMAIL_SSL", "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("DANVAN_EMAIL_TIMEOUT", "20"))
