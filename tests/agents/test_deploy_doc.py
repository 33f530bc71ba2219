"""docs/deploy.md schedules `payung agents_check` daily: a systemd service and timer, and a cron line,
naming a command that exists (nothing else runs the carry-over, the inactivity rule and the lapse)."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_deploy_md_has_a_daily_timer_and_a_cron_line_for_agents_check():
    text = DEPLOY.read_text(encoding="utf-8")
    units = _blocks(text, "ini")
    service = [u for u in units if "ExecStart=/srv/payung/app/.venv/bin/payung agents_check" in u]
    timer = [u for u in units if "[Timer]" in u and "agents_check" in u]
    assert service and "Type=oneshot" in service[0] and "EnvironmentFile=/etc/payung.env" in service[0]
    assert timer and re.search(r"OnCalendar=\*-\*-\* \d\d:\d\d Asia/Jakarta", timer[0])
    assert "Persistent=true" in timer[0] and "WantedBy=timers.target" in timer[0]
    assert "payung-agents.timer" in text
    cron = [line for block in _blocks(text, "cron") for line in block.splitlines() if "agents_check" in line]
    assert cron and re.match(r"^\d+ \d+ \* \* \* payung ", cron[0])
    assert "agents_check" in get_commands()
