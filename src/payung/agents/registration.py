"""A worker registered by a Perisai agent on its phone: checked, priced, saved (agents/).

`recruit_quote` checks everything and prices the months (the form shows it before saving);
`recruit_register` does the same and saves, all or nothing: the worker in the registry (or the
existing record of that NIK, matched without showing it), a MANDIRI membership on the district's
self-paid scheme, and the `Recruit` row attributing it to the agent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from payung.accounts.scope import RegionScope
from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.lib.nik import normalize_nik
from payung.regions.models import Region
from payung.registry.models import Occupation, Worker
from payung.registry.services import WorkerInvalid, worker_check_in_area, worker_register_in_area
from payung.registry.transfers import elsewhere_answer_record, registered_elsewhere
from payung.registry.validation import WorkerInput
from payung.rules import Month, scheme_defaults
from payung.schemes.pricing import Pricer, SchemeTerms, months_between
from payung.schemes.services.memberships import MembershipConflict, MembershipInvalid
from payung.schemes.services.schemes import self_paid_scheme_for
from payung.schemes.services.self_paid import membership_enrol_self_paid

from .access import own_agent
from .models import Agent, AgentStatus, Recruit

REQUIRED_PROGRAMMES = ("JKK", "JKM")
OPTIONAL_PROGRAMMES = ("JHT",)
# How far ahead a start month may be chosen (BPU contributions are paid ahead, a month or two).
MAX_MONTHS_AHEAD = 3


class RecruitInvalid(Exception):
    """Field errors ({field: [message]}); nothing was saved."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


@dataclass
class RecruitInput:
    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    village_code: str
    occupation_code: str
    phone: str
    declared_income: int | None
    with_jht: bool
    start_month: Month | None


@dataclass(frozen=True)
class QuoteMonth:
    month: Month
    amount: int
    normal_amount: int
    discount: int


@dataclass(frozen=True)
class Quote:
    programmes: tuple[str, ...]
    months: tuple[QuoteMonth, ...]
    sources: tuple[str, ...]

    @property
    def first_month_amount(self) -> int:
        return self.months[0].amount

    @property
    def total(self) -> int:
        return sum(m.amount for m in self.months)

    @property
    def has_discount(self) -> bool:
        return any(m.discount for m in self.months)


def _agent_area(agent: Agent) -> RegionScope:
    return RegionScope(codes=(agent.area_id,))


def programmes_of(data: RecruitInput) -> tuple[str, ...]:
    return REQUIRED_PROGRAMMES + (OPTIONAL_PROGRAMMES if data.with_jht else ())


def _worker_input(data: RecruitInput) -> WorkerInput:
    return WorkerInput(
        nik=data.nik,
        name=data.name,
        sex=data.sex,
        birth_date=data.birth_date,
        village_code=(data.village_code or "").strip(),
        occupation_code=data.occupation_code,
        monthly_income=data.declared_income,
        phone=data.phone,
    )


def _price(data: RecruitInput, occupation: Occupation | None, last: Month) -> Quote:
    pricer = Pricer(
        SchemeTerms(
            segment="BPU",
            programmes=programmes_of(data),
            funder_type="MANDIRI",
            declared_income=data.declared_income or 0,
        )
    )
    months, sources = [], []
    for month in months_between(data.start_month, last):
        breakdown = pricer.breakdown(month, transport=bool(occupation and occupation.transport))
        months.append(
            QuoteMonth(
                month=month,
                amount=breakdown.total,
                normal_amount=sum(line.normal_amount for line in breakdown.lines),
                discount=sum(line.discount for line in breakdown.lines),
            )
        )
        sources += [line.source for line in breakdown.lines if line.source not in sources]
    return Quote(programmes=programmes_of(data), months=tuple(months), sources=tuple(sources))


