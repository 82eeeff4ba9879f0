import subprocess
import sys


def test_production_settings_read_the_environment() -> None:
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='danvan.settings.production';"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'], settings.DEBUG)"
    )
    env = {
        "DANVAN_SECRET_KEY": "k" * 50,
        "DATABASE_URL": "postgres://u:p@db.example:5432/danvan",
        "REDIS_URL": "redis://cache.example:6379/1",
        "DANVAN_ALLOWED_HOSTS": "danvan.example",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "False",
    ]


def test_production_settings_forbid_the_demo() -> None:
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='danvan.settings.production';"
        "from django.conf import settings; print(settings.DANVAN_DEMO_ALLOWED)"
    )
    env = {"DANVAN_SECRET_KEY": "k" * 50, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
