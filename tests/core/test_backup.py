"""`payung backup` and `payung restore`: every row and every uploaded file comes back, on both databases."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from payung.audit.models import AuditEvent
from payung.registry.models import Worker
from tests.conftest import make_user, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def every_row() -> dict[str, list[tuple]]:
    """Each table's rows in primary-key order (what a restore must give back)."""
    return {
        model._meta.label: [tuple(row) for row in model.objects.order_by("pk").values_list()]
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def every_file(media) -> dict[str, bytes]:
    return {str(p.relative_to(media)): p.read_bytes() for p in sorted(media.rglob("*")) if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports" / "2026" / "12").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "2026" / "12" / "daftar_pekerja.xlsx").write_bytes(b"PK\x03\x04 asli")
    (settings.MEDIA_ROOT / "imports" / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "reports" / "laporan.xlsx").write_bytes(bytes(range(256)) * 40)
    return settings.MEDIA_ROOT


def test_a_backup_wiped_and_restored_gives_back_every_row_and_file(regions, media, tmp_path, capsys):
    alice = make_user("alice", "regency_admin", ("13.02",))
    for name in ("Siti Rahma", "Budi Koto", "Nurhayati Piliang"):
        make_worker(name=name)
    AuditEvent.objects.create(
        object_type="worker", object_id="1", action="create", source="system", note="uji"
    )
    rows_before, files_before = every_row(), every_file(media)
    assert rows_before["registry.Worker"] and rows_before["regions.Region"]

    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", "--out", str(archive))
    assert "3 berkas unggahan" not in capsys.readouterr().out  # two files, not three
    assert archive.is_file() and not (tmp_path / "cadangan.tar.gz.partial").exists()

    # Wipe: people and the trail gone, one row added after the backup, the uploads deleted.
    Worker.objects.all().delete()
    if (
        connection.vendor == "postgresql"
    ):  # the trail refuses DELETE (append-only trigger); a disaster does not ask
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent")
    else:
        AuditEvent.objects.all().delete()
    alice.delete()
    make_user("mallory", "operator", ("13.02.07",))
    for path in media.rglob("*.xlsx"):
        path.unlink()
    (media / "stray.txt").write_text("after the backup")

    call_command("restore", str(archive), "--no-input")
    assert "2 berkas unggahan" in capsys.readouterr().out
    assert every_row() == rows_before
    assert every_file(media) == files_before
    # The restored database still works: new rows get fresh keys.
    assert make_worker(name="Baru Setelah Pulih").pk > max(row[0] for row in rows_before["registry.Worker"])


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(regions, media, tmp_path):
    make_worker(name="Tetap Ada")
    bogus = tmp_path / "bukan.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="bukan arsip cadangan Payung"):
        call_command("restore", str(bogus), "--no-input")
    assert Worker.objects.filter(name="Tetap Ada").exists()
    assert (media / "imports" / "reports" / "laporan.xlsx").exists()
