"""Coverage back to the village: who of a village is protected, in OpenSID's own import format.

A village running OpenSID imports a "peserta program bantuan" workbook (its template
``assets/import/format_impor_program_bantuan.xlsx``, read by ``Program_bantuan::impor``): a sheet
``Program`` read row by row (id, name, target group, description, source of funds, first and last day,
then ``###``) and a sheet ``Peserta`` with the columns ``Peserta, No. Peserta, NIK, Nama, Tempat Lahir,
Tanggal Lahir, Alamat`` ending at a ``###`` row. For a programme aimed at people (``Sasaran Program``
1) ``Peserta`` is the person's NIK; OpenSID fills an empty birth place, birth date or address from its
own population data. ``No. Peserta`` is the BPJS membership number (KPJ) when known.

The template has no family card column (a programme aimed at families would take the KK as
``Peserta``, but BPJS Ketenagakerjaan covers people): the KK number goes in the plain XLSX for villages
without OpenSID, beside NIK, name, programme and months. Both are personal data: the full NIK is what
OpenSID matches on, so every download asks its purpose and is logged (``Disclosure(full=True)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from payung.accounts.scope import NotVisible, scope_for
from payung.lib.xlsx import write_xlsx_file, write_xlsx_sheets_file
from payung.regions.models import Level, Region
from payung.registry.presenters import Disclosure
from payung.schemes.models import FunderType, Membership, MembershipStatus

PESERTA_HEADERS = ("Peserta", "No. Peserta", "NIK", "Nama", "Tempat Lahir", "Tanggal Lahir", "Alamat")
PROGRAM_LABELS = (
    "ID Program",
    "Nama Program",
    "Sasaran Program",
    "Keterangan",
    "Asal Dana",
    "Rentang Waktu (Awal)",
    "Rentang Waktu (Akhir)",
)
END = "###"
TARGET_PEOPLE = "1"  # OpenSID's sasaran: 1 penduduk, 2 keluarga, 3 rumah tangga, 4 kelompok
# OpenSID's ASALDANA list (donjo-app/helpers/opensid_helper.php): Pusat, Provinsi, Kab/Kota, Dana Desa,
# Lain-lain (Hibah).
SOURCE_OF_FUNDS = {
    FunderType.APBN: "Pusat",
    FunderType.APBDES: "Dana Desa",
    FunderType.CSR: "Lain-lain (Hibah)",
    FunderType.BAZNAS: "Lain-lain (Hibah)",
    FunderType.MANDIRI: "Lain-lain (Hibah)",
}
PLAIN_HEADERS = (
    "NIK",
    "Nama",
    "No KK",
    "Tanggal Lahir",
    "Program",
    "Nomor KPJ",
    "Bulan Mulai",
    "Bulan Akhir",
)


@dataclass(frozen=True)
class Programme:
    """One funder's year: OpenSID keeps it as one programme (the name says who pays and which year)."""

    funder_type: str
    year: int
    funder_level: int
    count: int = 0

    @property
    def key(self) -> str:
        return f"{self.funder_type}-{self.year}"

    @property
    def name(self) -> str:
        return f"BPJS Ketenagakerjaan ({self.funder_type} {self.year})"

    @property
    def source_of_funds(self) -> str:
        if self.funder_type == FunderType.APBD:
            return "Provinsi" if self.funder_level == Level.PROVINCE else "Kab/Kota"
        return SOURCE_OF_FUNDS.get(self.funder_type, "Lain-lain (Hibah)")


def village_for_user(user, code: str) -> Region:
    """The village, if the user may download its people; NotVisible otherwise (404)."""
    village = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if village is None or not scope_for(user).contains(village.code) or not user.sees_personal_data:
        raise NotVisible(code)
    return village


def covered_memberships(village: Region, today: dt.date) -> QuerySet[Membership]:
    """Memberships of the village's people that protect them this month (active, period running)."""
    month = today.replace(day=1)
    return (
        Membership.objects.filter(village=village, status=MembershipStatus.ACTIVE, start_month__lte=month)
        .filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
        .select_related("worker", "scheme", "scheme__funder_region")
        .order_by("worker__name", "worker_id", "start_month")
    )


def programmes(village: Region, today: dt.date) -> list[Programme]:
    counted: dict[tuple[str, int, int], set[int]] = {}
    for funder_type, year, level, worker in covered_memberships(village, today).values_list(
        "scheme__funder_type", "scheme__year", "scheme__funder_region__level", "worker_id"
    ):
        counted.setdefault((funder_type, year, level), set()).add(worker)
    return [Programme(t, y, lvl, len(w)) for (t, y, lvl), w in sorted(counted.items())]


def _members(village: Region, today: dt.date, programme: Programme) -> list[Membership]:
    seen: set[int] = set()
    members = []
    for membership in covered_memberships(village, today).filter(
        scheme__funder_type=programme.funder_type, scheme__year=programme.year
    ):
        if membership.worker_id not in seen:  # one row per person, as OpenSID keeps them
            seen.add(membership.worker_id)
            members.append(membership)
    return members


def export_opensid(user, village: Region, programme: Programme, *, purpose: str, today: dt.date) -> str:
    """The OpenSID "peserta program bantuan" workbook of the village's covered people; returns its path."""
    members = _members(village, today, programme)
    program_rows = [
        (PROGRAM_LABELS[0], ""),  # empty: OpenSID adds the programme (or keeps one of that id)
        (PROGRAM_LABELS[1], programme.name),
        (PROGRAM_LABELS[2], TARGET_PEOPLE),
        (
            PROGRAM_LABELS[3],
            f"Peserta BPJS Ketenagakerjaan Desa {village.name}, dari Payung ({today:%Y-%m-%d})",
        ),
        (PROGRAM_LABELS[4], programme.source_of_funds),
        (PROGRAM_LABELS[5], f"{programme.year}-01-01"),
        (PROGRAM_LABELS[6], f"{programme.year}-12-31"),
        (END, ""),
    ]
    with Disclosure(user, purpose=purpose, where=f"opensid-{village.code}.xlsx", full=True) as disclosure:
        peserta = [PESERTA_HEADERS]
        for membership in members:
            person = disclosure.show(membership.worker)
            peserta.append(
                (
                    person.nik,
                    membership.kpj_number,
                    person.nik,
                    person.name,
                    "",
                    person.birth_date.isoformat() if person.birth_date else "",
                    "",
                )
            )
        peserta.append((END,))
        return write_xlsx_sheets_file([("Program", program_rows), ("Peserta", peserta)])


def export_plain(user, village: Region, programme: Programme, *, purpose: str, today: dt.date) -> str:
    """The same people as a plain XLSX (villages without OpenSID), with the KK number."""
    members = _members(village, today, programme)
    with Disclosure(user, purpose=purpose, where=f"peserta-{village.code}.xlsx", full=True) as disclosure:
        rows = []
        for membership in members:
            person = disclosure.show(membership.worker)
            rows.append(
                (
                    person.nik,
                    person.name,
                    person.kk_number,
                    person.birth_date,
                    programme.name,
                    membership.kpj_number,
                    membership.start_month,
                    membership.end_month,
                )
            )
        preamble = (
            f"Peserta {programme.name}, Desa {village.name} ({village.code})",
            f"Per {today:%d/%m/%Y}",
        )
        return write_xlsx_file("Peserta", PLAIN_HEADERS, rows, preamble=preamble)
