"""Claim facts as data: the kinds of claim per programme, the order of heirs, the documents of each
kind, and the deadlines of a claim (report, lapse, scholarship age). Pure Python, with sources.

The deadlines come from dated rule versions (`payung.rules.data.claims`), so an admin can correct an
uncertain one; the heirs order and the documents are lists here (the documents are also seeded into
an admin-edited table by the claims app).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from payung.rules.benefit import BenefitKind
from payung.rules.types import Confidence, RuleNotInForce, add_months
from payung.rules.versions import Citation, RuleBook

C, S, U = Confidence.CONFIRMED, Confidence.SINGLE_SOURCE, Confidence.UNCERTAIN


class ClaimProgramme(StrEnum):
    """The programmes a claim is made under (BEASISWA: the children's scholarship of JKM or JKK)."""

    JKK = "JKK"
    JKM = "JKM"
    JHT = "JHT"
    JP = "JP"
    BEASISWA = "BEASISWA"


class ClaimKind(StrEnum):
    JKK_MEDICAL = "jkk_medical"  # perawatan dan pengobatan
    JKK_TEMPORARY_INCAPACITY = "jkk_temporary_incapacity"  # STMB
    JKK_PERMANENT_DISABILITY = "jkk_permanent_disability"  # cacat total tetap
    JKK_PARTIAL_DISABILITY = "jkk_partial_disability"
    JKK_DEATH = "jkk_death"
    JKK_FUNERAL = "jkk_funeral"
    JKM_DEATH = "jkm_death"
    JHT_FULL = "jht_full"
    JHT_PARTIAL = "jht_partial"
    JP_MONTHLY = "jp_monthly"
    JP_LUMP_SUM = "jp_lump_sum"
    SCHOLARSHIP = "scholarship"


KINDS_OF: dict[ClaimProgramme, tuple[ClaimKind, ...]] = {
    ClaimProgramme.JKK: (
        ClaimKind.JKK_MEDICAL,
        ClaimKind.JKK_TEMPORARY_INCAPACITY,
        ClaimKind.JKK_PERMANENT_DISABILITY,
        ClaimKind.JKK_PARTIAL_DISABILITY,
        ClaimKind.JKK_DEATH,
        ClaimKind.JKK_FUNERAL,
    ),
    ClaimProgramme.JKM: (ClaimKind.JKM_DEATH,),
    ClaimProgramme.JHT: (ClaimKind.JHT_FULL, ClaimKind.JHT_PARTIAL),
    ClaimProgramme.JP: (ClaimKind.JP_MONTHLY, ClaimKind.JP_LUMP_SUM),
    ClaimProgramme.BEASISWA: (ClaimKind.SCHOLARSHIP,),
}
PROGRAMME_OF: dict[ClaimKind, ClaimProgramme] = {k: p for p, kinds in KINDS_OF.items() for k in kinds}

# Kinds after a death: they have heirs.
DEATH_KINDS = frozenset(
    {ClaimKind.JKK_DEATH, ClaimKind.JKK_FUNERAL, ClaimKind.JKM_DEATH, ClaimKind.SCHOLARSHIP}
)
# Kinds the regulation engine prices (rules.benefit); the others are paid as billed or from a balance.
BENEFIT_KIND_OF: dict[ClaimKind, BenefitKind] = {
    ClaimKind.JKM_DEATH: BenefitKind.JKM_DEATH,
    ClaimKind.JKK_DEATH: BenefitKind.JKK_DEATH,
    ClaimKind.JKK_PERMANENT_DISABILITY: BenefitKind.JKK_TOTAL_DISABILITY,
    ClaimKind.JKK_PARTIAL_DISABILITY: BenefitKind.JKK_PARTIAL_DISABILITY,
    ClaimKind.JKK_TEMPORARY_INCAPACITY: BenefitKind.JKK_TEMPORARY_INCAPACITY,
    ClaimKind.SCHOLARSHIP: BenefitKind.SCHOLARSHIP,
}
# The programme whose membership funds a claim of this programme (scholarships come from JKM or JKK;
# a JKM one is looked up under JKM).
FUNDING_PROGRAMME: dict[ClaimProgramme, str] = {
    ClaimProgramme.JKK: "JKK",
    ClaimProgramme.JKM: "JKM",
    ClaimProgramme.JHT: "JHT",
    ClaimProgramme.JP: "JP",
    ClaimProgramme.BEASISWA: "JKM",
}


# ---------------------------------------------------------------- heirs


@dataclass(frozen=True, slots=True)
class HeirGroup:
    """One rank of heirs: a lower `rank` excludes every higher one."""

    rank: int
    relationships: tuple[str, ...]


HEIR_ORDER: tuple[HeirGroup, ...] = (
    HeirGroup(1, ("spouse", "child")),
    HeirGroup(2, ("parent",)),
    HeirGroup(3, ("grandchild", "grandparent")),
    HeirGroup(4, ("sibling",)),
    HeirGroup(5, ("in_law",)),
    HeirGroup(6, ("will",)),
)
HEIR_ORDER_SOURCE = Citation(
    rule="claim.heir_order",
    effective_from=date(2015, 7, 1),
    source="PP 44/2015 jo. PP 82/2019 Pasal 1 (ahli waris); Permenaker 5/2021",
    confidence=C,
)
HEIR_ORDER_NOTE = (
    "Widow/widower and children; if none, blood relatives in the straight line up to the second degree "
    "(parents first, then grandchildren and grandparents); siblings; in-laws; a person named in a will "
    "[C] (P12, P112). Parents before grandchildren follows issue 15; the regulation names one group [U]."
)
RANK_OF = {relationship: group.rank for group in HEIR_ORDER for relationship in group.relationships}


def entitled_heirs(relationships: list[str]) -> set[str]:
    """The relationships that receive, of those given: all of the first rank present."""
    present = [RANK_OF[r] for r in relationships if r in RANK_OF]
    if not present:
        return set()
    first = min(present)
    return {r for r in relationships if RANK_OF.get(r) == first}


# ---------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class Document:
    code: str
    label: str  # Bahasa Indonesia, as the branch names it
    kinds: tuple[ClaimKind, ...]
    source: str
    confidence: Confidence


_ALL = tuple(ClaimKind)
_DEATH = (ClaimKind.JKM_DEATH, ClaimKind.JKK_DEATH, ClaimKind.JKK_FUNERAL, ClaimKind.SCHOLARSHIP)
_JKK = (
    ClaimKind.JKK_MEDICAL,
    ClaimKind.JKK_TEMPORARY_INCAPACITY,
    ClaimKind.JKK_PERMANENT_DISABILITY,
    ClaimKind.JKK_PARTIAL_DISABILITY,
    ClaimKind.JKK_DEATH,
    ClaimKind.JKK_FUNERAL,
)
_P12 = "P12 (BPJS TK, syarat klaim JKM); P112"
DOCUMENTS: tuple[Document, ...] = (
    Document("kpj_card", "Kartu peserta BPJS Ketenagakerjaan (KPJ)", _ALL, _P12, C),
    Document("participant_id", "KTP elektronik peserta", _ALL, _P12, S),
    Document("heir_id", "KTP elektronik ahli waris", _DEATH, _P12, S),
    Document("death_certificate", "Surat keterangan kematian / akta kematian", _DEATH, _P12, S),
    Document("family_card", "Kartu Keluarga (KK)", _ALL, _P12, S),
    Document("heir_statement", "Surat keterangan ahli waris", _DEATH, _P12, S),
    Document(
        "marriage_book", "Buku nikah / akta perkawinan", (ClaimKind.JKM_DEATH, ClaimKind.JKK_DEATH), _P12, S
    ),
    Document("bank_book", "Buku tabungan penerima", _ALL, _P12, S),
    Document("accident_report", "Laporan kecelakaan kerja tahap I", _JKK, "P111", S),
    Document("medical_certificate", "Surat keterangan dokter", _JKK[:4], "P111", U),
    Document(
        "school_certificate", "Surat keterangan masih sekolah / kuliah", (ClaimKind.SCHOLARSHIP,), "P16", S
    ),
    Document("resignation_letter", "Surat keterangan berhenti bekerja", (ClaimKind.JHT_FULL,), "P35", S),
)


def documents_for(kind: ClaimKind) -> tuple[Document, ...]:
    return tuple(document for document in DOCUMENTS if ClaimKind(kind) in document.kinds)


# ---------------------------------------------------------------- deadlines


@dataclass(frozen=True, slots=True)
class Deadline:
    code: str  # "report", "lapse", "scholarship_age"
    due: date
    citation: Citation

    def state(self, today: date, *, done: bool = False, warn_days: int = 90) -> str:
        """ "done", "late", "soon" (within `warn_days`), or "open"."""
        if done:
            return "done"
        if today > self.due:
            return "late"
        if (self.due - today).days <= warn_days:
            return "soon"
        return "open"


def _book(rulebook: RuleBook | None) -> RuleBook:
    from payung.rules.catalogue import default_rulebook

    return rulebook if rulebook is not None else default_rulebook()


def claim_deadlines(
    *,
    kind: ClaimKind,
    event_date: date,
    child_birth_date: date | None = None,
    rulebook: RuleBook | None = None,
) -> tuple[Deadline, ...]:
    """The dates a claim of `kind` for an event on `event_date` must meet.

    JKK: the first report within 2 x 24 hours of the accident. Every claim: it lapses N years after
    the event (5 under PP 82/2019, 2 before). Scholarship: until the child turns 23.
    """
    book = _book(rulebook)
    kind = ClaimKind(kind)
    found: list[Deadline] = []
    if PROGRAMME_OF[kind] == ClaimProgramme.JKK:
        version = book.version_at("claim.jkk.report_days", event_date)
        found.append(
            Deadline("report", event_date + timedelta(days=int(version.value)), Citation.of(version))
        )  # type: ignore[arg-type]
    version = book.version_at("claim.lapse_years", event_date)
    found.append(Deadline("lapse", add_months(event_date, 12 * int(version.value)), Citation.of(version)))  # type: ignore[arg-type]
    if kind == ClaimKind.SCHOLARSHIP and child_birth_date is not None:
        try:
            version = book.version_at("scholarship.max_age", event_date)
        except RuleNotInForce:
            return tuple(found)
        found.append(
            Deadline(
                "scholarship_age", add_months(child_birth_date, 12 * int(version.value)), Citation.of(version)
            )  # type: ignore[arg-type]
        )
    return tuple(found)
