import datetime as dt

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from payung.audit.models import AuditEvent
from payung.imports import progress
from payung.imports.services import import_path
from payung.lib import bulk_load
from payung.lib.bulk_load import indexes_set_aside
from payung.registry.models import Worker

from ..conftest import make_worker
from ..imports.files import FEMALE, csv_file, person

WORKERS = Worker._meta.db_table


def schema(table: str) -> dict[str, str]:
    """Every index and foreign key of ``table`` by name, as the database would create it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
            found = dict(cursor.fetchall())
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
                [table],
            )
            return found | dict(cursor.fetchall())
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = %s", [table])
        return dict(cursor.fetchall())


@pytest.fixture
def few(monkeypatch):
    monkeypatch.setattr(bulk_load, "MIN_ROWS", 2)


def test_a_load_as_big_as_the_table_sets_the_indexes_aside_and_rebuilds_them_as_they_were(regions, few):
    before = schema(WORKERS)
    assert "worker_name_id" in before
    with transaction.atomic():
        with indexes_set_aside(WORKERS, 2) as set_aside:
            assert set_aside
            during = schema(WORKERS)
            make_worker(name="Ani")
            make_worker(name="Budi")
        assert schema(WORKERS) == before
    assert "worker_name_id" not in during
    assert "worker_regency_name_id" not in during
    if connection.vendor == "postgresql":  # foreign keys too; the keys that guard the load stay
        assert not any("FOREIGN KEY" in definition for definition in during.values())
        assert "registry_worker_pkey" in during and "registry_worker_nik_key" in during
    assert list(Worker.objects.order_by("name").values_list("name", flat=True)) == ["Ani", "Budi"]


def test_a_failure_during_the_load_leaves_the_table_and_its_indexes_as_they_were(regions, few):
    make_worker(name="Ada")
    before = schema(WORKERS)
    with pytest.raises(RuntimeError), transaction.atomic():
        with indexes_set_aside(WORKERS, 5) as set_aside:
            assert set_aside
            make_worker(name="Baru")
            raise RuntimeError("killed midway")
    assert schema(WORKERS) == before
    assert list(Worker.objects.values_list("name", flat=True)) == ["Ada"]


def test_a_load_smaller_than_the_table_keeps_the_indexes(regions, few):
    for name in ("Ani", "Budi", "Citra"):
        make_worker(name=name)
    with transaction.atomic(), indexes_set_aside(WORKERS, 2) as set_aside:
        assert not set_aside
        assert "worker_name_id" in schema(WORKERS)


def test_a_small_load_keeps_the_indexes(regions):
    with transaction.atomic(), indexes_set_aside(WORKERS, bulk_load.MIN_ROWS - 1) as set_aside:
        assert not set_aside


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_work_outside_a_transaction(few):
    with pytest.raises(RuntimeError, match="transaction"), indexes_set_aside(WORKERS, 10):
        pass


def test_the_unique_nik_still_guards_a_load(regions, few):
    worker = make_worker(name="Ada")
    with pytest.raises(IntegrityError), transaction.atomic():
        with indexes_set_aside(WORKERS, 5) as set_aside:
            assert set_aside
            make_worker(name="Kembar", nik=worker.nik)
    assert Worker.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL locks readers out")
def test_a_table_someone_is_reading_takes_the_ordinary_path(regions, few, monkeypatch, caplog):
    monkeypatch.setattr(bulk_load, "LOCK_TIMEOUT", "200ms")
    caplog.set_level("INFO", logger="payung.lib.bulk_load")
    settings = connection.settings_dict
    reader = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    try:
        reader.execute(f"SELECT COUNT(*) FROM {WORKERS}")  # holds its lock until it commits
        with transaction.atomic():
            with indexes_set_aside(WORKERS, 2) as set_aside:
                assert not set_aside
                make_worker(name="Ani")  # the transaction is still usable
            assert "worker_name_id" in schema(WORKERS)
        assert "lock timeout" in caplog.text
    finally:
        reader.close()
    assert Worker.objects.count() == 1


def test_a_big_import_into_an_empty_registry_rebuilds_every_index(regions, few, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    workers, audit = schema(WORKERS), schema(AuditEvent._meta.db_table)
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_file(person(1), person(2, sex=FEMALE), person(3)))
    outcome = import_path(path, dry_run=False, valid_only=False)
    assert outcome.job.created == 3
    assert schema(WORKERS) == workers
    assert schema(AuditEvent._meta.db_table) == audit
    assert AuditEvent.objects.filter(object_type="worker", action="create").count() == 3
    assert Worker.objects.filter(name__istartswith="pekerja").count() == 3


def test_the_progress_of_a_big_load_keeps_room_for_the_rebuild_and_never_goes_back(
    regions, few, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seen = []
    real = progress.Beat.report

    def record(beat, phase, percent):
        seen.append((phase, percent))
        return real(beat, phase, percent)

    monkeypatch.setattr(progress.Beat, "report", record)
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_file(*(person(n) for n in range(1, 6))))
    assert import_path(path, dry_run=False, valid_only=False).job.created == 5
    saving = [percent for phase, percent in seen if phase == "Menyimpan"]
    assert saving == sorted(saving)
    assert saving[0] == 40 and saving[-1] == 100  # 40: the last word before the save's transaction
    assert any(40 < percent < 100 for percent in saving)


def test_on_postgresql_a_registry_in_use_keeps_its_indexes_and_its_readers(regions, few, monkeypatch):
    """Above READERS_FREE_ROWS a load as big as the table would lock every reader out on PostgreSQL
    (dropping an index takes ACCESS EXCLUSIVE); SQLite's readers keep their snapshot, so it still may."""
    monkeypatch.setattr(bulk_load, "READERS_FREE_ROWS", 1)
    for name in ("Ada", "Budi"):
        make_worker(name=name)
    with transaction.atomic(), indexes_set_aside(WORKERS, 5) as set_aside:
        assert set_aside == (connection.vendor == "sqlite")


@pytest.mark.django_db
def test_plain_rows_store_dates_and_times_as_the_orm_does():
    from payung.schemes.models import RegionMonthChange

    at = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
    RegionMonthChange.objects.create(regency_code="13.02", month=dt.date(2026, 3, 1), changed_at=at)
    bulk_load.insert_rows(
        RegionMonthChange._meta.db_table,
        ("regency_code", "month", "changed_at"),
        [("13.03", dt.date(2026, 3, 1), at), ("13.04", dt.date(2026, 4, 1), at + dt.timedelta(days=31))],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CAST(month AS TEXT), CAST(changed_at AS TEXT) FROM {RegionMonthChange._meta.db_table} "  # noqa: S608
            "ORDER BY regency_code"
        )
        by_orm, by_rows, _later = cursor.fetchall()
    assert by_rows == by_orm
    assert RegionMonthChange.objects.get(regency_code="13.03").changed_at == at
    later = RegionMonthChange.objects.get(regency_code="13.04")
    assert (later.month, later.changed_at) == (dt.date(2026, 4, 1), at + dt.timedelta(days=31))
