"""What a user may see of a worker. Views, exports and the API show only these, never the model itself,
so a viewer cannot receive an unmasked NIK by any path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from payung.lib.masking import mask_name, mask_nik, mask_phone

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


def present_worker(worker: Worker, user) -> WorkerView:
    full = user.sees_personal_data
    return WorkerView(
        id=worker.pk,
        nik=worker.nik if full else mask_nik(worker.nik),
        name=worker.name if full else mask_name(worker.name),
        sex=str(Sex(worker.sex).label),
        # The birth date is inside the NIK too: masked users get the year only through age groups, not here.
        birth_date=worker.birth_date if full else None,
        village_code=worker.village_id,
        village_name=worker.village.name if "village" in worker._state.fields_cache else "",
        district_code=worker.district_code,
        occupation=worker.occupation.name if "occupation" in worker._state.fields_cache else worker.occupation_id,
        occupation_note=worker.occupation_note if full else "",
        dtsen_decile=worker.dtsen_decile,
        monthly_income=worker.monthly_income,
        has_disability=worker.has_disability,
        phone=worker.phone if full else mask_phone(worker.phone),
        kk_number=worker.kk_number if full else mask_nik(worker.kk_number) if worker.kk_number else "",
        masked=not full,
    )
