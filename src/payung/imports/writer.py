"""Write a checked import plan to the registry, fast, inside the caller's transaction.

SQLite: ``executemany`` of plain INSERTs (one C loop per batch), rows in index order, ids given here.
PostgreSQL: ids from the table's sequence, then ``COPY`` straight into the table (trigram pending list
merged once at the end). Audit rows (one per created or changed worker) are built by Polars and written
in bulk (``COPY`` / ``json_each``) for creations, by ``executemany`` for updates; never one ORM save per
row. An import at least as big as the table it fills loads it with the secondary indexes set aside and
rebuilt after (``lib.bulk_load``). docs/imports.md, "Writing", says what each audit row holds.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.utils import timezone

from payung.audit.models import Action, AuditEvent
from payung.audit.services import audit_value
from payung.lib.bulk_load import indexes_set_aside
from payung.lib.sheets import ROW
from payung.registry.models import Worker
from payung.registry.services import AUDITED_FIELDS

from .checks import FILLABLE, NEW, UPDATE

BATCH = 50_000
SQLITE_CACHE_KIB = 256 * 1024
PG_WORK_MEM = "256MB"
PG_GIN_PENDING = "1GB"
# Creations audited with every value up to this many per import; above, with the NIK and the file's row.
FULL_AUDIT_MAX = 1_000
ORIGIN_KEY = "sumber"
WORKER_COLUMNS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "village_id",
    "district_code",
    "regency_code",
    "province_code",
    "occupation_id",
    "occupation_note",
    "dtsen_decile",
    "monthly_income",
    "has_disability",
    "phone",
    "kk_number",
    "created_at",
    "updated_at",
)
# Field name in the plan -> column of registry_worker, for the fields an update may fill.
FILL_COLUMNS = {
    "occupation": "occupation_id",
    "occupation_note": "occupation_note",
    "dtsen_decile": "dtsen_decile",
    "monthly_income": "monthly_income",
    "has_disability": "has_disability",
    "phone": "phone",
    "kk_number": "kk_number",
}
# Audited field names for a creation, in order: the registry's own list.
AUDITED = AUDITED_FIELDS


class RegistryChanged(Exception):
    """Someone registered one of the file's NIKs while the import ran; the transaction must roll back."""


class Cancelled(Exception):
    """The operator cancelled the job; the transaction must roll back."""


@dataclass
class Written:
    created: int
    updated: int


Tick = Callable[[int], None]


def _db_time(now: dt.datetime) -> object:
    """SQLite stores datetimes as naive UTC text; PostgreSQL takes the aware value."""
    if connection.vendor == "postgresql":
        return now
    return str(now.astimezone(dt.UTC).replace(tzinfo=None))


def new_worker_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """The plan's new rows in the registry's column order (without timestamps)."""
    village = pl.col("village")
    return rows.filter(pl.col("_op") == NEW).select(
        "nik",
        "name",
        "sex",
        "birth_date",
        village.alias("village_id"),
        village.str.slice(0, 8).alias("district_code"),
        village.str.slice(0, 5).alias("regency_code"),
        village.str.slice(0, 2).alias("province_code"),
        pl.col("occupation").fill_null("lainnya").alias("occupation_id"),
        pl.col("occupation_note").fill_null("").str.slice(0, 100),
        "dtsen_decile",
        "monthly_income",
        pl.col("has_disability").fill_null(False),
        pl.col("phone").fill_null(""),
        pl.col("kk_number").fill_null(""),
    )


def write_plan(
    rows: pl.DataFrame,
    *,
    actor_id: int | None,
    source: str,
    note: str,
    tick: Tick | None = None,
) -> Written:
    """Insert new workers, fill empty fields of registered ones, audit each. Call inside ``atomic()``."""
    tick = tick or (lambda done: None)
    now = timezone.now()
    insert = _insert_postgresql if connection.vendor == "postgresql" else _insert_sqlite
    # No name keeps the frame here: the insert may re-sort it without holding two copies.
    created = insert(_with_origin(rows, new_worker_rows(rows)), now, actor_id, source, note, tick)
    updated = _update(rows.filter(pl.col("_op") == UPDATE), now, actor_id, source, note, tick, created)
    return Written(created, updated)


