"""Builders for funding, enrolment and billing tests: schemes and memberships made through the services."""

from __future__ import annotations

import datetime as dt

from payung.schemes.models import FundingScheme, Membership, SchemeStatus
from payung.schemes.services.memberships import membership_activate, membership_propose, memberships_submit
from payung.schemes.services.schemes import SchemeInput, scheme_create, scheme_transition

TODAY = dt.date(2026, 1, 5)  # planning happens early in the fiscal year


def make_scheme(actor, **overrides) -> FundingScheme:
    fields = dict(
        name="UCJ Solok 2026",
        funder_type="APBD",
        funder_region="13.02",
        year=2026,
        budget=100_000_000,
        programmes=("JKK", "JKM"),
    )
    fields.update(overrides)
    return scheme_create(actor=actor, data=SchemeInput(**fields), today=TODAY)


def approve(actor, scheme) -> FundingScheme:
    return scheme_transition(actor=actor, scheme=scheme, to=SchemeStatus.APPROVED, why="DPA disahkan")


def active_member(actor, scheme, worker, *, kpj="KPJ0000001", today=TODAY) -> Membership:
    """A worker taken through proposed → submitted → active."""
    membership = membership_propose(actor=actor, scheme=scheme, worker=worker, today=today)
    scheme.refresh_from_db()
    if scheme.status == SchemeStatus.DRAFT:
        approve(actor, scheme)
        scheme.refresh_from_db()
    memberships_submit(actor=actor, scheme=scheme)
    membership.refresh_from_db()
    return membership_activate(actor=actor, membership=membership, kpj_number=kpj)
