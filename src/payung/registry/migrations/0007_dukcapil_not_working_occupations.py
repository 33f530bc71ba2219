from django.db import migrations

# Dukcapil's entries for people without work (Belum/Tidak Bekerja, Pelajar/Mahasiswa, Mengurus Rumah
# Tangga, Pensiunan), kept as what they are so that schemes can leave them out (payung.imports.codelists).
ROWS = (
    ("belum_bekerja", "Belum/Tidak Bekerja"),
    ("pelajar", "Pelajar/Mahasiswa"),
    ("mengurus_rumah_tangga", "Mengurus Rumah Tangga"),
    ("pensiunan", "Pensiunan"),
)


def add_occupations(apps, schema_editor):
    Occupation = apps.get_model("registry", "Occupation")
    for code, name in ROWS:
        Occupation.objects.get_or_create(
            code=code, defaults={"name": name, "risk_class": 1, "transport": False}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_transfer_requests_and_elsewhere_answers")]
    operations = [migrations.RunPython(add_occupations, migrations.RunPython.noop)]
