"""Writes to the registry. Each change is checked first, done atomically, and audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from payung.accounts.scope import RegionScope, scope_for
from payung.audit.models import Action, Source
from payung.audit.services import audit_record, diff
from payung.lib.nik import Problem

from .models import Worker
from .transfers import elsewhere_answer_record, registered_elsewhere
from .validation import WorkerCheck, WorkerInput, check_worker

AUDITED_FIELDS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "village_id",
    "occupation_id",
    "occupation_note",
    "dtsen_decile",
    "monthly_income",
    "has_disability",
    "phone",
    "kk_number",
)


class WorkerInvalid(Exception):
    """The input has field errors; nothing was saved."""

    def __init__(self, check: WorkerCheck):
        super().__init__("; ".join(p.message for problems in check.errors.values() for p in problems))
        self.check = check


def _fields_from(data: WorkerInput, check: WorkerCheck) -> dict[str, object]:
    village = check.village
    assert village is not None
    parts = village.code.split(".")
    return {
        "nik": data.nik,
        "name": data.name,
        "sex": data.sex,
        "birth_date": data.birth_date,
        "village_id": village.code,
        "province_code": parts[0],
        "regency_code": ".".join(parts[:2]),
        "district_code": ".".join(parts[:3]),
        "occupation_id": data.occupation_code,
        "occupation_note": data.occupation_note.strip(),
        "dtsen_decile": data.dtsen_decile,
        "monthly_income": data.monthly_income,
        "has_disability": data.has_disability,
        "phone": data.phone,
        "kk_number": data.kk_number,
    }


def _checked(actor, data: WorkerInput, today: dt.date | None, area: RegionScope | None = None) -> WorkerCheck:
    if area is None and not actor.edits_workers:
        raise PermissionDenied(_("Peran Anda tidak boleh mengubah data pekerja."))
    check = check_worker(data, today=today)
    if check.village is not None and not (area or scope_for(actor)).contains(check.village.code):
        # Same message as an unknown village: no hint about regions outside the user's scope.
        check.error(
            "village_code",
            "village_unknown",
            _("Kode desa/kelurahan %(code)s tidak ditemukan di wilayah kerja Anda.")
            % {"code": data.village_code},
        )
    if not check.valid:
        raise WorkerInvalid(check)
    return check


def _duplicate_nik(actor, check: WorkerCheck, *, nik: str, source: str) -> WorkerInvalid:
    """In the actor's area: find and edit the record. Elsewhere: the one neutral answer, counted."""
    existing = Worker.objects.filter(nik=nik).values_list("village_id", flat=True).first()
    if existing is not None and not scope_for(actor).contains(existing):
        elsewhere_answer_record(user=actor, source=source)
        problem = registered_elsewhere()
    else:
        problem = Problem(
            "nik_duplicate",
            _("NIK ini sudah terdaftar. Satu NIK hanya untuk satu orang; cari dan ubah data yang ada."),
        )
    check.errors.setdefault("nik", []).append(problem)
    return WorkerInvalid(check)


def _create_audited(actor, fields: dict, source: str) -> Worker:
    """The new row and its trail row, in one transaction (IntegrityError: the NIK is taken)."""
    with transaction.atomic():
        worker = Worker.objects.create(**fields)
        audit_record(
            actor=actor,
            object_type="worker",
            object_id=worker.pk,
            action=Action.CREATE,
            changes=diff({}, {f: fields[f] for f in AUDITED_FIELDS}),
            source=source,
            region_code=worker.village_id,
        )
    return worker


def worker_register(
    *, actor, data: WorkerInput, source: str = Source.WEB, today: dt.date | None = None
) -> Worker:
    check = _checked(actor, data, today)
    fields = _fields_from(data, check)
    try:
        worker = _create_audited(actor, fields, source)
    except IntegrityError as exc:
        if Worker.objects.filter(nik=data.nik).exists():
            raise _duplicate_nik(actor, check, nik=data.nik, source=source) from exc
        raise
    return worker


def worker_update(
    *, actor, worker: Worker, data: WorkerInput, source: str = Source.WEB, today: dt.date | None = None
) -> Worker:
    """Changes a worker the caller already fetched through the access layer."""
    if not scope_for(actor).contains(worker.village_id):
        raise PermissionDenied
    check = _checked(actor, data, today)
    fields = _fields_from(data, check)
    old = {f: getattr(worker, f) for f in AUDITED_FIELDS}
    changes = diff(old, {f: fields[f] for f in AUDITED_FIELDS})
    if not changes:
        return worker
    for name, value in fields.items():
        setattr(worker, name, value)
    try:
        with transaction.atomic():
            worker.save()
            audit_record(
                actor=actor,
                object_type="worker",
                object_id=worker.pk,
                action=Action.UPDATE,
                changes=changes,
                source=source,
                region_code=worker.village_id,
            )
    except IntegrityError as exc:
        if Worker.objects.filter(nik=data.nik).exclude(pk=worker.pk).exists():
            raise _duplicate_nik(actor, check, nik=data.nik, source=source) from exc
        raise
    return worker


def worker_check_in_area(
    *, data: WorkerInput, area: RegionScope, today: dt.date | None = None
) -> WorkerCheck:
    """The checks of `worker_register` for a village inside `area`, saving nothing (a form's preview)."""
    check = check_worker(data, today=today)
    if check.village is not None and not area.contains(check.village.code):
        check.error(
            "village_code",
            "village_unknown",
            _("Kode desa/kelurahan %(code)s tidak ditemukan di wilayah kerja Anda.")
            % {"code": data.village_code},
        )
    return check


def worker_register_in_area(
    *, actor, data: WorkerInput, area: RegionScope, source: str = Source.WEB, today: dt.date | None = None
) -> Worker:
    """A new worker whose village lies inside `area`, for a caller that has its own right to register
    there (a Perisai agent in its district: agents.services decides). Checked and audited as
    `worker_register`; the caller looks up an existing NIK first (a duplicate raises WorkerInvalid)."""
    check = _checked(actor, data, today, area)
    fields = _fields_from(data, check)
    try:
        worker = _create_audited(actor, fields, source)
    except IntegrityError as exc:
        check.errors.setdefault("nik", []).append(registered_elsewhere())
        raise WorkerInvalid(check) from exc
    return worker
