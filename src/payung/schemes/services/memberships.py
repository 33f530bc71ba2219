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
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.scope import scope_for
from payung.audit.models import Action, AuditEvent, Source
from payung.audit.services import audit_record, audit_record_many
from payung.lib import dates
from payung.lib.money import dotted
from payung.registry.models import Worker
from payung.rules import Month
from payung.schemes.models import FundingScheme, SchemeStatus
from payung.schemes.pricing import Pricer, months_between, terms_of
from payung.schemes.selection import Candidate, plan_for_scheme, plan_selection

from ..access import scheme_access
from ..models import TRANSITIONS, Membership, MembershipMonth, MembershipStatus, StatusChange
from ..outbox import memberships_changed
from ..selectors import conflicts_for, scheme_member_summary
from .status import scheme_mark_running


class MembershipInvalid(Exception):
    """The change is not allowed; the message says why. Nothing was changed."""


class MembershipConflict(MembershipInvalid):
    """The worker is already covered for a programme and month by another scheme."""


@dataclass
class ProposalResult:
    created: list[Membership] = field(default_factory=list)
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


def membership_propose(
    *, actor, scheme: FundingScheme, worker: Worker, today: dt.date | None = None
) -> Membership:
    """Add one worker to a scheme (an operator's or admin's manual choice), inside the budget."""
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
                _("Anggaran tidak cukup: biaya %(name)s Rp%(cost)s, sisa anggaran Rp%(left)s.")
                % {
                    "name": worker.name,
                    "cost": dotted(cost),
                    "left": dotted(left),
                }
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
            scheme=scheme, membership=membership, by=actor, to_status=MembershipStatus.PROPOSED
        )
        audit_record(
            actor=actor,
            object_type="membership",
            object_id=membership.pk,
            action=Action.CREATE,
            changes={
                "scheme": [None, scheme.name],
                "worker": [None, worker.nik],
                "status": [None, "proposed"],
            },
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
    *, actor, scheme: FundingScheme, today: dt.date | None = None
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
        workers = Worker.objects.in_bulk([c.worker_id for c in selection.selected])
        result.created = _propose_in_bulk(actor, scheme, workers, selection.selected, plan.months)
        if result.created is None:  # someone took a worker meanwhile: one by one, skipping the taken
            result.created = []
            for candidate in selection.selected:
                membership = _propose_candidate(
                    actor, scheme, workers[candidate.worker_id], candidate, plan.months
                )
                if membership is None:
                    result.conflicts[candidate.worker_id] = _other_names(
                        scheme, candidate.worker_id, plan.months
                    )
                else:
                    result.created.append(membership)
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    scheme=scheme, membership=m, by=actor, to_status=MembershipStatus.PROPOSED, why=_("Hasil seleksi")
                )
                for m in result.created
            ]
        )
        audit_record_many(
            AuditEvent(
                actor=actor,
                object_type="membership",
                object_id=str(m.pk),
                action=Action.CREATE,
                source=Source.WEB,
                changes={"scheme": [None, scheme.name], "status": [None, "proposed"]},
                note=_("Hasil seleksi"),
            )
            for m in result.created
        )
    return result


def _propose_in_bulk(actor, scheme, workers, candidates: list[Candidate], months) -> list[Membership] | None:
    """All candidates in two bulk inserts; None (and nothing saved) when one of them is already taken."""
    memberships = [
        _new_membership(actor=actor, scheme=scheme, worker=workers[c.worker_id], months=months, cost=c.cost)
        for c in candidates
    ]
    try:
        with transaction.atomic():
            created = Membership.objects.bulk_create(memberships, batch_size=2_000)
            _claim_months([row for m in created for row in _month_rows(m, months)])
    except IntegrityError:
        return None
    return created


def _propose_candidate(actor, scheme, worker, candidate: Candidate, months) -> Membership | None:
    membership = _new_membership(
        actor=actor, scheme=scheme, worker=worker, months=months, cost=candidate.cost
    )
    try:
        with transaction.atomic():
            membership.save()
            _claim_months(_month_rows(membership, months))
    except IntegrityError:
        return None  # another scheme took this worker since the selection was read
    return membership


def _other_names(scheme, worker_id: int, months) -> list[str]:
    found = conflicts_for(
        worker_ids=[worker_id],
        programmes=scheme.programmes,
        months=[m.first_day for m in months],
        exclude_scheme_id=scheme.pk,
    )
    return found.get(worker_id, [])


