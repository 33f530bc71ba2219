"""`payung national_export`: the package of this Payung, checked as the national job checks it."""

from __future__ import annotations

import json

import polars as pl
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from payung.national.format import FORBIDDEN_COLUMNS, nik_hash
from payung.national.packages import load_package
from payung.nationalexport.exporting import export_package
from payung.nationalexport.models import Instance

from .helpers import KEY, YEAR, build_solok

pytestmark = pytest.mark.django_db


def export(out, *extra, **settings):
    settings = {"PAYUNG_NATIONAL_KEY": KEY, "PAYUNG_INSTANCE_NAME": "Payung Kabupaten Solok", **settings}
    with override_settings(**settings):
        call_command("national_export", "--out", str(out), "--year", str(YEAR), *extra)
    return json.loads((out / "manifest.json").read_text())


def membership_rows(out) -> pl.DataFrame:
    return pl.read_parquet(sorted((out / "membership_months").rglob("*.parquet")))


def test_the_package_holds_months_bpjs_knows_with_the_nik_hashed(regions, tmp_path):
    _, people = build_solok()
    manifest = export(tmp_path / "pkg")
    package = load_package(tmp_path / "pkg")  # the national job's checks: checksums, counts, schema
    assert manifest["instance"] == {"id": str(Instance.objects.get().id), "name": "Payung Kabupaten Solok"}
    assert manifest["regions"] == ["13.02"] and manifest["period"] == {
        "year": YEAR,
        "first_month": "2025-01",
        "last_month": "2025-12",
    }
    # active 6 months + submitted 2 + lapsed 2, two programmes each; the proposed membership stays home.
    assert manifest["row_counts"] == {"membership_months": 20, "coverage": 1, "denominators": 1, "targets": 1}
    rows = membership_rows(tmp_path / "pkg")
    key = KEY.encode()
    by_hash = {nik_hash(key, w.nik): name for name, w in people.items()}
    assert sorted(by_hash[h] for h in set(rows["nik_hash"])) == ["active", "lapsed", "submitted"]
    assert set(rows["status"]) == {"active", "submitted", "lapsed"}
    assert (
        rows.filter(pl.col("programme") == "JKK")["counted"].all()
        and not rows.filter(pl.col("programme") == "JKM")["counted"].any()
    )
    assert set(rows["funder_type"]) == {"APBD"} and set(rows["funder_region"]) == {"13.02"}
    assert set(rows["village_code"]) == {"13.02.07.2001"} and set(rows["segment"]) == {"BPU"}
    assert package.files["membership_months"] and all(
        "province=13/month=2025-" in str(p) for p in package.files["membership_months"]
    )
    target = pl.read_parquet(package.files["targets"])
    assert target["percent"].to_list() == [45.5]


def test_no_nik_name_phone_or_birth_date_in_any_exported_file(regions, tmp_path):
    _, people = build_solok()
    export(tmp_path / "pkg")
    secrets = set()
    for worker in people.values():
        secrets |= {
            worker.nik,
            worker.name,
            worker.name.lower(),
            worker.phone,
            worker.birth_date.isoformat(),
            worker.nik[-8:],
        }
    files = [p for p in (tmp_path / "pkg").rglob("*") if p.is_file()]
    assert len(files) > 5
    for path in files:
        raw = path.read_bytes()
        assert [s for s in secrets if s.encode() in raw] == [], path
        if path.suffix == ".parquet":  # compressed: grep the decoded values too
            frame = pl.read_parquet(path)
            assert not set(frame.columns) & FORBIDDEN_COLUMNS
            text = "\n".join(str(v) for column in frame.columns for v in frame[column].to_list())
            assert [s for s in secrets if s in text] == [], path


def test_without_a_key_the_export_refuses_and_writes_nothing(regions, tmp_path):
    build_solok()
    with override_settings(PAYUNG_NATIONAL_KEY=""), pytest.raises(CommandError) as refused:
        call_command("national_export", "--out", str(tmp_path / "pkg"), "--year", str(YEAR))
    assert refused.value.returncode == 2 and "no national key" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_the_key_can_come_from_a_file_and_hashes_as_the_environment_one(regions, tmp_path):
    _, people = build_solok()
    (tmp_path / "national.key").write_text(KEY + "\n")
    with override_settings(PAYUNG_NATIONAL_KEY=""):
        call_command(
            "national_export",
            "--out",
            str(tmp_path / "pkg"),
            "--year",
            str(YEAR),
            "--key-file",
            str(tmp_path / "national.key"),
        )
    from_env = export(tmp_path / "pkg2")
    assert json.loads((tmp_path / "pkg" / "manifest.json").read_text())["key_check"] == from_env["key_check"]
    assert set(membership_rows(tmp_path / "pkg")["nik_hash"]) == set(
        membership_rows(tmp_path / "pkg2")["nik_hash"]
    )


def test_an_out_folder_with_files_is_refused(regions, tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "keep.txt").write_text("x")
    with override_settings(PAYUNG_NATIONAL_KEY=KEY), pytest.raises(CommandError) as refused:
        call_command("national_export", "--out", str(tmp_path / "pkg"))
    assert refused.value.returncode == 2
    assert [p.name for p in (tmp_path / "pkg").iterdir()] == ["keep.txt"]


def test_the_instance_id_is_made_with_the_database_and_stays(regions, tmp_path):
    assert Instance.objects.count() == 1  # the migration made it
    first = export(tmp_path / "one")["instance"]["id"]
    second = export(tmp_path / "two", PAYUNG_INSTANCE_NAME="renamed")["instance"]
    assert second == {"id": first, "name": "renamed"}


def test_small_chunks_give_more_files_and_the_same_rows(regions, tmp_path):
    build_solok()
    with override_settings(PAYUNG_NATIONAL_KEY=KEY):
        chunked = export_package(tmp_path / "chunked", year=YEAR, key=KEY.encode(), chunk_rows=3)
    whole = export(tmp_path / "whole")
    assert chunked["row_counts"] == whole["row_counts"]
    assert len(chunked["files"]) > len(whole["files"])
    columns = ["nik_hash", "programme", "month", "status"]
    assert membership_rows(tmp_path / "chunked").select(columns).sort(columns).rows() == (
        membership_rows(tmp_path / "whole").select(columns).sort(columns).rows()
    )
    load_package(tmp_path / "chunked")


def test_json_prints_the_summary(regions, tmp_path, capsys):
    build_solok()
    export(tmp_path / "pkg", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["row_counts"]["membership_months"] == 20 and summary["schema_version"] == 1
