"""A NIK registered outside the user's area: one neutral answer, counted, and the transfer request it offers.

Everywhere a user can meet a NIK registered outside their scope (the worker form, the API, an import's
dry run) they get the same answer, :func:`registered_elsewhere`: it names no region, scheme or funder,
and offers a transfer request. Each such answer is counted per user (:class:`ElsewhereAnswer`) so a
regency admin sees who probes in bulk (:func:`elsewhere_answer_counts`).

Who decides a transfer: a regency admin whose scope holds the village where the person is registered
when asked (or a superuser). The requester's own admin does not decide: the record belongs to the
regency that has it. Approval moves the worker's village; the change is audited on the person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import Role, User
from payung.accounts.scope import NotVisible, scope_for
from payung.audit.models import Action, Source
from payung.audit.services import audit_record, diff
from payung.lib.nik import Problem, normalize_nik
from payung.regions.models import Level, Region

from .models import ElsewhereAnswer, TransferRequest, TransferStatus, Worker

REGISTERED_ELSEWHERE = "nik_registered_elsewhere"


def registered_elsewhere() -> Problem:
    """The one answer for a NIK registered outside the user's area (form, API and import alike)."""
    return Problem(
        REGISTERED_ELSEWHERE,
        _(
            "NIK ini sudah terdaftar di luar wilayah kerja Anda. Bila orang ini pindah ke wilayah Anda, "
            "ajukan permintaan pindah (menu Pekerja, Permintaan pindah); admin kabupaten/kota tempat ia "
            "terdaftar yang memutuskan."
        ),
    )


def elsewhere_answer_record(*, user, count: int = 1, source: str) -> None:
    """Counts answers of that kind given to ``user`` (an import counts its rows at once)."""
    if count > 0 and getattr(user, "pk", None):
        ElsewhereAnswer.objects.create(user=user, count=count, source=source)


# ---------------------------------------------------------------- who probes


@dataclass(frozen=True)
class ProbeCount:
    user: User
    answers: int
    above_threshold: bool


def probe_window_days() -> int:
    return settings.PAYUNG_NIK_PROBE_DAYS


def probe_threshold() -> int:
    return settings.PAYUNG_NIK_PROBE_THRESHOLD


def users_managed_by(admin) -> QuerySet[User]:
    """Users working inside the admin's regions (a superuser: everyone)."""
    scope = scope_for(admin)
    if scope.everything:
        return User.objects.all()
    regions = scope.filter_regions(Region.objects.all())
    return User.objects.filter(regions__in=regions).distinct()


def elsewhere_answer_counts(admin, *, now: dt.datetime | None = None) -> list[ProbeCount]:
    """Users of the admin's regions with how often they got the elsewhere answer in the last days."""
    if not (admin.is_superuser or admin.role == Role.REGENCY_ADMIN):
        raise PermissionDenied
    since = (now or timezone.now()) - dt.timedelta(days=probe_window_days())
    totals = (
        ElsewhereAnswer.objects.filter(at__gte=since, user__in=users_managed_by(admin))
        .values("user")
        .annotate(answers=Sum("count"))
        .order_by("-answers", "user")
    )
    users = User.objects.in_bulk([row["user"] for row in totals])
    threshold = probe_threshold()
    return [ProbeCount(users[row["user"]], row["answers"], row["answers"] >= threshold) for row in totals]


# ---------------------------------------------------------------- transfer requests


class TransferRefused(Exception):
    """The request cannot be made or decided; the message says why."""


def _may_decide(user, worker: Worker) -> bool:
    if user.is_superuser:
        return True
    return user.role == Role.REGENCY_ADMIN and scope_for(user).contains(worker.village_id)


