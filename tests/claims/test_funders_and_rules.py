"""The funder at the event date, the rule amount beside the paid amount, heirs order, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.claims.funders import event_month_paid
from payung.claims.models import Claim
from payung.claims.selectors import value_for_money
from payung.claims.services import claims_write
from payung.claims.validation import ClaimData
from payung.rules.claims import HEIR_ORDER_SOURCE, claim_deadlines, entitled_heirs
from payung.schemes.models import Bill
from payung.schemes.services.bills import bill_issue, payment_record

from .builders import ENREKANG_VILLAGE, enrekang_admin, funded_scheme, new_nik

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 20)


def write(*rows: ClaimData):
    claims_write(actor=None, rows=rows, today=TODAY)
    return {c.claim_number: c for c in Claim.objects.select_related("scheme")}


def paid(number, nik, programme, kind, event, amount, paid_on=None, **extra):
    return ClaimData(
        claim_number=number,
        nik=nik,
        programme=programme,
        kind=kind,
        event_date=event,
        status="paid",
        amount_paid=amount,
        paid_on=paid_on or event + dt.timedelta(days=30),
        **extra,
    )


def test_the_funder_is_the_scheme_that_held_the_programme_in_the_event_month(regions, worker_factory):
    admin = enrekang_admin()
    worker = worker_factory(ENREKANG_VILLAGE, name="Rahmawati")
    village_scheme = funded_scheme(
        admin,
        funder_type="APBDES",
        funder_region=ENREKANG_VILLAGE,
        name="Dana Desa Bangkala",
        first_month=1,
        months=6,
        workers=[worker],
    )
    regency_scheme = funded_scheme(
        admin, name="APBD Enrekang semester 2", first_month=7, months=6, workers=[worker]
    )
    bill_issue(actor=admin, scheme=village_scheme, month=dt.date(2025, 3, 1), today=dt.date(2025, 3, 1))
    september = bill_issue(
        actor=admin, scheme=regency_scheme, month=dt.date(2025, 9, 1), today=dt.date(2025, 9, 1)
    )
    payment_record(
        actor=admin,
        bill=september,
        amount=september.total,
        paid_on=dt.date(2025, 9, 14),
        reference="SP2D-9",
        today=dt.date(2025, 9, 14),
    )

    claims = write(
        paid("A", worker.nik, "JKK", "jkk_medical", dt.date(2025, 3, 10), 2_500_000),
        paid("B", worker.nik, "JKM", "jkm_death", dt.date(2025, 9, 1), 42_000_000),
        paid("C", worker.nik, "JHT", "jht_full", dt.date(2025, 9, 1), 1_000_000),  # no scheme pays JHT
        paid("D", worker.nik, "JKK", "jkk_medical", dt.date(2024, 12, 31), 100_000),  # before both
    )

    assert (claims["A"].scheme, claims["A"].funder_type) == (village_scheme, "APBDES")
    assert (claims["B"].scheme, claims["B"].funder_type) == (regency_scheme, "APBD")
    assert (claims["C"].scheme, claims["C"].funder_type) == (None, "NONE")
    assert (claims["D"].scheme, claims["D"].funder_type) == (None, "NONE")
    # Whether the month was paid is a warning beside the funder, not the funder.
    assert event_month_paid(claims["A"]) is False
    assert event_month_paid(claims["B"]) is True
    assert event_month_paid(claims["C"]) is None
    # Benefit paid against contribution spent, per scheme, for the year.
    figures = {row["scheme"]: row for row in value_for_money(Claim.objects.all(), 2025)}
    assert figures["APBD Enrekang semester 2"]["benefit_paid"] == 42_000_000
    assert figures["APBD Enrekang semester 2"]["contribution_paid"] == Bill.objects.get(pk=september.pk).total
    assert figures["Dana Desa Bangkala"] == {
        **figures["Dana Desa Bangkala"],
        "benefit_paid": 2_500_000,
        "contribution_paid": 0,
    }


def test_the_rule_amount_stands_beside_the_paid_amount_and_a_difference_is_flagged(regions, worker_factory):
    admin = enrekang_admin()
    member = worker_factory(ENREKANG_VILLAGE, name="Baso")
    funded_scheme(admin, workers=[member])  # declared income Rp1.000.000
    claims = write(
        paid("jkm-ok", new_nik(), "JKM", "jkm_death", dt.date(2025, 2, 1), 42_000_000),
        paid("jkm-short", new_nik(), "JKM", "jkm_death", dt.date(2025, 2, 1), 40_000_000),
        paid("jkm-2018", new_nik(), "JKM", "jkm_death", dt.date(2018, 6, 1), 24_000_000),
        # JKK death: 48 x the scheme's declared income + funeral Rp10 juta + periodic Rp12 juta.
        paid("jkk-death", member.nik, "JKK", "jkk_death", dt.date(2025, 4, 2), 70_000_000),
        # Total permanent disability of a reported wage: 56 x Rp3.000.000 + Rp12 juta.
        paid(
            "jkk-disabled",
            new_nik(),
            "JKK",
            "jkk_permanent_disability",
            dt.date(2025, 4, 2),
            170_000_000,
            wage=3_000_000,
        ),
        paid(
            "scholarship-sma",
            new_nik(),
            "BEASISWA",
            "scholarship",
            dt.date(2025, 4, 2),
            3_000_000,
            school_level="SMA",
            child_order=2,
        ),
        paid("medical", new_nik(), "JKK", "jkk_medical", dt.date(2025, 4, 2), 9_841_000),
    )

    assert (claims["jkm-ok"].rule_amount, claims["jkm-ok"].differs_from_rule) == (42_000_000, False)
    assert (claims["jkm-short"].rule_amount, claims["jkm-short"].differs_from_rule) == (42_000_000, True)
    assert claims["jkm-short"].amount_paid == 40_000_000  # flagged, never replaced
    assert claims["jkm-2018"].rule_amount == 16_200_000 + 4_800_000 + 3_000_000  # before PP 82/2019
    assert (claims["jkk-death"].rule_amount, claims["jkk-death"].differs_from_rule) == (70_000_000, False)
    assert (claims["jkk-disabled"].rule_amount, claims["jkk-disabled"].differs_from_rule) == (
        180_000_000,
        True,
    )
    assert claims["scholarship-sma"].rule_amount == 3_000_000
    assert (claims["medical"].rule_amount, claims["medical"].differs_from_rule) == (
        None,
        False,
    )  # paid as billed


def test_heirs_receive_in_the_order_of_the_regulation():
    assert entitled_heirs(["parent", "child", "spouse", "sibling"]) == {"spouse", "child"}
    assert entitled_heirs(["sibling", "parent", "grandchild"]) == {"parent"}
    assert entitled_heirs(["in_law", "sibling"]) == {"sibling"}
    assert entitled_heirs(["will", "in_law"]) == {"in_law"}
    assert entitled_heirs(["will"]) == {"will"}
    assert entitled_heirs([]) == set()
    assert "PP 44/2015" in HEIR_ORDER_SOURCE.source


@pytest.mark.parametrize(
    ("kind", "event", "code", "today", "state"),
    [
        (
            "jkk_medical",
            dt.date(2025, 3, 1),
            "report",
            dt.date(2025, 3, 3),
            "soon",
        ),  # the second day: still in time
        ("jkk_medical", dt.date(2025, 3, 1), "report", dt.date(2025, 3, 4), "late"),
        ("jkm_death", dt.date(2020, 3, 1), "lapse", dt.date(2025, 3, 1), "soon"),  # PP 82/2019: five years
        ("jkm_death", dt.date(2020, 3, 1), "lapse", dt.date(2025, 3, 2), "late"),
        ("jkm_death", dt.date(2018, 3, 1), "lapse", dt.date(2020, 3, 1), "soon"),  # before it: two years
        ("jkm_death", dt.date(2018, 3, 1), "lapse", dt.date(2020, 3, 2), "late"),
        ("jkm_death", dt.date(2024, 3, 1), "lapse", dt.date(2025, 3, 1), "open"),
    ],
)
def test_deadlines_on_both_sides_of_each_date(kind, event, code, today, state):
    deadline = {d.code: d for d in claim_deadlines(kind=kind, event_date=event)}[code]
    assert deadline.state(today) == state


def test_a_scholarship_runs_until_the_child_is_23():
    deadline = {
        d.code: d
        for d in claim_deadlines(
            kind="scholarship", event_date=dt.date(2024, 1, 1), child_birth_date=dt.date(2005, 6, 15)
        )
    }["scholarship_age"]
    assert deadline.due == dt.date(2028, 6, 15)
    assert deadline.state(dt.date(2028, 6, 15)) == "soon" and deadline.state(dt.date(2028, 6, 16)) == "late"
    assert "jkk" not in {d.code for d in claim_deadlines(kind="jkm_death", event_date=dt.date(2024, 1, 1))}
