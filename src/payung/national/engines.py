"""The two engines that run `queries.STEPS`: Spark (a cluster, or `local[*]`) and DuckDB (one machine).

Both read the packages' Parquet files as listed in their manifests (never by globbing a folder, so a
file slipped in later is not read), run the same SQL, and write each output as Parquet
(`OUT/NAME/part-*.parquet`) and as one CSV (`OUT/NAME.csv`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from payung.national.format import COVERAGE, DENOMINATORS, MEMBERSHIP_MONTHS, SCHEMA, TARGETS
from payung.national.packages import Package
from payung.national.queries import OUTPUTS, STEPS, SUMMARY_SQL

INPUT_VIEWS = {MEMBERSHIP_MONTHS: "mm", COVERAGE: "cov", DENOMINATORS: "den", TARGETS: "tgt"}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _empty_select(kind: str) -> str:
    columns = ", ".join(f"CAST(NULL AS {sql_type}) AS {name}" for name, sql_type in SCHEMA[kind])
    return f"SELECT {columns} WHERE 1 = 0"


def _packages_sql(packages: list[Package]) -> str:
    rows = ", ".join(f"({_quote(p.instance_id)}, {_quote(p.instance_name)})" for p in packages)
    return f"SELECT instance_id, instance_name FROM (VALUES {rows}) AS p(instance_id, instance_name)"  # noqa: S608 - names and types from SCHEMA


def _files(packages: list[Package], kind: str) -> list[str]:
    return [str(path) for package in packages for path in package.files[kind]]


def run_duckdb(packages: list[Package], out: Path, *, threads: int | None = None) -> dict:
    import duckdb

    con = duckdb.connect(config={"temp_directory": str(out / ".duckdb-tmp")})
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        con.execute("SET preserve_insertion_order = false")
        for kind, view in INPUT_VIEWS.items():
            files = _files(packages, kind)
            if files:
                columns = ", ".join(name for name, _ in SCHEMA[kind])
                listing = ", ".join(_quote(f) for f in files)
                # Read once into a table (spilled to temp_directory when large): the job reads mm four times.
                con.execute(
                    f"CREATE TEMP TABLE {view} AS SELECT {columns} FROM read_parquet([{listing}], hive_partitioning = false)"  # noqa: S608 - names from SCHEMA, paths quoted
                )
            else:
                con.execute(f"CREATE VIEW {view} AS {_empty_select(kind)}")
        con.execute(f"CREATE VIEW pkg AS {_packages_sql(packages)}")
        for step in STEPS:
            what = "TEMP TABLE" if step.keep else "VIEW"
            con.execute(f"CREATE {what} {step.name} AS {step.sql}")
        for name, order in OUTPUTS.items():
            (out / name).mkdir(parents=True)
            select = f"SELECT * FROM {name} ORDER BY {order}"  # noqa: S608 - names from OUTPUTS, path quoted
            con.execute(
                f"COPY ({select}) TO {_quote(str(out / name / 'part-00000.parquet'))} (FORMAT parquet)"
            )
            con.execute(f"COPY ({select}) TO {_quote(str(out / f'{name}.csv'))} (FORMAT csv, HEADER)")
        names = [d[0] for d in con.execute(SUMMARY_SQL).description]
        values = con.execute(SUMMARY_SQL).fetchone()
        return dict(zip(names, (int(v) for v in values), strict=True))
    finally:
        con.close()
        shutil.rmtree(out / ".duckdb-tmp", ignore_errors=True)


def spark_session(master: str | None, *, shuffle_partitions: int | None = None, conf: dict | None = None):
    """The active session (spark-submit's, a test's) or a new one on `master` (default `local[*]`)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    builder = SparkSession.builder.appName("payung-national").master(master or "local[*]")
    builder = builder.config("spark.sql.session.timeZone", "UTC").config(
        "spark.ui.showConsoleProgress", "false"
    )
    if (master or "local").startswith("local"):
        # One machine: a few shuffle partitions (the default 200 is for clusters), no web UI.
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions or 8))
        builder = builder.config("spark.ui.enabled", "false")
    elif shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    for name, value in (conf or {}).items():
        builder = builder.config(name, str(value))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, True


def run_spark(packages: list[Package], out: Path, *, master: str | None = None, spark=None) -> dict:
    from pyspark.sql import types as T

    created = False
    if spark is None:
        spark, created = spark_session(master)
    spark_types = {
        "STRING": T.StringType(),
        "DATE": T.DateType(),
        "BIGINT": T.LongType(),
        "DOUBLE": T.DoubleType(),
        "BOOLEAN": T.BooleanType(),
    }
    cached = []
    try:
        for kind, view in INPUT_VIEWS.items():
            files = _files(packages, kind)
            if files:
                schema = T.StructType([T.StructField(n, spark_types[t]) for n, t in SCHEMA[kind]])
                frame = spark.read.schema(schema).parquet(*files).select(*[n for n, _ in SCHEMA[kind]])
                if kind == MEMBERSHIP_MONTHS:  # read four times by the job: once from the files
                    frame = frame.persist()
                    cached.append(frame)
            else:
                frame = spark.sql(_empty_select(kind))
            frame.createOrReplaceTempView(view)
        spark.sql(_packages_sql(packages)).createOrReplaceTempView("pkg")
        for step in STEPS:
            frame = spark.sql(step.sql)
            if step.keep:
                frame = frame.persist()
                cached.append(frame)
            frame.createOrReplaceTempView(step.name)
        for name, order in OUTPUTS.items():
            frame = spark.sql(f"SELECT * FROM {name} ORDER BY {order}")  # noqa: S608 - names from OUTPUTS
            frame.write.parquet(str(out / name))
            _write_one_csv(frame, out, name)
        row = spark.sql(SUMMARY_SQL).collect()[0].asDict()
        return {key: int(value) for key, value in row.items()}
    finally:
        for frame in cached:
            frame.unpersist()
        for view in [*INPUT_VIEWS.values(), "pkg", *(step.name for step in STEPS)]:
            spark.catalog.dropTempView(view)
        if created:
            spark.stop()


def _write_one_csv(frame, out: Path, name: str) -> None:
    """Spark writes a folder of parts; one file is what people open, so one part, renamed."""
    scratch = out / f".{name}.csv.parts"
    frame.coalesce(1).write.option("header", "true").csv(str(scratch))
    (part,) = sorted(scratch.glob("part-*.csv"))
    part.replace(out / f"{name}.csv")
    shutil.rmtree(scratch)
