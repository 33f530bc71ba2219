"""The billing models now belong to `schemes` (schemes 0001 took them over): forget them here, state only;
the tables and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('schemes', '0001_initial'),
        ('billing', '0002_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='billline',
                name='bill',
            ),
            migrations.RemoveField(
                model_name='payment',
                name='bill',
            ),
            migrations.RemoveField(
                model_name='billline',
                name='membership',
            ),
            migrations.RemoveField(
                model_name='payment',
                name='recorded_by',
            ),
            migrations.DeleteModel(
                name='Bill',
            ),
            migrations.DeleteModel(
                name='BillLine',
            ),
            migrations.DeleteModel(
                name='Payment',
            ),
            ],
            database_operations=[],
        ),
    ]
