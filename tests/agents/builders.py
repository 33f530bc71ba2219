"""Builders for the agents tests: agents added and workers registered through the services."""

from __future__ import annotations

import datetime as dt
import itertools

from payung.agents.registration import RecruitInput, recruit_register
from payung.agents.services import AgentInput, agent_add
from payung.lib.nik import FEMALE, make_nik
from payung.rules import Month

TODAY = dt.date(2026, 1, 5)
PASSWORD = "rahasia-agen-123"
_serials = itertools.count(5001)
JANUARY = Month(2026, 1)


def add_agent(
    actor, username: str, area: str = "13.02.07", *, start: dt.date = dt.date(2025, 12, 1), code: str = ""
):
    return agent_add(
        actor=actor,
        data=AgentInput(
            username=username,
            first_name="Agen",
            last_name=username,
            password=PASSWORD,
            area_code=area,
            host_kind="cooperative",
            host_name="Koperasi Maju",
            start_date=start,
            code=code,
        ),
    )


def recruit_input(
    village: str = "13.02.07.2001",
    *,
    birth: dt.date = dt.date(1990, 4, 2),
    sex: str = FEMALE,
    nik: str = "",
    start: Month = JANUARY,
    with_jht: bool = False,
    income: int = 1_000_000,
    name: str = "Rina Wati",
) -> RecruitInput:
    district = village.rsplit(".", 1)[0]
    return RecruitInput(
        nik=nik or make_nik(district_code=district, birth_date=birth, sex=sex, serial=next(_serials)),
        name=name,
        sex=sex,
        birth_date=birth,
        village_code=village,
        occupation_code="pedagang",
        phone="081234567890",
        declared_income=income,
        with_jht=with_jht,
        start_month=start,
    )


def register(agent_user, today: dt.date = TODAY, **kwargs):
    return recruit_register(actor=agent_user, data=recruit_input(**kwargs), today=today)
