"""The trail is append-only and keeps who acted; the regency admin reads and downloads its own part."""

from __future__ import annotations

import fastexcel
import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.db.models import ProtectedError

from payung.accounts.users import UserInput, user_update
from payung.audit.models import AuditEvent, PersonalDataAccess, PersonalDataSubject
from payung.audit.services import access_record, audit_record
from payung.registry.services import worker_update
from payung.registry.validation import WorkerInput
from tests.conftest import make_user


def renamed(worker, name: str) -> WorkerInput:
    return WorkerInput(
        nik=worker.nik,
        name=name,
        sex=worker.sex,
        birth_date=worker.birth_date,
        village_code=worker.village_id,
        occupation_code=worker.occupation_id,
    )


def xlsx_text(response) -> str:
    data = b"".join(response.streaming_content)
    frame = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string").to_polars()
    return " ".join(str(v) for column in frame.iter_columns() for v in column if v is not None)


def test_a_row_keeps_the_actors_name_and_a_user_who_acted_cannot_be_deleted(regions):
    bob = make_user("bob", "operator", ("13.02.07",), first_name="Bob", last_name="Koto")
    event = audit_record(actor=bob, object_type="worker", object_id=1, action="update", changes={})
    assert (event.actor_name, event.regency_code) == ("Bob Koto (bob)", "13.02")
    with pytest.raises(ProtectedError), transaction.atomic():
        bob.delete()
    assert AuditEvent.objects.get().actor == bob


def test_a_user_who_looked_at_personal_data_cannot_be_deleted(bob, worker_factory):
    worker = worker_factory()
    access_record(actor=bob, channel="page", subjects=[(worker.pk, worker.village_id)])
    with pytest.raises(ProtectedError), transaction.atomic():
        bob.delete()


def test_no_screen_edits_or_deletes_the_trail(client, regions):
    from payung.accounts.models import User

    root = User.objects.create_superuser("root", password="Payung-uji-2026!")
    client.force_login(root)
    for model in ("auditevent", "personaldataaccess", "personaldatasubject"):
        assert client.get(f"/admin/audit/{model}/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_to_update_or_delete_audit_rows(regions):
    bob = make_user("bob", "operator", ("13.02.07",))
    event = audit_record(
        actor=bob, object_type="worker", object_id=1, action="update", changes={"a": ["1", "2"]}
    )
    access = access_record(actor=bob, channel="page", subjects=[(1, "13.02.07.2001")])
    for statement in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(note="diubah"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: PersonalDataAccess.objects.filter(pk=access.pk).update(purpose="diubah"),
        lambda: PersonalDataSubject.objects.filter(access=access).delete(),
    ):
        with (
            pytest.raises((InternalError, ProgrammingError, IntegrityError)) as refused,
            transaction.atomic(),
        ):
            statement()
        assert "append-only" in str(refused.value)
    event.refresh_from_db()
    assert event.note == "" and event.changes == {"a": ["1", "2"]}
    assert PersonalDataSubject.objects.filter(access=access).count() == 1


@pytest.fixture
def two_regencies_of_changes(alice, bob, charlie, worker_factory):
    solok = worker_factory("13.02.07.2001", name="Rosmiati Koto")
    enrekang = worker_factory("73.16.01.2001", name="Baharuddin Tahir", sex="L")
    worker_update(actor=bob, worker=solok, data=renamed(solok, "Rosmiati Koto Baru"))
    worker_update(actor=charlie, worker=enrekang, data=renamed(enrekang, "Baharuddin T"))
    user_update(
        actor=alice, user=bob, data=UserInput(username="bob", role="viewer", region_codes=("13.02.07",))
    )
    return solok, enrekang


def test_a_regency_admin_reads_the_trail_of_its_regency_only(client, alice, two_regencies_of_changes):
    solok, enrekang = two_regencies_of_changes
    client.force_login(alice)
    page = client.get("/jejak/").content.decode()
    assert f"pekerja {solok.pk}" in page and f"pekerja {enrekang.pk}" not in page
    assert "Rosmiati Koto Baru" in page and "Baharuddin T" not in page
    assert "Operator kecamatan/desa → <strong>Pemantau" in page


def test_the_trail_filters_by_person_user_action_and_date(client, alice, two_regencies_of_changes):
    solok, _ = two_regencies_of_changes
    client.force_login(alice)
    by_person = client.get("/jejak/", {"person": solok.pk}).content.decode()
    assert "Rosmiati Koto Baru" in by_person and "Operator kecamatan/desa → " not in by_person
    by_user = client.get("/jejak/", {"actor": "alice"}).content.decode()
    assert "Operator kecamatan/desa → " in by_user and "Rosmiati Koto Baru" not in by_user
    assert "Tidak ada catatan" in client.get("/jejak/", {"action": "create"}).content.decode()
    assert "Tidak ada catatan" in client.get("/jejak/", {"date_to": "2020-01-01"}).content.decode()


def test_the_trail_downloads_as_xlsx_after_asking_why(client, alice, two_regencies_of_changes):
    client.force_login(alice)
    asked = client.get("/jejak/", {"format": "xlsx"})
    assert "Tujuan pengunduhan" in asked.content.decode()
    text = xlsx_text(client.get("/jejak/", {"format": "xlsx", "purpose": "pemeriksaan inspektorat"}))
    assert "Rosmiati Koto Baru" in text and "Baharuddin T" not in text
    assert PersonalDataAccess.objects.get().purpose == "pemeriksaan inspektorat"


def test_operators_and_viewers_do_not_read_the_trail(client, bob, vera):
    for user in (bob, vera):
        client.force_login(user)
        assert client.get("/jejak/").status_code == 403
        assert client.get("/jejak/akses/").status_code == 403


def test_a_user_who_changed_a_membership_cannot_be_deleted_so_its_events_keep_who(alice, bob, worker_factory):
    from payung.schemes.models import StatusChange
    from payung.schemes.services.memberships import membership_propose
    from tests.schemes.builders import make_scheme

    scheme = make_scheme(alice)
    # The operator's only traces are the membership's event (SET_NULL) and its audit row (PROTECT).
    membership_propose(actor=bob, scheme=scheme, worker=worker_factory(), today=scheme_today(scheme))
    with pytest.raises(ProtectedError), transaction.atomic():
        bob.delete()
    assert StatusChange.objects.filter(by=bob, membership__isnull=False).exists()
    assert AuditEvent.objects.filter(object_type="membership", actor_name="bob").exists()


def scheme_today(scheme):
    import datetime as dt

    return dt.date(scheme.year, 1, 1)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_a_records_history_and_the_trail_searched_by_id_are_read_through_an_index(regions):
    from payung.audit.selectors import AuditFilters, audit_events_in
    from payung.audit.services import history_of

    for object_type in ("worker", "membership"):
        audit_record(actor=None, object_type=object_type, object_id=42, action="update", changes={})
    for events in (history_of("membership", 42), audit_events_in(None, AuditFilters(object_id="42"))):
        sql, params = events.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " / ".join(row[3] for row in cursor.fetchall())
        assert "USING INDEX audit_object (object_id=?)" in plan, plan
    assert [e.object_type for e in history_of("membership", 42)] == ["membership"]
