"""A paid death ends the worker's memberships through the schemes' service, audited, once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from payung.audit.models import AuditEvent
from payung.claims.services import claim_report, claim_transition
from payung.schemes.models import Membership, MembershipMonth

from .builders import ENREKANG_VILLAGE, enrekang_admin, funded_scheme, write_csv

pytestmark = pytest.mark.django_db


def _import(capsys, path) -> dict:
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_claims", str(path), "--json")
        raise SystemExit(0)
    assert (exit_info.value.code or 0) == 0
    return json.loads(capsys.readouterr().out)


def _membership_trail(membership) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="membership", object_id=str(membership.pk)).order_by("id")
    )


def test_a_paid_jkm_death_in_a_report_ends_the_membership_from_the_next_month_once(
    regions, tmp_path, capsys, worker_factory
):
    worker = worker_factory(ENREKANG_VILLAGE, name="Baso Rahman")
    living = worker_factory(ENREKANG_VILLAGE, name="Masih Hidup")
    scheme = funded_scheme(enrekang_admin(), workers=[worker, living])
    membership = Membership.objects.get(scheme=scheme, worker=worker)
    row = ("K-9", "", worker.nik, worker.name, "JKM", "Meninggal", "10/04/2025", "20/05/2025", "42000000")
    path = write_csv(
        tmp_path / "mei.csv",
        [
            (*row, "DIBAYAR"),
            (
                "K-10",
                "",
                living.nik,
                living.name,
                "JKK",
                "Perawatan",
                "01/04/2025",
                "01/05/2025",
                "5000000",
                "DIBAYAR",
            ),
        ],
    )
    before = len(_membership_trail(membership))

    _import(capsys, path)

    membership.refresh_from_db()
    assert (membership.status, membership.end_month) == ("ended", dt.date(2025, 4, 1))
    months = sorted({m.month for m in MembershipMonth.objects.filter(membership=membership)})
    assert months[-1] == dt.date(2025, 4, 1)  # covered through the month of death, released after it
    trail = _membership_trail(membership)
    assert len(trail) == before + 1
    assert trail[-1].changes["status"] == ["active", "ended"] and trail[-1].source == "cli"
    assert "K-9" in trail[-1].note
    assert Membership.objects.get(scheme=scheme, worker=living).status == "active"  # an accident ends nothing

    # The same report again changes nothing.
    assert _import(capsys, path)["unchanged"] == 2
    assert len(_membership_trail(membership)) == before + 1


def test_an_officer_recording_a_paid_jkk_death_ends_the_membership(regions, charlie, dina, worker_factory):
    worker = worker_factory(ENREKANG_VILLAGE, name="Korban Tambang")
    scheme = funded_scheme(enrekang_admin(), workers=[worker])
    today = dt.date(2025, 8, 1)
    claim = claim_report(
        actor=charlie,
        worker=worker,
        kind="jkk_death",
        programme="JKK",
        event_date=dt.date(2025, 6, 3),
        today=today,
    )
    membership = Membership.objects.get(scheme=scheme, worker=worker)
    claim_transition(actor=dina, claim=claim, to="submitted", on=today, today=today, claim_number="JKK-1")
    assert Membership.objects.get(pk=membership.pk).status == "active"  # not before BPJS paid

    claim_transition(actor=dina, claim=claim, to="paid", on=today, today=today, amount_paid=150_000_000)

    membership.refresh_from_db()
    assert (membership.status, membership.end_month) == ("ended", dt.date(2025, 6, 1))
    assert _membership_trail(membership)[-1].actor == dina
