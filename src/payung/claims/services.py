"""Writes of claims: recorded from a branch report or by hand, moved through their statuses, heirs
and documents. Every change writes an `AuditEvent` (object type "claim") and every status change a
`StatusChange` row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from payung.accounts.scope import scope_for
from payung.audit.models import Action, AuditEvent, Source
from payung.audit.services import audit_record, audit_record_many, audit_value, diff
from payung.lib import formats
from payung.lib.nik import check_nik
from payung.regions.models import Region
from payung.registry.models import Worker
from payung.rules.versions import RuleBook
from payung.schemes.models import Membership, MembershipStatus
from payung.schemes.services.memberships import memberships_end_on_death
from payung.tariffs.services import current_rulebook

from .access import claim_access, may_report
from .amounts import rule_amount
from .funders import NO_FUNDER, Funder, funders_for
from .models import (
    TRANSITIONS,
    Claim,
    DocumentRequirement,
    DocumentTick,
    Heir,
    Kind,
    Origin,
    Status,
    StatusChange,
)
from .validation import ClaimData, FieldProblem, check_claim

OBJECT = "claim"
# The fields a branch report sets; a later report changing one of them updates the claim.
REPORTED_FIELDS = (
    "kpj_number",
    "programme",
    "kind",
    "event_date",
    "status",
    "amount_claimed",
    "amount_paid",
    "paid_on",
    "rejection_reason",
    "wage",
    "child_name",
    "child_birth_date",
    "child_order",
    "school_level",
    "jht_reason",
)


class ClaimInvalid(Exception):
    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


def _district_of(nik: str) -> str:
    return f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


def _region_fields(worker: Worker | None, nik: str, districts: set[str] | None = None) -> dict[str, object]:
    """The worker's region; for a NIK the registry does not know, the district of issue of the NIK
    (docs/claims.md, "Unregistered claimants")."""
    if worker is not None:
        return {
            "village_id": worker.village_id,
            "district_code": worker.district_code,
            "regency_code": worker.regency_code,
            "province_code": worker.province_code,
        }
    district = _district_of(nik)
    known = district in districts if districts is not None else Region.objects.filter(code=district).exists()
    return {
        "village_id": None,
        "district_code": district if known else "",
        "regency_code": district[:5],
        "province_code": nik[:2],
    }


def _wage_for(data: ClaimData, funder: Funder, worker: Worker | None) -> int | None:
    """The wage the JKK benefit is computed on: as reported; else the scheme's declared income (Pemda
    cohorts are enrolled on it); else the worker's registered income."""
    if data.wage:
        return data.wage
    if funder.scheme is not None:
        return funder.scheme.declared_income
    return worker.monthly_income if worker is not None and worker.monthly_income else None


def _values(
    data: ClaimData,
    worker: Worker | None,
    funder: Funder,
    book: RuleBook | None = None,
    districts: set[str] | None = None,
) -> dict[str, object]:
    priced = rule_amount(
        book=book,
        kind=data.kind,
        event_date=data.event_date,
        wage=_wage_for(data, funder, worker),
        school_level=data.school_level,
        child_order=data.child_order,
    )
    values: dict[str, object] = {name: getattr(data, name) for name in REPORTED_FIELDS}
    values.update(
        worker=worker,
        unregistered_nik="" if worker is not None else data.nik,
        unregistered_name="" if worker is not None else data.name[:150],
        membership=funder.membership,
        scheme=funder.scheme,
        funder_type=funder.funder_type,
        rule_amount=priced.amount,
        **_region_fields(worker, data.nik, districts),
    )
    return values


# What the trail shows of a claim: the reported fields and what Payung derived from them.
AUDITED_FIELDS = (
    *REPORTED_FIELDS,
    "funder_type",
    "scheme_id",
    "rule_amount",
    "unregistered_nik",
    "worker_id",
)


def _audited(claim: Claim) -> dict[str, object]:
    return {name: getattr(claim, name) for name in AUDITED_FIELDS}


