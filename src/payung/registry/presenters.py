"""What a user may see of a worker. Views, exports and the API show only these, never the model itself.

- `present_worker`: a person on a list. The NIK, phone and KK are masked for every role (minimised by
  default); the name shows to roles that work with named people. Roles that see aggregates only (viewer)
  get no person at all: PermissionDenied, whatever the path.
- `reveal_worker` / `Disclosure`: a person's page, an API detail or an export meant for BPJS, with the
  full NIK, phone and KK. Each look is written to the access log (who, whom, when, where, why); an
  export writes one log row and its people in bulk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import TracebackType

from django.core.exceptions import PermissionDenied

from payung.audit.models import Channel
from payung.audit.services import access_record
from payung.lib.masking import mask_nik, mask_phone

from .models import Sex, Worker


@dataclass(frozen=True)
class WorkerView:
    id: int
    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    village_code: str
    village_name: str
    district_code: str
    occupation: str
    occupation_note: str
    dtsen_decile: int | None
    monthly_income: int | None
    has_disability: bool
    phone: str
    kk_number: str
    masked: bool


def _view(worker: Worker, *, full: bool) -> WorkerView:
    return WorkerView(
        id=worker.pk,
        nik=worker.nik if full else mask_nik(worker.nik),
        name=worker.name,
        sex=str(Sex(worker.sex).label),
        # The birth date is inside the NIK too: it shows where the full NIK does.
        birth_date=worker.birth_date if full else None,
        village_code=worker.village_id,
        village_name=worker.village.name if "village" in worker._state.fields_cache else "",
        district_code=worker.district_code,
        occupation=worker.occupation.name
        if "occupation" in worker._state.fields_cache
        else worker.occupation_id,
        occupation_note=worker.occupation_note,
        dtsen_decile=worker.dtsen_decile,
        monthly_income=worker.monthly_income,
        has_disability=worker.has_disability,
        phone=worker.phone if full else mask_phone(worker.phone),
        kk_number=worker.kk_number if full else mask_nik(worker.kk_number) if worker.kk_number else "",
        masked=not full,
    )


def _require_people(user) -> None:
    if not user.sees_personal_data:
        raise PermissionDenied


def present_worker(worker: Worker, user) -> WorkerView:
    """A person as a list row: NIK, phone and KK masked for every role."""
    _require_people(user)
    return _view(worker, full=False)


def reveal_worker(worker: Worker, user, *, channel: str = Channel.PAGE, where: str = "") -> WorkerView:
    """A person with the full NIK, phone and KK (a person's page, an API detail); the look is logged."""
    _require_people(user)
    access_record(actor=user, channel=channel, subjects=[(worker.pk, worker.regency_code)], where=where)
    return _view(worker, full=True)


@dataclass
class Disclosure:
    """An export of personal data: views of each person, and on leaving, one access row for all of them.

    with Disclosure(user, purpose=..., where="file.xlsx") as disclosure:
        for worker in workers:
            row = disclosure.show(worker)

    `full=True` (exports meant for BPJS) gives the full NIK, phone and KK; else they are masked as on a list.
    The log is written even when the export stops half-way: what was shown was shown.
    """

    user: object
    purpose: str
    where: str = ""
    full: bool = False
    channel: str = Channel.EXPORT
    _subjects: list[tuple[int, str]] = field(default_factory=list)

    def __enter__(self) -> Disclosure:
        _require_people(self.user)
        if not self.purpose.strip():
            raise ValueError("an export of personal data needs its purpose")
        return self

    def show(self, worker: Worker) -> WorkerView:
        self._subjects.append((worker.pk, worker.regency_code))
        return _view(worker, full=self.full)

    def record(self, worker_id: int, region_code: str) -> None:
        """For rows built without the model (a selection's candidates, already masked): logs the person."""
        self._subjects.append((worker_id, region_code))

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._subjects:
            access_record(
                actor=self.user,
                channel=self.channel,
                subjects=self._subjects,
                purpose=self.purpose.strip(),
                where=self.where,
                full_nik=self.full,
            )
