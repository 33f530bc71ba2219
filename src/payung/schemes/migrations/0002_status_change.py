"""One event model for status changes of schemes and memberships, instead of two identical ones.

Every row of the two old tables is copied (in one statement each, however many rows) before they go:
a scheme's change keeps its scheme, a membership's change gets its membership and that membership's
scheme. Going back copies them out again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COLUMNS = "at, by_id, from_status, to_status, why"


def merge_events(apps, schema_editor):
    quote = schema_editor.quote_name
    table = quote(apps.get_model("schemes", "StatusChange")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scheme_id, membership_id, {COLUMNS}) "  # noqa: S608 - names from the models
            f"SELECT scheme_id, NULL, {COLUMNS} FROM {quote('funding_schemeevent')} ORDER BY at, id"
        )
        cursor.execute(
            f"INSERT INTO {table} (scheme_id, membership_id, {COLUMNS}) "  # noqa: S608
            f"SELECT m.scheme_id, e.membership_id, e.at, e.by_id, e.from_status, e.to_status, e.why "
            f"FROM {quote('enrolment_membershipevent')} e "
            f"JOIN {quote('enrolment_membership')} m ON m.id = e.membership_id ORDER BY e.at, e.id"
        )


def split_events(apps, schema_editor):
    quote = schema_editor.quote_name
    table = quote(apps.get_model("schemes", "StatusChange")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote('funding_schemeevent')} (scheme_id, {COLUMNS}) "  # noqa: S608
            f"SELECT scheme_id, {COLUMNS} FROM {table} WHERE membership_id IS NULL ORDER BY at, id"
        )
        cursor.execute(
            f"INSERT INTO {quote('enrolment_membershipevent')} (membership_id, {COLUMNS}) "  # noqa: S608
            f"SELECT membership_id, {COLUMNS} FROM {table} WHERE membership_id IS NOT NULL ORDER BY at, id"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('schemes', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('from_status', models.CharField(blank=True, max_length=10)),
                ('to_status', models.CharField(max_length=10)),
                ('why', models.CharField(blank=True, max_length=300)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('membership', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='schemes.membership')),
                ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='schemes.fundingscheme')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.RunPython(merge_events, split_events),
        migrations.DeleteModel(
            name='MembershipEvent',
        ),
        migrations.DeleteModel(
            name='SchemeEvent',
        ),
    ]