def _event(claim: Claim, actor, *, old: str, new: str, on: dt.date, why: str) -> StatusChange:
    return StatusChange(
        claim=claim,
        by=actor if getattr(actor, "pk", None) else None,
        from_status=old,
        to_status=new,
        on=on,
        why=why[:300],
    )


def _audit(claim: Claim, actor, action: str, changes: dict, source: str, note: str = "") -> AuditEvent:
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        regency_code=claim.regency_code,
        object_type=OBJECT,
        object_id=str(claim.pk),
        action=action,
        source=source,
        changes=changes,
        note=note,
    )


# A paid benefit for one of these is BPJS's word that the worker died.
DEATH_KINDS = frozenset({Kind.JKM_DEATH.value, Kind.JKK_DEATH.value})


def _end_memberships_of_the_dead(claims: Sequence[Claim], actor, source: str) -> None:
    """A paid death ends the worker's active and lapsed memberships from the month after the death,
    through the schemes' own service (audited there, one row per membership). Idempotent: a worker
    whose memberships have ended has nothing left to end. The registry has no "deceased" mark, so the
    worker's entry itself is left as it is (docs/claims.md)."""
    dead = {
        claim.worker_id: claim
        for claim in claims
        if claim.status == Status.PAID and claim.kind in DEATH_KINDS and claim.worker_id
    }
    if not dead:
        return
    with_open = set(
        Membership.objects.filter(
            worker_id__in=dead, status__in=(MembershipStatus.ACTIVE, MembershipStatus.LAPSED)
        ).values_list("worker_id", flat=True)
    )
    for worker_id in sorted(with_open):
        claim = dead[worker_id]
        memberships_end_on_death(
            actor=actor,
            worker_id=worker_id,
            died_on=claim.event_date,
            why=_("Meninggal dunia %(date)s (klaim %(claim)s dibayar)")
            % {"date": formats.day(claim.event_date), "claim": str(claim)},
            source=source,
        )


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def changed_fields(claim: Claim, data: ClaimData) -> dict[str, list[str | None]]:
    """What a report's row would change on an existing claim (its reported fields only)."""
    return diff(
        {name: getattr(claim, name) for name in REPORTED_FIELDS},
        {name: getattr(data, name) for name in REPORTED_FIELDS},
    )


def hand_reported_matches(rows: Sequence[ClaimData], known_numbers: set[str]) -> dict[str, Claim]:
    """Branch rows with a claim number Payung does not know yet, matched to a claim a village or
    district operator reported by hand (no number yet): the same worker (NIK), programme, kind and
    event date. Each hand claim is matched once, the oldest first; by claim number of the row."""
    candidates = [row for row in rows if row.claim_number and row.claim_number not in known_numbers]
    if not candidates:
        return {}
    waiting = (
        Claim.objects.filter(
            origin=Origin.HAND, claim_number__isnull=True, worker__nik__in={row.nik for row in candidates}
        )
        .select_related("worker")
        .order_by("id")
    )
    pool: dict[tuple[str, str, str, dt.date], list[Claim]] = {}
    for claim in waiting:
        pool.setdefault((claim.worker.nik, claim.programme, claim.kind, claim.event_date), []).append(claim)
    matched: dict[str, Claim] = {}
    for row in candidates:
        found = pool.get((row.nik, row.programme, row.kind, row.event_date))
        if found and row.claim_number not in matched:
            matched[row.claim_number] = found.pop(0)
    return matched


class WriteCancelled(Exception):
    """The uploader cancelled the run while it was writing: the transaction is rolled back."""


