"""Every SQLite connection opens as the lifecycle's figures were measured on: write-ahead log, normal
sync and a 64 MB page cache (docs/PERFORMANCE.md, "Scheme lifecycle")."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_sqlite_connection_opens_with_the_log_the_sync_and_the_page_cache():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")
    with connection.cursor() as cursor:  # opened through the settings' init command
        readings = {}
        for pragma in ("journal_mode", "synchronous", "cache_size"):
            cursor.execute(f"PRAGMA {pragma}")
            readings[pragma] = cursor.fetchone()[0]
    # The test database is in memory, which has no write-ahead log; a file database reports "wal".
    assert readings["journal_mode"] in ("wal", "memory")
    assert readings["synchronous"] == 1  # NORMAL
    assert readings["cache_size"] == -64 * 1024
