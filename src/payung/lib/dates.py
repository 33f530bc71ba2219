""" "Today" for Payung: the calendar day in the office's configured time zone (TIME_ZONE, Asia/Jakarta).

A district office's day is the one its clock shows. `date.today()` is the server's zone, a UTC date is
seven hours late in Jakarta (a bill paid at 06:00 WIB on the 1st is dated the last day of the month
before): both give wrong months around midnight. Every module asks this one helper instead; a test
(tests/lib/test_dates.py) fails when a module calls `date.today()` or `datetime.now()` itself.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# The zone when Django's settings are not configured (a plain script); settings.TIME_ZONE otherwise.
DEFAULT_TIME_ZONE = "Asia/Jakarta"


def office_zone() -> ZoneInfo:
    from django.conf import settings

    return ZoneInfo(settings.TIME_ZONE if settings.configured and settings.TIME_ZONE else DEFAULT_TIME_ZONE)


def today_at(moment: dt.datetime) -> dt.date:
    """The office's calendar day at `moment` (an aware datetime)."""
    if moment.tzinfo is None:
        raise ValueError("today_at needs an aware datetime")
    return moment.astimezone(office_zone()).date()


def now() -> dt.datetime:
    """The current moment in the office's zone (aware)."""
    return dt.datetime.now(tz=office_zone())


def today() -> dt.date:
    """The office's calendar day now."""
    return now().date()
