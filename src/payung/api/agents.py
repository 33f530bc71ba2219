"""REST API v1: Perisai agents (docs/agents.md). The agent list with the leaderboard's figures, an agent,
its recruits, registering a recruit, recording a collection and a deposit, the monthly statement.

Every read goes through `agents.access` (an agent sees itself and only its own recruits; regency admins
and BPJS officers the agents of their regions), every write through the same services as the phone
forms; outside the scope answers 404 exactly as what does not exist.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import F
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from payung.accounts.roles import manages_agents
from payung.accounts.scope import NotVisible
from payung.agents.access import agent_for_user, agents_visible_to, own_agent, recruits_visible_to
from payung.agents.collections import (
    CollectionInvalid,
    collection_record,
    deposit_record,
    month_due_source,
)
from payung.agents.forms import parse_month
from payung.agents.models import Agent, AgentStatus, HostKind, PaymentMethod, Recruit
from payung.agents.registration import RecruitInput, RecruitInvalid, recruit_register
from payung.agents.rules import RuleMissing
from payung.agents.selectors import leaderboard, recruit_rows
from payung.agents.statement import statement_for
from payung.audit.models import Source
from payung.lib import dates
from payung.lib.money_fields import RupiahSerializerField
from payung.registry.models import Sex
from payung.registry.presenters import present_worker
from payung.rules import Month

from .errors import error_body
from .idempotency import idempotent
from .pagination import page_of, paginated_response, worker_page

# -- shapes ------------------------------------------------------------------------------------------


class AgentRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    area_code = serializers.CharField()
    area_name = serializers.CharField()
    district_code = serializers.CharField()
    host_kind = serializers.ChoiceField(choices=HostKind.choices)
    host_name = serializers.CharField()
    status = serializers.ChoiceField(choices=AgentStatus.choices)
    month = serializers.CharField(help_text="YYYY-MM of the figures")
    recruits = serializers.IntegerField(help_text="registered up to the month's end")
    active = serializers.IntegerField(help_text="recruits who paid the month's contribution")
    active_percent = serializers.FloatField(allow_null=True)
    collected = serializers.IntegerField(help_text="Rupiah received on a day of the month")


class AgentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    area_code = serializers.CharField()
    area_name = serializers.CharField()
    district_code = serializers.CharField()
    regency_code = serializers.CharField()
    host_kind = serializers.ChoiceField(choices=HostKind.choices)
    host_name = serializers.CharField()
    start_date = serializers.DateField()
    status = serializers.ChoiceField(choices=AgentStatus.choices)
    status_since = serializers.DateField()
    recruits = serializers.IntegerField()


class RecruitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="the name as the agent registered it")
    nik = serializers.CharField(help_text="masked, e.g. 1302********0001")
    village_code = serializers.CharField()
    registered_on = serializers.DateField()
    programmes = serializers.ListField(child=serializers.CharField())
    membership_status = serializers.CharField()
    kpj_number = serializers.CharField()
    scheme_year = serializers.IntegerField()
    declared_income = serializers.IntegerField()
    monthly_contribution = serializers.IntegerField()
    due_this_month = serializers.IntegerField()
    due_rule_source = serializers.CharField(help_text="the regulation versions that priced this month")
    paid_this_month = serializers.BooleanField()
    overdue_months = serializers.IntegerField()


class RecruitInputSerializer(serializers.Serializer):
    """Parses types only; agents.registration does every check (the phone form's)."""

    nik = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    village_code = serializers.CharField(max_length=13)
    occupation_code = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    declared_income = RupiahSerializerField()
    with_jht = serializers.BooleanField(required=False, default=False)
    start_month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")


class CollectionInputSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="the contribution month, YYYY-MM")
    amount = RupiahSerializerField(help_text="that month's contribution (the engine's price)")
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    collected_on = serializers.DateField()


class CollectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    recruit = serializers.IntegerField()
    month = serializers.CharField()
    amount = serializers.IntegerField()
    rule_source = serializers.CharField()
    method = serializers.CharField()
    reference = serializers.CharField()
    collected_on = serializers.DateField()


