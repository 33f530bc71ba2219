"""The documents checklist per kind of claim, from payung.rules.claims.DOCUMENTS (an admin corrects it)."""

from django.db import migrations


def seed(apps, schema_editor):
    from payung.rules.claims import DOCUMENTS

    Requirement = apps.get_model("claims", "DocumentRequirement")
    for position, document in enumerate(DOCUMENTS):
        for kind in document.kinds:
            Requirement.objects.get_or_create(
                kind=kind.value,
                code=document.code,
                defaults={
                    "label": document.label,
                    "source": document.source,
                    "confidence": document.confidence.value,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
