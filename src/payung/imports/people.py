"""People, not rows: what a population list says about a person that decides whether they may be registered.

A population export (SIAK, OpenSID) lists everyone of a village: the dead (SIAK ``Status`` Mati), the
records Dukcapil marked invalid, those who moved away, children and the old. The import refuses a dead
person with the reason (and, when the person holds a membership, says it must be ended: the row's error,
the job's ``endings`` and the page's "Perlu diakhiri" list, for the operator to pass on to the regency
admin who ends it), warns on an invalid or moved record, and refuses a person younger or older than the
working ages of the rules (``eligibility.min_age`` / ``max_age`` in payung.rules, read through
:func:`payung.rules.facts.scheme_defaults`) unless the office chose to register them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from payung.lib.sheets import ROW
from payung.rules.facts import scheme_defaults

from . import codelists
from .hooks import other_funder_coverage


@dataclass(frozen=True)
class AgePolicy:
    """Whom the office registers beyond working age (the upload form's two boxes; default: nobody)."""

    include_minors: bool = False
    include_elderly: bool = False


@dataclass
class PeopleChecks:
    errors: list[tuple[int, str, str, str]]  # row, field, code, message
    warnings: list[tuple[int, str, str, str]]
    endings: list[dict[str, object]]


def working_ages(today: dt.date) -> tuple[int, int]:
    defaults = scheme_defaults(today)
    return defaults.min_age, defaults.max_age


def check_people(rows: pl.DataFrame, *, today: dt.date, policy: AgePolicy) -> PeopleChecks:
    """Dead, invalid or moved records and ages outside the working ages, row by row."""
    found = PeopleChecks([], [], [])
    status = rows.select(ROW, "nik", "life_status").filter(pl.col("life_status").is_not_null())
    dead = status.filter(pl.col("life_status") == codelists.DEAD)
    covered = other_funder_coverage(dead.get_column("nik").drop_nulls().to_list(), today=today)
    for row, nik, _ in dead.iter_rows():
        message = (
            "Penduduk ini tercatat meninggal (Status: Mati); orang yang meninggal tidak dapat didaftarkan."
        )
        if nik in covered:
            scheme = covered[nik][0]
            message += (
                f" Ia masih tercatat sebagai peserta {scheme}: kepesertaannya perlu diakhiri "
                "(lihat daftar \u201cPerlu diakhiri\u201d dan sampaikan kepada admin kabupaten)."
            )
            found.endings.append({"row": row, "nik": nik, "scheme": scheme})
        found.errors.append((row, "life_status", "person_dead", message))
    for row, _, value in status.filter(pl.col("life_status") != codelists.DEAD).iter_rows():
        if value == codelists.NOT_VALID:
            found.warnings.append(
                (
                    row,
                    "life_status",
                    "record_not_valid",
                    "Dukcapil menandai data penduduk ini Tidak Valid; periksa NIK dan datanya sebelum mendaftarkan.",
                )
            )
        elif value in (codelists.MOVED, codelists.MISSING, codelists.GONE):
            found.warnings.append(
                (
                    row,
                    "life_status",
                    "person_moved",
                    "Penduduk ini tercatat pindah, hilang atau pergi; pastikan ia masih tinggal di desa ini.",
                )
            )

    youngest, oldest = working_ages(today)
    birth = pl.col("birth_date")
    # Month and day are 8-bit in Polars: widened before they are multiplied.
    later_in_year = (birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)) > (
        today.month * 100 + today.day
    )
    ages = rows.select(ROW, age=pl.lit(today.year) - birth.dt.year() - later_in_year.cast(pl.Int32))
    outside = ages.filter((pl.col("age") < youngest) | (pl.col("age") > oldest))
    for row, age in outside.iter_rows():
        if age < youngest and not policy.include_minors:
            found.errors.append(
                (
                    row,
                    "birth_date",
                    "under_working_age",
                    f"Umurnya {age} tahun, di bawah usia kerja ({youngest} tahun); tidak diimpor. "
                    "Centang \u201cimpor juga anak\u201d bila kantor Anda ingin mendaftarkannya.",
                )
            )
        elif age > oldest and not policy.include_elderly:
            found.errors.append(
                (
                    row,
                    "birth_date",
                    "past_working_age",
                    f"Umurnya {age} tahun, di atas usia kerja ({oldest} tahun); tidak diimpor. "
                    "Centang \u201cimpor juga di atas usia kerja\u201d bila kantor Anda ingin mendaftarkannya.",
                )
            )
    return found
