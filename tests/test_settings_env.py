import subprocess
import sys


def test_production_settings_read_the_environment() -> None:
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='danvan.settings.production';"
        "from django.conf import settings;"
        "d, c = settings.DATABASES['default'], settings.CACHES['default'];"
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], c['BACKEND'],"
        " c['OPTIONS']['socket_connect_timeout'], c['OPTIONS']['socket_timeout'], settings.DEBUG)"
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
        "60",
        "True",  # kept connections are checked first: a database restart is not an outage
        "danvan.core.failsoft_cache.FailSoftRedisCache",  # Redis is a helper, not a point of failure
        "0.25",  # a dead Redis costs milliseconds, not the system's connect time-out
        "0.5",
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
