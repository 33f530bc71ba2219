"""Writes about agents: add, suspend, reinstate, reassign (by regency admins and BPJS officers of the
area), the inactivity rule, and a worker registered by an agent. Each is atomic and audited.

A registration goes through the registry (`worker_register_in_area`, the same checks as every worker
form) and the lifecycle (`membership_enrol_self_paid` on the district's MANDIRI scheme, the one-funder
rule as everywhere); the agent learns nothing about an existing record or another funder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from payung.accounts.roles import manages_rules
from payung.accounts.scope import scope_for
from payung.accounts.users import UserInvalid, agent_account_change, agent_account_create
from payung.audit.models import Action, Source
from payung.audit.services import audit_record
from payung.lib import dates
from payung.regions.models import Region
from payung.rules import Month

from .access import agent_access
from .models import (
    Agent,
    AgentStatus,
    Collection,
    CommissionRule,
    Confidence,
    HostKind,
    HostShareRule,
    InactivityRule,
    Recruit,
)
from .rules import inactivity_rule_at


class AgentInvalid(Exception):
    """Field errors ({field: [message]}); nothing was saved."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


@dataclass(frozen=True)
class AgentInput:
    username: str
    first_name: str
    last_name: str
    password: str
    area_code: str
    host_kind: str
    host_name: str
    start_date: dt.date
    code: str = ""


def _area(code: str) -> Region | None:
    """A district (kecamatan) or a kelurahan: where an agent may be placed."""
    return Region.objects.filter(code=code.strip()).filter(Q(level=3) | Q(level=4, kind="kelurahan")).first()


def _area_codes(region: Region) -> dict[str, str]:
    parts = region.code.split(".")
    return {
        "province_code": parts[0],
        "regency_code": ".".join(parts[:2]),
        "district_code": ".".join(parts[:3]),
    }


def _next_code(region: Region) -> str:
    prefix = "PRS-" + region.code[:5].replace(".", "")
    taken = Agent.objects.filter(code__startswith=prefix).count()
    return f"{prefix}-{taken + 1:04d}"


def _audit(actor, agent: Agent, action: str, changes: dict, note: str = "", source: str = Source.WEB) -> None:
    audit_record(
        actor=actor,
        object_type="agent",
        object_id=agent.pk,
        action=action,
        changes=changes,
        note=note[:200],
        source=source,
        region_code=agent.area_id,
    )


def agent_add(*, actor, data: AgentInput, source: str = Source.WEB) -> Agent:
    """A new agent and its login; `actor` a regency admin or BPJS officer whose regions hold the area."""
    errors: dict[str, list[str]] = {}
    region = _area(data.area_code)
    if region is None:
        errors["area_code"] = [_("Pilih kecamatan atau kelurahan wilayah kerja agen.")]
    if data.host_kind not in HostKind.values:
        errors["host_kind"] = [_("Pilih jenis lembaga induk.")]
    if not data.host_name.strip():
        errors["host_name"] = [_("Nama lembaga induk (koperasi, BUMDes, kelompok) wajib diisi.")]
    code = data.code.strip().upper()
    if code and Agent.objects.filter(code=code).exists():
        errors["code"] = [_("Kode agen ini sudah dipakai.")]
    if errors:
        raise AgentInvalid(errors)
    assert region is not None
    try:
        with transaction.atomic():
            user = agent_account_create(
                actor=actor,
                username=data.username,
                first_name=data.first_name,
                last_name=data.last_name,
                region_code=region.code,
                password=data.password,
                source=source,
            )
            agent = Agent.objects.create(
                user=user,
                code=code or _next_code(region),
                area=region,
                **_area_codes(region),
                host_kind=data.host_kind,
                host_name=data.host_name.strip(),
                start_date=data.start_date,
                status=AgentStatus.ACTIVE,
                status_since=data.start_date,
            )
            _audit(
                actor,
                agent,
                Action.CREATE,
                {
                    "code": [None, agent.code],
                    "user": [None, str(user.pk)],
                    "area": [None, region.code],
                    "host_kind": [None, agent.host_kind],
                    "host_name": [None, agent.host_name],
                    "status": [None, agent.status],
                },
                source=source,
            )
    except UserInvalid as error:
        raise AgentInvalid(
            {("area_code" if k == "regions" else k): v for k, v in error.errors.items()}
        ) from error
    return agent


