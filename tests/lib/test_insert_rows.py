"""lib.bulk_load.insert_rows: rows in as given, on SQLite (executemany) and PostgreSQL (COPY text)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from payung.audit.models import PersonalDataAccess
from payung.lib.bulk_load import insert_rows


def test_it_writes_every_row_and_keeps_tabs_newlines_backslashes_and_nulls(bob):
    awkward = "a\tb\\c\nd\re"
    now = timezone.now()
    columns = ("at", "actor_id", "actor_name", "channel", "full_nik", "purpose", "location", "subject_count")
    with transaction.atomic():
        insert_rows(
            PersonalDataAccess._meta.db_table,
            columns,
            ((now, bob.pk, awkward, "export", True, f"p{i}", "", i) for i in range(45)),
            batch_size=20,
        )
    rows = PersonalDataAccess.objects.order_by("subject_count")
    assert rows.count() == 45
    assert {r.actor_name for r in rows} == {awkward}
    assert [r.purpose for r in rows][:3] == ["p0", "p1", "p2"]
