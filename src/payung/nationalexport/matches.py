"""`payung national_matches FILE`: the national double-funding list read back by one instance.

The list (the roll-up's `double_funding`, as its folder, a Parquet file or the CSV) names workers only
by `nik_hash`. This instance keeps the rows where it is one of the two parties, hashes the NIKs of its
own workers with the national key to find who they are, and shows its own workers with the months
and the other funder, nothing of the other instance beyond its name and funder: the instance's own
scope. NIKs are shown masked (`lib.masking`); the worker id leads to the person's page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from payung.lib.masking import mask_nik
from payung.national import format as package_format
from payung.nationalexport.models import this_instance
from payung.registry.models import Worker
from payung.schemes.models import FundingScheme, Membership

SIDES = ("a", "b")
COLUMNS = (
    "nik_hash",
    "programme",
    "month",
    "instance_{}",
    "instance_name_{}",
    "funder_type_{}",
    "funder_region_{}",
    "scheme_id_{}",
    "regency_code_{}",
)


class MatchesRefused(Exception):
    pass


@dataclass
class Match:
    worker_id: int
    nik_masked: str
    regency_code: str
    programme: str
    scheme_id: int
    scheme_name: str
    other_instance: str
    other_instance_name: str
    other_funder_type: str
    other_funder_region: str
    months: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def read_list(path: str | Path):
    """The double-funding rows as a polars LazyFrame, from a result folder, a Parquet or a CSV file."""
    import polars as pl

    path = Path(path)
    if path.is_dir():
        parts = (
            sorted((path / "double_funding").glob("*.parquet"))
            if (path / "double_funding").is_dir()
            else sorted(path.glob("*.parquet"))
        )
        if not parts:
            raise MatchesRefused(f"{path}: no double_funding Parquet files in this folder")
        frame = pl.scan_parquet(parts)
    elif path.suffix == ".parquet":
        frame = pl.scan_parquet(path)
    elif path.suffix == ".csv":
        frame = pl.scan_csv(
            path, schema_overrides={"scheme_id_a": pl.Int64, "scheme_id_b": pl.Int64}, infer_schema=False
        )
    else:
        raise MatchesRefused(f"{path}: not a roll-up folder, .parquet or .csv file")
    try:
        names = frame.collect_schema().names()
    except (pl.exceptions.PolarsError, OSError) as error:
        raise MatchesRefused(f"{path}: not readable ({error})") from None
    missing = [c.format(s) for s in SIDES for c in COLUMNS if c.format(s) not in names]
    if missing:
        raise MatchesRefused(
            f"{path}: not a double-funding list (no column {', '.join(sorted(set(missing)))})"
        )
    return frame


def matches_for_this_instance(path: str | Path, *, key: bytes) -> tuple[list[Match], int]:
    """This instance's workers in the list, one Match per (worker, programme, other funder); and the
    number of the list's rows that concern this instance but name no worker found here."""
    import polars as pl

    me = str(this_instance().id)
    frame = read_list(path)
    ours = []
    for mine, theirs in (("a", "b"), ("b", "a")):
        ours.append(
            frame.filter(pl.col(f"instance_{mine}") == me).select(
                pl.col("nik_hash"),
                pl.col("programme"),
                pl.col("month").cast(pl.String).str.slice(0, 7).alias("month"),
                pl.col(f"scheme_id_{mine}").cast(pl.Int64).alias("scheme_id"),
                pl.col(f"instance_{theirs}").alias("other_instance"),
                pl.col(f"instance_name_{theirs}").alias("other_instance_name"),
                pl.col(f"funder_type_{theirs}").alias("other_funder_type"),
                pl.col(f"funder_region_{theirs}").alias("other_funder_region"),
            )
        )
    rows = pl.concat(ours).collect()
    if rows.is_empty():
        return [], 0
    wanted = set(rows["nik_hash"].unique().to_list())
    workers = _own_workers_by_hash(wanted, key)
    schemes = dict(
        FundingScheme.objects.filter(id__in=rows["scheme_id"].unique().to_list()).values_list("id", "name")
    )
    grouped: dict[tuple, Match] = {}
    unknown = 0
    for row in rows.sort("nik_hash", "programme", "other_instance", "month").iter_rows(named=True):
        worker = workers.get(row["nik_hash"])
        if worker is None:
            unknown += 1
            continue
        group_key = (
            worker[0],
            row["programme"],
            row["scheme_id"],
            row["other_instance"],
            row["other_funder_type"],
            row["other_funder_region"],
        )
        match = grouped.get(group_key)
        if match is None:
            match = grouped[group_key] = Match(
                worker_id=worker[0],
                nik_masked=mask_nik(worker[1]),
                regency_code=worker[2],
                programme=row["programme"],
                scheme_id=row["scheme_id"],
                scheme_name=schemes.get(row["scheme_id"], ""),
                other_instance=row["other_instance"],
                other_instance_name=row["other_instance_name"] or "",
                other_funder_type=row["other_funder_type"] or "",
                other_funder_region=row["other_funder_region"] or "",
            )
        match.months.append(row["month"])
    return sorted(grouped.values(), key=lambda m: (m.regency_code, m.worker_id, m.programme)), unknown


def _own_workers_by_hash(wanted: set[str], key: bytes) -> dict[str, tuple[int, str, str]]:
    """nik_hash -> (worker id, NIK, regency) for this instance's workers with a membership."""
    found: dict[str, tuple[int, str, str]] = {}
    worker_ids = Membership.objects.values("worker_id")
    for worker_id, nik, regency in (
        Worker.objects.filter(id__in=worker_ids)
        .values_list("id", "nik", "regency_code")
        .iterator(chunk_size=20_000)
    ):
        digest = package_format.nik_hash(key, nik)
        if digest in wanted:
            found[digest] = (worker_id, nik, regency)
    return found


def months_text(months: list[str]) -> str:
    """'2026-03..2026-05, 2026-08': runs of consecutive months shortened."""
    runs: list[list[str]] = []
    for month in sorted(set(months)):
        if runs and _next_month(runs[-1][-1]) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}..{run[-1]}" for run in runs)


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def summary_by_other_instance(found: list[Match]) -> dict[str, dict]:
    totals: dict[str, dict] = defaultdict(lambda: {"workers": set(), "months": 0, "name": ""})
    for match in found:
        entry = totals[match.other_instance]
        entry["workers"].add(match.worker_id)
        entry["months"] += len(match.months)
        entry["name"] = match.other_instance_name
    return {
        k: {"name": v["name"], "workers": len(v["workers"]), "programme_months": v["months"]}
        for k, v in totals.items()
    }
