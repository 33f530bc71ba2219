from django.db import migrations


def load_occupations(apps, schema_editor):
    from payung.registry.occupations import OCCUPATIONS

    Occupation = apps.get_model("registry", "Occupation")
    for spec in OCCUPATIONS:
        Occupation.objects.update_or_create(
            code=spec.code,
            defaults={"name": spec.name, "risk_class": spec.risk_class, "transport": spec.transport},
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load_occupations, migrations.RunPython.noop)]
