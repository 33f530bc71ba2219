"""The commission and inactivity rules in force on a day: dated rows (models), newest first wins.

Versions start on the 1st of a month and last until the next one; the 2018 versions are loaded by the
migration (docs/agents.md gives the sources). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from payung.lib import formats

from .models import CommissionRule, HostShareRule, InactivityRule


class RuleMissing(LookupError):
    """No version of the rule is in force on that day."""


def commission_rule_at(day: dt.date) -> CommissionRule:
    rule = CommissionRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rule is None:
        raise RuleMissing(
            _("Tidak ada aturan komisi agen yang berlaku pada %(day)s.") % {"day": day.isoformat()}
        )
    return rule


def inactivity_rule_at(day: dt.date) -> InactivityRule:
    rule = InactivityRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rule is None:
        raise RuleMissing(
            _("Tidak ada aturan keaktifan agen yang berlaku pada %(day)s.") % {"day": day.isoformat()}
        )
    return rule


def host_share_rule_at(day: dt.date) -> HostShareRule | None:
    """The host organisation's share in force (None before any version: no share is known)."""
    return HostShareRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def percent_of(amount: int, rate_percent: Decimal) -> int:
    """`rate_percent` % of `amount`, rounded half up to whole Rupiah."""
    return int((Decimal(amount) * Decimal(rate_percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cited(rule: CommissionRule | InactivityRule | HostShareRule) -> str:
    """The source of a rule version as a statement line shows it."""
    return _("%(source)s [%(confidence)s; berlaku mulai %(day)s]") % {
        "source": rule.source,
        "confidence": rule.get_confidence_display(),
        "day": formats.day(rule.effective_from),
    }
