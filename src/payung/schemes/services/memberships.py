"""Writes of memberships: propose, remove, submit, activate, reject, lapse, reactivate, end.

Each is atomic, checks the lifecycle (`models.TRANSITIONS`) and writes a `StatusChange` and an
`AuditEvent`. The one-funder rule is the unique key of `MembershipMonth`: a proposal claims its
(worker, programme, month) rows inside the transaction, so of two concurrent proposals for the
same worker and month exactly one commits; the other gets `MembershipConflict` naming the scheme.
A membership that becomes active, lapses or ends writes the coverage outbox (`outbox.py`) in the same
transaction: coverage refreshes those regencies and months from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from payung.accounts.scope import scope_for
from payung.audit.models import Action, AuditEvent, Source
from payung.audit.services import actor_name, audit_record, audit_record_many
from payung.lib import dates
from payung.lib.formats import rupiah
from payung.registry.models import Worker
from payung.rules import Month
from payung.schemes.models import FundingScheme, SchemeStatus
from payung.schemes.pricing import Pricer, months_between, terms_of
from payung.schemes.selection import CRITERIA, Candidate, criteria_missed, plan_for_scheme, plan_selection

from ..access import scheme_access
from ..bulk import (
    AUDIT,
    EVENTS,
    MEMBERSHIP,
    MONTHS,
    Actor,
    Audited,
    analyze_after_bulk,
    db_now,
    json_cast,
    json_param,
    json_table,
    moving_rows,
    release_months,
    release_months_after,
    write_moves,
)
from ..models import TRANSITIONS, Membership, MembershipMonth, MembershipStatus, StatusChange
from ..outbox import memberships_changed, region_months_in_windows
from ..selectors import conflicts_for, scheme_member_summary
from .status import scheme_mark_running


class MembershipInvalid(Exception):
    """The change is not allowed; the message says why. Nothing was changed."""


class MembershipIneligible(MembershipInvalid):
    """The worker misses the scheme's eligibility; adding them by hand needs a stated reason."""

    def __init__(self, message: str, missed: list[str]) -> None:
        super().__init__(message)
        self.missed = missed


class MembershipConflict(MembershipInvalid):
    """The worker is already covered for a programme and month by another scheme."""


@dataclass
class ProposalResult:
    proposed: int = 0  # how many were proposed
    # The memberships proposed (still proposed when iterated): read only if asked; 300,000 model
    # instances cost 16 s and 700 MB.
    created: QuerySet = field(default_factory=Membership.objects.none)
    conflicts: dict[int, list[str]] = field(default_factory=dict)  # worker id -> other schemes


def _today(today: dt.date | None) -> dt.date:
    return today or dates.today()


def _months_for(scheme: FundingScheme, today: dt.date) -> tuple[Month, ...]:
    """The months a member proposed `today` is covered: the remaining months of the scheme."""
    first = max(scheme.start, Month.of(today))
    return months_between(first, Month.of(scheme.last_month))


def _month_rows(membership: Membership, months: tuple[Month, ...]) -> list[tuple[int, int, str, object]]:
    adapt = connection.ops.adapt_datefield_value  # a date for PostgreSQL, ISO text for SQLite
    return [
        (membership.pk, membership.worker_id, programme, adapt(m.first_day))
        for programme in membership.programmes
        for m in months
    ]


def _claim_months(rows: list[tuple[int, int, str, object]]) -> None:
    """Insert (membership, worker, programme, month) rows in one executemany: the unique key decides.

    Raw SQL because a selection of 80,000 workers claims about two million rows; model instances
    would cost minutes. Raises IntegrityError when any row is already held.
    """
    table = MembershipMonth._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.executemany(
                f"INSERT INTO {table} (membership_id, worker_id, programme, month) VALUES (%s, %s, %s, %s)",  # noqa: S608 - table name from the model
                rows[start : start + 50_000],
            )


def _new_membership(
    *, actor, scheme: FundingScheme, worker: Worker, months: tuple[Month, ...], cost: int
) -> Membership:
    return Membership(
        worker=worker,
        scheme=scheme,
        programmes=list(scheme.programmes),
        start_month=months[0].first_day,
        end_month=months[-1].first_day,
        status=MembershipStatus.PROPOSED,
        village_id=worker.village_id,
        district_code=worker.district_code,
        regency_code=worker.regency_code,
        province_code=worker.province_code,
        planned_cost=cost,
        proposed_by=actor,
    )


