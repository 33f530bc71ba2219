"""Regulation facts (income basis, ages, lapse, due day) come from rules/ with the admin's corrections,
and the lifecycle's screens say which rule versions priced their amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from payung.accounts.models import Role
from payung.lib import dates
from payung.rules.facts import scheme_defaults
from payung.schemes.forms import SchemeForm
from payung.schemes.services.bills import bill_issue
from payung.schemes.services.memberships import membership_propose
from payung.tariffs.services import RuleVersionInput, rule_version_add
from tests.conftest import make_user, make_worker

from .builders import TODAY, active_member, make_scheme

pytestmark = pytest.mark.django_db


def test_a_new_scheme_starts_from_the_rules_defaults(alice):
    facts = scheme_defaults(dates.today())
    form = SchemeForm()
    assert (
        [form.fields[f].initial for f in ("declared_income", "min_age", "max_age", "lapse_after_months")]
        == [
            facts.declared_income,
            facts.min_age,
            facts.max_age,
            facts.lapse_after_months,
        ]
        == [1_000_000, 15, 65, 3]
    )
    scheme = make_scheme(alice)  # the service's defaults are the same facts
    assert (scheme.declared_income, scheme.min_age, scheme.max_age, scheme.lapse_after_months) == (
        1_000_000,
        15,
        65,
        3,
    )


def test_the_bill_due_day_follows_a_corrected_rule(alice, regions):
    root = make_user("root", Role.REGENCY_ADMIN, (), is_superuser=True)
    rule_version_add(
        actor=root,
        data=RuleVersionInput(
            rule="bill.due_day",
            effective_from=dt.date(2026, 2, 1),
            value=Decimal(20),
            source="Surat edaran BPJS (uji)",
            confidence="S",
        ),
    )
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    january = bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 1, 1), today=TODAY)
    february = bill_issue(actor=alice, scheme=scheme, month=dt.date(2026, 2, 1), today=dt.date(2026, 2, 1))
    assert (january.due_date, february.due_date) == (dt.date(2026, 1, 15), dt.date(2026, 2, 20))


def test_the_member_list_and_the_selection_say_which_rules_priced_the_costs(client, alice):
    scheme = make_scheme(alice, year=dates.today().year)
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(), today=dates.today())
    make_worker(name="Calon")  # a candidate for the selection, priced there
    client.force_login(alice)
    for url in (f"/kepesertaan/skema/{scheme.pk}/", f"/skema/{scheme.pk}/seleksi/", f"/skema/{scheme.pk}/"):
        response = client.get(url)
        titles = {c["title"] for c in response.context["citations"]}
        assert "BPU: iuran JKM per bulan" in titles, url
        page = response.content.decode()
        assert 'data-testid="citations"' in page and "PP 44/2015" in page, url
