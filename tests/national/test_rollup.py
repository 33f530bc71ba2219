"""The national job on four regencies: two overlapping neighbours, a neighbour without overlap and
one in another province; the results of DuckDB and Spark (local[2]) compared table by table."""

from __future__ import annotations

import json

import polars as pl
import pytest

from payung.national.cli import main
from payung.national.queries import OUTPUTS
from payung.national.rollup import rollup

from .builders import make_package, month, nik

N1, N2, N3, N4, N5, N6 = (nik(i) for i in range(1, 7))


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    root = tmp_path_factory.mktemp("packages")
    return [
        make_package(
            root / "solok",
            "id-a",
            "13.02",
            [(N1, [1, 2, 3, 4, 5, 6]), (N2, list(range(1, 13))), (N3, [1, 2, 3])],
            bpjs={1: 120, 2: 130},
            labour_force=1000,
            target_pct=40.0,
        ),
        # The neighbour funds N1 from April (overlap April-June) and N2 in July-August.
        make_package(
            root / "kota-solok",
            "id-b",
            "13.03",
            [(N1, [4, 5, 6, 7, 8, 9]), (N2, [7, 8]), (N4, list(range(1, 13)))],
            funder_type="CSR",
            scheme_id=7,
            bpjs={1: 80},
            labour_force=2000,
            target_pct=35.5,
        ),
        # A neighbour with its own workers only, and a regency of another province.
        make_package(
            root / "sijunjung", "id-d", "13.04", [(N6, list(range(1, 13)))], labour_force=500, target_pct=None
        ),
        make_package(
            root / "enrekang", "id-c", "73.16", [(N5, list(range(1, 13)))], bpjs={1: 300}, labour_force=4000
        ),
    ]


@pytest.fixture(scope="module")
def results(packages, tmp_path_factory, spark):
    out = {}
    for engine in ("duckdb", "spark"):
        folder = tmp_path_factory.mktemp(engine) / "out"
        summary = rollup(packages, folder, engine=engine, spark=spark if engine == "spark" else None)
        out[engine] = (summary, folder)
    return out


