"""Builders for claims tests: funded members made through the schemes services, branch reports as
real files (CSV and XLSX), the Enrekang 2025 report of Seed-000."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import xlsxwriter

from payung.accounts.models import Role
from payung.lib.nik import FEMALE, MALE, make_nik
from payung.schemes.services.memberships import membership_activate, membership_propose, memberships_submit
from payung.schemes.services.schemes import SchemeInput, scheme_create, scheme_transition
from tests.conftest import make_user, make_worker

ENREKANG_VILLAGE = "73.16.01.2001"
PLANNED = dt.date(2025, 1, 5)  # schemes of 2025 planned early in the year
HEADERS = (
    "No. Klaim",
    "KPJ",
    "NIK",
    "Nama Tenaga Kerja",
    "Program",
    "Jenis Klaim",
    "Tgl Kejadian",
    "Tgl Bayar",
    "Jumlah Dibayar",
    "Status",
)

_serials = itertools.count(1)


def new_nik(district: str = "73.16.01", *, born: dt.date = dt.date(1980, 1, 1), sex: str = MALE) -> str:
    serial = next(_serials)
    return make_nik(
        district_code=district,
        birth_date=born + dt.timedelta(days=serial // 9000),
        sex=sex,
        serial=serial % 9000 + 1,
    )


def enrekang_admin():
    return make_user("erna", Role.REGENCY_ADMIN, ("73.16",))


def funded_scheme(
    admin,
    *,
    funder_type="APBD",
    funder_region="73.16",
    name="UCJ Enrekang 2025",
    first_month=1,
    months=12,
    workers=(),
    programmes=("JKK", "JKM"),
):
    """A running scheme of 2025 with `workers` active in it."""
    scheme = scheme_create(
        actor=admin,
        data=SchemeInput(
            name=name,
            funder_type=funder_type,
            funder_region=funder_region,
            year=2025,
            budget=10_000_000_000,
            programmes=programmes,
            first_month=first_month,
            months=months,
        ),
        today=PLANNED,
    )
    scheme_transition(actor=admin, scheme=scheme, to="approved", why="DPA disahkan")
    proposed = [membership_propose(actor=admin, scheme=scheme, worker=w, today=PLANNED) for w in workers]
    scheme.refresh_from_db()
    memberships_submit(actor=admin, scheme=scheme)
    for number, membership in enumerate(proposed, start=1):
        membership.refresh_from_db()
        membership_activate(actor=admin, membership=membership, kpj_number=f"KPJ{scheme.pk:03d}{number:05d}")
    scheme.refresh_from_db()
    return scheme


def write_csv(
    path: Path, rows, headers=HEADERS, title="LAPORAN KLAIM BPJS KETENAGAKERJAAN CABANG PALOPO"
) -> Path:
    lines = [title, "Periode: Januari - Desember 2025", "", ";".join(headers)]
    lines += [";".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows, headers=HEADERS) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Klaim")
    sheet.merge_range(0, 0, 0, len(headers) - 1, "LAPORAN KLAIM BPJS KETENAGAKERJAAN CABANG PALOPO")
    sheet.write_row(2, 0, headers)
    for index, row in enumerate(rows, start=3):
        sheet.write_row(index, 0, [str(v) for v in row])
    sheet.write_row(len(rows) + 3, 0, ["JUMLAH"])
    book.close()
    return path


def enrekang_2025_rows():
    """Seed-000: Rp21,88 M paid in 2025 to 2.272 workers, Rp2,17 M of it to regency-funded ones.

    The regency-funded part (60 registered workers of an APBD scheme): 50 JKM deaths x Rp42 juta +
    10 JKK medical claims x Rp7 juta = Rp2.170.000.000. The rest (2.212 workers the registry does not
    know, funder NONE): 150 JKM deaths (Rp6,3 M) with 100 scholarships for their children (Rp150 juta),
    40 JKK deaths x Rp70 juta (Rp2,8 M), 1.800 JHT payouts x Rp5 juta (Rp9 M), 122 JP lump sums x Rp5
    juta (Rp610 juta), 100 JKK medical x Rp8,5 juta (Rp850 juta) = Rp19,71 M.
    Plus rows that must not count: paid in 2024, rejected, in process, and a Sinjai worker.
    Returns (rows, registered workers, the APBD scheme's worker list builder).
    """
    funded = [make_worker(ENREKANG_VILLAGE, name=f"Peserta APBD {i}", nik=new_nik()) for i in range(60)]
    rows = []
    number = itertools.count(1)

    def add(nik, name, programme, kind, event, paid_on, amount, status="DIBAYAR", kpj=""):
        rows.append(
            (f"KLM-2025-{next(number):05d}", kpj, nik, name, programme, kind, event, paid_on, amount, status)
        )

    for i, worker in enumerate(funded[:50]):
        add(
            worker.nik,
            worker.name,
            "JKM",
            "Meninggal Dunia",
            f"{(i % 28) + 1:02d}/03/2025",
            f"{(i % 28) + 1:02d}/05/2025",
            "Rp 42.000.000",
        )
    for worker in funded[50:]:
        add(worker.nik, worker.name, "JKK", "Perawatan", "2025-06-10", "2025-07-01", "7000000")
    unknown = [new_nik() for _ in range(2212)]
    cursor = iter(unknown)
    deaths = [next(cursor) for _ in range(150)]
    for nik in deaths:
        add(nik, "Almarhum", "JKM", "Meninggal", "15 Februari 2025", "1 April 2025", "42.000.000")
    for nik in deaths[:100]:
        rows.append(
            (
                f"KLM-2025-{next(number):05d}",
                "",
                nik,
                "Almarhum",
                "BEASISWA",
                "SD",
                "15/02/2025",
                "10/08/2025",
                "1.500.000",
                "DIBAYAR",
            )
        )
    for _ in range(40):
        add(next(cursor), "Korban", "JKK", "Meninggal Dunia", "03/01/2025", "20/02/2025", "Rp70.000.000")
    for _ in range(1800):
        add(next(cursor), "Peserta", "JHT", "Pengunduran Diri", "01/01/2025", "15/03/2025", "5000000")
    for _ in range(122):
        add(next(cursor), "Peserta", "JP", "Manfaat Sekaligus", "01/01/2025", "15/03/2025", "Rp 5.000.000")
    for _ in range(100):
        add(next(cursor), "Peserta", "JKK", "Perawatan", "2025-09-01", "2025-09-20", "8.500.000")
    # Not counted in 2025:
    add(new_nik(), "Peserta", "JHT", "", "01/10/2024", "20/12/2024", "4000000")
    add(new_nik(), "Peserta", "JKM", "", "01/10/2025", "", "", status="DITOLAK")
    add(new_nik(), "Peserta", "JKK", "STMB", "01/11/2025", "", "", status="PROSES")
    add(new_nik("73.07.01"), "Peserta Sinjai", "JKM", "", "01/05/2025", "01/06/2025", "42000000")
    return rows, funded


__all__ = ["FEMALE", "MALE", "make_worker", "make_user"]
