"""Hostile and careless input on the scheme and payment screens (issues 10 and 11): ranges bounded
before they are built, every integer range-checked, Rupiah read by the one parser, dates the page
would not offer refused by the server too."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.utils import translation

from payung.lib import dates
from payung.schemes.models import Bill, FundingScheme, MembershipStatus, Payment
from payung.schemes.services.bills import BillingInvalid, bill_issue, payment_record
from payung.schemes.validation import SchemeInvalid, parse_deciles
from tests.conftest import make_worker

from .builders import TODAY, active_member, approve, make_scheme

SRC = Path(__file__).resolve().parents[2] / "src"
HUGE = str(2**63)


def test_a_huge_decile_range_is_refused_under_a_memory_cap():
    """The parser runs in a child process capped at 300 MB more than it needs to start: expanding
    1-99999999999999999999 would exhaust it (or run for ages); the bounded parser refuses at once."""
    script = textwrap.dedent(
        """
        import resource, sys
        import django
        from django.conf import settings
        settings.configure(USE_I18N=False)
        django.setup()
        from payung.schemes.validation import SchemeInvalid, parse_deciles
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        cap = usage + 300 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap * 4, cap * 4))
        for text in ("1-99999999999999999999", "1-999999999", "0-10", "1-" + "9" * 5000):
            try:
                parse_deciles(text)
            except SchemeInvalid:
                continue
            sys.exit("accepted " + text[:30])
        print("refused")
        """
    )
    # The real check of the memory cap is the virtual size limit; the sizes are generous for the
    # interpreter and Django, far below what a range of 10^20 integers takes.
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:] + result.stdout
    assert result.stdout.strip() == "refused"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1-3", (1, 2, 3)), ("1,2,5", (1, 2, 5)), (" 2 - 4 , 9", (2, 3, 4, 9)), ("10", (10,)), ("", ())],
)
def test_decile_lists_and_ranges_still_parse(text, expected):
    assert parse_deciles(text) == expected


@pytest.mark.parametrize("text", ["0-3", "3-1", "11", "1-11", "a-b", "1--3", "1.5", "1-3-5", "1," * 200])
def test_bad_decile_text_is_refused_with_a_message(text):
    with pytest.raises(SchemeInvalid):
        parse_deciles(text)


def scheme_form(**changes) -> dict:
    form = {
        "name": "UCJ Solok",
        "funder_type": "APBD",
        "funder_region": "13.02",
        "year": str(dates.today().year),
        "budget": "500.000.000",
        "segment": "BPU",
        "programmes": ["JKK", "JKM"],
        "first_month": "1",
        "months": "12",
        "declared_income": "1.000.000",
        "min_age": "15",
        "max_age": "65",
        "lapse_after_months": "3",
    }
    form.update(changes)
    return form


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "budget",
        "declared_income",
        "quota",
        "per_village_quota",
        "year",
        "min_age",
        "max_age",
        "lapse_after_months",
    ],
)
def test_every_integer_of_the_scheme_form_is_range_checked(client, alice, field):
    client.force_login(alice)
    response = client.post("/skema/baru/", scheme_form(**{field: HUGE}))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not FundingScheme.objects.exists()


@pytest.mark.django_db
def test_a_huge_decile_range_in_the_form_is_a_field_error(client, alice):
    client.force_login(alice)
    response = client.post("/skema/baru/", scheme_form(deciles="1-99999999999999999999"))
    assert "1 sampai 10" in " ".join(response.context["form"].errors["deciles"])
    assert not FundingScheme.objects.exists()


@pytest.mark.django_db
def test_the_scheme_form_shows_every_problem_at_once(client, alice):
    client.force_login(alice)
    response = client.post(
        "/skema/baru/", scheme_form(budget="0", programmes=["JKK", "JP"], year="2040", deciles="1-3")
    )
    errors = response.context["form"].errors
    assert {"budget", "programmes", "year"} <= set(errors)
    page = response.content.decode()
    assert (
        "lebih dari nol" in page
        and "tidak tersedia untuk segmen BPU" in page
        and "periode perencanaan" in page
    )


@pytest.mark.django_db
def test_the_scheme_form_reads_money_the_indonesian_way_and_keeps_the_occupation_order(client, alice):
    client.force_login(alice)
    response = client.post(
        "/skema/baru/",
        scheme_form(
            budget="Rp 250.000.000,-",
            declared_income="1.000.000,00",
            occupations=["petani", "nelayan", "ojek"],
            occupation_order="ojek, nelayan",
        ),
    )
    scheme = FundingScheme.objects.get()
    assert response.url == f"/skema/{scheme.pk}/"
    assert (scheme.budget, scheme.declared_income) == (250_000_000, 1_000_000)
    assert scheme.occupations == ["ojek", "nelayan", "petani"]


@pytest.mark.django_db
def test_an_occupation_order_naming_an_unchosen_occupation_is_refused(client, alice):
    client.force_login(alice)
    response = client.post("/skema/baru/", scheme_form(occupations=["petani"], occupation_order="ojek"))
    assert response.context["form"].errors["occupation_order"]


def billed_scheme(alice):
    scheme = make_scheme(alice)
    membership = active_member(alice, scheme, make_worker())
    bill = bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    return scheme, membership, bill


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "recorded"), [("840.00", 840), ("840,00", 840), ("16.800", 16_800), ("Rp 1.000,-", 1_000)]
)
def test_a_payment_is_read_by_the_one_rupiah_parser(client, alice, typed, recorded):
    scheme, _membership, bill = billed_scheme(alice)
    client.force_login(alice)
    client.post(
        f"/tagihan/skema/{scheme.pk}/{bill.pk}/bayar/",
        {"amount": typed, "paid_on": "2026-01-10", "reference": "SP2D-1"},
    )
    assert list(Payment.objects.values_list("amount", flat=True)) == [recorded]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "paid_on", "says"),
    [
        (HUGE, "2026-01-10", "paling banyak"),
        ("840.50", "2026-01-10", "tanpa sen"),
        ("840", "0001-01-01", "sebelum bulan tagihan"),
        ("840", "2025-12-31", "sebelum bulan tagihan"),
        ("840", "99999-01-01", "Tanggal bayar"),
    ],
)
def test_payments_the_page_would_not_offer_are_refused_with_a_message(client, alice, amount, paid_on, says):
    scheme, _membership, bill = billed_scheme(alice)
    client.force_login(alice)
    response = client.post(
        f"/tagihan/skema/{scheme.pk}/{bill.pk}/bayar/",
        {"amount": amount, "paid_on": paid_on, "reference": "SP2D-1"},
        follow=True,
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_the_payment_service_refuses_a_date_before_the_bill_month(alice):
    _scheme, _membership, bill = billed_scheme(alice)
    with pytest.raises(BillingInvalid, match="sebelum bulan tagihan"):
        payment_record(
            actor=alice, bill=bill, amount=840, paid_on=dt.date(1, 1, 1), reference="X", today=TODAY
        )


@pytest.mark.django_db
def test_issuing_a_bill_that_exists_lapses_nobody(alice):
    scheme = make_scheme(alice, lapse_after_months=1)
    membership = active_member(alice, scheme, make_worker())
    bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    # In March the January bill is long past due: issuing January again must refuse before lapsing.
    with pytest.raises(BillingInvalid, match="sudah ada"):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=dt.date(2026, 3, 1))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert not membership.events.filter(to_status=MembershipStatus.LAPSED).exists()


@pytest.mark.django_db
def test_a_month_that_has_not_started_is_billed_only_when_the_admin_says_so(alice):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    with pytest.raises(BillingInvalid, match="belum mulai"):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 3, 1), today=TODAY)
    assert not Bill.objects.exists()
    bill = bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 3, 1), today=TODAY, ahead=True)
    assert bill.members == 1


@pytest.mark.django_db
def test_no_rp0_bill_for_a_month_before_anyone_was_active(alice):
    scheme = approve(alice, make_scheme(alice))
    with pytest.raises(BillingInvalid, match="Belum ada peserta aktif"):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    active_member(alice, scheme, make_worker(), today=dt.date(2026, 3, 2))  # covered from March
    with pytest.raises(BillingInvalid, match="Belum ada peserta aktif"):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 2, 1), today=dt.date(2026, 3, 2))
    assert not Bill.objects.exists()


@pytest.mark.django_db
def test_arrears_on_the_bill_page_count_only_bills_past_due(client, alice, monkeypatch):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    for m in (1, 2, 3):
        bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, m, 1), today=dt.date(2026, 3, 1))
    monkeypatch.setattr(dates, "today", lambda: dt.date(2026, 2, 20))  # January and February are past due
    client.force_login(alice)
    response = client.get(f"/tagihan/skema/{scheme.pk}/")
    rows = response.context["rows"]
    assert [r["overdue"] for r in rows] == [True, True, False]
    assert [r["carried"] for r in rows] == [0, 16_800, 33_600]
    assert response.context["overdue_total"] == 33_600
    assert 'data-testid="overdue-total"' in response.content.decode()
    monkeypatch.setattr(dates, "today", lambda: dt.date(2026, 1, 10))  # nothing is due yet
    response = client.get(f"/tagihan/skema/{scheme.pk}/")
    assert [r["carried"] for r in response.context["rows"]] == [0, 0, 0]
    assert response.context["overdue_total"] == 0


def test_a_budget_over_the_largest_amount_names_it_in_rupiah_as_the_language_groups_it():
    from payung.lib.money import MAX_RUPIAH
    from payung.schemes.validation import SchemeInvalid, check_budget

    with pytest.raises(SchemeInvalid, match=r"paling banyak Rp999\.999\.999\.999\.999 "):
        check_budget(MAX_RUPIAH + 1)
    with translation.override("en"), pytest.raises(SchemeInvalid, match=r"at most Rp999,999,999,999,999 "):
        check_budget(MAX_RUPIAH + 1)
