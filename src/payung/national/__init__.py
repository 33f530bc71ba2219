"""The national roll-up: packages that every Payung exports, and the job that joins them.

Pure Python, no Django (tests/test_layers.py checks it): the job runs on a Spark cluster or on one
machine with DuckDB, far from any Payung database. `format` is the package format (what a package
holds, its manifest, the keyed hash of the NIK), `packages` reads and checks packages, `queries` is
the job as SQL that both engines run, `engines` runs it, `rollup` ties them together, `cli` is the
`payung-national` command. docs/national.md describes all of it.
"""