def _with_origin(rows: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """The new rows plus their row number in the file (for the audit)."""
    if ROW not in rows.columns:
        return new.with_columns(pl.lit(None, pl.Int64).alias(ROW))
    return new.with_columns(rows.get_column(ROW).filter(rows.get_column("_op") == NEW))


def _creation_changes(note: str, *, full: bool) -> pl.Expr:
    """The audit ``changes`` of each created worker, as JSON text.

    Up to FULL_AUDIT_MAX creations: every value, ``{field: [null, new]}``. Above: the NIK and where the
    values came from, ``{"nik": [null, nik], "sumber": [null, "impor #12 daftar.xlsx, baris 345"]}``; the
    job keeps the original file, so the row's values stay one click away (docs/imports.md, "Writing").
    """
    if full:
        pairs = []
        for name in AUDITED:
            column = pl.col(name)
            if name == "has_disability":
                value = pl.when(column).then(pl.lit("ya")).otherwise(pl.lit("tidak"))
            else:
                value = column.cast(pl.String)
            pairs.append(pl.concat_list([pl.lit(None, pl.String), value]).alias(name))
        return pl.struct(pairs).struct.json_encode()
    # NIKs are 16 digits (checked), so only the note needs JSON escaping.
    where = json.dumps(f"{note}, baris ")[:-1]
    return pl.concat_str(
        [
            pl.lit('{"nik":[null,"'),
            pl.col("nik"),
            pl.lit(f'"],"{ORIGIN_KEY}":[null,{where}'),
            pl.col(ROW).cast(pl.String).fill_null("?"),
            pl.lit('"]}'),
        ]
    )


def _audit_frame(
    new: pl.DataFrame, now: object, actor_id: int | None, source: str, note: str, created: int
) -> pl.DataFrame:
    """One audit row per created worker (``new`` carries the ids it was given) of ``created`` in all."""
    return new.select(
        pl.lit(now).alias("at"),
        pl.lit(actor_id, pl.Int64).alias("actor_id"),
        pl.lit("worker").alias("object_type"),
        pl.col("id").cast(pl.String).alias("object_id"),
        pl.lit(Action.CREATE.value).alias("action"),
        pl.lit(source).alias("source"),
        _creation_changes(note, full=created <= FULL_AUDIT_MAX).alias("changes"),
        pl.lit(note).alias("note"),
    )


def _for_audit(new: pl.DataFrame, *, indexed: bool) -> pl.DataFrame:
    """What the audit rows need; for a table whose indexes take them as they come, in the order of its
    object_id index, which then grows at its right end."""
    columns = AUDITED if new.height <= FULL_AUDIT_MAX else ("nik",)
    new = new.select("id", ROW, *columns)
    return new.sort(pl.col("id").cast(pl.String)) if indexed else new


def _insert_sqlite(
    new: pl.DataFrame, now: dt.datetime, actor_id: int | None, source: str, note: str, tick: Tick
) -> int:
    if not new.height:
        return 0
    table = Worker._meta.db_table
    columns = ("id", *WORKER_COLUMNS)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT(nik) DO NOTHING"  # noqa: S608
    stamp = _db_time(now)
    created = 0
    with connection.cursor() as cursor:
        # The connection began its transaction IMMEDIATE (settings): nobody else writes until commit, so
        # the ids after the highest ever handed out are ours to give, and each worker's audit row knows it.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        first = max(first, (found[0] or 0) + 1 if found else 1)
        # A bigger page cache for this import keeps the B-trees it fills in memory.
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            with indexes_set_aside(table, new.height) as set_aside:
                # Rows in the order of the B-trees they go into, with fewer page jumps: by NIK when only
                # the keys are left, else by the (regency_code, name, id) index (measured: 1M rows 13.5 s
                # instead of 16 s in file order, 14.5 s by NIK). The order as positions, each batch
                # gathered from it: no second full copy of the rows in memory.
                keys = ("nik",) if set_aside else ("regency_code", "name")
                order = new.select(pl.arg_sort_by(*keys, maintain_order=True)).to_series()
                new = new.with_columns((order.arg_sort().cast(pl.Int64) + first).alias("id"))
                for start in range(0, new.height, BATCH):
                    batch = (
                        new[order.slice(start, BATCH)]
                        .with_columns(
                            pl.col("birth_date").cast(pl.String),
                            pl.lit(stamp).alias("created_at"),
                            pl.lit(stamp).alias("updated_at"),
                        )
                        .select(columns)
                        .rows()
                    )
                    cursor.executemany(sql, batch)
                    created += len(batch)
                    tick(_rows_share(created, set_aside))
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE id >= %s", [first])  # noqa: S608
                if cursor.fetchone()[0] != new.height:
                    raise RegistryChanged
            tick(created)  # the indexes are back
            with indexes_set_aside(AuditEvent._meta.db_table, new.height) as set_aside:
                if new.height > FULL_AUDIT_MAX:
                    _audit_creations_compactly(cursor, new, first, stamp, actor_id, source, note)
                else:
                    _audit_creations(
                        cursor, _for_audit(new, indexed=not set_aside), stamp, actor_id, source, note
                    )
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    return created


def _audit_creations(
    cursor, new: pl.DataFrame, stamp: str, actor_id: int | None, source: str, note: str
) -> None:
    """SQLite: audit rows built by Polars, unpacked by json_each in one statement per batch."""
    sql = (
        f"INSERT INTO {AuditEvent._meta.db_table} "  # noqa: S608
        "(at, actor_id, object_type, object_id, action, source, changes, note) "
        f"SELECT %s, %s, 'worker', value ->> '$.object_id', '{Action.CREATE.value}', %s, "
        "value ->> '$.changes', %s FROM json_each(%s)"
    )
    for start in range(0, new.height, BATCH):
        audit = _audit_frame(new.slice(start, BATCH), stamp, actor_id, source, note, new.height)
        payload = io.BytesIO()
        audit.select("object_id", "changes").write_json(payload)
        cursor.execute(sql, [stamp, actor_id, source, note, payload.getvalue().decode()])


def _audit_creations_compactly(
    cursor, new: pl.DataFrame, first: int, stamp: str, actor_id: int | None, source: str, note: str
) -> None:
    """SQLite, more than FULL_AUDIT_MAX creations: the same compact rows as ``_creation_changes``, built
    by SQLite from the ids (``first`` onwards, one unbroken run) and the file's row numbers, each NIK
    read back from its worker: a list of numbers parses in a third of the time of a list of objects."""
    sql = (
        f"INSERT INTO {AuditEvent._meta.db_table} "  # noqa: S608
        "(at, actor_id, object_type, object_id, action, source, changes, note) "
        f"SELECT %s, %s, 'worker', CAST(w.id AS TEXT), '{Action.CREATE.value}', %s, "
        f"json_object('nik', json_array(NULL, w.nik), '{ORIGIN_KEY}', "
        "json_array(NULL, %s || COALESCE(r.value, '?'))), %s "
        f"FROM json_each(%s) AS r JOIN {Worker._meta.db_table} AS w ON w.id = %s + r.key"
    )
    rows = new.select("id", ROW).sort("id").get_column(ROW)
    for start in range(0, rows.len(), BATCH):
        numbers = json.dumps(rows.slice(start, BATCH).to_list())
        cursor.execute(sql, [stamp, actor_id, source, f"{note}, baris ", note, numbers, first + start])


def _gin_indexes(cursor, table: str) -> list[str]:
    """GIN indexes of ``table`` this role owns (only an owner may clean a pending list)."""
    cursor.execute(
        "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam "
        "WHERE i.indrelid = %s::regclass AND a.amname = 'gin' AND pg_has_role(c.relowner, 'USAGE')",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def _copy(raw, table: str, batches: Iterable[pl.DataFrame], sent: Tick | None = None) -> None:
    """One ``COPY`` for all the batches: the server takes in one while the next is being formatted."""
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    done = 0
    with raw.copy(f"COPY {table} ({', '.join(first.columns)}) FROM STDIN (FORMAT csv, NULL '\\N')") as copy:
        for batch in itertools.chain([first], batches):
            buffer = io.BytesIO()
            batch.write_csv(buffer, include_header=False, null_value="\\N", quote_style="necessary")
            copy.write(buffer.getvalue())
            done += batch.height
            if sent:
                sent(done)


def _insert_postgresql(
    new: pl.DataFrame, now: dt.datetime, actor_id: int | None, source: str, note: str, tick: Tick
) -> int:
    if not new.height:
        return 0
    from psycopg import errors

    table = Worker._meta.db_table
    with connection.cursor() as cursor:
        # Memory for this transaction only: sorts and index builds, and the GIN (trigram) pending list,
        # which then takes the new names in one pass at the end instead of a merge every 4 MB.
        cursor.execute(f"SET LOCAL work_mem = '{PG_WORK_MEM}'")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{PG_WORK_MEM}'")
        # Foreign keys checked as rows go in rather than all at commit: same checks, less bookkeeping.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The lock an INSERT takes anyway, taken before any id is drawn: a bulk load that holds the whole
        # table (below) has reserved its block of ids by then.
        cursor.execute(f"LOCK TABLE {table} IN ROW EXCLUSIVE MODE")
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with indexes_set_aside(table, new.height) as set_aside:
            gin = _gin_indexes(cursor, table)  # none while the indexes are set aside
            if gin:
                cursor.execute(f"SET LOCAL gin_pending_list_limit = '{PG_GIN_PENDING}'")
            ids = _sequence_ids(cursor, table, new.height, table_held=set_aside)
            new = new.sort("nik").with_columns(ids)  # the NIK index fills in order
            frame = new.select("id", *WORKER_COLUMNS[:-2], created_at=pl.lit(now), updated_at=pl.lit(now))
            try:
                # Straight into the table: a NIK registered meanwhile breaks the unique key, and the
                # whole transaction rolls back.
                _copy(
                    raw,
                    table,
                    (frame.slice(start, BATCH) for start in range(0, frame.height, BATCH)),
                    lambda done: tick(_rows_share(done, set_aside)),
                )
            except errors.UniqueViolation as exc:
                raise RegistryChanged from exc
            for index in gin:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            del frame
        tick(new.height)  # the indexes are back
        with indexes_set_aside(AuditEvent._meta.db_table, new.height) as set_aside:
            new = _for_audit(new, indexed=not set_aside)
            audit = (
                _audit_frame(new.slice(start, BATCH), now, actor_id, source, note, new.height)
                for start in range(0, new.height, BATCH)
            )
            _copy(raw, AuditEvent._meta.db_table, audit)
    return new.height


def _rows_share(done: int, indexes_set_aside: bool) -> int:
    """Rows to report as written: while the indexes are set aside their rebuild is still to come (about a
    fifth of the time), so the progress bar keeps room for it instead of waiting at 100 %."""
    return done * 4 // 5 if indexes_set_aside else done


def _sequence_ids(cursor, table: str, count: int, *, table_held: bool) -> pl.Series:
    """``count`` ids from the table's own sequence, so each audit row knows its worker without a join.

    While this transaction holds the whole table nobody else can draw (an INSERT locks the table before
    it draws), so the ids are one block reserved at once. Otherwise they are drawn one by one, usually
    one unbroken run sent back as its two ends; only when other sessions drew at the same moment do the
    ids come back one by one.
    """
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])  # once: it reads the catalogue
    sequence = cursor.fetchone()[0]
    if table_held:
        cursor.execute(
            "SELECT setval(%s::regclass, nextval(%s::regclass) + %s - 1)", [sequence, sequence, count]
        )
        high = cursor.fetchone()[0]
        return pl.int_range(high - count + 1, high + 1, dtype=pl.Int64, eager=True).alias("id")
    cursor.execute(
        "WITH ids AS MATERIALIZED (SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)), "
        "span AS (SELECT MIN(id) AS low, MAX(id) AS high FROM ids) "
        "SELECT low, high, (SELECT string_agg(id::text, ',' ORDER BY id) FROM ids "
        "WHERE high - low + 1 <> %s) FROM span",
        [sequence, count, count],
    )
    low, high, listed = cursor.fetchone()
    if listed is None:
        return pl.int_range(low, high + 1, dtype=pl.Int64, eager=True).alias("id")
    return pl.Series("id", listed.split(","), dtype=pl.String).cast(pl.Int64)


