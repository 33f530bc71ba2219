"""`payung-national`: the national job's command line (no Django).

    payung-national rollup PACKAGE_DIR... --out DIR [--engine spark|duckdb] [--master URL] [--json]

Exit 0 done, 2 refused (a bad package, a bad --out: the reasons on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys

from payung.national.packages import PackageError
from payung.national.rollup import ENGINES, rollup


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="payung-national", description="Payung's national roll-up.")
    commands = parser.add_subparsers(dest="command", required=True)
    job = commands.add_parser(
        "rollup", help="join national packages into the coverage cube and double funding"
    )
    job.add_argument(
        "packages", nargs="+", metavar="PACKAGE_DIR", help="folders written by `payung national_export`"
    )
    job.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder for the results")
    job.add_argument("--engine", choices=ENGINES, default="spark", help="spark (default) or duckdb")
    job.add_argument(
        "--master", metavar="URL", help="Spark master: spark://..., yarn, k8s://... (default local[*])"
    )
    job.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.master and args.engine != "spark":
        print("payung-national: --master is for the spark engine", file=sys.stderr)
        return 2
    try:
        summary = rollup(args.packages, args.out, engine=args.engine, master=args.master)
    except PackageError as error:
        print("payung-national: refused, nothing written:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"{summary['packages']} packages from {summary['instances']} instances: "
            f"{summary['membership_months']} membership months of {summary['workers']} workers; "
            f"{summary['double_funded_workers']} workers double funded in {summary['double_funded_months']} "
            f"worker-months; {summary['coverage_rows']} cube rows in {args.out}"
        )
    return 0
