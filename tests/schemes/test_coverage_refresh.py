"""The coverage outbox: a change writes "this regency and month changed" rows in its own transaction;
coverage refreshes from them and deletes them; nothing is lost when the worker is stopped or killed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from payung.coverage.models import CoverageMonth
from payung.coverage.outbox import refresh_pending
from payung.schemes.models import RegionMonthChange
from payung.schemes.services.memberships import membership_end
from tests.conftest import make_worker
from tests.schemes.builders import active_member, make_scheme

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = (dt.date(2026, m, 1) for m in (1, 2, 3))


def village_count(month: dt.date) -> int:
    row = CoverageMonth.objects.filter(region_id="13.02.07.2001", month=month, source="registry").first()
    return row.participants if row else 0


def pending() -> set[tuple[str, dt.date]]:
    return set(RegionMonthChange.objects.values_list("regency_code", "month"))


def test_activation_and_end_write_the_outbox_and_the_refresh_empties_it(alice):
    scheme = make_scheme(alice)
    membership = active_member(alice, scheme, make_worker("13.02.07.2001"))
    assert pending() == {("13.02", dt.date(2026, m, 1)) for m in range(1, 13)}
    assert village_count(JAN) == 0  # nothing refreshed yet: the worker has not run
    assert refresh_pending() == 12
    assert pending() == set() and village_count(JAN) == 1
    membership_end(actor=alice, membership=membership, month=FEB, why="Pindah")
    assert len(pending()) == 12
    refresh_pending()
    assert (village_count(FEB), village_count(MAR)) == (1, 0)


def test_a_change_that_rolls_back_leaves_no_row(alice):
    scheme = make_scheme(alice)
    with pytest.raises(RuntimeError), transaction.atomic():
        active_member(alice, scheme, make_worker("13.02.07.2001"))
        assert pending()
        raise RuntimeError("the caller fails after the activation")
    assert pending() == set()


def test_many_members_in_one_regency_write_one_row_per_month(alice):
    scheme = make_scheme(alice)
    for index in range(5):
        active_member(
            alice, scheme, make_worker("13.02.07.2001", name=f"Pekerja {index}"), kpj=f"KPJ000000{index}"
        )
    assert RegionMonthChange.objects.count() == 12
    refresh_pending()
    assert village_count(JAN) == 5


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_with_the_worker_stopped_is_refreshed_when_it_runs(alice):
    active_member(alice, make_scheme(alice), make_worker("13.02.07.2001"))  # committed, no worker running
    assert village_count(JAN) == 0 and len(pending()) == 12
    call_command("refresh_coverage", "--pending")  # as `make run` does at start-up
    assert village_count(JAN) == 1 and pending() == set()


def _locker():
    """A second connection to the test database, outside Django."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=False,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the kill is staged with PostgreSQL's table lock"
)
def test_killing_the_worker_mid_refresh_leaves_the_rows_for_the_next_run(alice):
    active_member(alice, make_scheme(alice), make_worker("13.02.07.2001"))
    assert len(pending()) == 12
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "PAYUNG_TESTING": "1",
        "PGAPPNAME": "payung-killed-worker",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        ),
    }
    with _locker() as locker:
        # The refresh rewrites the summary table: hold it, so the worker stops inside its transaction.
        locker.execute(f"LOCK TABLE {CoverageMonth._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        worker = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "payung", "refresh_coverage", "--pending"], env=environment
        )
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'"
        )
        for _ in range(300):
            with _locker() as probe:
                if probe.execute(waiting, ["payung-killed-worker"]).fetchone()[0]:
                    break
            time.sleep(0.1)
        else:
            worker.kill()
            pytest.fail("the worker never reached the refresh")
        worker.kill()  # SIGKILL: no clean-up of its own
        worker.wait()
        locker.rollback()
    with _locker() as probe:  # the server ends the dead worker's session, rolling its transaction back
        probe.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            ["payung-killed-worker"],
        )
        probe.commit()
        for _ in range(100):
            gone = "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
            if not probe.execute(gone, ["payung-killed-worker"]).fetchone()[0]:
                break
            time.sleep(0.1)
    assert len(pending()) == 12 and village_count(JAN) == 0
    call_command("refresh_coverage", "--pending")
    assert pending() == set() and village_count(JAN) == 1