def membership_remove(*, actor, membership: Membership) -> None:
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
        audit_record(
            actor=actor,
            object_type="membership",
            object_id=membership.pk,
            action=Action.DELETE,
            changes={
                "scheme": [str(membership.scheme_id), None],
                "worker": [str(membership.worker_id), None],
            },
        )
        membership.delete()


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
        membership=membership, by=actor, from_status=old, to_status=to, why=why[:300]
    )
    audit_record(
        actor=actor,
        object_type="membership",
        object_id=membership.pk,
        action=Action.UPDATE,
        source=source,
        changes=changes,
        note=why[:200],
    )


def memberships_submit(*, actor, scheme: FundingScheme) -> int:
    """All proposed members of an approved scheme go to the BPJS branch (proposed → submitted)."""
    if not scheme_access(actor, scheme).can_manage:
        raise PermissionDenied(_("Hanya admin kabupaten/kota yang boleh mengajukan daftar ke BPJS."))
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.status not in (SchemeStatus.APPROVED, SchemeStatus.RUNNING):
            raise MembershipInvalid(_("Skema harus disetujui dulu sebelum daftar diajukan ke BPJS."))
        proposed = list(
            Membership.objects.select_for_update().filter(scheme=scheme, status=MembershipStatus.PROPOSED)
        )
        for membership in proposed:
            membership.status = MembershipStatus.SUBMITTED
        _transition_many(
            proposed, from_status=MembershipStatus.PROPOSED, fields=[], actor=actor, why=_("Diajukan ke BPJS")
        )
    return len(proposed)


def _transition_many(
    memberships: list[Membership],
    *,
    from_status: str,
    fields: list[str],
    actor,
    why: str,
    source: str = Source.WEB,
) -> None:
    """Bulk form of `_transition` for memberships (locked, all in `from_status`) already given their new
    status and `fields`: one bulk update, one bulk insert of events and of audit rows."""
    if not memberships:
        return
    to = memberships[0].status
    if to not in TRANSITIONS[from_status] or any(m.status != to for m in memberships):
        raise MembershipInvalid(_("Perubahan status massal tidak sah."))
    now = timezone.now()
    for membership in memberships:
        membership.updated_at = now
    _update_rows(memberships, ["status", "updated_at", *fields])
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                scheme_id=m.scheme_id,
                membership=m,
                by=actor,
                from_status=from_status,
                to_status=to,
                why=why[:300],
            )
            for m in memberships
        ],
        batch_size=5_000,
    )
    audit_record_many(
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            object_type="membership",
            object_id=str(m.pk),
            action=Action.UPDATE,
            source=source,
            note=why[:200],
            changes={"status": [from_status, to], **{f: [None, str(getattr(m, f) or "")] for f in fields}},
        )
        for m in memberships
    )


def _update_rows(memberships: list[Membership], fields: list[str]) -> None:
    """One executemany UPDATE (bulk_update's CASE expressions cost seconds for tens of thousands of rows)."""
    ops = connection.ops
    columns = [Membership._meta.get_field(f) for f in fields]
    adapt = {
        "updated_at": ops.adapt_datetimefield_value,
        "end_month": ops.adapt_datefield_value,
    }
    sql = "UPDATE {} SET {} WHERE id = %s".format(  # noqa: S608 - names from the model
        Membership._meta.db_table, ", ".join(f"{c.column} = %s" for c in columns)
    )
    params = [
        [adapt.get(f, lambda v: v)(getattr(m, f)) if getattr(m, f) is not None else None for f in fields]
        + [m.pk]
        for m in memberships
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 20_000):
            cursor.executemany(sql, params[start : start + 20_000])


def memberships_answer(
    *, actor, scheme: FundingScheme, kpj: dict[int, str], rejected: dict[int, str]
) -> None:
    """The branch's answer in bulk: submitted members with a KPJ become active, the others are ended with
    the reason (their months released). Every id must be a submitted member of `scheme`."""
    with transaction.atomic():
        members = list(Membership.objects.select_for_update().filter(scheme=scheme, pk__in=[*kpj, *rejected]))
        if len(members) != len(kpj) + len(rejected) or any(
            m.status != MembershipStatus.SUBMITTED for m in members
        ):
            raise MembershipInvalid(_("Hanya peserta berstatus diajukan yang bisa diaktifkan atau ditolak."))
        if any(not number.strip() for number in kpj.values()):
            raise MembershipInvalid(_("Kepesertaan tidak bisa diaktifkan tanpa nomor KPJ."))
        activated = [m for m in members if m.pk in kpj]
        for m in activated:
            m.status, m.kpj_number = MembershipStatus.ACTIVE, kpj[m.pk].strip()
        _transition_many(
            activated,
            from_status=MembershipStatus.SUBMITTED,
            fields=["kpj_number"],
            actor=actor,
            why=_("KPJ dari BPJS"),
            source=Source.IMPORT,
        )
        ended = [m for m in members if m.pk in rejected]
        for m in ended:
            m.status, m.rejection_reason, m.end_month = MembershipStatus.ENDED, rejected[m.pk][:300], None
        _transition_many(
            ended,
            from_status=MembershipStatus.SUBMITTED,
            fields=["rejection_reason", "end_month"],
            actor=actor,
            why=_("Ditolak BPJS"),
            source=Source.IMPORT,
        )
        MembershipMonth.objects.filter(membership__in=ended).delete()
        if activated:
            scheme_mark_running(actor=actor, scheme=scheme)
            memberships_changed(activated, last_month=scheme.last_month)


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


