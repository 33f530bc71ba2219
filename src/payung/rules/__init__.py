"""Regulation engine: BPJS Ketenagakerjaan contributions and benefits, dated and cited.

Pure Python (no Django). Rules are data (`payung.rules.data`), resolved by date through a
`RuleBook`; see docs/rules.md.
"""

from payung.rules.benefit import BenefitKind, BenefitLine, BenefitResult, JhtReason, benefit
from payung.rules.catalogue import default_rulebook
from payung.rules.contribution import ContributionBreakdown, ContributionLine, contribution
from payung.rules.facts import SchemeDefaults, bill_due_date, minimum_income_basis, scheme_defaults
from payung.rules.planner import CostPlan, MonthCost, Package, contribution_for, cost_plan, package_from
from payung.rules.types import (
    Confidence,
    FunderType,
    InvalidInput,
    Month,
    NotAvailable,
    Programme,
    RuleError,
    RuleNotInForce,
    RuleVersionConflict,
    Sector,
    Segment,
)
from payung.rules.versions import RuleBook, RuleSpec, RuleVersion, SchoolLevel, ValueKind

__all__ = [
    "BenefitKind",
    "BenefitLine",
    "BenefitResult",
    "Confidence",
    "ContributionBreakdown",
    "ContributionLine",
    "CostPlan",
    "FunderType",
    "InvalidInput",
    "JhtReason",
    "Month",
    "MonthCost",
    "NotAvailable",
    "Package",
    "Programme",
    "RuleBook",
    "RuleError",
    "RuleNotInForce",
    "RuleSpec",
    "RuleVersion",
    "RuleVersionConflict",
    "SchemeDefaults",
    "SchoolLevel",
    "Sector",
    "Segment",
    "ValueKind",
    "benefit",
    "bill_due_date",
    "contribution",
    "contribution_for",
    "cost_plan",
    "default_rulebook",
    "minimum_income_basis",
    "package_from",
    "scheme_defaults",
]
