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


__all__ = ["FEMALE", "MALE", "csv_file", "person"]