def _check_open(scheme: FundingScheme) -> None:
    if scheme.status == SchemeStatus.CLOSED:
        raise MembershipInvalid(_("Skema %(name)s sudah ditutup.") % {"name": scheme.name})


def check_eligible(scheme: FundingScheme, worker: Worker, today: dt.date, reason: str) -> list[str]:
    """The criteria the worker misses (decile, occupation, area, age: the selection's own filters).
    Missing any is refused unless a reason is stated; the reason goes into the trail."""
    missed = criteria_missed(plan_for_scheme(scheme, today=today), worker.pk)
    if missed and not reason.strip():
        raise MembershipIneligible(
            _("%(name)s di luar kriteria skema (%(why)s). Tulis alasan bila tetap diusulkan.")
            % {"name": worker.name, "why": "; ".join(str(CRITERIA[m]) for m in missed)},
            missed,
        )
    return missed


def membership_propose(
    *,
    actor,
    scheme: FundingScheme,
    worker: Worker,
    today: dt.date | None = None,
    reason: str = "",
    source: str = Source.WEB,
) -> Membership:
    """Add one worker to a scheme (an operator's or admin's manual choice), inside the budget.
    A worker outside the eligibility needs `reason` (recorded in the trail)."""
    today = _today(today)
    if not scheme_access(actor, scheme).can_propose or not scope_for(actor).contains(worker.village_id):
        raise PermissionDenied(_("Anda tidak boleh mengusulkan pekerja ini untuk skema ini."))
    if not (
        worker.village_id == scheme.funder_region_id
        or worker.village_id.startswith(scheme.funder_region_id + ".")
    ):
        raise MembershipInvalid(
            _("%(name)s tinggal di luar wilayah penyandang dana.") % {"name": worker.name}
        )
    months = _months_for(scheme, today)
    if not months:
        raise MembershipInvalid(_("Bulan skema sudah lewat; tidak ada bulan tersisa untuk ditanggung."))
    missed = check_eligible(scheme, worker, today, reason)
    reason = reason.strip()[:200] if missed else ""
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(
            pk=scheme.pk
        )  # one proposal at a time per scheme
        _check_open(scheme)
        summary = scheme_member_summary(scheme.pk)
        if worker.pk in summary.worker_ids:
            raise MembershipInvalid(_("%(name)s sudah menjadi peserta skema ini.") % {"name": worker.name})
        if scheme.quota is not None and len(summary.worker_ids) >= scheme.quota:
            raise MembershipInvalid(_("Kuota skema (%(quota)s) sudah penuh.") % {"quota": scheme.quota})
        if (
            scheme.per_village_quota is not None
            and summary.per_village[worker.village_id] >= scheme.per_village_quota
        ):
            raise MembershipInvalid(
                _("Kuota desa (%(quota)s) sudah penuh.") % {"quota": scheme.per_village_quota}
            )
        _check_other_funders(scheme, [worker.pk], months)
        occupation = worker.occupation
        cost = Pricer(terms_of(scheme)).cost(
            months, transport=occupation.transport, risk_class=occupation.risk_class
        )
        left = scheme.budget - summary.planned_cost
        if cost > left:
            raise MembershipInvalid(
                _("Anggaran tidak cukup: biaya %(name)s %(cost)s, sisa anggaran %(left)s.")
                % {"name": worker.name, "cost": rupiah(cost), "left": rupiah(left)}
            )
        membership = _new_membership(actor=actor, scheme=scheme, worker=worker, months=months, cost=cost)
        try:
            with transaction.atomic():
                membership.save()
                _claim_months(_month_rows(membership, months))
        except IntegrityError:
            _check_other_funders(scheme, [worker.pk], months)  # names the scheme that won the race
            raise MembershipConflict(
                _("%(name)s baru saja diusulkan oleh skema lain.") % {"name": worker.name}
            ) from None
        StatusChange.objects.create(
            scheme=scheme, membership=membership, by=actor, to_status=MembershipStatus.PROPOSED, why=reason
        )
        audit_record(
            actor=actor,
            object_type="membership",
            object_id=membership.pk,
            region_code=membership.village_id,
            action=Action.CREATE,
            source=source,
            changes={
                "scheme": [None, scheme.name],
                "worker": [None, worker.nik],
                "status": [None, "proposed"],
                **({"outside_criteria": [None, ", ".join(missed)]} if missed else {}),
            },
            note=reason,
        )
    return membership


