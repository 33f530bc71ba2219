"""Uploaded files are kept 90 days (a setting), refused ones not at all; `payung purge_uploads` purges."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from payung.imports.models import ImportJob
from payung.imports.running import run
from payung.imports.services import import_job_create

from .files import csv_file, person


def purge(*args: str) -> dict:
    out = io.StringIO()
    call_command("purge_uploads", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def checked(bob):
    def make(days_old: int, *, errors: bool = False) -> ImportJob:
        row = person(days_old + 1)
        job = import_job_create(
            actor=bob,
            file=ContentFile(csv_file(row.replace(";L;", ";X;") if errors else row)),
            name="d.csv",
            start=False,
        )
        run(job)
        ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=days_old))
        job.refresh_from_db()
        return job

    return make


def test_files_past_the_retention_are_purged_and_reported(checked):
    old, recent = checked(91, errors=True), checked(89)
    old_paths = [old.file.path, old.error_report.path]
    assert purge("--dry-run") == {
        "dry_run": True,
        "retention_days": 90,
        "jobs": [old.pk],
        "originals": 1,
        "reports": 1,
        "unreferenced": 0,
        "temporary": 0,
        "bytes": sum(os.path.getsize(p) for p in old_paths),
    }
    assert all(os.path.exists(p) for p in old_paths), "a dry run deletes nothing"
    report = purge()
    assert (report["jobs"], report["originals"], report["reports"]) == ([old.pk], 1, 1)
    assert not any(os.path.exists(p) for p in old_paths)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (bool(old.file), bool(old.error_report), old.files_purged_at is not None) == (False, False, True)
    assert old.sha256 and old.original_name == "d.csv"  # the row keeps what the file was
    assert recent.file and os.path.exists(recent.file.path)
    assert purge()["jobs"] == []


def test_the_retention_is_a_setting(checked, settings):
    job = checked(10)
    settings.PAYUNG_UPLOAD_RETENTION_DAYS = 7
    assert purge()["jobs"] == [job.pk]


def test_stray_files_and_temporary_uploads_of_a_killed_upload_are_purged(checked, media, settings, tmp_path):
    checked(1)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads-tmp")
    (tmp_path / "uploads-tmp").mkdir()
    killed = tmp_path / "uploads-tmp" / "tmpab12cd.upload"  # what Django spools a big upload into
    killed.write_bytes(b"x" * 14_000)
    stray = media / "imports" / "2026" / "01" / "setengah.csv"  # stored, then the process died
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"NIK;Nama\n")
    fresh = tmp_path / "uploads-tmp" / "tmpnow.upload"  # an upload still being received
    fresh.write_bytes(b"y")
    hour_ago = time.time() - 3700
    for path in (killed, stray):
        os.utime(path, (hour_ago, hour_ago))
    report = purge()
    assert (report["temporary"], report["unreferenced"], report["jobs"]) == (1, 1, [])
    assert not killed.exists() and not stray.exists() and fresh.exists()


def test_the_command_reports_in_words_without_json(checked):
    checked(100)
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert out.getvalue().startswith("Deleted: 1 original files")
