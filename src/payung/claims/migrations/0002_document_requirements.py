"""The documents checklist per kind of claim, from payung.rules.claims.DOCUMENTS (an admin corrects it)."""

from django.db import migrations


def seed(apps, schema_editor):
    from payung.claims.documents import ensure_document_requirements

    ensure_document_requirements(apps.get_model("claims", "DocumentRequirement"))


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