class DepositInputSerializer(serializers.Serializer):
    amount = RupiahSerializerField()
    deposited_on = serializers.DateField()
    reference = serializers.CharField(max_length=100)
    covers = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        help_text="references of the collections this deposit covers first; the rest oldest first",
    )


class DepositCoverSerializer(serializers.Serializer):
    collection = serializers.IntegerField()
    recruit = serializers.IntegerField()
    month = serializers.CharField()
    amount = serializers.IntegerField()


class DepositSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = serializers.IntegerField()
    deposited_on = serializers.DateField()
    reference = serializers.CharField()
    covers = DepositCoverSerializer(many=True)


class StatementLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    amount = serializers.IntegerField()
    rule_source = serializers.CharField()


class StatementSerializer(serializers.Serializer):
    """The fields of `payung agent_statement --json`, in its order."""

    agent = serializers.CharField()
    month = serializers.CharField()
    recruits = serializers.IntegerField()
    new_participants = serializers.IntegerField()
    active = serializers.IntegerField()
    collected = serializers.IntegerField()
    deposited = serializers.IntegerField()
    commission = serializers.IntegerField()
    lines = StatementLineSerializer(many=True)


# -- helpers -----------------------------------------------------------------------------------------


def _require_agents_role(user) -> None:
    """Only agents and those who manage agents reach this part of the API."""
    if own_agent(user) is None and not manages_agents(user):
        raise PermissionDenied(_("Peran Anda tidak melihat agen Perisai."))


def _agent(request, code: str):
    _require_agents_role(request.user)
    try:
        return agent_for_user(request.user, code)
    except NotVisible as exc:
        raise NotFound from exc


def _month(text: str, field: str = "month") -> Month:
    month = parse_month(text)
    if month is None or not 1900 < month.year < 2200:
        raise ValidationError({field: [_("Bulan harus berbentuk YYYY-MM.")]})
    return month


def _refused(errors: dict[str, list[str]], codes: dict[str, str] | None = None) -> Response:
    """A service's refusal ({field: [message]}) in the API's one error shape."""
    codes = codes or {}
    fields = {
        name: [{"code": codes.get(name, "invalid"), "message": str(m)} for m in messages]
        for name, messages in errors.items()
    }
    return Response(error_body("invalid", _("Periksa isian yang ditandai."), fields), status=400)


def _agent_data(agent: Agent, recruits: int) -> dict:
    return {
        "code": agent.code,
        "name": agent.name,
        "area_code": agent.area_id,
        "area_name": agent.area.name,
        "district_code": agent.district_code,
        "regency_code": agent.regency_code,
        "host_kind": agent.host_kind,
        "host_name": agent.host_name,
        "start_date": agent.start_date,
        "status": agent.status,
        "status_since": agent.status_since,
        "recruits": recruits,
    }


def _recruit_data(row, user) -> dict:
    recruit, membership = row.recruit, row.recruit.membership
    this_month = Month.of(dates.today())
    return {
        "id": recruit.pk,
        "name": recruit.given_name,
        "nik": present_worker(recruit.worker, user).nik,
        "village_code": recruit.village_id,
        "registered_on": recruit.registered_on,
        "programmes": list(membership.programmes),
        "membership_status": membership.status,
        "kpj_number": membership.kpj_number,
        "scheme_year": membership.scheme.year,
        "declared_income": recruit.declared_income,
        "monthly_contribution": recruit.monthly_contribution,
        "due_this_month": row.due,
        "due_rule_source": month_due_source(recruit, this_month) if row.due else "",
        "paid_this_month": row.paid_this_month,
        "overdue_months": row.overdue_months,
    }