def table(folder, name) -> pl.DataFrame:
    frame = pl.read_parquet(sorted((folder / name).glob("*.parquet")))
    return frame.sort(frame.columns, nulls_last=True)


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_overlapping_instances_are_flagged_in_the_overlapping_months_only(results, engine):
    summary, folder = results[engine]
    double = table(folder, "double_funding")
    flagged = sorted({(row["nik_hash"], row["month"].month) for row in double.iter_rows(named=True)})
    by_nik = {}
    for nik_hash, number in flagged:
        by_nik.setdefault(nik_hash, []).append(number)
    assert sorted(by_nik.values()) == [[4, 5, 6], [7, 8]]
    assert set(double["programme"]) == {"JKK", "JKM"} and double.height == 10
    assert set(zip(double["instance_a"], double["instance_b"], strict=True)) == {("id-a", "id-b")}
    # Both funders are named on every row.
    assert set(zip(double["funder_type_a"], double["funder_type_b"], strict=True)) == {("APBD", "CSR")}
    assert set(double["scheme_id_b"]) == {7} and set(double["instance_name_b"]) == {"Payung 13.03"}
    pairs = table(folder, "double_funding_pairs")
    assert pairs.select("instance_a", "instance_b", "workers", "worker_months", "months").rows() == [
        ("id-a", "id-b", 2, 5, 5)
    ]
    assert pairs["first_month"][0] == month(4) and pairs["last_month"][0] == month(8)
    assert summary["double_funded_workers"] == 2 and summary["double_funded_months"] == 5


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_neighbours_without_overlap_are_not_flagged(results, engine):
    _, folder = results[engine]
    double = table(folder, "double_funding")
    involved = set(double["instance_a"]) | set(double["instance_b"])
    assert "id-d" not in involved and "id-c" not in involved
    # N3 (Solok only) and N4 (Kota Solok only) are nowhere in the list.
    assert double.height == 10


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_the_cube_adds_up_from_regencies_to_provinces_to_the_nation(results, engine):
    _, folder = results[engine]
    cube = table(folder, "cube")
    keys = ["month", "segment", "funder_type"]
    measures = ["bpjs_participants", "payung_participants"]
    regencies = cube.filter(pl.col("level") == "regency")
    provinces = cube.filter(pl.col("level") == "province")
    nation = cube.filter(pl.col("level") == "nation")
    summed = regencies.group_by(["province_code", *keys]).agg(pl.col(m).sum() for m in measures)
    assert summed.sort(summed.columns).rows() == provinces.select(summed.columns).sort(summed.columns).rows()
    national = provinces.group_by(keys).agg(pl.col(m).sum() for m in measures)
    assert (
        national.sort(national.columns).rows()
        == nation.select(national.columns).sort(national.columns).rows()
    )
    # A person funded twice counts once: in May N1 (both), N2, N4, N5, N6 = 5 people.
    may = nation.filter(pl.col("month") == month(5))
    assert may["payung_participants"].sum() == 5
    # ... with the first instance's funder (Solok's APBD), not the CSR as well.
    solok_may = regencies.filter((pl.col("regency_code") == "13.02") & (pl.col("month") == month(5)))
    assert solok_may.select("funder_type", "payung_participants").rows() == [("APBD", 2)]
    january = nation.filter((pl.col("month") == month(1)) & (pl.col("funder_type") == ""))
    assert january["bpjs_participants"].sum() == 120 + 80 + 300


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_coverage_has_denominators_and_targets_at_every_level(results, engine):
    _, folder = results[engine]
    coverage = table(folder, "coverage")
    january = {
        (row["level"], row["province_code"], row["regency_code"]): row
        for row in coverage.filter(pl.col("month") == month(1)).iter_rows(named=True)
    }
    solok = january[("regency", "13", "13.02")]
    assert (
        solok["bpjs_participants"],
        solok["labour_force"],
        solok["coverage_pct"],
        solok["target_pct"],
    ) == (
        120,
        1000,
        12.0,
        40.0,
    )
    assert january[("regency", "13", "13.04")]["target_pct"] is None
    sumbar = january[("province", "13", "")]
    assert (sumbar["bpjs_participants"], sumbar["labour_force"]) == (200, 3500)
    assert sumbar["coverage_pct"] == pytest.approx(5.71)
    nation = january[("nation", "", "")]
    assert (nation["bpjs_participants"], nation["labour_force"], nation["coverage_pct"]) == (500, 7500, 6.67)
    # A regency without participants in a month still adds its denominator to its province.
    december = coverage.filter((pl.col("month") == month(12)) & (pl.col("level") == "province"))
    assert december.filter(pl.col("province_code") == "13")["labour_force"].to_list() == [3500]


def test_both_engines_give_identical_results(results):
    (duck_summary, duck), (spark_summary, sparked) = results["duckdb"], results["spark"]
    assert {**duck_summary, "engine": "-"} == {**spark_summary, "engine": "-"}
    assert duck_summary == {
        "engine": "duckdb",
        "packages": 4,
        "instances": 4,
        "membership_months": 2 * (6 + 12 + 3 + 6 + 2 + 12 + 12 + 12),
        "workers": 6,
        "double_funded_workers": 2,
        "double_funded_months": 5,
        "coverage_rows": duck_summary["coverage_rows"],
    }
    for name in OUTPUTS:
        left, right = table(duck, name), table(sparked, name)
        assert left.columns == right.columns, name
        assert left.rows() == right.rows(), name
        assert left.height > 0, name
        duck_csv = sorted((duck / f"{name}.csv").read_text(encoding="utf-8").splitlines())
        spark_csv = sorted((sparked / f"{name}.csv").read_text(encoding="utf-8").splitlines())
        assert duck_csv == spark_csv, name


def test_the_command_prints_the_summary_as_json(packages, tmp_path, capsys):
    assert (
        main(["rollup", *map(str, packages), "--out", str(tmp_path / "out"), "--engine", "duckdb", "--json"])
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert list(summary) == [
        "engine",
        "packages",
        "instances",
        "membership_months",
        "workers",
        "double_funded_workers",
        "double_funded_months",
        "coverage_rows",
    ]
    assert summary["engine"] == "duckdb" and summary["workers"] == 6
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*OUTPUTS, *(f"{n}.csv" for n in OUTPUTS), "summary.json", "summary.csv", "packages.json"]
    )
