"""Worker lists for import tests, built from the personas' region tree (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

from payung.lib.nik import FEMALE, MALE, make_nik

HEADER = "NIK;Nama;JK;Tgl Lahir;Kode Desa;Pekerjaan;Desil;No HP"


def person(
    serial: int,
    *,
    village: str = "13.02.07.2001",
    sex: str = MALE,
    birth: dt.date = dt.date(1980, 3, 12),
    name: str | None = None,
    occupation: str = "Petani",
    decile: str = "1",
    phone: str = "",
) -> str:
    district = village.rsplit(".", 1)[0]
    nik = make_nik(district_code=district, birth_date=birth, sex=sex, serial=serial)
    return ";".join(
        [
            nik,
            name or f"Pekerja {serial}",
            sex,
            birth.strftime("%d/%m/%Y"),
            village,
            occupation,
            decile,
            phone,
        ]
    )


def csv_file(*lines: str, title: bool = True) -> bytes:
    head = ["DAFTAR CALON PESERTA;;;;;;;", ";;;;;;;"] if title else []
    return ("\n".join([*head, HEADER, *lines]) + "\n").encode()


# A filling guide some templates keep above the list: what goes in each column.
HINTS = "16 angka;sesuai KTP;L atau P;hh/bb/tttt;10 angka;lihat daftar;satu sampai sepuluh;nomor HP"


def guided_csv(*lines: str, header: str = HEADER) -> bytes:
    """A list whose header is row 5, under a title, the template's column titles (row 2) and a guide (row 3).

    The reader takes row 2 for the header (as many known titles, and first).
    """
    head = ["DAFTAR CALON PESERTA;;;;;;;", HEADER, HINTS, ";;;;;;;", header]
    return ("\n".join([*head, *lines]) + "\n").encode()


__all__ = ["FEMALE", "HINTS", "MALE", "csv_file", "guided_csv", "person"]
