"""Reading the RuleBook in force (shipped rules + admin-added versions) and adding versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from payung.accounts.roles import manages_rules
from payung.audit.services import Action, Source, audit_record
from payung.rules import RuleBook, RuleError, RuleVersion, ValueKind, default_rulebook
from payung.rules.types import Confidence as EngineConfidence
from payung.rules.versions import SCALAR_KINDS, WHOLE_NUMBER_KINDS

from .models import AddedRuleVersion
from .presenters import error_text, rule_title


class RuleVersionInvalid(Exception):
    """The version cannot be added; the message is shown to the admin as it is."""


def user_manages_rules(user) -> bool:
    """Whether `user` may add versions of the national contribution and benefit rules.

    The rules price every regency's schemes, so only a national role may change them: superusers
    and national admins. Regency admins and everyone else read the rule table only. The one
    permission check for the views, the service and any API.
    """
    return bool(user is not None and user.is_authenticated and user.is_active and manages_rules(user))


def engine_value(kind: ValueKind, value: Decimal) -> Decimal | int:
    if kind in WHOLE_NUMBER_KINDS:
        return int(value)
    return value.normalize()


def to_engine(record: AddedRuleVersion, book: RuleBook) -> RuleVersion:
    kind = book.spec(record.rule).kind
    return RuleVersion(
        rule=record.rule,
        effective_from=record.effective_from,
        value=engine_value(kind, Decimal(record.value)),
        source=record.source,
        confidence=EngineConfidence(record.confidence),
        note=record.note,
    )


def shipped_rulebook() -> RuleBook:
    # APBDes and PP 50/2025: unknown in law, so a setting (default: not excluded); see docs/rules.md.
    return default_rulebook(
        apbdes_excluded_from_discount=getattr(settings, "PAYUNG_APBDES_EXCLUDED_FROM_DISCOUNT", False)
    )


def current_rulebook() -> RuleBook:
    """The shipped rules with every admin-added version merged in."""
    book = shipped_rulebook()
    return book.with_versions(to_engine(record, book) for record in AddedRuleVersion.objects.all())


@dataclass(frozen=True)
class RuleVersionInput:
    rule: str
    effective_from: date
    value: Decimal  # engine units
    source: str
    confidence: str = EngineConfidence.CONFIRMED
    note: str = ""


def rule_version_add(*, actor, data: RuleVersionInput) -> AddedRuleVersion:
    """Add a version after the latest one of its rule; it closes the previous one. Audited.

    Checked inside the transaction (SQLite's IMMEDIATE mode serialises writers), so two admins
    cannot both append to the same rule from the same starting point.
    """
    if not user_manages_rules(actor):
        raise PermissionDenied(_("Hanya admin nasional yang boleh menambah versi aturan nasional."))
    try:
        with transaction.atomic():
            candidate = _checked_candidate(data)
            record = AddedRuleVersion.objects.create(
                rule=candidate.rule,
                effective_from=candidate.effective_from,
                value=data.value,
                source=candidate.source,
                confidence=candidate.confidence.value,
                note=candidate.note,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                object_type="rule_version",
                object_id=record.pk,
                action=Action.CREATE,
                source=Source.WEB,
                changes={
                    "rule": [None, record.rule],
                    "effective_from": [None, record.effective_from.isoformat()],
                    "value": [None, str(data.value)],
                    "source": [None, record.source],
                    "confidence": [None, record.confidence],
                },
                note=record.note[:200],
            )
    except IntegrityError as error:
        raise RuleVersionInvalid(_("Versi untuk tanggal itu sudah ada.")) from error
    return record


def _checked_candidate(data: RuleVersionInput) -> RuleVersion:
    book = current_rulebook()
    if data.rule not in book.specs:
        raise RuleVersionInvalid(_("Aturan %(rule)s tidak dikenal.") % {"rule": data.rule})
    kind = book.spec(data.rule).kind
    if kind not in SCALAR_KINDS:
        raise RuleVersionInvalid(
            _("Aturan %(rule)s bukan satu angka; perubahannya dibuat pengembang lewat kode.")
            % {"rule": rule_title(data.rule, data.rule)}
        )
    if data.value <= 0:
        raise RuleVersionInvalid(_("Nilai harus lebih dari nol."))
    if kind in WHOLE_NUMBER_KINDS and data.value != data.value.to_integral_value():
        raise RuleVersionInvalid(_("Nilai ini harus bilangan bulat."))
    if not data.source.strip():
        raise RuleVersionInvalid(_("Dasar hukum wajib diisi."))
    if data.confidence not in {level.value for level in EngineConfidence}:
        raise RuleVersionInvalid(_("Tingkat keyakinan tidak dikenal."))
    candidate = RuleVersion(
        rule=data.rule,
        effective_from=data.effective_from,
        value=engine_value(kind, data.value),
        source=data.source.strip(),
        confidence=EngineConfidence(data.confidence),
        note=data.note.strip(),
    )
    try:
        book.with_version(candidate)  # rejects overlaps, dates before the latest version, bad values
    except RuleError as error:
        raise RuleVersionInvalid(error_text(error)) from error
    return candidate
