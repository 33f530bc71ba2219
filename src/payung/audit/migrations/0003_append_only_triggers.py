"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit rows (append-only trail).

SQLite (development, tests) has no such trigger: there the services and screens are the only writers.
TRUNCATE stays allowed: it is what a test database flush and a full restore use, never a screen.
"""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_personaldataaccess", "audit_personaldatasubject")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION payung_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # its % are PL/pgSQL, not placeholders
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION payung_audit_append_only()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS payung_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_actor_name_access_log")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
