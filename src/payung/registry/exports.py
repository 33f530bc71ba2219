"""The worker list as XLSX, exactly what the user may see (masked for viewers)."""

from __future__ import annotations

import tempfile

import xlsxwriter

from payung.lib.xlsx import neutralize

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
    """Writes the queryset to a temporary XLSX file (constant memory) and returns its path.

    A list: NIK, phone and KK masked as on the screen; the export and whom it held go to the access log.
    """
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - FileResponse closes it
    handle.close()
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Pekerja")
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADERS, bold)
    row_number = 0
    rows = workers.select_related("village", "occupation")[:MAX_EXPORT_ROWS].iterator(chunk_size=5_000)
    with Disclosure(user, purpose=purpose, where="pekerja.xlsx") as disclosure:
        for row_number, worker in enumerate(rows, start=1):
            view = disclosure.show(worker)
            sheet.write_string(row_number, 0, view.nik)
            sheet.write_string(row_number, 1, neutralize(view.name))
            sheet.write_string(row_number, 2, view.sex)
            if view.birth_date:
                sheet.write_datetime(row_number, 3, view.birth_date, date_format)
            sheet.write_string(row_number, 4, view.village_code)
            sheet.write_string(row_number, 5, view.village_name)
            sheet.write_string(row_number, 6, view.occupation)
            if view.dtsen_decile is not None:
                sheet.write_number(row_number, 7, view.dtsen_decile)
            if view.monthly_income is not None:
                sheet.write_number(row_number, 8, view.monthly_income)
            sheet.write_string(row_number, 9, "Ya" if view.has_disability else "Tidak")
            sheet.write_string(row_number, 10, view.phone)
            sheet.write_string(row_number, 11, view.kk_number)
    sheet.autofilter(0, 0, max(row_number, 1), len(HEADERS) - 1)
    book.close()
    return handle.name
