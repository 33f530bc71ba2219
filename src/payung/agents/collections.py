"""Contributions an agent collects from its recruits, deposits to BPJS, and what each recruit owes.

A self-paying member's month is due on the rules' due day (`rules.bill_due_date`) and costs what the
regulation engine says for that month (a discount window counts). Arrears, lapse and reactivation follow
the funded members' rule: `lapse_after_months` past-due unpaid months (the scheme's, from the rules)
lapse the membership through `schemes` (`membership_lapse`); paying them off reactivates it
(`membership_reactivate`). Collections are the member's payments: MANDIRI schemes are not billed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.lib.formats import rupiah
from payung.rules import Month, bill_due_date
from payung.schemes.models import Membership, MembershipStatus
from payung.schemes.pricing import Pricer, SchemeTerms, months_between
from payung.schemes.services.memberships import membership_lapse, membership_reactivate

from .access import own_agent
from .models import Agent, Collection, Deposit, DepositCover, PaymentMethod, Recruit


class CollectionInvalid(Exception):
    """Field errors ({field: [message]}); nothing was saved."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def _pricer(recruit: Recruit) -> Pricer:
    return Pricer(
        SchemeTerms(
            segment="BPU",
            programmes=tuple(recruit.membership.programmes),
            funder_type="MANDIRI",
            declared_income=recruit.declared_income,
        )
    )


def month_due(recruit: Recruit, month: Month, pricer: Pricer | None = None) -> int:
    """What `recruit` pays for `month` (the engine's price for that month)."""
    occupation = recruit.worker.occupation
    return (pricer or _pricer(recruit)).month_cost(month, transport=occupation.transport)


def month_due_source(recruit: Recruit, month: Month) -> str:
    """The regulation versions that priced `recruit`'s `month` (what a price's `rule_source` cites)."""
    occupation = recruit.worker.occupation
    lines = _pricer(recruit).breakdown(month, transport=occupation.transport).lines
    return "; ".join(dict.fromkeys(str(line.source) for line in lines))


def memberships_of(recruit: Recruit) -> list[Membership]:
    """The recruit's MANDIRI memberships, oldest year first: those it was carried from
    (`Continuation`, continuation.py), then the current one."""
    earlier = sorted(recruit.continuations.all(), key=lambda c: c.year)
    return [c.previous for c in earlier] + [recruit.membership]


def _months_held_by(membership: Membership) -> tuple[Month, ...]:
    if membership.status == MembershipStatus.ENDED:
        if membership.end_month is None:
            return ()
        last = Month.of(membership.end_month)
    else:
        last = Month.of(membership.scheme.last_month)
    return months_between(Month.of(membership.start_month), last)


def held_months(recruit: Recruit) -> tuple[Month, ...]:
    """The months the memberships cover or still hold, every year the recruit was carried through:
    each from its start to its end (ended) or its scheme's last month."""
    return tuple(m for membership in memberships_of(recruit) for m in _months_held_by(membership))


@dataclass(frozen=True)
class Arrears:
    recruit: Recruit
    unpaid: tuple[Month, ...]  # past their due date
    amount: int


def arrears_of(recruit: Recruit, *, today: dt.date, paid: set[dt.date] | None = None) -> Arrears:
    if paid is None:
        paid = set(recruit.collections.values_list("month", flat=True))
    pricer = _pricer(recruit)
    unpaid = tuple(m for m in held_months(recruit) if bill_due_date(m) < today and m.first_day not in paid)
    return Arrears(recruit=recruit, unpaid=unpaid, amount=sum(month_due(recruit, m, pricer) for m in unpaid))


def _check_collector(actor, recruit: Recruit) -> None:
    agent = own_agent(actor)
    if not (actor.is_superuser or (agent is not None and agent.pk == recruit.agent_id)):
        raise PermissionDenied(_("Hanya agen yang mendaftarkan peserta ini yang mencatat iurannya."))


def _continue_on_need(*, actor, recruit: Recruit, month: Month, today: dt.date) -> bool:
    """January's contribution collected ahead in December (or later): carry the recruit into that
    year first (continuation.py). False when it is not that case or the recruit cannot continue."""
    from .continuation import ContinuationRefused, may_continue, recruit_continue  # it builds on this module

    if month != Month(month.year, 1) or Month.of(today) < Month(month.year - 1, 12):
        return False
    if not may_continue(recruit, month.year):
        return False
    try:
        recruit_continue(actor=actor, recruit=recruit, year=month.year, today=today, source=Source.WEB)
    except ContinuationRefused:
        return False
    return True


