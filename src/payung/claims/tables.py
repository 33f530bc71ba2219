"""The claims dashboard's tables: one shape (title, headers, rows) for the page and its XLSX download.

Counts a viewer sees go through `lib.masking.suppress_small` ("< 5"), like every aggregate of Payung.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from payung.lib import formats
from payung.lib.masking import suppress_small
from payung.regions.models import Region

from .models import FunderType, Kind, Programme


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[object]]
    money_columns: tuple[int, ...] = ()
    note: str = ""

    @property
    def display_rows(self) -> list[list[str]]:
        """The cells as the screen writes them: Rupiah, numbers in the language's grouping, "< 5" kept."""
        return [
            [
                formats.rupiah(cell)
                if index in self.money_columns
                else formats.number(cell)
                if isinstance(cell, int)
                else str(cell)
                for index, cell in enumerate(row)
            ]
            for row in self.rows
        ]


def _figure_rows(groups: dict[str, dict[str, int]], label, *, masked: bool) -> list[list[object]]:
    count = suppress_small if masked else (lambda value: value)
    return [
        [label(key), count(figures["claims"]), count(figures["workers"]), figures["paid"]]
        for key, figures in groups.items()
    ]


def dashboard_tables(board: dict, value_rows: list[dict], *, masked: bool) -> list[Table]:
    headers = [_("Klaim"), _("Pekerja"), _("Dibayar (Rp)")]
    regions = dict(
        Region.objects.filter(code__in=[*board["by_district"], *board["by_regency"]]).values_list(
            "code", "name"
        )
    )
    tables = [
        Table(
            "programme",
            _("Menurut program"),
            [_("Program"), *headers],
            _figure_rows(board["by_programme"], lambda k: Programme(k).label, masked=masked),
            (3,),
        ),
        Table(
            "kind",
            _("Menurut jenis klaim"),
            [_("Jenis klaim"), *headers],
            _figure_rows(board["by_kind"], lambda k: Kind(k).label, masked=masked),
            (3,),
        ),
        Table(
            "funder",
            _("Menurut penyandang dana"),
            [_("Penyandang dana"), *headers],
            _figure_rows(board["by_funder_type"], lambda k: FunderType(k).label, masked=masked),
            (3,),
        ),
        Table(
            "regency",
            _("Menurut kabupaten/kota"),
            [_("Kabupaten/kota"), *headers],
            _figure_rows(board["by_regency"], lambda k: regions.get(k, k), masked=masked),
            (3,),
        ),
        Table(
            "district",
            _("Menurut kecamatan"),
            [_("Kecamatan"), *headers],
            _figure_rows(
                board["by_district"],
                lambda k: regions.get(k, k) if k else _("Tidak diketahui (NIK belum terdaftar)"),
                masked=masked,
            ),
            (3,),
        ),
    ]
    count = suppress_small if masked else (lambda value: value)
    tables.append(
        Table(
            "scheme",
            _("Manfaat dibayar dibanding iuran yang dibayarkan, per skema"),
            [
                _("Skema"),
                _("Penyandang dana"),
                _("Klaim"),
                _("Pekerja"),
                _("Manfaat dibayar (Rp)"),
                _("Iuran dibayar (Rp)"),
            ],
            [
                [
                    row["scheme"],
                    FunderType(row["funder_type"]).label,
                    count(row["claims"]),
                    count(row["workers"]),
                    row["benefit_paid"],
                    row["contribution_paid"],
                ]
                for row in value_rows
            ],
            (4, 5),
            note=_(
                "Iuran: pembayaran tagihan skema pada tahun ini (menurut tanggal bayar). Manfaat: klaim anggota skema yang dibayar BPJS pada tahun ini."
            ),
        )
    )
    return tables