def transfer_request_create(*, actor, nik: str, village_code: str, note: str = "") -> TransferRequest:
    """Asks to move the person with ``nik`` (registered outside the actor's area) to ``village_code``."""
    if not actor.edits_workers:
        raise PermissionDenied(_("Peran Anda tidak boleh mengajukan permintaan pindah."))
    scope = scope_for(actor)
    village = Region.objects.filter(code=(village_code or "").strip(), level=Level.VILLAGE).first()
    if village is None or not scope.contains(village.code):
        raise TransferRefused(_("Pilih desa/kelurahan tujuan di wilayah kerja Anda."))
    worker = Worker.objects.filter(nik=normalize_nik(nik)).first()
    if worker is None or scope.contains(worker.village_id):
        # The same answer whether the NIK is unknown or already in the actor's area (they can see those).
        elsewhere_answer_record(user=actor, source="transfer")
        raise TransferRefused(
            _(
                "Tidak ada orang dengan NIK ini di luar wilayah kerja Anda. Daftarkan atau cari di daftar pekerja."
            )
        )
    try:
        with transaction.atomic():
            return TransferRequest.objects.create(
                worker=worker,
                from_regency_code=worker.regency_code,
                to_village=village,
                requested_by=actor,
                note=note.strip()[:200],
            )
    except IntegrityError as exc:
        raise TransferRefused(
            _("Anda sudah mengajukan permintaan pindah untuk NIK ini; tunggu keputusannya.")
        ) from exc


def transfers_visible_to(user) -> QuerySet[TransferRequest]:
    """Requests the user made, and those the user may decide (the person is registered in their area)."""
    requests = TransferRequest.objects.select_related("worker", "to_village", "requested_by", "decided_by")
    if user.is_superuser:
        return requests
    mine = Q(requested_by=user)
    if user.role == Role.REGENCY_ADMIN:
        mine |= scope_for(user).q(prefix="worker__")
    return requests.filter(mine)


def get_transfer_for_user(user, transfer_id: object) -> TransferRequest:
    try:
        return transfers_visible_to(user).get(pk=int(str(transfer_id)))
    except (TransferRequest.DoesNotExist, ValueError, OverflowError) as exc:
        raise NotVisible from exc


def transfer_request_decide(
    *, actor, transfer: TransferRequest, approve: bool, note: str = ""
) -> TransferRequest:
    """Approves (the worker moves to the requested village) or refuses a pending request."""
    with transaction.atomic():
        transfer = (
            TransferRequest.objects.select_for_update().select_related("to_village").get(pk=transfer.pk)
        )
        worker = Worker.objects.select_for_update().get(pk=transfer.worker_id)
        if not _may_decide(actor, worker):
            raise PermissionDenied(
                _("Hanya admin kabupaten/kota tempat orang ini terdaftar yang memutuskan.")
            )
        if transfer.status != TransferStatus.PENDING:
            raise TransferRefused(_("Permintaan ini sudah diputuskan."))
        if not approve and not note.strip():
            raise TransferRefused(_("Tulis alasan penolakan."))
        transfer.status = TransferStatus.APPROVED if approve else TransferStatus.REFUSED
        transfer.decided_by, transfer.decided_at = actor, timezone.now()
        transfer.decision_note = note.strip()[:200]
        transfer.save()
        if approve:
            _move(actor, worker, transfer)
    return transfer


def _move(actor, worker: Worker, transfer: TransferRequest) -> None:
    parts = transfer.to_village_id.split(".")
    new = {
        "village_id": transfer.to_village_id,
        "district_code": ".".join(parts[:3]),
        "regency_code": ".".join(parts[:2]),
        "province_code": parts[0],
    }
    old = {name: getattr(worker, name) for name in new}
    for name, value in new.items():
        setattr(worker, name, value)
    worker.save(update_fields=[*new, "updated_at"])
    audit_record(
        actor=actor,
        object_type="worker",
        object_id=worker.pk,
        action=Action.UPDATE,
        changes=diff({"village_id": old["village_id"]}, {"village_id": new["village_id"]}),
        source=Source.WEB,
        note=_("pindah atas permintaan #%(id)s") % {"id": transfer.pk},
    )