def _deposit_data(deposit) -> dict:
    covers = deposit.covers.select_related("collection").order_by("id")
    return {
        "id": deposit.pk,
        "amount": deposit.amount,
        "deposited_on": deposit.deposited_on,
        "reference": deposit.reference,
        "covers": [
            {
                "collection": c.collection_id,
                "recruit": c.collection.recruit_id,
                "month": f"{c.collection.month:%Y-%m}",
                "amount": c.amount,
            }
            for c in covers
        ],
    }


# -- examples ----------------------------------------------------------------------------------------

AGENT_ROW_EXAMPLE = {
    "code": "PRS-7371-0001",
    "name": "Agen Makassar",
    "area_code": "73.71.01",
    "area_name": "Mariso",
    "district_code": "73.71.01",
    "host_kind": "cooperative",
    "host_name": "Koperasi Kelurahan Lette",
    "status": "active",
    "month": "2026-01",
    "recruits": 36,
    "active": 27,
    "active_percent": 75.0,
    "collected": 604800,
}
AGENT_EXAMPLE = {
    "code": "PRS-7371-0001",
    "name": "Agen Makassar",
    "area_code": "73.71.01",
    "area_name": "Mariso",
    "district_code": "73.71.01",
    "regency_code": "73.71",
    "host_kind": "cooperative",
    "host_name": "Koperasi Kelurahan Lette",
    "start_date": "2025-12-01",
    "status": "active",
    "status_since": "2025-12-01",
    "recruits": 36,
}
RECRUIT_EXAMPLE = {
    "id": 41,
    "name": "Rina Wati",
    "nik": "7371********0001",
    "village_code": "73.71.01.1001",
    "registered_on": "2026-01-05",
    "programmes": ["JKK", "JKM"],
    "membership_status": "active",
    "kpj_number": "16000000041",
    "scheme_year": 2026,
    "declared_income": 1000000,
    "monthly_contribution": 16800,
    "due_this_month": 16800,
    "due_rule_source": "PP 44/2015 jo. PP 82/2019",
    "paid_this_month": False,
    "overdue_months": 0,
}
RECRUIT_INPUT_EXAMPLE = OpenApiExample(
    "Pekerja mandiri baru / A new self-paying worker",
    value={
        "nik": "7371014504900001",
        "name": "Rina Wati",
        "sex": "P",
        "birth_date": "1990-04-05",
        "village_code": "73.71.01.1001",
        "occupation_code": "pedagang",
        "phone": "081234567890",
        "declared_income": 1000000,
        "with_jht": False,
        "start_month": "2026-01",
    },
    request_only=True,
)
COLLECTION_EXAMPLE = {
    "id": 7,
    "recruit": 41,
    "month": "2026-01",
    "amount": 16800,
    "rule_source": "PP 44/2015 jo. PP 82/2019",
    "method": "cash",
    "reference": "",
    "collected_on": "2026-01-10",
}
DEPOSIT_EXAMPLE = {
    "id": 3,
    "amount": 20000,
    "deposited_on": "2026-01-20",
    "reference": "BPJS-SETOR-01",
    "covers": [
        {"collection": 7, "recruit": 41, "month": "2026-01", "amount": 16800},
        {"collection": 8, "recruit": 42, "month": "2026-01", "amount": 3200},
    ],
}
STATEMENT_EXAMPLE = {
    "agent": "PRS-7371-0001",
    "month": "2026-01",
    "recruits": 36,
    "new_participants": 36,
    "active": 36,
    "collected": 604800,
    "deposited": 604800,
    "commission": 45360,
    "lines": [
        {
            "kind": "collection_commission",
            "amount": 45360,
            "rule_source": "Media Indonesia 2018 (P102) … [Pasti (beberapa sumber); berlaku mulai 1 Februari 2018]",
        }
    ],
}
MONTH_PARAMETER = OpenApiParameter("month", str, description="YYYY-MM; default this month")
PAGE_PARAMETERS = [
    OpenApiParameter("after", str, description="the `next` cursor of the previous page (opaque)"),
    OpenApiParameter("before", str, description="the `previous` cursor of the following page (opaque)"),
    OpenApiParameter("page_size", int, description="1 to 500, default 50"),
]


