"""The lifecycle's tables: schemes, memberships and their months, bills, lines and payments, events."""

from .bills import Bill, BillLine, Payment
from .memberships import HOLDING, TRANSITIONS, Membership, MembershipEvent, MembershipMonth, MembershipStatus
from .schemes import FunderType, FundingScheme, SchemeEvent, SchemeStatus, Segment

__all__ = [
    "HOLDING",
    "TRANSITIONS",
    "Bill",
    "BillLine",
    "FunderType",
    "FundingScheme",
    "Membership",
    "MembershipEvent",
    "MembershipMonth",
    "MembershipStatus",
    "Payment",
    "SchemeEvent",
    "SchemeStatus",
    "Segment",
]
