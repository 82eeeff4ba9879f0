"""The demo site for tests, built by `load_demo()` once per test process and copied back for the tests
after it: about 3 s of every demo test (a fifth of the suite's time) becomes a few tenths.

The copy is every model table's rows, exactly as `load_demo()` left them, and the uploaded files.
Restoring empties those tables the way Django's flush does (DELETE on SQLite, TRUNCATE on
PostgreSQL, inside one transaction with the foreign keys checked at its end), writes the rows back
(COPY on PostgreSQL), sets PostgreSQL's sequences past them, and copies the files into the test's
media root. SQLite's full-text tables are not copied: the triggers that filled them the first time
fill them again from their rows' tables.

A copy is reused only where the first load would have built the same thing: on the same database
vendor, the same day in Viet Nam, the same demo password setting, and in the same kind of test —
inside a test's transaction (`db`) the demo's on-commit work does not run, in a live-server test
(`transactional_db`) it does, so each kind has its own copy.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from danvan.demo import load_demo

_SNAPSHOTS: dict[tuple[str, ...], "_Snapshot"] = {}


@dataclass
class _Snapshot:
    tables: list[tuple[str, list[str], Any]]  # table, columns, rows (SQLite) or COPY data (PostgreSQL)
    media: Path


def _models() -> list[type[Model]]:
    existing = set(connection.introspection.table_names())
    seen: set[str] = set()
    found: list[type[Model]] = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.proxy or table in seen or table not in existing:
            continue
        seen.add(table)
        found.append(model)
    return found


def _key() -> tuple[str, ...]:
    return (
        connection.vendor,
        connection.settings_dict["NAME"],
        "in-transaction" if connection.in_atomic_block else "committed",
        timezone.localdate().isoformat(),
        os.environ.get("DANVAN_DEMO_PASSWORD", ""),
    )


def _quoted(names: list[str]) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def _virtual_tables() -> set[str]:
    """SQLite's full-text tables: triggers on their rows' tables fill them (Wagtail's and ours)."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%%'"
        )
        return {name for (name,) in cursor.fetchall()}


def _take(media_root: Path) -> _Snapshot:
    tables: list[tuple[str, list[str], Any]] = []
    virtual = _virtual_tables()
    with connection.cursor() as cursor:
        for model in _models():
            table = model._meta.db_table
            if table in virtual:
                continue
            columns = [f.column for f in model._meta.local_concrete_fields if f.column]
            if connection.vendor == "postgresql":
                data = bytearray()
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {connection.ops.quote_name(table)} ({_quoted(columns)}) TO STDOUT"
                ) as copy:
                    for block in copy:
                        data += block
                tables.append((table, columns, bytes(data)))
            else:
                cursor.execute(f"SELECT {_quoted(columns)} FROM {connection.ops.quote_name(table)}")
                tables.append((table, columns, cursor.fetchall()))
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    if media_root.exists():
        shutil.copytree(media_root, media, dirs_exist_ok=True)
    return _Snapshot(tables=tables, media=media)


def _restore(snapshot: _Snapshot, media_root: Path) -> None:
    models = _models()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), [m._meta.db_table for m in models]):
                cursor.execute(statement)
            for table, columns, rows in snapshot.tables:
                if connection.vendor == "postgresql":
                    if rows:
                        into = f"COPY {connection.ops.quote_name(table)} ({_quoted(columns)}) FROM STDIN"
                        with cursor.cursor.copy(into) as copy:
                            copy.write(rows)
                elif rows:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {connection.ops.quote_name(table)} ({_quoted(columns)}) VALUES ({marks})",
                        rows,
                    )
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    # Content types came back with the first load's ids, not those the flush's post_migrate made.
    ContentType.objects.clear_cache()
    shutil.copytree(snapshot.media, media_root, dirs_exist_ok=True)


def demo_site() -> None:
    """What `load_demo()` builds, into the current database and settings.MEDIA_ROOT."""
    media_root = Path(settings.MEDIA_ROOT)
    key = _key()
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is not None:
        _restore(snapshot, media_root)
        return
    load_demo()
    _SNAPSHOTS[key] = _take(media_root)