def claims_write(
    *,
    actor,
    rows: Sequence[ClaimData],
    source: str = Source.IMPORT,
    today: dt.date,
    note: str = "",
    should_stop: Callable[[], bool] | None = None,
) -> WriteResult:
    """Write a whole checked report in one transaction: new claim numbers created, known ones updated
    where the report changed them (audited, status changes recorded), the rest left alone.
    `should_stop` is asked once more before the commit: True rolls everything back (`WriteCancelled`)."""
    result = WriteResult()
    niks = {row.nik for row in rows}
    workers = {w.nik: w for w in Worker.objects.filter(nik__in=niks)}
    numbers = [row.claim_number for row in rows if row.claim_number]
    existing = {c.claim_number: c for c in Claim.objects.filter(claim_number__in=numbers)}
    matched = hand_reported_matches(rows, set(existing))
    funders = funders_for(
        (workers[row.nik].pk, row.programme, row.event_date) for row in rows if row.nik in workers
    )
    book = current_rulebook()  # once per report, not per row
    districts = set(
        Region.objects.filter(
            code__in={_district_of(row.nik) for row in rows if row.nik not in workers}
        ).values_list("code", flat=True)
    )
    events: list[StatusChange] = []
    audits: list[AuditEvent] = []
    written: list[Claim] = []
    with transaction.atomic():
        new_claims: list[tuple[Claim, ClaimData]] = []
        for row in rows:
            worker = workers.get(row.nik)
            funder = (
                funders.get((worker.pk, row.programme, row.event_date), NO_FUNDER) if worker else NO_FUNDER
            )
            claim = existing.get(row.claim_number or "")
            by_hand = claim is None and row.claim_number in matched
            if by_hand:
                claim = matched[row.claim_number]
            if claim is None:
                values = _values(row, worker, funder, book, districts)
                new_claims.append(
                    (
                        Claim(
                            claim_number=row.claim_number,
                            origin=Origin.REPORT,
                            created_by=actor if getattr(actor, "pk", None) else None,
                            reported_on=today,
                            **values,
                        ),
                        row,
                    )
                )
                continue
            changes = changed_fields(claim, row)
            if worker is not None and claim.worker_id is None:
                changes["worker"] = [None, str(worker.pk)]  # the NIK has since been registered
            if not changes and not by_hand:
                result.unchanged += 1
                continue
            old_status, before = claim.status, {**_audited(claim), "claim_number": claim.claim_number}
            for name, value in _values(row, worker, funder, book, districts).items():
                setattr(claim, name, value)
            if by_hand:  # the branch's row of a death or accident an operator reported: one claim, not two
                claim.claim_number = row.claim_number
            claim.save()
            written.append(claim)
            after = {**_audited(claim), "claim_number": claim.claim_number}
            why = _("Dicocokkan dengan klaim yang dilaporkan petugas (NIK, program, jenis, tanggal kejadian)")
            audits.append(
                _audit(
                    claim,
                    actor,
                    Action.UPDATE,
                    diff(before, after),
                    source,
                    f"{note}; {why}"[:200].lstrip("; ") if by_hand else note,
                )
            )
            if old_status != claim.status:
                events.append(
                    _event(
                        claim,
                        actor,
                        old=old_status,
                        new=claim.status,
                        on=claim.paid_on or today,
                        why=_("Laporan kantor cabang"),
                    )
                )
            result.updated += 1
        created = Claim.objects.bulk_create([claim for claim, _row in new_claims], batch_size=1_000)
        if created and created[0].pk is None:  # backends that do not return keys
            by_number = dict(
                Claim.objects.filter(claim_number__in=[c.claim_number for c in created]).values_list(
                    "claim_number", "pk"
                )
            )
            for claim in created:
                claim.pk = by_number[claim.claim_number]
        for claim in created:
            audits.append(
                _audit(
                    claim,
                    actor,
                    Action.CREATE,
                    diff({}, _audited(claim)),
                    source,
                    note,
                )
            )
            events.append(
                _event(
                    claim,
                    actor,
                    old="",
                    new=claim.status,
                    on=claim.paid_on or today,
                    why=_("Laporan kantor cabang"),
                )
            )
        result.created = len(created)
        StatusChange.objects.bulk_create(events, batch_size=2_000)
        audit_record_many(audits)
        _end_memberships_of_the_dead([*written, *created], actor, source)
        if should_stop is not None and should_stop():
            raise WriteCancelled
    return result


