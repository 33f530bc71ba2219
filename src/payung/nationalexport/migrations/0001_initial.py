import uuid

from django.db import migrations, models


def create_instance(apps, schema_editor):
    Instance = apps.get_model("nationalexport", "Instance")
    if not Instance.objects.exists():
        Instance.objects.create(id=uuid.uuid4())


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Instance",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(create_instance, migrations.RunPython.noop),
    ]