# -- operations --------------------------------------------------------------------------------------


@extend_schema(
    summary="Daftar agen Perisai dengan angka peringkat / Perisai agents with the leaderboard's figures",
    description=(
        "Agen di wilayah kerja (admin kabupaten/kota, petugas BPJS; agen hanya dirinya), filter kecamatan, "
        "angka bulan `month`: peserta, aktif (membayar bulan itu), iuran terkumpul. Halaman kunci menurut "
        "kode agen. / The agents in the caller's regions (regency admins, BPJS officers; an agent only "
        "itself), filtered by district, with the month's figures: recruits, active (paid that month), "
        "collected. Keyset pages by agent code."
    ),
    parameters=[
        OpenApiParameter("district", str, description="a district code, e.g. 73.71.01"),
        MONTH_PARAMETER,
        *PAGE_PARAMETERS,
    ],
    responses=page_of(AgentRowSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [AGENT_ROW_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_agents_list",
)
@api_view(["GET"])
def agent_list(request):
    _require_agents_role(request.user)
    month = _month(request.query_params.get("month", "") or str(Month.of(dates.today())))
    agents = agents_visible_to(request.user)
    district = request.query_params.get("district", "").strip()
    if district:
        agents = agents.filter(district_code=district)
    # Keyset pages by agent code, paged over the agents' users: an Agent's `name` is a property, so the
    # code cannot be annotated as the page's sort key (`name`) on the agent rows themselves.
    users = (
        get_user_model()
        .objects.filter(agent__in=agents)
        .annotate(name=F("agent__code"))
        .select_related("agent__area")
    )
    page = worker_page(request, users)
    on_page = [user.agent for user in page.items]
    rows = {
        row.agent.pk: row for row in leaderboard(Agent.objects.filter(pk__in=[a.pk for a in on_page]), month)
    }
    results = []
    for agent in on_page:
        row = rows[agent.pk]
        results.append(
            {
                "code": agent.code,
                "name": agent.user.get_full_name() or agent.user.username,
                "area_code": agent.area_id,
                "area_name": agent.area.name,
                "district_code": agent.district_code,
                "host_kind": agent.host_kind,
                "host_name": agent.host_name,
                "status": agent.status,
                "month": str(month),
                "recruits": row.recruits,
                "active": row.active,
                "active_percent": row.active_percent,
                "collected": row.collected,
            }
        )
    return paginated_response(request, page, AgentRowSerializer(results, many=True).data)


@extend_schema(
    summary="Satu agen Perisai / One Perisai agent",
    description=(
        "Menurut kode agen. Di luar wilayah kerja, atau agen lain bagi seorang agen: 404 seperti yang tidak "
        "ada. / By agent code. Outside the caller's regions, or another agent for an agent: 404, as missing."
    ),
    responses=AgentSerializer,
    examples=[OpenApiExample("Agen / Agent", value=AGENT_EXAMPLE, response_only=True)],
)
@api_view(["GET"])
def agent_detail(request, code: str):
    access = _agent(request, code)
    recruits = recruits_visible_to(request.user).filter(agent=access.agent).count()
    return Response(AgentSerializer(_agent_data(access.agent, recruits)).data)


@extend_schema(
    methods=["GET"],
    summary="Peserta yang didaftarkan agen / The workers an agent registered",
    description=(
        "Seorang agen hanya melihat pesertanya sendiri; admin dan petugas BPJS peserta agen di wilayahnya. "
        "Nama seperti didaftarkan agen, NIK tersamar, iuran bulan ini (harga mesin aturan, dengan "
        "sumbernya) dan tunggakan. Halaman kunci menurut nama. / An agent sees only its own recruits; "
        "admins and BPJS officers those of the agents in their regions. The name as the agent registered "
        "it, the NIK masked, this month's contribution (the engine's price, with its source) and arrears. "
        "Keyset pages by name."
    ),
    parameters=PAGE_PARAMETERS,
    responses=page_of(RecruitSerializer),
    examples=[
        OpenApiExample(
            "Satu halaman / One page",
            value={"next": None, "previous": None, "results": [RECRUIT_EXAMPLE]},
            response_only=True,
        )
    ],
    operation_id="v1_agents_recruits_list",
)
@extend_schema(
    methods=["POST"],
    summary="Daftarkan pekerja mandiri / Register a self-paying worker",
    description=(
        "Hanya agen itu sendiri, dengan aturan formulir ponsel: NIK dan usia diperiksa, desa di wilayah "
        "agen, satu NIK satu pendana per program dan bulan (jawaban netral, tanpa nama pendana lain), "
        "kepesertaan MANDIRI atas nama agen, dicatat di jejak audit. Kirim `Idempotency-Key` agar "
        "pengulangan aman. / Only the agent itself, with the phone form's rules: NIK and age checked, the "
        "village inside the agent's area, one funder per NIK, programme and month (a neutral answer "
        "naming no other funder), a MANDIRI membership attributed to the agent, audited. Send "
        "`Idempotency-Key` to retry safely."
    ),
    request=RecruitInputSerializer,
    responses={201: RecruitSerializer},
    examples=[
        RECRUIT_INPUT_EXAMPLE,
        OpenApiExample("Tersimpan / Saved", value=RECRUIT_EXAMPLE, response_only=True, status_codes=["201"]),
    ],
)
@api_view(["GET", "POST"])
@idempotent
def agent_recruits(request, code: str):
    access = _agent(request, code)
    if request.method == "POST":
        return _register(request, access)
    recruits = recruits_visible_to(request.user).filter(agent=access.agent).annotate(name=F("given_name"))
    page = worker_page(request, recruits)
    rows = {
        row.recruit.pk: row
        for row in recruit_rows(
            Recruit.objects.filter(pk__in=[r.pk for r in page.items]), today=dates.today()
        )
    }
    results = [_recruit_data(rows[r.pk], request.user) for r in page.items]
    return paginated_response(request, page, RecruitSerializer(results, many=True).data)


def _register(request, access):
    if not access.is_self:
        raise PermissionDenied(_("Hanya agen Perisai yang aktif yang boleh mendaftarkan peserta."))
    serializer = RecruitInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    start = parse_month(data["start_month"])
    try:
        recruit = recruit_register(
            actor=request.user,
            data=RecruitInput(
                nik=data["nik"],
                name=data["name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                village_code=data["village_code"],
                occupation_code=data["occupation_code"],
                phone=data["phone"],
                declared_income=data["declared_income"],
                with_jht=data["with_jht"],
                start_month=start,
            ),
            source=Source.API,
        )
    except RecruitInvalid as invalid:
        return _refused(invalid.errors, {"programmes": "self_paid_taken"})
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    row = recruit_rows(Recruit.objects.filter(pk=recruit.pk), today=dates.today())[0]
    return Response(RecruitSerializer(_recruit_data(row, request.user)).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Catat iuran yang diterima agen / Record a contribution the agent received",
    description=(
        "Satu bulan satu peserta, hanya oleh agen yang mendaftarkannya: jumlah harus harga bulan itu dari "
        "mesin aturan, bulan di dalam kepesertaan, transfer perlu referensi, tidak di masa depan. "
        "Mengaktifkan kembali peserta yang tunggakannya lunas. Kirim `Idempotency-Key`. / One month of one "
        "recruit, only by the agent that registered it: the amount must be that month's price from the "
        "rule engine, the month inside the membership, a transfer needs a reference, not in the future. "
        "Reactivates a member whose arrears it clears. Send `Idempotency-Key`."
    ),
    request=CollectionInputSerializer,
    responses={201: CollectionSerializer},
    examples=[
        OpenApiExample(
            "Iuran Januari / January's contribution",
            value={"month": "2026-01", "amount": 16800, "method": "cash", "collected_on": "2026-01-10"},
            request_only=True,
        ),
        OpenApiExample(
            "Tercatat / Recorded", value=COLLECTION_EXAMPLE, response_only=True, status_codes=["201"]
        ),
    ],
)
@api_view(["POST"])
@idempotent
def recruit_collections(request, code: str, recruit_id: int):
    access = _agent(request, code)
    recruit = (
        recruits_visible_to(request.user)
        .filter(agent=access.agent, pk=recruit_id)
        .select_related("membership__scheme", "worker__occupation")
        .first()
    )
    if recruit is None:
        raise NotFound
    if not access.is_self:
        raise PermissionDenied(_("Hanya agen yang mendaftarkan peserta ini yang mencatat iurannya."))
    serializer = CollectionInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    month = _month(data["month"])
    try:
        collection = collection_record(
            actor=request.user,
            recruit=recruit,
            month=month,
            amount=data["amount"],
            method=data["method"],
            reference=data["reference"],
            collected_on=data["collected_on"],
            source=Source.API,
        )
    except CollectionInvalid as invalid:
        return _refused(invalid.errors)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    body = {
        "id": collection.pk,
        "recruit": recruit.pk,
        "month": str(month),
        "amount": collection.amount,
        "rule_source": month_due_source(recruit, month),
        "method": collection.method,
        "reference": collection.reference,
        "collected_on": collection.collected_on,
    }
    return Response(CollectionSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Catat setoran agen ke BPJS / Record an agent's deposit to BPJS",
    description=(
        "Hanya agen itu sendiri; tidak lebih dari iuran yang diterima sampai tanggal setor dan belum "
        "disetor. Setoran dicocokkan dengan iuran: referensi di `covers` lebih dulu, sisanya yang terlama. "
        "Kirim `Idempotency-Key`. / Only the agent itself; never more than received by the deposit's day "
        "and not yet deposited. The deposit is matched to collections: the references in `covers` first, "
        "then the oldest. Send `Idempotency-Key`."
    ),
    request=DepositInputSerializer,
    responses={201: DepositSerializer},
    examples=[
        OpenApiExample(
            "Setoran / A deposit",
            value={"amount": 20000, "deposited_on": "2026-01-20", "reference": "BPJS-SETOR-01", "covers": []},
            request_only=True,
        ),
        OpenApiExample(
            "Tercatat / Recorded", value=DEPOSIT_EXAMPLE, response_only=True, status_codes=["201"]
        ),
    ],
)
@api_view(["POST"])
@idempotent
def agent_deposits(request, code: str):
    access = _agent(request, code)
    if not access.is_self:
        raise PermissionDenied(_("Hanya agen Perisai yang mencatat setoran."))
    serializer = DepositInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        deposit = deposit_record(
            actor=request.user,
            amount=data["amount"],
            deposited_on=data["deposited_on"],
            reference=data["reference"],
            covers=data["covers"],
            source=Source.API,
        )
    except CollectionInvalid as invalid:
        return _refused(invalid.errors)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return Response(DepositSerializer(_deposit_data(deposit)).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Laporan bulanan agen / An agent's monthly statement",
    description=(
        "Isian sama dengan `payung agent_statement --json`: peserta, peserta baru, aktif, terkumpul, "
        "disetor, komisi, dan baris komisi masing-masing dengan versi aturannya (`rule_source`). Bulan "
        "YYYY-MM. / The fields of `payung agent_statement --json`: recruits, new participants, active, "
        "collected, deposited, commission, and the commission lines each with its rule version "
        "(`rule_source`). Month YYYY-MM."
    ),
    responses=StatementSerializer,
    examples=[OpenApiExample("Januari 2026 / January 2026", value=STATEMENT_EXAMPLE, response_only=True)],
)
@api_view(["GET"])
def agent_statement(request, code: str, month: str):
    access = _agent(request, code)
    try:
        statement = statement_for(access.agent, _month(month))
    except RuleMissing as missing:
        raise ValidationError({"month": [str(missing)]}) from missing
    return Response(StatementSerializer(statement.as_json()).data)
