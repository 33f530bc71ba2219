"""The demo agent: `agen.makassar` in one Makassar district with a kelurahan cooperative (Makassar
Berjasa), a few dozen self-paying recruits registered last month, handed to the BPJS branch and back
with KPJ numbers, two months of collections, a deposit and so a statement for each month."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from payung.accounts.models import User
from payung.lib import dates
from payung.lib.nik import FEMALE, MALE, make_nik
from payung.regions.models import Region
from payung.rules import Month
from payung.schemes.models import Membership, MembershipStatus
from payung.schemes.services.memberships import memberships_answer, memberships_submit

from .collections import collection_record, deposit_record, held_months, month_due
from .first_rules import ensure_first_rules
from .models import Agent, CommissionRule, HostShareRule, InactivityRule, Recruit
from .registration import RecruitInput, recruit_register
from .services import AgentInput, agent_add
from .statement import statement_for

USERNAME = "agen.makassar"
RECRUITS = 36
NAMES = ("Andi", "Besse", "Daeng", "Hasni", "Irwan", "Jumriah", "Kasmawati", "Muh. Rizal", "Nurul", "Syamsul")
OCCUPATIONS = ("pedagang", "ojek", "nelayan", "buruh_harian", "pedagang")


def load_agents_demo(*, password: str, today: dt.date | None = None) -> dict[str, object]:
    """Creates the demo agent once; a second run finds it and adds nothing."""
    today = today or dates.today()
    existing = Agent.objects.filter(user__username=USERNAME).first()
    if existing is not None:
        return {"agent": existing.code, "recruits": existing.recruits.count(), "created": False}
    district = Region.objects.filter(code__startswith="73.71.", level=3).order_by("code").first()
    if district is None:
        return {"agent": "", "recruits": 0, "created": False}
    villages = list(Region.objects.filter(parent=district).order_by("code").values_list("code", flat=True))
    admin = User.objects.get(username="admin")
    registered_on = Month.of(today).plus(-1).first_day + dt.timedelta(days=2)
    rng = random.Random(16)  # noqa: S311 - synthetic data
    ensure_first_rules(
        CommissionRule, InactivityRule, HostShareRule
    )  # a flushed test database lost the migration's rows
    with transaction.atomic():
        agent = agent_add(
            actor=admin,
            data=AgentInput(
                username=USERNAME,
                first_name="Agen Perisai",
                last_name=district.name.title(),
                password=password,
                area_code=district.code,
                host_kind="cooperative",
                host_name=f"Koperasi Makassar Berjasa Kel. {Region.objects.get(code=villages[0]).name.title()}",
                start_date=registered_on - dt.timedelta(days=30),
                code="PRS-7371-0001",
            ),
        )
        for i in range(RECRUITS):
            sex = FEMALE if i % 2 else MALE
            birth = dt.date(1970 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 28))
            occupation = OCCUPATIONS[i % len(OCCUPATIONS)]
            recruit_register(
                actor=agent.user,
                today=registered_on,
                data=RecruitInput(
                    nik=make_nik(district_code=district.code, birth_date=birth, sex=sex, serial=7000 + i),
                    name=f"{NAMES[i % len(NAMES)]} {NAMES[(i * 3 + 1) % len(NAMES)]}",
                    sex=sex,
                    birth_date=birth,
                    village_code=villages[i % len(villages)],
                    occupation_code=occupation,
                    phone=f"0812{7000000 + i:07d}",
                    declared_income=rng.choice((1_000_000, 1_500_000, 2_000_000)),
                    with_jht=i % 3 == 0,
                    start_month=Month.of(registered_on),
                ),
            )
        scheme = Recruit.objects.filter(agent=agent).first().membership.scheme
        memberships_submit(actor=admin, scheme=scheme)
        submitted = Membership.objects.filter(
            scheme=scheme, status=MembershipStatus.SUBMITTED, recruit__agent=agent
        )
        memberships_answer(
            actor=admin, scheme=scheme, kpj={m.pk: f"16{m.pk:09d}" for m in submitted}, rejected={}
        )
        last_month, this_month = Month.of(registered_on), Month.of(today)
        for recruit in Recruit.objects.filter(agent=agent).select_related(
            "membership__scheme", "worker__occupation"
        ):
            for month, day in ((last_month, registered_on + dt.timedelta(days=5)), (this_month, today)):
                if (month == this_month and recruit.pk % 4 == 0) or month not in held_months(recruit):
                    continue  # some still owe this month: the dashboard's "collections due"
                collection_record(
                    actor=agent.user,
                    recruit=recruit,
                    month=month,
                    amount=month_due(recruit, month),
                    method="cash" if recruit.pk % 2 else "transfer",
                    reference=f"KWT/{recruit.pk}/{month.month:02d}",
                    collected_on=min(day, today),
                    today=today,
                )
        collected = sum(c.amount for c in agent.collections.filter(month=last_month.first_day))
        deposit_record(
            actor=agent.user,
            amount=collected,
            deposited_on=min(registered_on + dt.timedelta(days=10), today),
            reference="BPJS-SETOR-DEMO-01",
            today=today,
        )
    statement = statement_for(agent, last_month)
    return {"agent": agent.code, "recruits": RECRUITS, "created": True, "statement": statement.as_json()}
