"""Name search at a million workers on PostgreSQL: a trigram index serves `name ILIKE '%word%'`.

SQLite has no such index; its plain scan stays fast enough there (docs/PERFORMANCE.md).
"""

from django.db import migrations


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS worker_name_trgm ON registry_worker USING gin (UPPER(name) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS worker_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_occupations")]
    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