def _end(*, actor, membership: Membership, month: dt.date | None, why: str) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        last = Month.of(month or dates.today()).first_day
        end = membership.end_month
        if membership.status == MembershipStatus.ACTIVE:
            end = max(membership.start_month, min(last, membership.end_month or last))
        _transition(
            membership, to=MembershipStatus.ENDED, actor=actor, why=why or _("Diakhiri"), end_month=end
        )
        membership.month_rows.filter(month__gt=end or membership.start_month.replace(year=1)).delete()
        memberships_changed([membership], last_month=membership.scheme.last_month)
    return membership


def memberships_end_for_scheme(*, actor, scheme: FundingScheme, why: str) -> int:
    """When a scheme closes: proposed ones are removed, submitted/active/lapsed ones end."""
    count = 0
    for membership in Membership.objects.filter(scheme=scheme).exclude(status=MembershipStatus.ENDED):
        if membership.status == MembershipStatus.PROPOSED:
            membership.delete()
        elif membership.status == MembershipStatus.SUBMITTED:
            membership_reject(actor=actor, membership=membership, reason=why)
        else:
            _end(actor=actor, membership=membership, month=None, why=why)
        count += 1
    return count


# Self-paying (MANDIRI) members brought by a Perisai agent (agents/): the worker pays, so there is no
# budget or quota to check, and the one-funder answer names nobody (the agent must not learn who funds).
SELF_PAID_TAKEN = "self_paid_taken"


def membership_enrol_self_paid(
    *, actor, scheme: FundingScheme, worker: Worker, programmes: tuple[str, ...], first: Month, cost: int
) -> Membership:
    """A MANDIRI member of `scheme` from month `first` to the scheme's last month, for `programmes`.

    The caller (agents.services) has checked that `actor` may register this worker; here only the
    scheme (MANDIRI, open) and the one-funder rule are checked. A conflict raises `MembershipConflict`
    with a neutral message and the code `SELF_PAID_TAKEN` in its args.
    """
    if scheme.funder_type != "MANDIRI":
        raise MembershipInvalid(_("Hanya skema mandiri yang menerima peserta dari agen."))
    months = months_between(max(first, scheme.start), Month.of(scheme.last_month))
    if not months:
        raise MembershipInvalid(_("Bulan mulai di luar bulan skema."))
    taken = _(
        "Pekerja ini sudah menjadi peserta untuk program dan bulan yang sama; tidak bisa didaftarkan lagi."
    )
    with transaction.atomic():
        scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
        _check_open(scheme)
        if (
            conflicts_for(
                worker_ids=[worker.pk],
                programmes=programmes,
                months=[m.first_day for m in months],
                exclude_scheme_id=None,
            )
            or Membership.objects.filter(scheme=scheme, worker=worker)
            .exclude(status=MembershipStatus.ENDED)
            .exists()
        ):
            raise MembershipConflict(taken, SELF_PAID_TAKEN)
        membership = _new_membership(actor=actor, scheme=scheme, worker=worker, months=months, cost=cost)
        membership.programmes = list(programmes)
        try:
            with transaction.atomic():
                membership.save()
                _claim_months(_month_rows(membership, months))
        except IntegrityError:
            raise MembershipConflict(taken, SELF_PAID_TAKEN) from None
        StatusChange.objects.create(
            scheme=scheme,
            membership=membership,
            by=actor,
            to_status=MembershipStatus.PROPOSED,
            why=_("Didaftarkan agen Perisai"),
        )
        audit_record(
            actor=actor,
            object_type="membership",
            object_id=membership.pk,
            action=Action.CREATE,
            changes={
                "scheme": [None, scheme.name],
                "worker": [None, worker.nik],
                "programmes": [None, "+".join(programmes)],
                "status": [None, "proposed"],
            },
            region_code=worker.village_id,
        )
    return membership