def _update(
    rows: pl.DataFrame,
    now: dt.datetime,
    actor_id: int | None,
    source: str,
    note: str,
    tick: Tick,
    offset: int,
) -> int:
    """Fill the empty fields of registered workers: one UPDATE and one audit row per worker."""
    if not rows.height:
        return 0
    table = Worker._meta.db_table
    audit_table = AuditEvent._meta.db_table
    fill_names = [f"_fill_{name}" for name in FILLABLE]
    assignments = ", ".join(f"{FILL_COLUMNS[name]} = COALESCE(%s, {FILL_COLUMNS[name]})" for name in FILLABLE)
    sql = f"UPDATE {table} SET {assignments}, updated_at = %s WHERE id = %s"  # noqa: S608
    audit_sql = (
        f"INSERT INTO {audit_table} (at, actor_id, object_type, object_id, action, source, changes, note) "  # noqa: S608
        "VALUES (%s, %s, 'worker', %s, %s, %s, %s, %s)"
    )
    old_names = [f"_{name}" for name in FILLABLE]
    stamp = _db_time(now)
    params, audits = [], []
    for item in rows.select("_id", *fill_names, *old_names).iter_rows(named=True):
        params.append([*(item[n] for n in fill_names), stamp, item["_id"]])
        changes = {
            FILL_COLUMNS[name]: [audit_value(item[f"_{name}"]), audit_value(item[f"_fill_{name}"])]
            for name in FILLABLE
            if item[f"_fill_{name}"] is not None
        }
        audits.append(
            [stamp, actor_id, str(item["_id"]), Action.UPDATE.value, source, json.dumps(changes), note]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])
            cursor.executemany(audit_sql, audits[start : start + BATCH])
            tick(offset + min(start + BATCH, len(params)))
    return len(params)
