"""What both benchmarks share: a throw-away database (SQLite file or PostgreSQL), Django set up
against it, progress messages and a description of the machine."""

import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SETTINGS_MODULE = "bench.settings"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def step(message: str) -> Iterator[None]:
    start = time.perf_counter()
    print(f"{message}…", end="", file=sys.stderr, flush=True)
    yield
    print(f" {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


# --- PostgreSQL: a throw-away database ---------------------------------------------------------


def _pg_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"refusing to create and drop database {name!r}: its name must start with 'bench'")
    return name


def _pg_admin(url: str) -> tuple[Any, str]:
    import psycopg
    from psycopg import sql

    name = _pg_name(url)
    conninfo = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    return psycopg.connect(conninfo, autocommit=True), sql.Identifier(name).as_string(None)


def create_pg_database(url: str, *, reuse: bool = False) -> None:
    """A fresh database (``reuse``: the existing one, if there is one)."""
    admin, name = _pg_admin(url)
    with admin:
        if reuse:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_pg_name(url)]).fetchone()
            if exists:
                return
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")


def drop_pg_database(url: str) -> None:
    admin, name = _pg_admin(url)
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- Django -------------------------------------------------------------------------------------


def configure_django(workdir: Path, database_url: str) -> None:
    """Environment read by danvan/settings/base.py, then django.setup() with the bench settings."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DANVAN_VAR_DIR"] = str(workdir / "var")
    os.environ["DANVAN_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DANVAN_STATIC_ROOT"] = str(workdir / "static")
    os.environ["DANVAN_CONN_MAX_AGE"] = "60"  # the default: a worker keeps its connection
    os.environ.pop("REDIS_URL", None)  # the page cache is the test settings' in-process one
    (workdir / "var").mkdir(exist_ok=True)  # exists when a kept folder is reused
    (workdir / "media").mkdir(exist_ok=True)

    import django

    django.setup()


def environment(vendor: str) -> dict[str, str]:
    import django
    import wagtail
    from django.db import connection

    if vendor == "sqlite":
        import sqlite3  # what Django's SQLite backend uses

        database = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": database,
        "cpus": str(os.cpu_count()),
        "machine": platform.machine(),
    }


def run_in_workdir(args: Any, bench: Callable[[Any, Path], int], *, prefix: str) -> int:
    """Run ``bench(args, workdir)`` in a fresh temporary folder (and a fresh PostgreSQL database
    with ``args.database_url``), then close connections, drop the database and remove the folder
    (kept with ``args.keep``).

    With ``args.reuse`` (a folder; benchmarks that offer it), that folder and the PostgreSQL
    database are used if they exist, created otherwise, and kept afterwards: a large database is
    built once and measured as often as wanted.
    """
    reuse: Path | None = getattr(args, "reuse", None)
    if args.database_url:
        _pg_name(args.database_url)
        create_pg_database(args.database_url, reuse=reuse is not None)
    if reuse is not None:
        reuse.mkdir(parents=True, exist_ok=True)
        workdir = reuse.resolve()
    else:
        workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return bench(args, workdir)
    finally:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        if reuse is not None:
            log(
                f"Kept {workdir}"
                + (f" and {urlsplit(args.database_url).path.lstrip('/')}" if args.database_url else "")
            )
        else:
            if args.database_url:
                drop_pg_database(args.database_url)
            if args.keep:
                log(f"Kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
