"""The enrolment models now belong to `schemes` (schemes 0001 took them over): forget them here, state only;
the tables and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('schemes', '0001_initial'),
        ('billing', '0003_moved_to_schemes'),
        ('enrolment', '0002_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='membershipevent',
                name='membership',
            ),
            migrations.RemoveField(
                model_name='membershipmonth',
                name='membership',
            ),
            migrations.RemoveField(
                model_name='membershipevent',
                name='by',
            ),
            migrations.RemoveField(
                model_name='membershipmonth',
                name='worker',
            ),
            migrations.DeleteModel(
                name='Membership',
            ),
            migrations.DeleteModel(
                name='MembershipEvent',
            ),
            migrations.DeleteModel(
                name='MembershipMonth',
            ),
            ],
            database_operations=[],
        ),
    ]
