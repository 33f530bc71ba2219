"""The lifecycle's tables: schemes, memberships and their months, bills, lines and payments, events."""

from .bills import Bill, BillLine, Payment
from .events import StatusChange
from .jobs import JobKind, JobStatus, LifecycleJob
from .memberships import HOLDING, TRANSITIONS, Membership, MembershipMonth, MembershipStatus
from .outbox import RegionMonthChange
from .schemes import FunderType, FundingScheme, SchemeStatus, Segment

__all__ = [
    "HOLDING",
    "TRANSITIONS",
    "Bill",
    "BillLine",
    "FunderType",
    "FundingScheme",
    "JobKind",
    "JobStatus",
    "LifecycleJob",
    "Membership",
    "MembershipMonth",
    "MembershipStatus",
    "Payment",
    "RegionMonthChange",
    "SchemeStatus",
    "Segment",
    "StatusChange",
]