def _check_manager(actor, agent: Agent) -> None:
    if not agent_access(actor, agent).can_manage:
        raise PermissionDenied(_("Agen ini di luar kewenangan Anda."))


def _set_status(
    actor, agent: Agent, status: str, *, why: str, today: dt.date, source: str = Source.WEB
) -> Agent:
    old = agent.status
    agent.status, agent.status_since = status, today
    agent.save(update_fields=["status", "status_since"])
    _audit(actor, agent, Action.UPDATE, {"status": [old, status]}, note=why, source=source)
    return agent


def agent_suspend(*, actor, agent: Agent, why: str, today: dt.date | None = None) -> Agent:
    """Suspended: its login stops, its recruits stay its own."""
    _check_manager(actor, agent)
    if not why.strip():
        raise AgentInvalid({"why": [_("Alasan penangguhan wajib diisi.")]})
    with transaction.atomic():
        agent_account_change(actor=actor, user=agent.user, active=False)
        return _set_status(actor, agent, AgentStatus.INACTIVE, why=why, today=today or dates.today())


def agent_reinstate(*, actor, agent: Agent, today: dt.date | None = None) -> Agent:
    """Back to active; a dropped agent only once the rejoin wait of the inactivity rule is over."""
    _check_manager(actor, agent)
    today = today or dates.today()
    if agent.status == AgentStatus.ACTIVE:
        return agent
    if agent.status == AgentStatus.DROPPED:
        rule = inactivity_rule_at(today)
        allowed = Month.of(agent.status_since).plus(rule.rejoin_after_months).first_day
        if today < allowed:
            raise AgentInvalid(
                {
                    "status": [
                        _(
                            "Agen yang gugur baru boleh bergabung lagi mulai %(day)s (%(n)s bulan setelah gugur)."
                        )
                        % {"day": allowed.strftime("%d/%m/%Y"), "n": rule.rejoin_after_months}
                    ]
                }
            )
    with transaction.atomic():
        agent_account_change(actor=actor, user=agent.user, active=True)
        return _set_status(actor, agent, AgentStatus.ACTIVE, why=_("Diaktifkan kembali"), today=today)


def agent_reassign(*, actor, agent: Agent, area_code: str, host_kind: str = "", host_name: str = "") -> Agent:
    """Another district or kelurahan (and host); the recruits it already brought stay its own."""
    _check_manager(actor, agent)
    region = _area(area_code)
    if region is None or not scope_for(actor).contains(region.code):
        raise AgentInvalid(
            {
                "area_code": [
                    _("Wilayah %(code)s tidak ditemukan di wilayah kerja Anda.") % {"code": area_code}
                ]
            }
        )
    if host_kind and host_kind not in HostKind.values:
        raise AgentInvalid({"host_kind": [_("Pilih jenis lembaga induk.")]})
    old = {"area": agent.area_id, "host_kind": agent.host_kind, "host_name": agent.host_name}
    with transaction.atomic():
        agent_account_change(actor=actor, user=agent.user, region_code=region.code)
        agent.area = region
        for name, value in _area_codes(region).items():
            setattr(agent, name, value)
        agent.host_kind = host_kind or agent.host_kind
        agent.host_name = host_name.strip() or agent.host_name
        agent.save()
        _audit(
            actor,
            agent,
            Action.UPDATE,
            {
                "area": [old["area"], region.code],
                "host_kind": [old["host_kind"], agent.host_kind],
                "host_name": [old["host_name"], agent.host_name],
            },
            note=_("Dipindahkan"),
        )
    return agent


@dataclass
class InactivityResult:
    dropped: list[str] = field(default_factory=list)


def last_activity(agent: Agent) -> dt.date:
    """The later of its last registration, its last collection and its start."""
    recruit = Recruit.objects.filter(agent=agent).aggregate(day=Max("registered_on"))["day"]
    collected = Collection.objects.filter(agent=agent).aggregate(day=Max("collected_on"))["day"]
    return max(d for d in (agent.start_date, recruit, collected) if d is not None)


