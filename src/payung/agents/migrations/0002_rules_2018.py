"""The 2018 Perisai rules (REGULATION.md §7.1): the first commission and inactivity versions."""

from django.db import migrations

from payung.agents.first_rules import ensure_first_rules


def forward(apps, schema_editor):
    ensure_first_rules(apps.get_model("agents", "CommissionRule"), apps.get_model("agents", "InactivityRule"))


class Migration(migrations.Migration):
    dependencies = [("agents", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
