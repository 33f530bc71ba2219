"""The examples of the scheme and membership operations in the OpenAPI description (api/schemes.py)."""

from drf_spectacular.utils import OpenApiExample

FIGURES_EXAMPLE = {
    "budget": 100000000,
    "committed": 4032000,
    "billed": 0,
    "paid": 0,
    "arrears": 0,
    "left": 100000000,
    "projected": 4032000,
    "unused": 95968000,
    "rule_source": "PP 44/2015 Lampiran I; Permenaker 5/2021",
}


SCHEME_EXAMPLE = {
    "id": 7,
    "name": "UCJ Solok 2026",
    "funder_type": "APBD",
    "funder_type_label": "APBD (pemerintah provinsi/kabupaten/kota)",
    "funder_region": "13.02",
    "funder_region_name": "Kabupaten Solok",
    "year": 2026,
    "segment": "BPU",
    "programmes": ["JKK", "JKM"],
    "first_month": "2026-01-01",
    "months": 12,
    "last_month": "2026-12-01",
    "budget": 100000000,
    "declared_income": 1000000,
    "quota": None,
    "per_village_quota": None,
    "deciles": [1, 2, 3],
    "occupations": ["petani", "nelayan"],
    "areas": [],
    "min_age": 15,
    "max_age": 65,
    "disability_first": True,
    "lapse_after_months": 3,
    "status": "draft",
    "status_label": "Draf",
    "approved_at": None,
    "created_at": "2026-01-05T09:12:00+07:00",
    "figures": FIGURES_EXAMPLE,
}


SCHEME_DETAIL_EXAMPLE = {
    **SCHEME_EXAMPLE,
    "counts": {"proposed": 12},
    "citations": [
        {
            "rule": "bpu.jkk.rate",
            "effective_from": "2015-07-01",
            "source": "PP 44/2015",
            "confidence": "confirmed",
        }
    ],
    "events": [
        {"at": "2026-01-05T09:12:00+07:00", "by": "alice", "from_status": "", "to_status": "draft", "why": ""}
    ],
    "actions": {
        "can_manage": True,
        "can_propose": True,
        "can_exchange_with_bpjs": True,
        "next_statuses": ["approved"],
        "submit_blocked": "Skema harus disetujui dulu sebelum daftar diajukan ke BPJS.",
        "propose_blocked": "",
    },
}


SCHEME_INPUT_EXAMPLE = OpenApiExample(
    "Skema APBD kabupaten / A regency's APBD scheme",
    value={
        "name": "UCJ Solok 2026",
        "funder_type": "APBD",
        "funder_region": "13.02",
        "year": 2026,
        "budget": 100000000,
        "programmes": ["JKK", "JKM"],
        "first_month": 1,
        "months": 12,
        "deciles": [1, 2, 3],
        "occupations": ["petani", "nelayan"],
        "disability_first": True,
    },
    request_only=True,
)


SELECTION_EXAMPLE = {
    "selected_count": 24,
    "cost": 4032000,
    "committed": 0,
    "committed_members": 0,
    "budget": 5000000,
    "unused": 968000,
    "left_out": 3,
    "conflict_count": 1,
    "by_decile": {"1": 20, "2": 4},
    "by_village": {"13.02.07.2001": 24},
    "rule_source": "PP 44/2015 Lampiran I",
    "citations": [
        {
            "rule": "bpu.jkk.rate",
            "effective_from": "2015-07-01",
            "source": "PP 44/2015",
            "confidence": "confirmed",
        }
    ],
    "selected": [
        {
            "worker_id": 812,
            "nik": "1302********0001",
            "name": "Siti Rahma",
            "village": "Koto Gaek Guguak",
            "decile": 1,
            "disability": False,
            "occupation": "Petani/Pekebun",
            "cost": 168000,
            "rule_source": "PP 44/2015 Lampiran I",
            "reason": "",
        }
    ],
    "below_line": [],
    "conflicts": [
        {"worker_id": 813, "nik": "1302********0002", "name": "Rosmiati", "schemes": ["CSR Semen Padang"]}
    ],
}


MEMBERSHIP_EXAMPLE = {
    "id": 3051,
    "worker_id": 812,
    "nik": "1302********0001",
    "name": "Siti Rahma",
    "village_code": "13.02.07.2001",
    "village_name": "Koto Gaek Guguak",
    "occupation": "Petani/Pekebun",
    "programmes": ["JKK", "JKM"],
    "start_month": "2026-02-01",
    "end_month": "2026-12-01",
    "status": "proposed",
    "status_label": "Diusulkan",
    "kpj_number": "",
    "planned_cost": 184800,
    "rule_source": "PP 44/2015 Lampiran I",
    "rejection_reason": "",
    "created_at": "2026-01-05T09:30:00+07:00",
}


ANSWER_EXAMPLE = {
    "rows": 3,
    "applied": True,
    "activated": 2,
    "rejected": 1,
    "mismatches": [
        {
            "row": 3,
            "nik": "1302074503850001",
            "code": "name_differs",
            "message": "Nama berbeda: di Payung Siti Rahma, di BPJS SITI RAHMAH",
            "severity": "warning",
        }
    ],
}
