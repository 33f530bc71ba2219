"""Demo claims for Enrekang (Seed-000): a few deaths and accidents of members of the demo APBD
scheme, paid, in process and just reported with heirs, and claims of participants the registry does
not know, as the Palopo branch reports them. Idempotent: fixed claim numbers, written through the
services (a second run changes nothing)."""

from __future__ import annotations

import datetime as dt

from payung.audit.models import Source
from payung.lib import dates
from payung.lib.nik import MALE, make_nik
from payung.registry.models import Worker
from payung.schemes.models import Membership

from .services import claims_write
from .validation import ClaimData


def load_claims_demo() -> dict[str, int]:
    today = dates.today()
    members = list(
        Membership.objects.filter(regency_code="73.16", status="active")
        .select_related("worker")
        .order_by("id")[:4]
    )
    rows: list[ClaimData] = []
    for number, membership in enumerate(members, start=1):
        event = min(membership.start_month, today)
        if number == 1:
            rows.append(
                ClaimData(
                    claim_number=f"DEMO-PLP-{number:03d}",
                    nik=membership.worker.nik,
                    programme="JKM",
                    kind="jkm_death",
                    event_date=event,
                    status="paid",
                    amount_paid=42_000_000,
                    paid_on=today,
                )
            )
        elif number == 2:
            rows.append(
                ClaimData(
                    claim_number=f"DEMO-PLP-{number:03d}",
                    nik=membership.worker.nik,
                    programme="JKK",
                    kind="jkk_medical",
                    event_date=event,
                    status="paid",
                    amount_paid=9_841_000,
                    paid_on=today,
                )
            )
        else:
            rows.append(
                ClaimData(
                    claim_number=f"DEMO-PLP-{number:03d}",
                    nik=membership.worker.nik,
                    programme="JKM",
                    kind="jkm_death",
                    event_date=event,
                    status="submitted",
                )
            )
    district = (
        Worker.objects.filter(regency_code="73.16").values_list("district_code", flat=True).first()
        or "73.16.01"
    )
    for serial in range(1, 6):
        nik = make_nik(
            district_code=district, birth_date=dt.date(1970, 1, serial), sex=MALE, serial=9000 + serial
        )
        rows.append(
            ClaimData(
                claim_number=f"DEMO-PLP-1{serial:02d}",
                nik=nik,
                name=f"Peserta Mandiri {serial}",
                programme="JHT",
                kind="jht_full",
                event_date=dt.date(today.year, 1, 2),
                status="paid",
                amount_paid=5_000_000 + serial * 250_000,
                paid_on=dt.date(today.year, 2, 1),
            )
        )
    written = claims_write(actor=None, rows=rows, source=Source.SYSTEM, today=today, note="demo")
    return {"created": written.created, "claims": len(rows)}
