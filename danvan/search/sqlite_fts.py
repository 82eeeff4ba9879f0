# ruff: noqa: S608 - SQL built from the constants below only
"""The SQLite FTS5 triggers of migration 0002, for migrations that make Django re-create the table.

On SQLite, Django alters a table by copying it into a new one; the triggers that keep the FTS5
tables in step go with the old table. A migration that does that ends with ``restore``.
"""

from typing import Any

TABLE = "danvan_search_searchdocument"
FTS = "danvan_search_fts"
TITLE_FTS = f"{FTS}_title"
COLUMNS = "folded_title, folded_lead, folded_body"

TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, new.folded_title, new.folded_lead, new.folded_body);
        INSERT INTO {TITLE_FTS}(rowid, folded_title) VALUES (new.id, new.folded_title);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.folded_title, old.folded_lead, old.folded_body);
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, folded_title) VALUES ('delete', old.id, old.folded_title);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.folded_title, old.folded_lead, old.folded_body);
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, folded_title) VALUES ('delete', old.id, old.folded_title);
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, new.folded_title, new.folded_lead, new.folded_body);
        INSERT INTO {TITLE_FTS}(rowid, folded_title) VALUES (new.id, new.folded_title);
    END""",
]


def restore(apps: Any, schema_editor: Any) -> None:
    """Re-create the triggers and rebuild both FTS5 indexes from the (copied) table."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in TRIGGERS:
        schema_editor.execute(sql)
    for table in (FTS, TITLE_FTS):
        schema_editor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
