"""Reads of claims: totals by programme, kind, funder type, scheme, region and year (by payment
date), with the count of distinct workers paid; benefit paid against contribution spent."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from payung.lib.nik import normalize_nik
from payung.schemes.selectors import contribution_paid_per_scheme

from .deadlines import with_worst_state
from .models import Claim, FunderType, Programme

LEVEL_FIELD = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "village_id"}


def in_region(queryset: QuerySet[Claim], code: str) -> QuerySet[Claim]:
    return queryset.filter(**{LEVEL_FIELD[code.count(".") + 1]: code})


def claims_filtered(
    claims: QuerySet[Claim],
    *,
    today: dt.date,
    programme: str = "",
    status: str = "",
    funder_type: str = "",
    year: int | None = None,
    q: str = "",
    flagged: bool = False,
    deadline: str = "",
) -> QuerySet[Claim]:
    """The list's filters (screen and API), every one a database condition: `flagged` the amounts that
    differ from the rule, `deadline` "late" or "soon" as `deadlines.worst_state` decides."""
    for name, value in (("programme", programme), ("status", status), ("funder_type", funder_type)):
        if value:
            claims = claims.filter(**{name: value})
    if year:
        claims = claims.filter(event_date__year=year)
    if text := q.strip():
        nik = normalize_nik(text)
        claims = claims.filter(
            Q(claim_number=text)
            | Q(worker__nik=nik)
            | Q(unregistered_nik=nik)
            | Q(worker__name__icontains=text)
            | Q(unregistered_name__icontains=text)
        )
    if flagged:
        claims = claims.differing_from_rule()
    if deadline:
        claims = with_worst_state(claims, deadline, today)
    return claims


def _person():
    """One value per person: the registered worker's NIK, else the NIK as the branch reported it."""
    return Coalesce(F("worker__nik"), F("unregistered_nik"))


def _figures(queryset: QuerySet[Claim]) -> dict[str, int]:
    row = queryset.aggregate(
        claims=Count("id"), workers=Count(_person(), distinct=True), paid=Sum("amount_paid")
    )
    return {"claims": row["claims"], "workers": row["workers"], "paid": int(row["paid"] or 0)}


def grouped(queryset: QuerySet[Claim], field: str) -> dict[str, dict[str, int]]:
    rows = (
        queryset.values(field)
        .annotate(claims=Count("id"), workers=Count(_person(), distinct=True), paid=Sum("amount_paid"))
        .order_by(field)
    )
    return {
        row[field]: {"claims": row["claims"], "workers": row["workers"], "paid": int(row["paid"] or 0)}
        for row in rows
    }


def _filled(found: dict, keys) -> dict[str, dict[str, int]]:
    empty = {"claims": 0, "workers": 0, "paid": 0}
    return {key: found.get(key, dict(empty)) for key in keys}


def region_summary(code: str, year: int, queryset: QuerySet[Claim] | None = None) -> dict:
    """The CLI's object: claims paid in `year` of workers in region `code`."""
    paid = in_region(queryset if queryset is not None else Claim.objects.all(), code).paid_in(year)
    return {
        "region": code,
        "year": year,
        **_figures(paid),
        "by_programme": _filled(grouped(paid, "programme"), Programme.values),
        "by_funder_type": _filled(grouped(paid, "funder_type"), FunderType.values),
    }


def dashboard(queryset: QuerySet[Claim], year: int) -> dict:
    """Every breakdown of the claims dashboard for claims paid in `year` (queryset already scoped)."""
    paid = queryset.paid_in(year)
    return {
        "total": _figures(paid),
        "by_programme": grouped(paid, "programme"),
        "by_kind": grouped(paid, "kind"),
        "by_funder_type": grouped(paid, "funder_type"),
        "by_district": grouped(paid, "district_code"),
        "by_regency": grouped(paid, "regency_code"),
        "open": queryset.filter(Q(status="reported") | Q(status="submitted")).count(),
    }


def value_for_money(queryset: QuerySet[Claim], year: int, schemes=()) -> list[dict]:
    """Per scheme: benefit paid in `year` to its members beside the contributions it paid that year.
    `schemes`: (id, name, funder type) of further schemes to show without claims (the user's)."""
    rows = (
        queryset.paid_in(year)
        .filter(scheme__isnull=False)
        .values("scheme_id", "scheme__name", "scheme__funder_type")
        .annotate(claims=Count("id"), workers=Count(_person(), distinct=True), paid=Sum("amount_paid"))
        .order_by("scheme__funder_type", "scheme__name")
    )
    rows = list(rows)
    listed = {row["scheme_id"] for row in rows}
    for scheme_id, name, funder_type in schemes:
        if scheme_id not in listed:
            rows.append(
                {
                    "scheme_id": scheme_id,
                    "scheme__name": name,
                    "scheme__funder_type": funder_type,
                    "claims": 0,
                    "workers": 0,
                    "paid": 0,
                }
            )
    spent = contribution_paid_per_scheme([row["scheme_id"] for row in rows], year)
    return [
        {
            "scheme_id": row["scheme_id"],
            "scheme": row["scheme__name"],
            "funder_type": row["scheme__funder_type"],
            "claims": row["claims"],
            "workers": row["workers"],
            "benefit_paid": int(row["paid"] or 0),
            "contribution_paid": spent.get(row["scheme_id"], 0),
        }
        for row in rows
    ]