def collection_record(
    *,
    actor,
    recruit: Recruit,
    month: Month,
    amount: int,
    method: str,
    reference: str,
    collected_on: dt.date,
    today: dt.date | None = None,
    source: str = Source.WEB,
) -> Collection:
    """One month's contribution received from `recruit`; reactivates a lapsed member whose arrears it clears."""
    _check_collector(actor, recruit)
    today = today or dates.today()
    errors: dict[str, list[str]] = {}
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors["amount"] = [_("Jumlah iuran harus bilangan bulat Rupiah lebih dari nol.")]
    if method not in PaymentMethod.values:
        errors["method"] = [_("Pilih cara bayar: tunai atau transfer.")]
    if method == PaymentMethod.TRANSFER and not reference.strip():
        errors["reference"] = [_("Referensi transfer (nomor bukti) wajib diisi.")]
    if collected_on > today:
        errors["collected_on"] = [_("Tanggal terima tidak boleh di masa depan.")]
    months = held_months(recruit)
    if (
        month not in months
        and not errors
        and amount == month_due(recruit, month)  # nothing is carried for a collection refused anyway
        and _continue_on_need(actor=actor, recruit=recruit, month=month, today=today)
    ):
        months = held_months(recruit)
    if month not in months:
        if months and month < months[0]:
            why = _("Bulan %(m)s sebelum kepesertaan mulai (%(first)s).") % {"m": month, "first": months[0]}
        elif months:
            why = _("Bulan %(m)s sesudah kepesertaan berakhir (%(last)s).") % {"m": month, "last": months[-1]}
        else:
            why = _("Kepesertaan ini tidak pernah berlaku; iuran tidak bisa dicatat.")
        errors["month"] = [why]
    elif "amount" not in errors:
        due = month_due(recruit, month)
        if amount != due:
            errors["amount"] = [
                _("Iuran bulan %(m)s untuk peserta ini %(due)s; jumlah yang dicatat %(amount)s.")
                % {"m": month, "due": rupiah(due), "amount": rupiah(amount)}
            ]
    if errors:
        raise CollectionInvalid(errors)
    try:
        with transaction.atomic():
            collection = Collection.objects.create(
                recruit=recruit,
                agent_id=recruit.agent_id,
                month=month.first_day,
                amount=amount,
                method=method,
                reference=reference.strip()[:100],
                collected_on=collected_on,
                recorded_by=actor,
            )
            audit_record(
                actor=actor,
                object_type="collection",
                object_id=collection.pk,
                action=Action.CREATE,
                changes={
                    "recruit": [None, str(recruit.pk)],
                    "month": [None, month.first_day.isoformat()],
                    "amount": [None, str(amount)],
                    "method": [None, method],
                },
                source=source,
                region_code=recruit.village_id,
            )
            _reactivate_if_paid_up(actor=actor, recruit=recruit, today=today)
    except IntegrityError:
        raise CollectionInvalid(
            {"month": [_("Iuran bulan %(m)s peserta ini sudah dicatat.") % {"m": month}]}
        ) from None
    return collection


def _reactivate_if_paid_up(*, actor, recruit: Recruit, today: dt.date) -> None:
    recruit = Recruit.objects.select_related("membership__scheme", "worker__occupation").get(pk=recruit.pk)
    lapsed = [m for m in memberships_of(recruit) if m.status == MembershipStatus.LAPSED]
    if lapsed and not arrears_of(recruit, today=today).unpaid:
        for membership in lapsed:
            membership_reactivate(actor=actor, membership=membership, why=_("Tunggakan lunas (iuran agen)"))


def recruits_lapse_unpaid(*, today: dt.date | None = None, agent: Agent | None = None, actor=None) -> int:
    """Lapse every active self-paying member with `lapse_after_months` or more past-due unpaid months
    (counted across the years it was carried through: each active membership from the first unpaid month)."""
    today = today or dates.today()
    recruits = (
        Recruit.objects.filter(membership__status=MembershipStatus.ACTIVE)
        .select_related("membership__scheme", "worker__occupation")
        .prefetch_related("continuations__previous__scheme")
    )
    if agent is not None:
        recruits = recruits.filter(agent=agent)
    count = 0
    for recruit in recruits:
        arrears = arrears_of(recruit, today=today)
        if len(arrears.unpaid) >= recruit.membership.scheme.lapse_after_months:
            first_unpaid = arrears.unpaid[0]
            for membership in memberships_of(recruit):
                if membership.status != MembershipStatus.ACTIVE:
                    continue
                if Month.of(membership.end_month or membership.scheme.last_month) < first_unpaid:
                    continue  # a paid-up earlier year
                membership_lapse(
                    actor=actor,
                    membership=membership,
                    first_unpaid=first_unpaid.first_day,
                    why=_("%(n)s bulan iuran belum dibayar") % {"n": len(arrears.unpaid)},
                )
            count += 1
    return count