def _check_other_funders(scheme: FundingScheme, worker_ids: list[int], months: tuple[Month, ...]) -> None:
    found = conflicts_for(
        worker_ids=worker_ids,
        programmes=scheme.programmes,
        months=[m.first_day for m in months],
        exclude_scheme_id=scheme.pk,
    )
    if found:
        worker_id, names = next(iter(found.items()))
        name = Worker.objects.filter(pk=worker_id).values_list("name", flat=True).first()
        raise MembershipConflict(
            _("%(name)s sudah ditanggung skema lain untuk program dan bulan yang sama: %(schemes)s.")
            % {"name": name, "schemes": ", ".join(names)}
        )


def memberships_propose_selection(
    *, actor, scheme: FundingScheme, today: dt.date | None = None, source: str = Source.WEB
) -> ProposalResult:
    """Save the budget-fitting selection as proposed memberships (admins only)."""
    today = _today(today)
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh menyimpan hasil seleksi."))
    result = ProposalResult()
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        _check_open(scheme)
        plan = plan_for_scheme(scheme, today=today)
        if not plan.months:
            raise MembershipInvalid(_("Bulan skema sudah lewat; tidak ada bulan tersisa untuk ditanggung."))
        selection = plan_selection(plan)
        result.conflicts = {c.worker_id: list(c.schemes) for c in selection.conflicts}
        selected = list(selection.selected)
        while True:  # someone may take a worker meanwhile: skip the taken ones, as conflicts, and retry
            try:
                with transaction.atomic():
                    _propose_set(actor, scheme, selected, plan.months, source=source)
                break
            except IntegrityError:
                taken = conflicts_for(
                    worker_ids=[c.worker_id for c in selected],
                    programmes=scheme.programmes,
                    months=[m.first_day for m in plan.months],
                    exclude_scheme_id=scheme.pk,
                )
                if not taken:
                    raise
                result.conflicts.update(taken)
                selected = [c for c in selected if c.worker_id not in taken]
        analyze_after_bulk(MEMBERSHIP, len(selected))
        result.proposed = len(selected)
        result.created = Membership.objects.filter(
            scheme=scheme,
            status=MembershipStatus.PROPOSED,
            worker_id__in_list=[c.worker_id for c in selected],
        ).order_by("id")
    return result


def _propose_set(
    actor, scheme: FundingScheme, candidates: list[Candidate], months, *, source: str = Source.WEB
) -> None:
    """The candidates as proposed memberships with their months, an event and an audit row each: five
    statements whatever their number. IntegrityError (and nothing kept) when a month is already held."""
    if not candidates:
        return
    who = Actor.of(actor)
    _now, stamp = db_now()
    adapt = connection.ops.adapt_datefield_value
    chosen, chosen_params = json_table(
        [("worker_id", "int"), ("cost", "int")], [(c.worker_id, c.cost) for c in candidates]
    )
    programmes, programme_params = json_table([("programme", "text")], [(p,) for p in scheme.programmes])
    covered, month_params = json_table([("month", "date")], [(m.first_day,) for m in months])
    # The new rows are the scheme's proposed ones past the highest id before the insert: the scheme row
    # is locked, so no other proposal for it runs meanwhile (a join on the JSON list would scan it per row).
    before = Membership.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    new = f"FROM {MEMBERSHIP} AS m WHERE m.scheme_id = %s AND m.status = 'proposed' AND m.id > %s"
    why = _("Hasil seleksi")
    worker_table = Worker._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MEMBERSHIP} (worker_id, scheme_id, programmes, start_month, end_month, status, "  # noqa: S608
            "kpj_number, rejection_reason, village_id, district_code, regency_code, province_code, planned_cost, "
            "proposed_by_id, created_at, updated_at) "
            f"SELECT w.id, %s, %s{json_cast()}, %s, %s, 'proposed', '', '', w.village_id, w.district_code, "
            f"w.regency_code, w.province_code, j.cost, %s, %s, %s FROM {chosen} AS j "
            f"JOIN {worker_table} AS w ON w.id = j.worker_id ORDER BY j.worker_id",
            [
                scheme.pk,
                json_param(list(scheme.programmes)),
                adapt(months[0].first_day),
                adapt(months[-1].first_day),
                who.id,
                stamp,
                stamp,
                *chosen_params,
            ],
        )
        cursor.execute(
            f"INSERT INTO {MONTHS} (membership_id, worker_id, programme, month) "  # noqa: S608
            f"SELECT m.id, m.worker_id, p.programme, c.month FROM {MEMBERSHIP} AS m "
            f"CROSS JOIN {programmes} AS p CROSS JOIN {covered} AS c "
            "WHERE m.scheme_id = %s AND m.status = 'proposed' AND m.id > %s",
            [*programme_params, *month_params, scheme.pk, before],
        )
        cursor.execute(
            f"INSERT INTO {EVENTS} (scheme_id, membership_id, at, by_id, by_name, from_status, to_status, why) "  # noqa: S608
            f"SELECT %s, m.id, %s, %s, %s, '', 'proposed', %s {new} ORDER BY m.id",
            [scheme.pk, stamp, who.id, who.name, why, scheme.pk, before],
        )
        cursor.execute(
            f"INSERT INTO {AUDIT} (at, actor_id, actor_name, regency_code, object_type, object_id, action, "  # noqa: S608
            f"source, changes, note) SELECT %s, %s, %s, m.regency_code, 'membership', CAST(m.id AS TEXT), %s, %s, "
            f"%s{json_cast()}, %s {new} ORDER BY m.id",
            [
                stamp,
                who.id,
                who.name,
                Action.CREATE.value,
                Source(source).value,
                json_param({"scheme": [None, scheme.name], "status": [None, "proposed"]}),
                why[:200],
                scheme.pk,
                before,
            ],
        )


