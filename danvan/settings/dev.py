import os

from .base import *  # noqa: F403 - a settings module extends the base settings

DEBUG = os.environ.get("DANVAN_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DANVAN_SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *os.environ.get("DANVAN_ALLOWED_HOSTS", "").split(",")]
