"""Builders for coverage tests: write a CSV and import it, as an office would."""

from __future__ import annotations

from pathlib import Path

from payung.coverage.importing import import_labour_force, import_participation


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def labour_force(tmp_path: Path, *rows: str, name: str = "bps.csv"):
    return import_labour_force(path=write_csv(tmp_path / name, "region_code,year,labour_force,employed", list(rows)))


def participation(tmp_path: Path, *rows: str, name: str = "bpjs.csv"):
    return import_participation(path=write_csv(tmp_path / name, "region_code,month,segment,active", list(rows)))
