"""The controlled occupation list: code, screen label, JKK risk class (1-5), transport sector, synonyms.

Risk classes follow the grouping of PP 44/2015 Lampiran I (1 very low ... 5 very high); the class of an
informal occupation is our reading of that table and is data an admin can correct (Occupation rows).
`transport` marks the transport sector of PP 50/2025 (its discount window differs).
Synonyms are matched after lower-casing and removing punctuation (imports use them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OTHER = "lainnya"
# Not occupations of work but what Dukcapil records for people without one: kept as what they are, so a
# scheme can leave them out (the Dukcapil list, payung.imports.codelists).
NOT_WORKING, STUDENT, HOMEMAKER, RETIRED = "belum_bekerja", "pelajar", "mengurus_rumah_tangga", "pensiunan"
NOT_WORKING_CODES = (NOT_WORKING, STUDENT, HOMEMAKER, RETIRED)


@dataclass(frozen=True)
class OccupationSpec:
    code: str
    name: str
    risk_class: int
    transport: bool = False
    synonyms: tuple[str, ...] = ()


OCCUPATIONS: tuple[OccupationSpec, ...] = (
    OccupationSpec(
        "petani",
        "Petani/Pekebun",
        3,
        synonyms=("petani", "pekebun", "petani pekebun", "farmer", "tani", "petani sawah", "petani kebun"),
    ),
    OccupationSpec(
        "buruh_tani",
        "Buruh Tani",
        3,
        synonyms=("buruh tani", "buruh tani perkebunan", "farm labourer", "farm worker"),
    ),
    OccupationSpec(
        "peternak", "Peternak", 3, synonyms=("peternak", "peternakan", "breeder", "livestock farmer")
    ),
    OccupationSpec(
        "nelayan",
        "Nelayan/Perikanan",
        5,
        synonyms=(
            "nelayan",
            "nelayan perikanan",
            "perikanan",
            "fisherman",
            "fisher",
            "petani tambak",
            "pembudidaya ikan",
        ),
    ),
    OccupationSpec(
        "pedagang",
        "Pedagang",
        2,
        synonyms=(
            "pedagang",
            "pedagang kecil",
            "pedagang kaki lima",
            "pkl",
            "penjual",
            "trader",
            "vendor",
            "jualan",
            "wiraswasta",
            "wirausaha",
            "umkm",
        ),
    ),
    OccupationSpec(
        "ojek",
        "Pengemudi Ojek",
        3,
        transport=True,
        synonyms=(
            "ojek",
            "tukang ojek",
            "ojol",
            "ojek online",
            "ojek pangkalan",
            "pengemudi ojek",
            "motorcycle taxi driver",
        ),
    ),
    OccupationSpec(
        "sopir",
        "Sopir/Pengemudi",
        3,
        transport=True,
        synonyms=(
            "sopir",
            "supir",
            "pengemudi",
            "driver",
            "sopir angkot",
            "supir angkot",
            "kernet",
            "pengemudi angkutan",
        ),
    ),
    OccupationSpec(
        "becak",
        "Pengemudi Becak/Bentor",
        3,
        transport=True,
        synonyms=("becak", "tukang becak", "bentor", "penarik becak", "pengayuh becak"),
    ),
    OccupationSpec(
        "buruh_harian",
        "Buruh Harian Lepas",
        4,
        synonyms=(
            "buruh harian lepas",
            "bhl",
            "buruh harian",
            "buruh",
            "kuli",
            "day labourer",
            "day laborer",
            "laborer",
        ),
    ),
    OccupationSpec(
        "tukang_bangunan",
        "Tukang Bangunan",
        4,
        synonyms=(
            "tukang bangunan",
            "tukang batu",
            "tukang kayu",
            "tukang",
            "kuli bangunan",
            "construction worker",
        ),
    ),
    OccupationSpec(
        "perangkat_desa",
        "Perangkat Desa/Nagari",
        1,
        synonyms=(
            "perangkat desa",
            "aparat desa",
            "perangkat nagari",
            "kepala dusun",
            "kadus",
            "kepala jorong",
            "rt",
            "rw",
            "ketua rt",
            "ketua rw",
            "village official",
        ),
    ),
    OccupationSpec(
        "kader",
        "Kader (Posyandu/PKK/KB)",
        1,
        synonyms=(
            "kader",
            "kader posyandu",
            "kader pkk",
            "kader kb",
            "kader kesehatan",
            "community health volunteer",
        ),
    ),
    OccupationSpec(
        "petugas_keagamaan",
        "Petugas Keagamaan",
        1,
        synonyms=(
            "petugas keagamaan",
            "imam",
            "imam masjid",
            "marbot",
            "marbut",
            "guru mengaji",
            "guru ngaji",
            "penyuluh agama",
            "pendeta",
            "bilal",
            "khatib",
            "pegawai syara",
            "religious worker",
        ),
    ),
    OccupationSpec(
        "honorer",
        "Tenaga Honorer/Non-ASN",
        1,
        synonyms=(
            "honorer",
            "tenaga honorer",
            "non asn",
            "pegawai honorer",
            "guru honorer",
            "ptt",
            "contract staff",
        ),
    ),
    OccupationSpec(
        "pekerja_rumah_tangga",
        "Pekerja Rumah Tangga",
        2,
        synonyms=(
            "pekerja rumah tangga",
            "prt",
            "asisten rumah tangga",
            "art",
            "pembantu rumah tangga",
            "domestic worker",
        ),
    ),
    OccupationSpec(
        "pengrajin",
        "Pengrajin/Penjahit",
        2,
        synonyms=("pengrajin", "perajin", "penjahit", "penenun", "craftsman", "tailor"),
    ),
    OccupationSpec(
        "pemulung", "Pemulung", 4, synonyms=("pemulung", "waste picker", "pengumpul barang bekas")
    ),
    OccupationSpec(
        "juru_parkir",
        "Juru Parkir",
        3,
        synonyms=("juru parkir", "jukir", "tukang parkir", "parking attendant"),
    ),
    OccupationSpec(
        "penambang",
        "Penambang Rakyat",
        5,
        synonyms=("penambang", "penambang pasir", "penambang rakyat", "miner"),
    ),
    OccupationSpec(
        "seniman", "Seniman/Pekerja Seni", 2, synonyms=("seniman", "pekerja seni", "musisi", "artist")
    ),
    OccupationSpec(
        NOT_WORKING,
        "Belum/Tidak Bekerja",
        1,
        synonyms=("belum bekerja", "tidak bekerja", "belum tidak bekerja", "pengangguran", "unemployed"),
    ),
    OccupationSpec(
        STUDENT,
        "Pelajar/Mahasiswa",
        1,
        synonyms=("pelajar", "mahasiswa", "pelajar mahasiswa", "siswa", "student"),
    ),
    OccupationSpec(
        HOMEMAKER,
        "Mengurus Rumah Tangga",
        1,
        synonyms=("mengurus rumah tangga", "ibu rumah tangga", "irt", "homemaker"),
    ),
    OccupationSpec(RETIRED, "Pensiunan", 1, synonyms=("pensiunan", "purnawirawan", "retired")),
    OccupationSpec(OTHER, "Lainnya", 2, synonyms=("lainnya", "lain lain", "lain-lain", "other", "others")),
)

_PUNCTUATION = re.compile(r"[^a-z0-9]+")


def normalize_label(text: str) -> str:
    """'Tukang-Ojek ' -> 'tukang ojek'."""
    return _PUNCTUATION.sub(" ", text.lower()).strip()


SYNONYM_TO_CODE: dict[str, str] = {}
for _spec in OCCUPATIONS:
    for _label in (_spec.code, _spec.name, *_spec.synonyms):
        SYNONYM_TO_CODE.setdefault(normalize_label(_label), _spec.code)


def match_occupation(text: str) -> str | None:
    """The occupation code a label names, or None when it is not in the list (callers then use OTHER)."""
    return SYNONYM_TO_CODE.get(normalize_label(text or ""))
