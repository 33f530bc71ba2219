"""Load many rows into a table fast: its secondary indexes set aside for the load, rebuilt after.

Building an index from a million rows (one sort, then the B-tree bottom up) costs a fraction of putting
the same rows into it one by one: on PostgreSQL the worker table's nine secondary indexes and two foreign
keys cost about 31 s per million rows during a ``COPY`` and 12 s rebuilt after it; on SQLite its seven
indexes 15 s and 3 s (docs/PERFORMANCE.md, "Imports"). A rebuild covers the whole table, though, so it
only pays when the load is at least as big as what the table already holds: a first bulk load, not the
thousandth village list.

Everything happens inside the caller's transaction. The indexes (and on PostgreSQL the foreign keys) are
rebuilt from the definitions the database itself gives (``sqlite_master.sql``, ``pg_get_indexdef``,
``pg_get_constraintdef``) before the transaction commits; a crash, a kill or a rollback midway brings back
the table exactly as it was, indexes included. The primary key and unique constraints stay: they guard
the load itself.

SQLite (WAL): the load already holds the only write lock; readers keep reading their snapshot, indexes
and all. PostgreSQL: dropping an index needs the table's ACCESS EXCLUSIVE lock, so readers of the table
wait until the load commits: every page reading the registry would stand still for the whole import
(measured: p95 8 s for 50 users browsing during a 200,000-row import, bench/serve_load_bench.py). So on
PostgreSQL only a table of at most :data:`READERS_FREE_ROWS` rows is loaded that way (a new instance's
first lists, with nobody yet working on them); a registry in use keeps its indexes and its readers. The
lock is asked for with a short ``lock_timeout``: if someone holds the table that long, the load takes
the ordinary path instead of queueing everybody behind it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

log = logging.getLogger(__name__)

# Below this many rows a load is quick either way; not worth a table lock.
MIN_ROWS = 10_000
LOCK_TIMEOUT = "2s"
# PostgreSQL: the largest table whose readers may be locked out for a load (see above).
READERS_FREE_ROWS = 10_000


@contextmanager
def indexes_set_aside(table: str, incoming: int) -> Iterator[bool]:
    """Within ``atomic()``: drop ``table``'s secondary indexes for the body when ``incoming`` rows are
    at least as many as the table holds, rebuild them after it. Yields whether they were set aside."""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_set_aside needs a transaction: the rollback is what makes it safe")
    held_at_most = incoming if connection.vendor == "sqlite" else min(incoming, READERS_FREE_ROWS)
    rebuild = _set_aside(table) if incoming >= MIN_ROWS and _at_most(table, held_at_most) else None
    yield rebuild is not None
    # Only reached when the body succeeded; on an exception the caller's rollback restores the indexes.
    if rebuild:
        with connection.cursor() as cursor:
            for statement in rebuild:
                cursor.execute(statement)


def _at_most(table: str, rows: int) -> bool:
    """Does ``table`` hold at most ``rows`` rows? Reads no more than ``rows + 1`` of them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT %s) AS t",  # noqa: S608
            [rows + 1],
        )
        return cursor.fetchone()[0] <= rows


def _set_aside(table: str) -> list[str] | None:
    """Drop the indexes; return the statements that rebuild them, or None when the table is not ours."""
    try:
        # A savepoint: a refused lock or a missing privilege leaves the transaction as it was.
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                return _set_aside_postgresql(cursor, table)
            return _set_aside_sqlite(cursor, table)
    except DatabaseError as exc:
        log.info("indexes of %s kept for this load: %s", table, exc)
        return None


def _set_aside_sqlite(cursor, table: str) -> list[str]:
    # Indexes without SQL are the ones behind PRIMARY KEY and UNIQUE: they stay.
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [sql for _name, sql in indexes]


def _set_aside_postgresql(cursor, table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    cursor.execute("SELECT current_setting('lock_timeout')")
    lock_timeout = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
    cursor.execute(f"LOCK TABLE {quoted} IN ACCESS EXCLUSIVE MODE")
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
    # A foreign key cannot be dropped while checks deferred to the commit wait on either table: run
    # them now, and check foreign keys row by row for the rest of the transaction.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # Indexes behind a constraint (primary key, unique) stay; so do the check constraints (cheap).
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [table],
    )
    foreign_keys = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    for name, _definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
        for name, definition in foreign_keys
    ]


def insert_rows(
    table: str, columns: tuple[str, ...], rows: Iterable[tuple], *, batch_size: int = 20_000
) -> None:
    """Plain rows into a table in the fewest round trips: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

    No model instances (building 100,000 of them costs more than writing the rows); no signals, no
    defaults filled in: the caller gives every column. Call inside the caller's transaction.
    """
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Text format, written a batch at a time: far fewer Python calls than write_row per row.
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for batch in _batches(rows, batch_size):
                    copy.write("".join("\t".join(_copy_text(v) for v in row) + "\n" for row in batch))
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        for batch in _batches(rows, batch_size):
            cursor.executemany(sql, _sqlite_rows(batch))


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sqlite_rows(batch: list[tuple]) -> list[tuple]:
    """The batch with its dates and times as SQLite stores them (ISO text, as Django writes them); Python's
    own adapters for them are deprecated. Only the columns holding one are converted: a call per value
    cost a coverage refresh more than its SQL."""
    columns = list(zip(*batch, strict=True))
    dated = False
    for i, column in enumerate(columns):
        if any(issubclass(kind, dt.date) for kind in set(map(type, column))):
            columns[i] = list(map(_sqlite_value, column))
            dated = True
    return list(zip(*columns, strict=True)) if dated else batch


def _sqlite_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _copy_text(value: object) -> str:
    """A value in COPY's text format: NULL as \\N, backslash, tab and newlines escaped."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