# ---------------------------------------------------------------- by hand


def claim_report(
    *,
    actor,
    worker: Worker,
    kind: str,
    programme: str,
    event_date: dt.date,
    today: dt.date,
    why: str = "",
    source: str = Source.WEB,
) -> Claim:
    """An operator reports a death or an accident of a worker of its area (status "reported")."""
    if not may_report(actor) or not scope_for(actor).contains(worker.village_id):
        raise PermissionDenied(_("Anda tidak boleh melaporkan klaim untuk pekerja ini."))
    data = ClaimData(
        nik=worker.nik, programme=programme, kind=kind, event_date=event_date, status=Status.REPORTED
    )
    problems = check_claim(data, today=today)
    if problems:
        raise ClaimInvalid(problems)
    funder = funders_for([(worker.pk, programme, event_date)])[(worker.pk, programme, event_date)]
    with transaction.atomic():
        claim = Claim.objects.create(
            origin=Origin.HAND, created_by=actor, reported_on=today, **_values(data, worker, funder)
        )
        StatusChange.objects.create(
            claim=claim, by=actor, from_status="", to_status=Status.REPORTED, on=today, why=why[:300]
        )
        audit_record(
            actor=actor,
            object_type=OBJECT,
            object_id=claim.pk,
            action=Action.CREATE,
            changes=diff({}, _audited(claim)),
            region_code=claim.village_id or claim.regency_code,
            source=source,
        )
    return claim


def claim_transition(
    *,
    actor,
    claim: Claim,
    to: str,
    on: dt.date,
    today: dt.date,
    why: str = "",
    claim_number: str | None = None,
    amount_claimed: int | None = None,
    amount_paid: int | None = None,
    source: str = Source.WEB,
) -> Claim:
    """A BPJS officer records that the claim was submitted, paid or rejected. A paid death ends the
    worker's memberships (`_end_memberships_of_the_dead`)."""
    if not claim_access(actor, claim).can_decide:
        raise PermissionDenied(_("Hanya petugas BPJS wilayah ini yang mencatat keputusan klaim."))
    if to not in TRANSITIONS.get(claim.status, ()):
        raise ClaimInvalid(
            [
                FieldProblem(
                    "status",
                    "transition",
                    _("Status tidak dapat berubah dari %(old)s ke %(new)s.")
                    % {"old": claim.get_status_display(), "new": Status(to).label},
                )
            ]
        )
    problems = []
    if on > today:
        problems.append(
            FieldProblem("on", "in_future", _("Tanggal %(date)s belum terjadi.") % {"date": on.isoformat()})
        )
    if on < claim.event_date:
        problems.append(FieldProblem("on", "before_event", _("Tanggal ini sebelum tanggal kejadian.")))
    if to == Status.PAID and amount_paid is None:
        problems.append(FieldProblem("amount_paid", "required", _("Tulis jumlah yang dibayar.")))
    if to == Status.REJECTED and not why.strip():
        problems.append(FieldProblem("why", "required", _("Tulis alasan penolakan.")))
    if claim_number and Claim.objects.filter(claim_number=claim_number).exclude(pk=claim.pk).exists():
        problems.append(
            FieldProblem(
                "claim_number",
                "taken",
                _("Nomor klaim %(number)s sudah dipakai klaim lain.") % {"number": claim_number},
            )
        )
    if problems:
        raise ClaimInvalid(problems)
    before = {
        n: getattr(claim, n)
        for n in ("status", "claim_number", "amount_claimed", "amount_paid", "paid_on", "rejection_reason")
    }
    old = claim.status
    claim.status = to
    if claim_number:
        claim.claim_number = claim_number
    if amount_claimed is not None:
        claim.amount_claimed = amount_claimed
    if to == Status.PAID:
        claim.amount_paid, claim.paid_on, claim.rejection_reason = amount_paid, on, ""
    if to == Status.REJECTED:
        claim.rejection_reason = why[:300]
    after = {n: getattr(claim, n) for n in before}
    with transaction.atomic():
        claim.save()
        StatusChange.objects.create(
            claim=claim, by=actor, from_status=old, to_status=to, on=on, why=why[:300]
        )
        audit_record(
            actor=actor,
            object_type=OBJECT,
            object_id=claim.pk,
            action=Action.UPDATE,
            changes=diff(before, after),
            region_code=claim.regency_code,
            source=source,
        )
        if to == Status.PAID:
            _end_memberships_of_the_dead([claim], actor, source)
    return claim