def _check(
    agent: Agent | None, data: RecruitInput, today: dt.date
) -> tuple[dict[str, list[str]], Worker | None]:
    """Every problem at once, and the existing worker of that NIK when it lies in the agent's area."""
    errors: dict[str, list[str]] = {}
    if agent is None or agent.status != AgentStatus.ACTIVE:
        raise PermissionDenied(_("Hanya agen Perisai yang aktif yang boleh mendaftarkan peserta."))
    if data.declared_income is None:
        errors["declared_income"] = [_("Penghasilan per bulan wajib diisi (dasar iuran).")]
    this_month = Month.of(today)
    if data.start_month is None:
        errors["start_month"] = [_("Bulan mulai wajib dipilih.")]
    elif data.start_month < this_month or data.start_month > this_month.plus(MAX_MONTHS_AHEAD):
        errors["start_month"] = [
            _("Bulan mulai harus antara %(first)s dan %(last)s.")
            % {"first": this_month, "last": this_month.plus(MAX_MONTHS_AHEAD)}
        ]
    nik = normalize_nik(data.nik)
    existing = Worker.objects.filter(nik=nik).first() if len(nik) == 16 else None
    area = _agent_area(agent)
    check = worker_check_in_area(data=_worker_input(data), area=area, today=today)
    for name, problems in check.errors.items():
        errors.setdefault(name, []).extend(p.message for p in problems)
    if existing is not None and not area.contains(existing.village_id):
        # Registered outside the agent's area: the one neutral answer, counted like every such answer.
        errors["nik"] = [str(registered_elsewhere().message)]
    elif data.birth_date is not None and data.start_month is not None and "birth_date" not in errors:
        defaults = scheme_defaults(data.start_month.first_day)
        birth = existing.birth_date if existing is not None else data.birth_date
        age = _age_on(birth, data.start_month.first_day)
        if not defaults.min_age <= age <= defaults.max_age:
            errors.setdefault("birth_date", []).append(
                _("Usia %(age)s tahun pada bulan mulai di luar batas %(min)s-%(max)s tahun.")
                % {"age": age, "min": defaults.min_age, "max": defaults.max_age}
            )
    return errors, (existing if existing is not None and area.contains(existing.village_id) else None)


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _raise(errors: dict[str, list[str]], actor, data: RecruitInput, source: str = Source.WEB) -> None:
    if not errors:
        return
    if errors.get("nik") == [str(registered_elsewhere().message)]:
        elsewhere_answer_record(user=actor, source=source)
    raise RecruitInvalid(errors)


def recruit_quote(*, actor, data: RecruitInput, today: dt.date | None = None) -> Quote:
    """The checks and the monthly contribution from the start month to December, nothing saved."""
    today = today or dates.today()
    agent = own_agent(actor)
    errors, _existing = _check(agent, data, today)
    _raise(errors, actor, data)
    occupation = Occupation.objects.filter(code=data.occupation_code).first()
    return _price(data, occupation, Month(data.start_month.year, 12))


def recruit_register(
    *, actor, data: RecruitInput, today: dt.date | None = None, source: str = Source.WEB
) -> Recruit:
    today = today or dates.today()
    agent = own_agent(actor)
    errors, existing = _check(agent, data, today)
    _raise(errors, actor, data, source)
    assert agent is not None and data.start_month is not None
    try:
        with transaction.atomic():
            worker = existing or worker_register_in_area(
                actor=actor,
                data=_worker_input(data),
                area=_agent_area(agent),
                source=source,
                today=today,
            )
            quote = _price(data, worker.occupation, Month(data.start_month.year, 12))
            district = Region.objects.get(code=worker.district_code)
            scheme = self_paid_scheme_for(actor=actor, district=district, year=data.start_month.year)
            membership = membership_enrol_self_paid(
                actor=actor,
                scheme=scheme,
                worker=worker,
                programmes=quote.programmes,
                first=data.start_month,
                cost=quote.total,
            )
            recruit = Recruit.objects.create(
                agent=agent,
                worker=worker,
                membership=membership,
                given_name=" ".join(data.name.split())[:150] or worker.name,
                registered_on=today,
                declared_income=data.declared_income or 0,
                monthly_contribution=quote.first_month_amount,
                village_id=worker.village_id,
                district_code=worker.district_code,
                regency_code=worker.regency_code,
                province_code=worker.province_code,
            )
            audit_record(
                actor=actor,
                object_type="recruit",
                object_id=recruit.pk,
                action=Action.CREATE,
                changes={
                    "agent": [None, str(agent.pk)],
                    "worker": [None, str(worker.pk)],
                    "membership": [None, str(membership.pk)],
                    "given_name": [None, recruit.given_name],
                },
                note=_("NIK sudah ada di registri: dicocokkan") if existing is not None else "",
                source=source,
                region_code=worker.village_id,
            )
    except WorkerInvalid as error:
        raise RecruitInvalid({k: [p.message for p in v] for k, v in error.check.errors.items()}) from error
    except MembershipConflict as error:
        raise RecruitInvalid({"programmes": [str(error.args[0])]}) from error
    except MembershipInvalid as error:
        raise RecruitInvalid({"start_month": [str(error)]}) from error
    return recruit
