"""Backups of a whole installation: the database and the uploaded files, in one archive.

The archive is a gzip tar holding `manifest.json`, the database (`database.sqlite3`, copied with
SQLite's online backup API while the site runs, or `database.pgdump`, PostgreSQL's custom format from
`pg_dump`) and `media/` (MEDIA_ROOT: import originals and error reports). A restore replaces the
database and the files as one step each: SQLite copies back through the same backup API, PostgreSQL
runs `pg_restore --clean --single-transaction`, and the media folder is swapped in whole, so a failed
restore leaves the installation as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in the operator's language."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Basis data {vendor} tidak didukung (hanya SQLite dan PostgreSQL).")
    return vendor


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} tidak ditemukan: pasang postgresql-client (apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - fixed argv
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {result.stderr.strip()[-2000:]}")


def _dump_database(engine: str, folder: Path) -> str:
    if engine == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE_MEMBER)
        try:
            connection.connection.backup(target)  # consistent even while other processes write
        finally:
            target.close()
        return SQLITE_MEMBER
    env, args = _pg_env_and_args()
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(folder / POSTGRES_MEMBER),
            *args,
        ],
        env,
    )
    return POSTGRES_MEMBER


def backup_create(*, out: Path) -> dict[str, object]:
    """Writes the archive to `out` (through a temporary file, so a failed backup leaves no half archive)."""
    engine = _engine()
    media = Path(settings.MEDIA_ROOT)
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="payung-backup-") as tmp:
        folder = Path(tmp)
        member = _dump_database(engine, folder)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "database": member,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "media_files": len(files),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / "manifest.json", arcname="manifest.json")
            archive.add(folder / member, arcname=member)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
        partial.replace(out)
    return manifest


def _restore_database(engine: str, member: Path) -> None:
    connections.close_all()
    if engine == "sqlite":
        source = sqlite3.connect(member)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)  # replaces every page in one step
        finally:
            source.close()
        return
    env, args = _pg_env_and_args()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(member)], env)  # fmt: skip
    connections.close_all()


def _swap_media(extracted: Path | None) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    if extracted is not None and extracted.is_dir():
        shutil.copytree(extracted, new, dirs_exist_ok=True)
    old = media.with_name(media.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    new.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(*, archive_path: Path) -> dict[str, object]:
    """Replaces the database and MEDIA_ROOT with the archive's. The engine must be the one it came from."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="payung-restore-") as tmp:
        folder = Path(tmp)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(folder, filter="data")  # refuses absolute paths and "../"
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"{archive_path} bukan arsip cadangan Payung yang terbaca: {error}") from error
        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except (OSError, ValueError) as error:
            raise BackupError(f"{archive_path}: manifest.json tidak ada atau rusak.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive_path}: format cadangan {manifest.get('format')} tidak dikenal.")
        if manifest.get("engine") != engine:
            raise BackupError(
                f"Cadangan ini dari basis data {manifest.get('engine')}, bukan {engine}: "
                "pulihkan ke jenis basis data yang sama."
            )
        _restore_database(engine, folder / manifest["database"])
        _swap_media(folder / "media")
    return manifest
