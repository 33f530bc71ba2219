"""One "today": the office's calendar day in settings.TIME_ZONE, and no module asking the clock itself."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from django.test import override_settings

from payung.lib import dates

SRC = Path(__file__).resolve().parents[2] / "src" / "payung"

# Calls that read the clock as a calendar day in some zone other than the office's.
FORBIDDEN = {
    ("date", "today"),
    ("datetime", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("timezone", "localdate"),
    ("timezone", "localtime"),
}

# Call sites in the apps helper `lifecycle` is moving into schemes/: the lead switches them to
# payung.lib.dates.today() after the move and empties this list.
STILL_TO_MIGRATE = {
    "billing/management/commands/lapse_unpaid.py": 1,
    "billing/services.py": 2,
    "billing/views.py": 2,
    "coverage/importing.py": 2,
    "coverage/summary.py": 1,
    "enrolment/services.py": 2,
    "enrolment/views.py": 2,
    "funding/demo.py": 1,
    "funding/validation.py": 1,
    "funding/views.py": 5,
}


def _clock_calls(tree: ast.AST) -> int:
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (owner_name, node.func.attr) in FORBIDDEN:
                count += 1
    return count


def test_no_module_reads_the_clock_as_a_day_except_the_helper():
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative == "lib/dates.py" or "/migrations/" in relative:
            continue
        calls = _clock_calls(ast.parse(path.read_text(encoding="utf-8")))
        if calls:
            found[relative] = calls
    unexpected = {path: n for path, n in found.items() if n > STILL_TO_MIGRATE.get(path, 0)}
    assert not unexpected, f"use payung.lib.dates.today() / now() instead of the clock in: {unexpected}"
    stale = {path: n for path, n in STILL_TO_MIGRATE.items() if found.get(path, 0) < n}
    assert not stale, f"migrated: lower or remove these entries of STILL_TO_MIGRATE: {stale}"


def test_the_detector_sees_each_kind_of_clock_call():
    source = (
        "import datetime as dt\nfrom django.utils import timezone\n"
        "a = dt.date.today()\nb = dt.datetime.now(dt.UTC).date()\nc = timezone.localdate()\n"
        "d = datetime.utcnow()\ne = timezone.now()\n"
    )
    assert _clock_calls(ast.parse(source)) == 4  # timezone.now() is a timestamp, allowed


@override_settings(TIME_ZONE="Asia/Jakarta")
def test_today_is_the_jakarta_day_around_midnight_utc():
    # 18:30 UTC on 31 March is 01:30 WIB on 1 April: a UTC "today" would bill the wrong month.
    moment = dt.datetime(2026, 3, 31, 18, 30, tzinfo=dt.UTC)
    assert moment.date() == dt.date(2026, 3, 31)
    assert dates.today_at(moment) == dt.date(2026, 4, 1)
    # Before 17:00 UTC both agree.
    assert dates.today_at(dt.datetime(2026, 3, 31, 16, 59, tzinfo=dt.UTC)) == dt.date(2026, 3, 31)


@override_settings(TIME_ZONE="Asia/Jayapura")
def test_today_follows_the_configured_zone():
    assert dates.today_at(dt.datetime(2026, 3, 31, 15, 30, tzinfo=dt.UTC)) == dt.date(2026, 4, 1)
    assert str(dates.office_zone()) == "Asia/Jayapura"


def test_today_is_now_in_the_office_zone():
    assert dates.today() == dates.now().date()
    assert dates.now().utcoffset() == dt.timedelta(hours=7)