# ---------------------------------------------------------------- heirs and documents


def heir_add(*, actor, claim: Claim, name: str, nik: str, relationship: str, share_percent: Decimal) -> Heir:
    if not claim_access(actor, claim).can_follow:
        raise PermissionDenied(_("Anda tidak boleh mengubah ahli waris klaim ini."))
    problems = []
    if not name.strip():
        problems.append(FieldProblem("name", "required", _("Tulis nama ahli waris.")))
    if nik and not check_nik(nik).valid:
        problems.append(
            FieldProblem("nik", "nik_invalid", _("NIK ahli waris tidak sah: %(nik)s.") % {"nik": nik})
        )
    taken = sum((h.share_percent for h in claim.heirs.all()), Decimal(0))
    if not Decimal(0) < share_percent <= Decimal(100) - taken:
        problems.append(
            FieldProblem(
                "share_percent",
                "share",
                _("Bagian harus di atas 0 dan paling banyak %(left)s %%.")
                % {"left": audit_value(Decimal(100) - taken)},
            )
        )
    if problems:
        raise ClaimInvalid(problems)
    with transaction.atomic():
        heir = Heir.objects.create(
            claim=claim,
            name=name.strip()[:150],
            nik=nik,
            relationship=relationship,
            share_percent=share_percent,
        )
        audit_record(
            actor=actor,
            object_type=OBJECT,
            object_id=claim.pk,
            action=Action.UPDATE,
            changes={"heir": [None, f"{heir.name} ({heir.get_relationship_display()}, {share_percent} %)"]},
            region_code=claim.regency_code,
        )
    return heir


def heir_remove(*, actor, heir: Heir) -> None:
    claim = heir.claim
    if not claim_access(actor, claim).can_follow:
        raise PermissionDenied(_("Anda tidak boleh mengubah ahli waris klaim ini."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            object_type=OBJECT,
            object_id=claim.pk,
            action=Action.UPDATE,
            changes={"heir": [f"{heir.name} ({heir.get_relationship_display()})", None]},
            region_code=claim.regency_code,
        )
        heir.delete()


def documents_set(*, actor, claim: Claim, present: set[int]) -> None:
    """The documents the family has shown: `present` holds requirement ids of the claim's kind."""
    if not claim_access(actor, claim).can_follow:
        raise PermissionDenied(_("Anda tidak boleh mengubah dokumen klaim ini."))
    required = {r.pk: r for r in DocumentRequirement.objects.filter(kind=claim.kind, active=True)}
    present = {pk for pk in present if pk in required}
    ticked = set(claim.ticks.values_list("requirement_id", flat=True))
    added, removed = present - ticked, ticked - present
    if not added and not removed:
        return
    with transaction.atomic():
        DocumentTick.objects.bulk_create(
            DocumentTick(claim=claim, requirement_id=pk, ticked_by=actor) for pk in added
        )
        claim.ticks.filter(requirement_id__in=removed).delete()
        changes = {f"dokumen:{required[pk].code}": ["tidak", "ya"] for pk in added}
        changes.update({f"dokumen:{required[pk].code}": ["ya", "tidak"] for pk in removed if pk in required})
        audit_record(
            actor=actor,
            object_type=OBJECT,
            object_id=claim.pk,
            action=Action.UPDATE,
            changes=changes,
            region_code=claim.regency_code,
        )
