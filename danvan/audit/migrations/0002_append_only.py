"""The database refuses to change audit entries (decision 0014).

UPDATE: refused on SQLite and PostgreSQL, except what deleting a user or a content type does
(on_delete=SET_NULL sets actor_id / content_type_id to NULL and changes nothing else).

DELETE: on PostgreSQL, refused for entries younger than 365 days (the pruning deletes only older ones;
the test database's flush is a TRUNCATE, which row triggers do not see). On SQLite no DELETE trigger:
Django's flush there is a DELETE FROM, which live-server tests run after each test; the model and its
queryset still refuse deletes.
"""

from typing import Any

from django.db import migrations

UNCHANGED = [
    "id",
    "at",
    "actor_name",
    "ip",
    "action",
    "object_id",
    "object_repr",
    "changes",
    "detail",
]

SQLITE_UP = """
CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
WHEN NOT ({same}
    AND (NEW.actor_id IS OLD.actor_id OR NEW.actor_id IS NULL)
    AND (NEW.content_type_id IS OLD.content_type_id OR NEW.content_type_id IS NULL))
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only: entries cannot be changed');
END;
""".format(same=" AND ".join(f"NEW.{c} IS OLD.{c}" for c in UNCHANGED))
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_auditentry_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.at > now() - interval '365 days' THEN
            RAISE EXCEPTION 'audit log is append-only: entries younger than 365 days cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF {changed}
        OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
        OR (NEW.content_type_id IS DISTINCT FROM OLD.content_type_id AND NEW.content_type_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'audit log is append-only: entries cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in UNCHANGED))
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""

SQL = {"sqlite": (SQLITE_UP, SQLITE_DOWN), "postgresql": (POSTGRES_UP, POSTGRES_DOWN)}


def _run(schema_editor: Any, index: int) -> None:
    statements = SQL.get(schema_editor.connection.vendor)
    if statements is not None:
        schema_editor.execute(statements[index])


def install(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, 0)


def remove(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
