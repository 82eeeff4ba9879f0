"""Search index v2: words stored for matching, and a real full-text index on each database.

The table is re-created (it only holds a copy of the pages, rebuilt by ``rebuild_search_index``,
which ``make run`` calls when the index is empty) so that its short columns come first.

- SQLite: FTS5 tables over the folded words (``unicode61`` without diacritic removal: the words
  are folded already, đ included, which FTS5 cannot do) — one for all fields, one for titles with a
  prefix index for suggestions — kept in step by triggers.
- PostgreSQL: the ``vi_unaccent`` text search configuration (``unaccent`` then ``simple``), generated
  ``tsvector`` columns and GIN indexes; long columns are moved out of the table row so that the
  scans that count and rank stay on short rows.

A later migration that makes Django re-create this table on SQLite drops the triggers with it:
``tests/test_search_engine.py`` checks they exist.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models

TABLE = "danvan_search_searchdocument"
FTS = "danvan_search_fts"
COLUMNS = "folded_title, folded_lead, folded_body"
# Between fields in PostgreSQL's single vector: a lexeme no query can produce (queries are letters
# and digits only) that takes a position, so a phrase never spans the end of a title and a lead.
PG_FIELD_GAP = "' x@y.zz '"

TITLE_FTS = f"{FTS}_title"
# Two FTS5 tables: all the words (to find and count matches), and the titles' words alone, whose
# lists are short — the ranking's first tiers read only those.
SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE VIRTUAL TABLE {TITLE_FTS} USING fts5(folded_title, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, new.folded_title, new.folded_lead, new.folded_body);
        INSERT INTO {TITLE_FTS}(rowid, folded_title) VALUES (new.id, new.folded_title);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.folded_title, old.folded_lead, old.folded_body);
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, folded_title) VALUES ('delete', old.id, old.folded_title);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.folded_title, old.folded_lead, old.folded_body);
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, folded_title) VALUES ('delete', old.id, old.folded_title);
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, new.folded_title, new.folded_lead, new.folded_body);
        INSERT INTO {TITLE_FTS}(rowid, folded_title) VALUES (new.id, new.folded_title);
    END""",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {FTS}",
    f"DROP TABLE IF EXISTS {TITLE_FTS}",
]

WORD_TOKENS = "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart"
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vi_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION vi_unaccent (COPY = pg_catalog.simple);
        END IF;
    END $$""",
    f"ALTER TEXT SEARCH CONFIGURATION vi_unaccent ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, simple",
    f"""ALTER TABLE {TABLE}
        ADD COLUMN title_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('vi_unaccent'::regconfig, folded_title)) STORED,
        ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('vi_unaccent'::regconfig,
                folded_title || {PG_FIELD_GAP} || folded_lead || {PG_FIELD_GAP} || folded_body)) STORED""",
    f"CREATE INDEX {TABLE}_title_vector ON {TABLE} USING gin (title_vector)",
    f"CREATE INDEX {TABLE}_search_vector ON {TABLE} USING gin (search_vector)",
    # Short rows: everything long goes to TOAST; what ranking reads stays in the row (MAIN). The
    # search_vector is kept uncompressed (EXTERNAL): a phrase re-reads it for every candidate row,
    # and fetching it is twice as fast as decompressing it.
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    *(
        f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE MAIN"
        for column in ("folded_title", "exact_title", "folded_lead", "exact_lead", "title_vector")
    ),
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTERNAL",
]
PG_BACKWARD = [
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_vector, DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS vi_unaccent",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("danvan_search", "0001_initial"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="SearchDocument"),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "page",
                    models.OneToOneField(
                        null=True,
                        on_delete=models.deletion.CASCADE,
                        related_name="search_document",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("article", "Bài viết"), ("page", "Trang")],
                        db_index=True,
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                ("path", models.CharField(db_index=True, max_length=255)),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("date", models.DateTimeField(db_index=True, null=True, verbose_name="ngày")),
                ("folded_title", models.CharField(max_length=1000)),
                ("exact_title", models.CharField(max_length=1000)),
                ("folded_lead", models.TextField(blank=True)),
                ("exact_lead", models.TextField(blank=True)),
                ("title", models.CharField(max_length=500, verbose_name="tiêu đề")),
                ("lead", models.TextField(blank=True, verbose_name="sapô")),
                ("body", models.TextField(blank=True, verbose_name="nội dung")),
                ("folded_body", models.TextField(blank=True)),
            ],
            options={"verbose_name": "mục tìm kiếm", "verbose_name_plural": "mục tìm kiếm"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        ),
    ]
