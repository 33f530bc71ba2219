"""The worker list as XLSX, exactly what the user may see (masked for viewers)."""

from __future__ import annotations

from payung.lib.xlsx import write_xlsx_file

from .presenters import Disclosure

HEADERS = [
    "NIK",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Kode Desa",
    "Desa/Kelurahan",
    "Pekerjaan",
    "Desil DTSEN",
    "Penghasilan (Rp)",
    "Disabilitas",
    "No HP",
    "No KK",
]
MAX_EXPORT_ROWS = 1_048_575  # one sheet


def export_workers_xlsx(workers, user, *, purpose: str) -> str:
    """Writes the queryset to a temporary XLSX file (constant memory, lib.xlsx) and returns its path.

    A list: NIK, phone and KK masked as on the screen; the export and whom it held go to the access log.
    """
    rows = workers.select_related("village", "occupation")[:MAX_EXPORT_ROWS].iterator(chunk_size=5_000)
    with Disclosure(user, purpose=purpose, where="pekerja.xlsx") as disclosure:

        def shown():
            for worker in rows:
                view = disclosure.show(worker)
                yield [
                    view.nik,
                    view.name,
                    view.sex,
                    view.birth_date,
                    view.village_code,
                    view.village_name,
                    view.occupation,
                    view.dtsen_decile,
                    view.monthly_income,
                    bool(view.has_disability),
                    view.phone,
                    view.kk_number,
                ]

        return write_xlsx_file("Pekerja", HEADERS, shown())
