"""The funding models now belong to `schemes` (schemes 0001 took them over): forget them here, state only;
the tables and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('schemes', '0001_initial'),
        ('billing', '0003_moved_to_schemes'),
        ('enrolment', '0003_moved_to_schemes'),
        ('funding', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='schemeevent',
                name='scheme',
            ),
            migrations.RemoveField(
                model_name='schemeevent',
                name='by',
            ),
            migrations.DeleteModel(
                name='FundingScheme',
            ),
            migrations.DeleteModel(
                name='SchemeEvent',
            ),
            ],
            database_operations=[],
        ),
    ]
