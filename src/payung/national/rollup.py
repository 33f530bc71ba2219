"""The roll-up: check the packages, run one engine into a scratch folder, move the results into place.

Nothing is written under `out` unless every package passed and the job finished: results are made in
a sibling scratch folder and renamed at the end.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from payung.national.packages import PackageError, load_packages

ENGINES = ("spark", "duckdb")


def rollup(
    package_dirs: list,
    out: str | Path,
    *,
    engine: str = "spark",
    master: str | None = None,
    spark=None,
    threads: int | None = None,
) -> dict:
    """Run the national job; the summary (the `--json` object). PackageError when refused."""
    if engine not in ENGINES:
        raise PackageError([f"unknown engine {engine!r} (spark or duckdb)"])
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PackageError([f"{out}: --out must be a new or empty folder"])
    packages = load_packages(package_dirs)
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        if engine == "duckdb":
            from payung.national.engines import run_duckdb

            figures = run_duckdb(packages, scratch, threads=threads)
        else:
            from payung.national.engines import run_spark

            figures = run_spark(packages, scratch, master=master, spark=spark)
        summary = {"engine": engine, "packages": len(packages), **figures}
        summary = {key: summary[key] for key in SUMMARY_FIELDS}
        (scratch / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        (scratch / "summary.csv").write_text(
            ",".join(SUMMARY_FIELDS) + "\n" + ",".join(str(summary[k]) for k in SUMMARY_FIELDS) + "\n",
            encoding="utf-8",
        )
        _write_packages_list(packages, scratch)
        if out.exists():
            out.rmdir()
        scratch.replace(out)
        return summary
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


SUMMARY_FIELDS = (
    "engine",
    "packages",
    "instances",
    "membership_months",
    "workers",
    "double_funded_workers",
    "double_funded_months",
    "coverage_rows",
)


def _write_packages_list(packages, folder: Path) -> None:
    """Which packages this result was made of (instance, period, rows): the result's provenance."""
    rows = [
        {
            "folder": str(p.folder),
            "instance_id": p.instance_id,
            "instance_name": p.instance_name,
            "regions": p.manifest.get("regions", []),
            "period": p.manifest["period"],
            "row_counts": p.manifest["row_counts"],
            "created_at": p.manifest.get("created_at"),
        }
        for p in packages
    ]
    (folder / "packages.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
