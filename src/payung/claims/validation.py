"""The checks of one claim, the same for a branch report's row and an operator's form.

Each problem names the field and says why in Bahasa Indonesia; nothing is written while any remains.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from payung.lib.formats import day
from payung.rules.claims import PROGRAMME_OF, ClaimKind, ClaimProgramme

from .amounts import max_children


@dataclass
class ClaimData:
    """One claim as reported. `nik` is the worker's NIK (registered or not)."""

    nik: str
    programme: str
    kind: str
    event_date: dt.date
    status: str
    claim_number: str | None = None
    name: str = ""
    kpj_number: str = ""
    amount_claimed: int | None = None
    amount_paid: int | None = None
    paid_on: dt.date | None = None
    rejection_reason: str = ""
    wage: int | None = None
    child_name: str = ""
    child_birth_date: dt.date | None = None
    child_order: int | None = None
    school_level: str = ""
    jht_reason: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str
    message: str


def check_claim(data: ClaimData, *, today: dt.date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []

    def add(name: str, code: str, message: str) -> None:
        problems.append(FieldProblem(name, code, message))

    if data.event_date > today:
        add(
            "event_date",
            "event_in_future",
            _("Tanggal kejadian %(date)s belum terjadi.") % {"date": day(data.event_date)},
        )
    if PROGRAMME_OF.get(ClaimKind(data.kind)) != ClaimProgramme(data.programme):
        add(
            "kind",
            "kind_not_of_programme",
            _("Jenis klaim ini bukan bagian program %(programme)s.") % {"programme": data.programme},
        )
    if data.paid_on is not None:
        if data.paid_on < data.event_date:
            add(
                "paid_on",
                "paid_before_event",
                _("Tanggal bayar %(paid)s sebelum tanggal kejadian %(event)s.")
                % {"paid": day(data.paid_on), "event": day(data.event_date)},
            )
        if data.paid_on > today:
            add(
                "paid_on",
                "paid_in_future",
                _("Tanggal bayar %(date)s belum terjadi.") % {"date": day(data.paid_on)},
            )
    if data.status == "paid":
        if data.amount_paid is None:
            add(
                "amount_paid",
                "paid_without_amount",
                _("Klaim berstatus dibayar harus berisi jumlah dibayar."),
            )
        if data.paid_on is None:
            add("paid_on", "paid_without_date", _("Klaim berstatus dibayar harus berisi tanggal bayar."))
    if data.kind == ClaimKind.SCHOLARSHIP:
        limit = max_children(data.event_date)
        if data.child_order is not None and data.child_order > limit:
            add(
                "child_order",
                "scholarship_child_cap",
                _("Beasiswa paling banyak untuk %(limit)s anak; ini anak ke-%(order)s.")
                % {"limit": limit, "order": data.child_order},
            )
    return problems
