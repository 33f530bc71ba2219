"""The national package format, version 1: what each Payung exports, written in Parquet.

A package is a folder: `manifest.json` and Parquet files under `KIND/province=PP/month=YYYY-MM/`
(kinds without months: `KIND/province=PP/`), each file listed in the manifest with its row count and
SHA-256. Columns are listed in `SCHEMA`; every file carries them as data (the folder names are for
people and for pruning, the job never reads values from them).

The NIK never leaves a regency in clear: `nik_hash` is HMAC-SHA256 of the NIK under the national key,
the same key in every Payung, so the same person gives the same hash everywhere and nobody without the
key can test a guessed NIK. The manifest carries `key_check`, an HMAC of a fixed text, so the job can
tell packages hashed with different keys apart without ever seeing the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMAT = "payung-national-package"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"

MEMBERSHIP_MONTHS = "membership_months"
COVERAGE = "coverage"
DENOMINATORS = "denominators"
TARGETS = "targets"

# kind -> (column, SQL type) in file order. The types are the ones both engines' SQL knows.
SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    MEMBERSHIP_MONTHS: (
        ("instance_id", "STRING"),
        ("nik_hash", "STRING"),
        ("programme", "STRING"),
        ("month", "DATE"),
        ("counted", "BOOLEAN"),  # counts the person as covered (coverage.summary.COUNTED_PROGRAMMES)
        ("funder_type", "STRING"),
        ("funder_region", "STRING"),
        ("scheme_id", "BIGINT"),
        ("province_code", "STRING"),
        ("regency_code", "STRING"),
        ("district_code", "STRING"),
        ("village_code", "STRING"),
        ("segment", "STRING"),
        ("status", "STRING"),
    ),
    COVERAGE: (
        ("instance_id", "STRING"),
        ("region_code", "STRING"),
        ("level", "BIGINT"),
        ("province_code", "STRING"),
        ("regency_code", "STRING"),
        ("month", "DATE"),
        ("source", "STRING"),
        ("segment", "STRING"),
        ("funder_type", "STRING"),
        ("participants", "BIGINT"),
        ("derived", "BOOLEAN"),
    ),
    DENOMINATORS: (
        ("instance_id", "STRING"),
        ("region_code", "STRING"),
        ("level", "BIGINT"),
        ("province_code", "STRING"),
        ("year", "BIGINT"),
        ("labour_force", "BIGINT"),
        ("employed", "BIGINT"),
    ),
    TARGETS: (
        ("instance_id", "STRING"),
        ("region_code", "STRING"),
        ("level", "BIGINT"),
        ("province_code", "STRING"),
        ("year", "BIGINT"),
        ("kind", "STRING"),
        ("mode", "STRING"),
        ("percent", "DOUBLE"),
        ("source", "STRING"),
    ),
}
KINDS = tuple(SCHEMA)
MONTHLY_KINDS = frozenset({MEMBERSHIP_MONTHS, COVERAGE})

# Columns that must never appear in a package, whatever a later version adds (tests check files too).
FORBIDDEN_COLUMNS = frozenset({"nik", "name", "phone", "birth_date", "kk_number", "address"})

_KEY_CHECK_TEXT = b"payung-national-key-check-v1"


def nik_hash(key: bytes, nik: str) -> str:
    """The national pseudonym of a NIK: HMAC-SHA256 under the national key, hex."""
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


def key_check(key: bytes) -> str:
    """A fingerprint of the key (not the key): equal in two manifests = hashes comparable."""
    return hmac.new(key, _KEY_CHECK_TEXT, hashlib.sha256).hexdigest()[:16]


def read_key(*, env_value: str | None, key_file: str | Path | None) -> bytes:
    """The national key from a file (first line) or the environment's value; ValueError when none."""
    if key_file:
        text = Path(key_file).read_text(encoding="utf-8").strip()
    else:
        text = (env_value or "").strip()
    if len(text) < 16:
        raise ValueError(
            "no national key: set PAYUNG_NATIONAL_KEY or give --key-file (at least 16 characters)"
        )
    return text.encode("utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def partition_dir(kind: str, province: str, month: str | None) -> str:
    parts = [kind, f"province={province or 'none'}"]
    if kind in MONTHLY_KINDS:
        parts.append(f"month={month}")
    return "/".join(parts)


class PackageWriter:
    """Writes one package: batches of rows become Parquet part files, then the manifest.

    Memory stays at one batch: a caller streams rows in (kind, province, month) order or not at all;
    each `write` call makes new part files, so any order is correct, sorted input just makes fewer.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.files: list[dict] = []
        self._parts: dict[str, int] = {}

    def write(self, kind: str, rows: Sequence[tuple]) -> None:
        """Write `rows` (tuples in SCHEMA[kind] order) into their province/month partitions."""
        import polars as pl

        if rows:
            self.write_frame(kind, pl.DataFrame(rows, schema=_polars_schema(kind), orient="row"))

    def write_frame(self, kind: str, frame) -> None:
        """Write a polars DataFrame with SCHEMA[kind]'s columns into their partitions."""
        if frame.is_empty():
            return
        columns = [name for name, _ in SCHEMA[kind]]
        frame = frame.select(columns).cast(_polars_schema(kind))
        keys = ["province_code", "month"] if kind in MONTHLY_KINDS else ["province_code"]
        for key, part in frame.group_by(keys, maintain_order=True):
            province = key[0]
            month = key[1].strftime("%Y-%m") if kind in MONTHLY_KINDS else None
            relative_dir = partition_dir(kind, province, month)
            number = self._parts.get(relative_dir, 0)
            self._parts[relative_dir] = number + 1
            relative = f"{relative_dir}/part-{number:05d}.parquet"
            path = self.folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            part.write_parquet(path, compression="zstd", statistics=True)
            self.files.append(
                {"path": relative, "kind": kind, "rows": part.height, "sha256": sha256_of(path)}
            )

    def finish(
        self, *, instance: dict, regions: Iterable[str], period: dict, key: bytes, created_at: str
    ) -> dict:
        manifest = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "instance": instance,
            "regions": sorted(regions),
            "period": period,
            "created_at": created_at,
            "key_check": key_check(key),
            "row_counts": {kind: sum(f["rows"] for f in self.files if f["kind"] == kind) for kind in KINDS},
            "files": self.files,
        }
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return manifest


def _polars_schema(kind: str) -> dict:
    import polars as pl

    types = {
        "STRING": pl.String,
        "DATE": pl.Date,
        "BIGINT": pl.Int64,
        "DOUBLE": pl.Float64,
        "BOOLEAN": pl.Boolean,
    }
    return {name: types[sql_type] for name, sql_type in SCHEMA[kind]}