def membership_remove(*, actor, membership: Membership, source: str = Source.WEB) -> None:
    """Take a proposed worker out of the selection: the row and its months go (audited)."""
    if not scheme_access(actor, membership.scheme).can_propose or not scope_for(actor).contains(
        membership.village_id
    ):
        raise PermissionDenied(_("Anda tidak boleh mengubah usulan ini."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.PROPOSED:
            raise MembershipInvalid(
                _("Hanya usulan yang bisa dihapus; status sekarang %(status)s.")
                % {"status": MembershipStatus(membership.status).label}
            )
        audit_record_many([_removal_event(actor, membership, source=source)])
        membership.delete()


def _removal_event(actor, membership: Membership, *, note: str = "", source: str = Source.WEB) -> AuditEvent:
    """The trail row of a proposal taken out (by hand or by closing its scheme): the same for both."""
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        regency_code=membership.regency_code,
        object_type="membership",
        object_id=str(membership.pk),
        action=Action.DELETE,
        source=source,
        changes={
            "scheme": [str(membership.scheme_id), None],
            "worker": [str(membership.worker_id), None],
            "status": [membership.status, None],
        },
        note=note[:200],
    )


def _transition(
    membership: Membership, *, to: str, actor, why: str = "", source: str = Source.WEB, **fields
) -> None:
    """Move one (locked) membership along the lifecycle; a row for the change; audited."""
    if to not in TRANSITIONS[membership.status]:
        raise MembershipInvalid(
            _("Status kepesertaan tidak bisa berubah dari %(from)s ke %(to)s.")
            % {"from": MembershipStatus(membership.status).label, "to": MembershipStatus(to).label}
        )
    old = membership.status
    changes = {"status": [old, to]}
    for name, value in fields.items():
        changes[name] = [
            str(getattr(membership, name)) if getattr(membership, name) is not None else None,
            str(value) if value is not None else None,
        ]
        setattr(membership, name, value)
    membership.status = to
    membership.save(update_fields=["status", "updated_at", *fields])
    StatusChange.objects.create(
        scheme_id=membership.scheme_id,
        membership=membership,
        by=actor,
        from_status=old,
        to_status=to,
        why=why[:300],
    )
    audit_record(
        actor=actor,
        object_type="membership",
        object_id=membership.pk,
        region_code=membership.village_id,
        action=Action.UPDATE,
        source=source,
        changes=changes,
        note=why[:200],
    )


def memberships_submit(*, actor, scheme: FundingScheme, source: str = Source.WEB) -> int:
    """All proposed members of an approved scheme go to the BPJS branch (proposed → submitted)."""
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh mengajukan daftar ke BPJS."))
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.status not in (SchemeStatus.APPROVED, SchemeStatus.RUNNING):
            raise MembershipInvalid(_("Skema harus disetujui dulu sebelum daftar diajukan ke BPJS."))
        submitted = write_moves(
            None,
            scheme_id=scheme.pk,
            from_status=MembershipStatus.PROPOSED,
            to=MembershipStatus.SUBMITTED,
            fields={},
            actor=actor,
            source=source,
            why=_("Diajukan ke BPJS"),
        )
    return submitted.count


def memberships_answer(
    *, actor, scheme: FundingScheme, kpj: dict[int, str], rejected: dict[int, str]
) -> None:
    """The branch's answer in bulk: submitted members with a KPJ become active, the others are ended with
    the reason (their months released). Every id must be a submitted member of `scheme`."""
    if any(not number.strip() for number in kpj.values()):
        raise MembershipInvalid(_("Kepesertaan tidak bisa diaktifkan tanpa nomor KPJ."))
    submitted, active, ended = MembershipStatus.SUBMITTED.value, MembershipStatus.ACTIVE.value, "ended"
    with transaction.atomic():
        activated = write_moves(
            moving_rows([("kpj_number", "text")], [(pk, number.strip()) for pk, number in kpj.items()]),
            scheme_id=scheme.pk,
            from_status=submitted,
            to=active,
            fields={"kpj_number": Audited(old=None)},
            actor=actor,
            source=Source.IMPORT,
            why=_("KPJ dari BPJS"),
        )
        refused = write_moves(
            moving_rows(
                [("rejection_reason", "text"), ("end_month", "date")],
                [(pk, reason[:300], None) for pk, reason in rejected.items()],
            ),
            scheme_id=scheme.pk,
            from_status=submitted,
            to=ended,
            fields={"rejection_reason": Audited(old=None), "end_month": Audited(old=None, new="")},
            actor=actor,
            source=Source.IMPORT,
            why=_("Ditolak BPJS"),
        )
        # An id twice, of another scheme or not submitted moved fewer: nothing of it is kept.
        if activated.count != len(kpj) or refused.count != len(rejected):
            raise MembershipInvalid(_("Hanya peserta berstatus diajukan yang bisa diaktifkan atau ditolak."))
        release_months(list(rejected))
        if activated.count:
            scheme_mark_running(actor=actor, scheme=scheme)
            region_months_in_windows(activated.windows, last_month=scheme.last_month)


def membership_activate(
    *, actor, membership: Membership, kpj_number: str, source: str = Source.WEB
) -> Membership:
    """submitted → active, only with the KPJ number the branch returned."""
    kpj_number = (kpj_number or "").strip()
    if not kpj_number:
        raise MembershipInvalid(_("Kepesertaan tidak bisa diaktifkan tanpa nomor KPJ."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("scheme").get(pk=membership.pk)
        _transition(
            membership,
            to=MembershipStatus.ACTIVE,
            actor=actor,
            why=_("KPJ dari BPJS"),
            source=source,
            kpj_number=kpj_number,
        )
        scheme_mark_running(actor=actor, scheme=membership.scheme)
        memberships_changed([membership], last_month=membership.scheme.last_month)
    return membership


def membership_reject(*, actor, membership: Membership, reason: str, source: str = Source.WEB) -> Membership:
    """submitted → ended with the branch's reason; the months are released (never covered: no end month)."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _transition(
            membership,
            to=MembershipStatus.ENDED,
            actor=actor,
            why=_("Ditolak BPJS: %(r)s") % {"r": reason},
            source=source,
            rejection_reason=reason[:300],
            end_month=None,
        )
        membership.month_rows.all().delete()
    return membership


def membership_lapse(*, actor, membership: Membership, first_unpaid: dt.date, why: str = "") -> Membership:
    """active → lapsed: covered up to the month before the first unpaid one. The months stay held."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        last_paid = Month.of(first_unpaid).plus(-1).first_day
        end = last_paid if last_paid >= membership.start_month else None
        _transition(
            membership,
            to=MembershipStatus.LAPSED,
            actor=actor,
            why=why or _("Tunggakan iuran"),
            source=Source.SYSTEM,
            end_month=end,
        )
        memberships_changed([membership], last_month=membership.scheme.last_month)
    return membership


def membership_reactivate(*, actor, membership: Membership, why: str = "") -> Membership:
    """lapsed → active when the arrears are paid: covered again to the scheme's last month."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("scheme").get(pk=membership.pk)
        last = max(r.month for r in membership.month_rows.all()) if membership.month_rows.exists() else None
        _transition(
            membership,
            to=MembershipStatus.ACTIVE,
            actor=actor,
            why=why or _("Tunggakan lunas"),
            source=Source.SYSTEM,
            end_month=last or membership.scheme.last_month,
        )
        memberships_changed([membership], last_month=membership.scheme.last_month)
    return membership


def membership_end(
    *, actor, membership: Membership, month: dt.date | None = None, why: str = ""
) -> Membership:
    """active or lapsed → ended after `month` (default: the current month); later months are released."""
    if not scheme_access(actor, membership.scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh mengakhiri kepesertaan."))
    return _end(actor=actor, membership=membership, month=month, why=why)


def _end(
    *, actor, membership: Membership, month: dt.date | None, why: str, source: str = Source.WEB
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        last = Month.of(month or dates.today()).first_day
        end = membership.end_month
        if membership.status == MembershipStatus.ACTIVE:
            end = max(membership.start_month, min(last, membership.end_month or last))
        _transition(
            membership,
            to=MembershipStatus.ENDED,
            actor=actor,
            why=why or _("Diakhiri"),
            source=source,
            end_month=end,
        )
        membership.month_rows.filter(month__gt=end or membership.start_month.replace(year=1)).delete()
        memberships_changed([membership], last_month=membership.scheme.last_month)
    return membership


def memberships_end_on_death(
    *, actor, worker_id: int, died_on: dt.date, why: str, source: str = Source.SYSTEM
) -> list[Membership]:
    """A death BPJS paid a benefit for (claims/): the worker's active and lapsed memberships end with the
    month of death, the months after it are released (as `membership_end`). No manage check: the
    branch's payment is the proof, and the officer or the report that recorded it is the actor. A
    membership already ended is left alone, so recording the same death twice changes nothing."""
    ended = []
    with transaction.atomic():
        open_ones = Membership.objects.filter(
            worker_id=worker_id, status__in=(MembershipStatus.ACTIVE, MembershipStatus.LAPSED)
        ).order_by("id")
        for membership in open_ones:
            ended.append(_end(actor=actor, membership=membership, month=died_on, why=why, source=source))
    return ended


def memberships_end_for_scheme(*, actor, scheme: FundingScheme, why: str) -> int:
    """When a scheme closes: proposed ones are removed, submitted ones rejected with `why` (as
    `membership_reject`), active and lapsed ones end this month (as `_end`). A few statements in all."""
    with transaction.atomic():
        open_ones = Membership.objects.filter(scheme=scheme).exclude(status=MembershipStatus.ENDED)
        members = list(
            open_ones.select_for_update()
            .order_by("id")
            .values_list("pk", "status", "start_month", "end_month", "rejection_reason", "regency_code")
        )
        proposed = Membership.objects.filter(scheme=scheme, status=MembershipStatus.PROPOSED)
        # Every removal leaves a trail row, the same as a removal by hand (issue 11).
        audit_record_many(
            _removal_event(actor, m, note=why)
            for m in proposed.only("pk", "scheme_id", "worker_id", "status", "regency_code").iterator()
        )
        StatusChange.objects.filter(membership__in=proposed).delete()
        MembershipMonth.objects.filter(membership__in=proposed).delete()
        with connection.cursor() as cursor:
            sql = f"DELETE FROM {MEMBERSHIP} WHERE scheme_id = %s AND status = 'proposed'"  # noqa: S608
            cursor.execute(sql, [scheme.pk])
        submitted = [pk for pk, status, *_rest in members if status == MembershipStatus.SUBMITTED]
        reason = why[:300]
        write_moves(
            moving_rows(
                [("rejection_reason", "text"), ("end_month", "date")],
                [(pk, reason, None) for pk in submitted],
            ),
            scheme_id=scheme.pk,
            from_status=MembershipStatus.SUBMITTED,
            to=MembershipStatus.ENDED,
            fields={"rejection_reason": Audited(), "end_month": Audited(new=None)},
            actor=actor,
            source=Source.WEB,
            why=_("Ditolak BPJS: %(r)s") % {"r": why},
        )
        release_months(submitted)
        last = Month.of(dates.today()).first_day
        ending = []
        for status in (MembershipStatus.ACTIVE, MembershipStatus.LAPSED):
            ends = []
            for pk, their_status, start, old_end, _reason, _regency in members:
                if their_status != status:
                    continue
                end = max(start, min(last, old_end or last)) if status == MembershipStatus.ACTIVE else old_end
                ends.append((pk, end))
                ending.append((pk, end or start.replace(year=1)))
            write_moves(
                moving_rows([("end_month", "date")], ends),
                scheme_id=scheme.pk,
                from_status=status,
                to=MembershipStatus.ENDED,
                fields={"end_month": Audited()},
                actor=actor,
                source=Source.WEB,
                why=why,
            )
        release_months_after(ending)
        region_months_in_windows(
            {(r, start) for _pk, status, start, _e, _x, r in members if status in ("active", "lapsed")},
            last_month=scheme.last_month,
        )
    return len(members)
