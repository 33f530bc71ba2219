"""Bad packages are refused before any job runs: exit 2, the reasons on stderr, nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from payung.national.cli import main
from payung.national.format import MANIFEST
from payung.national.packages import load_package

from .builders import make_package, nik

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def two(tmp_path):
    return (
        make_package(tmp_path / "a", "id-a", "13.02", [(nik(1), [1, 2, 3])]),
        make_package(tmp_path / "b", "id-b", "13.03", [(nik(1), [3, 4])]),
    )


def refused(capsys, *args) -> str:
    assert main(["rollup", *map(str, args), "--engine", "duckdb"]) == 2
    return capsys.readouterr().err


def test_a_good_package_loads_with_its_manifest(two):
    package = load_package(two[0])
    manifest = json.loads((two[0] / MANIFEST).read_text())
    assert package.instance_id == "id-a" and manifest["schema_version"] == 1
    assert manifest["row_counts"]["membership_months"] == 6
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])
    assert any("membership_months/province=13/month=2026-03/" in entry["path"] for entry in manifest["files"])


def test_a_tampered_file_is_refused_and_nothing_is_written(two, tmp_path, capsys):
    entry = next(
        e for e in json.loads((two[1] / MANIFEST).read_text())["files"] if e["kind"] == "membership_months"
    )
    path = two[1] / entry["path"]
    frame = pl.read_parquet(path).with_columns(pl.lit("CSR").alias("funder_type"))
    frame.write_parquet(path)
    err = refused(capsys, *two, "--out", tmp_path / "out")
    assert "does not match its SHA-256" in err and entry["path"] in err
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_package_given_twice_is_refused(two, tmp_path, capsys):
    err = refused(capsys, two[0], two[1], two[0], "--out", tmp_path / "out")
    assert "a package given twice" in err and "id-a" in err
    assert not (tmp_path / "out").exists()


def test_a_copy_of_a_package_under_another_folder_is_refused_too(two, tmp_path, capsys):
    import shutil

    shutil.copytree(two[0], tmp_path / "copy")
    err = refused(capsys, two[0], two[1], tmp_path / "copy", "--out", tmp_path / "out")
    assert "a package given twice" in err


def test_a_package_of_an_unknown_schema_is_refused(two, tmp_path, capsys):
    manifest = json.loads((two[1] / MANIFEST).read_text())
    manifest["schema_version"] = 99
    (two[1] / MANIFEST).write_text(json.dumps(manifest))
    err = refused(capsys, *two, "--out", tmp_path / "out")
    assert "unknown schema version 99" in err
    assert not (tmp_path / "out").exists()


def test_a_file_slipped_into_a_package_is_refused(two, tmp_path, capsys):
    extra = two[1] / "membership_months" / "province=13" / "month=2026-05" / "part-09999.parquet"
    extra.parent.mkdir(parents=True, exist_ok=True)
    pl.read_parquet(next((two[1] / "membership_months").rglob("*.parquet"))).write_parquet(extra)
    err = refused(capsys, *two, "--out", tmp_path / "out")
    assert "is not in the manifest" in err


def test_packages_hashed_with_different_keys_are_refused(tmp_path, capsys):
    a = make_package(tmp_path / "a", "id-a", "13.02", [(nik(1), [1])])
    b = make_package(tmp_path / "b", "id-b", "13.03", [(nik(1), [1])], key=b"another-national-key-000")
    err = refused(capsys, a, b, "--out", tmp_path / "out")
    assert "different national keys" in err


def test_a_folder_without_manifest_and_an_out_with_files_are_refused(two, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert "no manifest.json" in refused(capsys, tmp_path / "empty", "--out", tmp_path / "out")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.csv").write_text("x")
    assert "new or empty folder" in refused(capsys, *two, "--out", tmp_path / "used")
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["old.csv"]


def test_the_module_runs_as_a_command_without_django(two, tmp_path):
    """`python -m payung.national` (= payung-national) in a fresh interpreter: no Django imported."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['payung-national', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('payung.national', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
        "    raise\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            "rollup",
            *map(str, two),
            "--out",
            str(tmp_path / "out"),
            "--engine",
            "duckdb",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["double_funded_months"] == 1
    twice = subprocess.run(
        [
            sys.executable,
            "-m",
            "payung.national",
            "rollup",
            str(two[0]),
            str(two[0]),
            "--out",
            str(tmp_path / "o2"),
            "--engine",
            "duckdb",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert twice.returncode == 2 and "given twice" in twice.stderr and not (tmp_path / "o2").exists()
