"""Synthetic but consistent demo data for the five seed regencies (no real person is in it)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from payung.accounts.models import Role, User
from payung.audit.models import Action, AuditEvent, Source
from payung.lib.nik import FEMALE, MALE, make_nik
from payung.regions.models import Level, Region

from .models import Worker

SEED_REGENCIES = {
    "13.02": "Kabupaten Solok",
    "73.16": "Kabupaten Enrekang",
    "72.01": "Kabupaten Banggai",
    "73.07": "Kabupaten Sinjai",
    "73.71": "Kota Makassar",
}
DEMO_PASSWORD = "payung-demo-2026"  # noqa: S105 - demo accounts on a developer's machine only


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    regions: tuple[str, ...]
    superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "Admin Sistem", Role.REGENCY_ADMIN, (), superuser=True),
    DemoUser("admin.enrekang", "Admin Disnaker Enrekang", Role.REGENCY_ADMIN, ("73.16",)),
    DemoUser("operator.solok", "Operator Kec. Gunung Talang", Role.OPERATOR, ("13.02.07",)),
    DemoUser("bpjs.makassar", "Petugas BPJS Cabang Makassar", Role.BPJS_OFFICER, ("73.71", "73.07")),
    DemoUser("pemantau.banggai", "Pemantau Bappeda Banggai", Role.VIEWER, ("72.01",)),
    DemoUser("admin.nasional", "Admin Nasional (aturan iuran)", Role.NATIONAL_ADMIN, ()),
)

MALE_NAMES = (
    "Ahmad",
    "Andi",
    "Muhammad",
    "Rudi",
    "Budi",
    "Syamsul",
    "Hasan",
    "Irwan",
    "Jufri",
    "Baharuddin",
    "Fadli",
    "Rahmat",
    "Yusuf",
    "Zainal",
    "Darwis",
    "Arif",
    "Suardi",
    "Hendra",
    "Iskandar",
    "Rizal",
)
FEMALE_NAMES = (
    "Siti",
    "Nurhayati",
    "Rosmiati",
    "Hasnah",
    "Fatimah",
    "Sri",
    "Dewi",
    "Nurul",
    "Rahmawati",
    "Yulianti",
    "Marlina",
    "Aisyah",
    "Hartini",
    "Suriani",
    "Nirwana",
    "Asmawati",
    "Rini",
    "Wati",
    "Sitti",
    "Darmawati",
)
FAMILY_NAMES = {
    "13": (
        "Chaniago",
        "Piliang",
        "Koto",
        "Tanjung",
        "Sikumbang",
        "Jambak",
        "Caniago",
        "Melayu",
        "Guci",
        "Syukur",
    ),
    "72": (
        "Lamasi",
        "Tompotika",
        "Dg Masiga",
        "Sumolang",
        "Lapadjala",
        "Mangge",
        "Bahar",
        "Latif",
        "Salim",
        "Rauf",
    ),
    "73": (
        "Daeng Ngalle",
        "Bahtiar",
        "Sampara",
        "Ramli",
        "Tahir",
        "Syarif",
        "Mappa",
        "Nurdin",
        "Patta",
        "Lallo",
    ),
}
# (occupation code, weight) by the kind of regency: rural regencies farm, the city trades and drives.
RURAL_OCCUPATIONS = (
    ("petani", 34),
    ("buruh_tani", 10),
    ("peternak", 5),
    ("nelayan", 4),
    ("pedagang", 9),
    ("ojek", 6),
    ("buruh_harian", 8),
    ("tukang_bangunan", 4),
    ("perangkat_desa", 4),
    ("kader", 4),
    ("petugas_keagamaan", 4),
    ("honorer", 3),
    ("pengrajin", 2),
    ("lainnya", 3),
)
CITY_OCCUPATIONS = (
    ("pedagang", 24),
    ("ojek", 14),
    ("sopir", 7),
    ("becak", 4),
    ("buruh_harian", 14),
    ("tukang_bangunan", 8),
    ("pekerja_rumah_tangga", 7),
    ("nelayan", 4),
    ("pemulung", 3),
    ("juru_parkir", 4),
    ("kader", 3),
    ("petugas_keagamaan", 3),
    ("honorer", 3),
    ("lainnya", 2),
)
# Typical monthly income by decile (Rupiah): the poorest earn below the BPU minimum basis of Rp1 million.
INCOME_BY_DECILE = {
    1: 600_000,
    2: 800_000,
    3: 1_000_000,
    4: 1_300_000,
    5: 1_600_000,
    6: 2_000_000,
    7: 2_500_000,
    8: 3_200_000,
    9: 4_500_000,
    10: 7_000_000,
}


def _demo_workers(regency_code: str, count: int, rng: random.Random) -> list[Worker]:
    villages = list(
        Region.objects.filter(level=Level.VILLAGE, code__startswith=regency_code + ".").values_list(
            "code", flat=True
        )
    )
    if not villages:
        raise RuntimeError(f"Wilayah {regency_code} belum dimuat: jalankan `payung load_regions` dulu.")
    occupations = CITY_OCCUPATIONS if regency_code == "73.71" else RURAL_OCCUPATIONS
    codes, weights = zip(*occupations, strict=True)
    families = FAMILY_NAMES[regency_code[:2]]
    serials: Counter[tuple[str, dt.date]] = Counter()
    workers = []
    for _ in range(count):
        village = rng.choice(villages)
        district = village.rsplit(".", 1)[0]
        sex = rng.choice((MALE, FEMALE))
        birth_date = dt.date(1961, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
        serials[(district, birth_date)] += 1
        first = rng.choice(MALE_NAMES if sex == MALE else FEMALE_NAMES)
        decile = rng.choices(range(1, 11), weights=(16, 15, 14, 12, 10, 9, 8, 6, 5, 5))[0]
        income = INCOME_BY_DECILE[decile] + rng.randrange(-2, 3) * 50_000
        workers.append(
            Worker(
                nik=make_nik(
                    district_code=district,
                    birth_date=birth_date,
                    sex=sex,
                    serial=serials[(district, birth_date)],
                ),
                name=f"{first} {rng.choice(families)}",
                sex=sex,
                birth_date=birth_date,
                village_id=village,
                district_code=district,
                regency_code=regency_code,
                province_code=regency_code[:2],
                occupation_id=rng.choices(codes, weights=weights)[0],
                dtsen_decile=decile if rng.random() < 0.9 else None,
                monthly_income=income,
                has_disability=rng.random() < 0.03,
                phone="08" + "".join(rng.choice("0123456789") for _ in range(10))
                if rng.random() < 0.8
                else "",
            )
        )
    return workers


@transaction.atomic
def load_demo(*, workers_per_regency: int = 2_500, seed: int = 2026) -> dict[str, int]:
    """Creates the demo users and workers; a second run adds nothing (same seed, same NIKs)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.full_name,
                "role": spec.role,
                "is_superuser": spec.superuser,
                "is_staff": spec.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.regions.set(spec.regions)
    created_workers = 0
    for regency_code in SEED_REGENCIES:
        workers = _demo_workers(regency_code, workers_per_regency, rng)
        existing = set(Worker.objects.filter(nik__in=[w.nik for w in workers]).values_list("nik", flat=True))
        new = [w for w in workers if w.nik not in existing]
        Worker.objects.bulk_create(new, batch_size=2_000)
        saved = Worker.objects.filter(nik__in=[w.nik for w in new]).values_list("pk", flat=True)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    object_type="worker",
                    object_id=str(pk),
                    action=Action.CREATE,
                    source=Source.SYSTEM,
                    note="data demo",
                )
                for pk in saved
            ],
            batch_size=5_000,
        )
        created_workers += len(new)
    return {
        "users": len(DEMO_USERS),
        "workers_created": created_workers,
        "workers_total": Worker.objects.count(),
    }
