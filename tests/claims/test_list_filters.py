"""The list's "differs from the rule" and deadline filters run in the database and agree with the
claim page's own reckoning (`Claim.differs_from_rule`, `deadlines.worst_state`) on both sides of every
date; the list pages by keyset, newest event first."""

from __future__ import annotations

import datetime as dt

import pytest

from payung.claims.deadlines import with_worst_state, worst_state
from payung.claims.models import Claim
from payung.claims.paging import claims_page
from payung.claims.services import claims_write
from payung.claims.validation import ClaimData

from .builders import ENREKANG_VILLAGE, new_nik

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 31)  # a month's last day: the lapse's month arithmetic clamps around it


def _row(number: str, nik: str, **fields) -> ClaimData:
    values = {"programme": "JKM", "kind": "jkm_death", "status": "reported", **fields}
    return ClaimData(claim_number=number, nik=nik, name="Peserta", **values)


def _claims_around_every_deadline(worker_factory) -> None:
    worker = worker_factory(ENREKANG_VILLAGE, name="Rahmat")
    rows, serial = [], 0

    def add(**fields):
        nonlocal serial
        serial += 1
        rows.append(_row(f"D-{serial}", worker.nik, **fields))

    lapse = dt.date(2021, 3, 31)  # five years before TODAY
    for offset in range(-3, 96, 1):
        day = lapse + dt.timedelta(days=offset)
        add(event_date=day)  # undecided: the lapse counts
        add(event_date=day, status="submitted")  # gone to BPJS: met
    for offset in (-800, -740, -731, -729, -700):  # PP 44/2015 events: two years
        add(event_date=dt.date(2019, 12, 1) + dt.timedelta(days=offset))
    for age_offset in range(-3, 95, 7):  # scholarships: the child turns 23
        born = dt.date(2003, 3, 31) + dt.timedelta(days=age_offset)
        add(
            programme="BEASISWA",
            kind="scholarship",
            event_date=dt.date(2025, 1, 10),
            status="paid",
            paid_on=dt.date(2025, 2, 1),
            amount_paid=1_500_000,
            child_name=f"Anak {age_offset}",
            child_birth_date=born,
            child_order=1,
            school_level="SMA",
        )
    claims_write(actor=None, rows=rows, today=TODAY)
    # JKK accidents recorded on different days after them: the 2 x 24 h report.
    for recorded_after in range(0, 5):
        accident = [
            _row(
                f"A-{recorded_after}-{days_ago}",
                worker.nik,
                programme="JKK",
                kind="jkk_medical",
                event_date=TODAY - dt.timedelta(days=days_ago),
            )
            for days_ago in range(recorded_after, 6)
        ]
        claims_write(actor=None, rows=accident, today=TODAY)
    Claim.objects.filter(claim_number__startswith="A-").update(reported_on=TODAY)
    for claim in Claim.objects.filter(claim_number__startswith="A-"):
        recorded_after = int(claim.claim_number.split("-")[1])
        Claim.objects.filter(pk=claim.pk).update(
            reported_on=claim.event_date + dt.timedelta(days=recorded_after)
        )


def test_the_deadline_filters_in_the_database_agree_with_the_claim_page(regions, worker_factory):
    _claims_around_every_deadline(worker_factory)
    claims = list(Claim.objects.all())
    for today in (TODAY, TODAY - dt.timedelta(days=1), dt.date(2026, 2, 28), dt.date(2026, 1, 1)):
        expected = {
            state: {c.pk for c in claims if worst_state(c, today) == state} for state in ("late", "soon")
        }
        assert expected["late"] and expected["soon"]
        for state in ("late", "soon"):
            found = set(with_worst_state(Claim.objects.all(), state, today).values_list("pk", flat=True))
            assert found == expected[state], (today, state, found ^ expected[state])


def test_the_differs_from_rule_filter_is_the_claim_s_own_flag(regions, worker_factory):
    worker = worker_factory(ENREKANG_VILLAGE, name="Hamzah")
    paid = {"status": "paid", "paid_on": dt.date(2025, 5, 1), "event_date": dt.date(2025, 4, 1)}
    claims_write(
        actor=None,
        rows=[
            _row("F-1", worker.nik, amount_paid=42_000_000, **paid),  # as the rule
            _row("F-2", worker.nik, amount_paid=40_000_000, **paid),  # differs
            _row(
                "F-3", new_nik(), event_date=dt.date(2025, 4, 1), amount_claimed=41_000_000
            ),  # claimed, differs
            _row("F-4", new_nik(), event_date=dt.date(2025, 4, 1)),  # no amount yet
            _row(  # not priced
                "F-5",
                worker.nik,
                programme="JHT",
                kind="jht_full",
                amount_paid=9_000_000,
                **paid,
            ),
        ],
        today=dt.date(2025, 6, 1),
    )
    expected = {c.claim_number for c in Claim.objects.all() if c.differs_from_rule}
    assert expected == {"F-2", "F-3"}
    assert set(Claim.objects.differing_from_rule().values_list("claim_number", flat=True)) == expected


def test_the_list_pages_by_keyset_newest_event_first(regions, worker_factory, client, charlie):
    worker = worker_factory(ENREKANG_VILLAGE, name="Yusuf")
    start = dt.date(2025, 1, 1)
    claims_write(
        actor=None,
        rows=[_row(f"P-{i}", worker.nik, event_date=start + dt.timedelta(days=i // 3)) for i in range(250)],
        today=dt.date(2025, 6, 1),
    )
    order = list(Claim.objects.order_by("-event_date", "-id").values_list("pk", flat=True))
    seen, cursor, pages = [], "", []
    while True:
        page = claims_page(Claim.objects.all(), after=cursor, size=100)
        pages.append(page)
        seen += [c.pk for c in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == order and len(pages) == 3 and pages[0].total == 250
    back = claims_page(Claim.objects.all(), before=pages[2].prev_cursor, size=100)
    assert [c.pk for c in back.items] == [c.pk for c in pages[1].items]
    assert claims_page(Claim.objects.all(), after="made-up").items == pages[0].items  # page 1

    client.force_login(charlie)
    first = client.get("/klaim/")
    assert first.context["page"].next_cursor
    second = client.get("/klaim/", {"after": first.context["page"].next_cursor})
    assert [r.claim.pk for r, _s in second.context["rows"]] == order[100:200]


def test_an_admin_s_corrected_lapse_rule_moves_the_deadline_on_the_page_and_in_the_filter(
    regions, worker_factory
):
    from decimal import Decimal

    from payung.accounts.models import Role
    from payung.tariffs.services import RuleVersionInput, rule_version_add
    from tests.conftest import make_user

    worker = worker_factory(ENREKANG_VILLAGE, name="Darmawati")
    claims_write(
        actor=None, rows=[_row("L-1", worker.nik, event_date=dt.date(2026, 1, 5))], today=dt.date(2026, 1, 6)
    )
    claim = Claim.objects.get()
    today = dt.date(2028, 11, 1)  # under five years the lapse (2031) is far off
    assert (
        worst_state(claim, today) == "" and not with_worst_state(Claim.objects.all(), "soon", today).exists()
    )
    rule_version_add(
        actor=make_user("root", Role.REGENCY_ADMIN, (), is_superuser=True),
        data=RuleVersionInput(
            rule="claim.lapse_years",
            effective_from=dt.date(2026, 1, 1),
            value=Decimal(3),
            source="Koreksi admin (uji)",
            confidence="S",
        ),
    )

    assert worst_state(claim, today) == "soon"  # three years: 5 January 2029
    assert list(with_worst_state(Claim.objects.all(), "soon", today)) == [claim]