def agents_apply_inactivity(*, today: dt.date | None = None, actor=None) -> InactivityResult:
    """Drop every active agent with no new participant and no collection for the rule's months: with
    3, an agent whose last activity was in January is dropped in May (February-April empty)."""
    today = today or dates.today()
    rule = inactivity_rule_at(today)
    result = InactivityResult()
    for agent in Agent.objects.filter(status=AgentStatus.ACTIVE).order_by("id"):
        if Month.of(last_activity(agent)).plus(rule.drop_after_months) < Month.of(today):
            with transaction.atomic():
                _set_status(
                    actor,
                    agent,
                    AgentStatus.DROPPED,
                    today=today,
                    source=Source.SYSTEM,
                    why=_("%(n)s bulan tanpa peserta baru maupun iuran") % {"n": rule.drop_after_months},
                )
            result.dropped.append(agent.code)
    return result


@dataclass(frozen=True)
class RuleVersionInput:
    kind: str  # "commission", "inactivity" or "host_share"
    effective_from: dt.date
    source: str
    confidence: str
    note: str = ""
    rate_percent: Decimal | None = None
    bonus_amount: int | None = None
    bonus_min_new_participants: int | None = None
    drop_after_months: int | None = None
    rejoin_after_months: int | None = None
    share_percent: Decimal | None = None


RULE_MODELS = {"commission": CommissionRule, "inactivity": InactivityRule, "host_share": HostShareRule}


def agent_rule_add(*, actor, data: RuleVersionInput) -> CommissionRule | InactivityRule | HostShareRule:
    """A newer version of the commission, inactivity or host-share rule (superusers and national admins);
    in force from its month until the next version. Audited; versions are never edited."""
    if not manages_rules(actor):
        raise PermissionDenied(_("Hanya admin nasional yang boleh menambah versi aturan agen."))
    errors: dict[str, list[str]] = {}
    if data.effective_from.day != 1:
        errors["effective_from"] = [_("Versi aturan berlaku mulai tanggal 1 suatu bulan.")]
    if not data.source.strip():
        errors["source"] = [_("Sumber aturan wajib diisi.")]
    if data.confidence not in Confidence.values:
        errors["confidence"] = [_("Pilih tingkat keyakinan.")]
    if data.kind not in RULE_MODELS:
        raise AgentInvalid({"kind": [_("Pilih aturan.")]})
    model = RULE_MODELS[data.kind]
    if model.objects.filter(effective_from=data.effective_from).exists():
        errors["effective_from"] = [_("Sudah ada versi yang berlaku mulai tanggal ini.")]
    if data.kind == "commission":
        if data.rate_percent is None or not Decimal(0) <= data.rate_percent <= Decimal(100):
            errors["rate_percent"] = [_("Komisi harus antara 0 dan 100 %.")]
        if data.bonus_amount is None or data.bonus_amount < 0:
            errors["bonus_amount"] = [_("Bonus tidak boleh negatif.")]
        if not data.bonus_min_new_participants or data.bonus_min_new_participants < 1:
            errors["bonus_min_new_participants"] = [_("Jumlah peserta baru untuk bonus paling sedikit 1.")]
        values = {
            "rate_percent": data.rate_percent,
            "bonus_amount": data.bonus_amount,
            "bonus_min_new_participants": data.bonus_min_new_participants,
        }
    elif data.kind == "host_share":
        if data.share_percent is None or not Decimal(0) <= data.share_percent <= Decimal(100):
            errors["share_percent"] = [_("Bagian lembaga induk harus antara 0 dan 100 %.")]
        values = {"share_percent": data.share_percent}
    else:
        if not data.drop_after_months or data.drop_after_months < 1:
            errors["drop_after_months"] = [_("Batas bulan tanpa kegiatan paling sedikit 1.")]
        if data.rejoin_after_months is None or data.rejoin_after_months < 0:
            errors["rejoin_after_months"] = [_("Masa tunggu bergabung lagi tidak boleh negatif.")]
        values = {
            "drop_after_months": data.drop_after_months,
            "rejoin_after_months": data.rejoin_after_months,
        }
    if errors:
        raise AgentInvalid(errors)
    with transaction.atomic():
        rule = model.objects.create(
            effective_from=data.effective_from,
            source=data.source.strip()[:300],
            confidence=data.confidence,
            note=data.note.strip(),
            created_by=actor,
            **values,
        )
        audit_record(
            actor=actor,
            object_type=f"{data.kind}_rule",
            object_id=rule.pk,
            action=Action.CREATE,
            changes={
                name: [None, str(value)]
                for name, value in {
                    "effective_from": data.effective_from,
                    "source": rule.source,
                    **values,
                }.items()
            },
        )
    return rule