def undeposited(agent: Agent) -> int:
    """Collected and not yet deposited to BPJS."""
    collected = Collection.objects.filter(agent=agent).aggregate(total=Sum("amount"))["total"] or 0
    deposited = Deposit.objects.filter(agent=agent).aggregate(total=Sum("amount"))["total"] or 0
    return collected - deposited


@dataclass(frozen=True)
class OpenCollection:
    collection: Collection
    remaining: int  # not yet covered by a deposit


def open_collections(
    agent: Agent, *, received_by: dt.date | None = None, deposited_before: dt.date | None = None
) -> list[OpenCollection]:
    """The agent's collections not (fully) deposited, oldest first (day received, then recorded):
    received on or before `received_by`, counting the deposits made before `deposited_before`."""
    collections = (
        Collection.objects.filter(agent=agent).select_related("recruit").order_by("collected_on", "id")
    )
    covers = DepositCover.objects.filter(collection__agent=agent)
    if received_by is not None:
        collections = collections.filter(collected_on__lte=received_by)
    if deposited_before is not None:
        covers = covers.filter(deposit__deposited_on__lt=deposited_before)
    covered = dict(
        covers.order_by()
        .values("collection")
        .annotate(total=Sum("amount"))
        .values_list("collection", "total")
    )
    rows = (OpenCollection(c, c.amount - covered.get(c.pk, 0)) for c in collections)
    return [row for row in rows if row.remaining > 0]


def _tokens(text: str | Sequence[str]) -> list[str]:
    parts = text.replace(";", ",").split(",") if isinstance(text, str) else list(text)
    return [p.strip() for p in parts if p and p.strip()]


def deposit_record(
    *,
    actor,
    amount: int,
    deposited_on: dt.date,
    reference: str,
    covers: str | Sequence[str] = "",
    today: dt.date | None = None,
    source: str = Source.WEB,
) -> Deposit:
    """The agent pays in to BPJS; never more than it received by that day and has not deposited yet.

    The deposit is matched to collections (`DepositCover`): first those whose reference is named in
    `covers` (a collection's own reference, e.g. the transfer's; comma-separated), then the oldest
    received by the deposit's day, until its amount is used up."""
    agent = own_agent(actor)
    if agent is None:
        raise PermissionDenied(_("Hanya agen Perisai yang mencatat setoran."))
    today = today or dates.today()
    errors: dict[str, list[str]] = {}
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors["amount"] = [_("Jumlah setoran harus bilangan bulat Rupiah lebih dari nol.")]
    if not reference.strip():
        errors["reference"] = [_("Referensi setoran (nomor bukti BPJS) wajib diisi.")]
    if deposited_on > today:
        errors["deposited_on"] = [_("Tanggal setor tidak boleh di masa depan.")]
    if errors:
        raise CollectionInvalid(errors)
    named = _tokens(covers)
    with transaction.atomic():
        agent = Agent.objects.select_for_update().get(pk=agent.pk)  # one deposit at a time per agent
        open_ = open_collections(agent, received_by=deposited_on)
        held = sum(row.remaining for row in open_)
        if amount > held:
            raise CollectionInvalid(
                {
                    "amount": [
                        _("Setoran %(amount)s melebihi iuran terkumpul yang belum disetor (%(held)s).")
                        % {"amount": rupiah(amount), "held": rupiah(held)}
                    ]
                }
            )
        references = {row.collection.reference for row in open_}
        unknown = [token for token in named if token not in references]
        if unknown:
            raise CollectionInvalid(
                {
                    "covers": [
                        _("Tidak ada iuran belum disetor dengan referensi %(refs)s.")
                        % {"refs": ", ".join(unknown)}
                    ]
                }
            )
        first = [row for row in open_ if row.collection.reference in named]
        ordered = first + [row for row in open_ if row.collection.reference not in named]
        deposit = Deposit.objects.create(
            agent=agent,
            amount=amount,
            deposited_on=deposited_on,
            reference=reference.strip()[:100],
            recorded_by=actor,
        )
        left, lines = amount, []
        for row in ordered:
            if left == 0:
                break
            part = min(left, row.remaining)
            lines.append(DepositCover(deposit=deposit, collection=row.collection, amount=part))
            left -= part
        DepositCover.objects.bulk_create(lines)
        audit_record(
            actor=actor,
            object_type="deposit",
            object_id=deposit.pk,
            action=Action.CREATE,
            changes={
                "agent": [None, str(agent.pk)],
                "amount": [None, str(amount)],
                "reference": [None, deposit.reference],
                "covers": [None, ", ".join(f"#{line.collection_id}:{line.amount}" for line in lines)],
            },
            source=source,
            region_code=agent.area_id,
        )
    return deposit
