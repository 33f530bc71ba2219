"""The agent screens: an agent's dashboard and phone registration, collections and deposits; the
agents of an area with their leaderboard and each agent's page (admins, BPJS officers). Thin: parse,
ask access/selectors/services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payung.accounts.roles import manages_rules
from payung.accounts.scope import NotVisible
from payung.audit.views import export_purpose, file_response, purpose_page
from payung.lib import dates
from payung.lib.nik import birth_and_sex_of, normalize_nik
from payung.regions.models import Region
from payung.registry.presenters import present_worker
from payung.rules import Month

from . import exports
from .access import (
    agent_for_user,
    agents_visible_to,
    areas_manageable_by,
    own_agent,
    recruit_for_user,
    recruits_visible_to,
)
from .collections import CollectionInvalid, collection_record, deposit_record, month_due, undeposited
from .forms import (
    AgentForm,
    CollectionForm,
    DepositForm,
    ReassignForm,
    RecruitForm,
    RuleVersionForm,
    parse_month,
)
from .models import CommissionRule, HostShareRule, InactivityRule
from .registration import RecruitInvalid, recruit_quote, recruit_register
from .rules import RuleMissing
from .selectors import leaderboard, recruit_rows
from .services import (
    AgentInput,
    AgentInvalid,
    RuleVersionInput,
    agent_add,
    agent_reassign,
    agent_reinstate,
    agent_rule_add,
    agent_suspend,
)
from .statement import collection_rows, statement_for


def _month(request) -> Month:
    return parse_month(request.GET.get("month", "")) or Month.of(dates.today())


def _statement(agent, month):
    try:
        return statement_for(agent, month)
    except RuleMissing:
        return None


def _add_errors(form, errors: dict[str, list[str]]) -> None:
    for name, problems in errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@login_required
def home(request):
    """An agent: its dashboard. A manager: the agents of its regions with the leaderboard."""
    agent = own_agent(request.user)
    if agent is not None:
        return _dashboard(request, agent)
    agents = agents_visible_to(request.user)
    if not agents.exists() and not areas_manageable_by(request.user).exists():
        raise PermissionDenied
    district = request.GET.get("district", "").strip()
    if district:
        agents = agents.filter(district_code=district)
    month = _month(request)
    rows = leaderboard(agents, month)
    if request.GET.get("format") == "xlsx":
        return exports.leaderboard_response(rows, month)
    districts = Region.objects.filter(
        code__in=agents_visible_to(request.user).values("district_code")
    ).order_by("name")
    return render(
        request,
        "agents/agent_list.html",
        {
            "rows": rows,
            "month": month,
            "district": district,
            "districts": districts,
            "can_add": areas_manageable_by(request.user).exists(),
        },
    )


def _dashboard(request, agent):
    today = dates.today()
    rows = recruit_rows(recruits_visible_to(request.user), today=today)
    month = Month.of(today)
    return render(
        request,
        "agents/dashboard.html",
        {
            "agent": agent,
            "rows": [(row, present_worker(row.recruit.worker, request.user)) for row in rows],
            "due": [row for row in rows if row.due and not row.paid_this_month],
            "statement": _statement(agent, month),
            "month": month,
            "undeposited": undeposited(agent),
            "can_register": agent.status == "active",
        },
    )


@login_required
def register(request):
    agent = own_agent(request.user)
    if agent is None or agent.status != "active":
        raise PermissionDenied
    today = dates.today()
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and (not data.get("sex") or not data.get("birth_date")):
        born, sex = birth_and_sex_of(normalize_nik(data.get("nik", "")), today=today)
        data["sex"] = data.get("sex") or (sex or "")
        data["birth_date"] = data.get("birth_date") or (born.isoformat() if born else "")
    form = RecruitForm(data, area=agent.area, today=today)
    quote = None
    if data is not None and form.is_valid():
        try:
            if data.get("action") == "save":
                recruit = recruit_register(actor=request.user, data=form.to_input(), today=today)
                messages.success(
                    request,
                    _("%(name)s tersimpan sebagai peserta mandiri Anda.") % {"name": recruit.given_name},
                )
                return redirect("agents:home")
            quote = recruit_quote(actor=request.user, data=form.to_input(), today=today)
        except RecruitInvalid as error:
            _add_errors(form, error.errors)
    return render(request, "agents/register.html", {"form": form, "quote": quote, "agent": agent})


@login_required
def collect(request, recruit_id: int):
    try:
        recruit = recruit_for_user(request.user, recruit_id)
    except NotVisible:
        raise Http404 from None
    if own_agent(request.user) is None:
        raise PermissionDenied
    today = dates.today()
    month = Month.of(today)
    initial = {
        "month": str(month),
        "amount": month_due(recruit, month),
        "collected_on": today,
        "method": "cash",
    }
    form = CollectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            collection_record(
                actor=request.user,
                recruit=recruit,
                month=data["month"],
                amount=data["amount"],
                method=data["method"],
                reference=data.get("reference") or "",
                collected_on=data["collected_on"],
                today=today,
            )
            messages.success(request, _("Iuran tercatat."))
            return redirect("agents:home")
        except CollectionInvalid as error:
            _add_errors(form, error.errors)
    return render(
        request,
        "agents/collect.html",
        {
            "form": form,
            "recruit": recruit,
            "worker": present_worker(recruit.worker, request.user),
        },
    )


@login_required
def deposit(request):
    agent = own_agent(request.user)
    if agent is None:
        raise PermissionDenied
    today = dates.today()
    form = DepositForm(request.POST or None, initial={"deposited_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deposit_record(
                actor=request.user,
                amount=data["amount"],
                deposited_on=data["deposited_on"],
                reference=data["reference"],
                covers=data.get("covers") or "",
                today=today,
            )
            messages.success(request, _("Setoran tercatat."))
            return redirect("agents:home")
        except CollectionInvalid as error:
            _add_errors(form, error.errors)
    return render(request, "agents/deposit.html", {"form": form, "undeposited": undeposited(agent)})


@login_required
def recruits_download(request):
    """The recruits the user may see (an agent: its own), NIK and phone masked; purpose asked, logged."""
    purpose, form = export_purpose(request)
    if purpose is None:
        return purpose_page(request, form, title=_("Unduh daftar peserta agen"))
    recruits = recruits_visible_to(request.user)
    code = request.GET.get("agent", "").strip()
    if code:
        recruits = recruits.filter(agent__code=code)
    return file_response(exports.recruits_xlsx(recruits, request.user, purpose=purpose), "peserta-agen.xlsx")


@login_required
def agent_add_view(request):
    areas = list(areas_manageable_by(request.user, within=request.GET.get("wilayah", "").strip()))
    if not areas:
        raise PermissionDenied
    form = AgentForm(request.POST or None, areas=areas, initial={"start_date": dates.today()})
    if request.method == "POST" and form.is_valid():
        try:
            agent = agent_add(actor=request.user, data=AgentInput(**form.cleaned_data))
            messages.success(request, _("Agen %(code)s ditambahkan.") % {"code": agent.code})
            return redirect("agents:detail", code=agent.code)
        except AgentInvalid as error:
            _add_errors(form, error.errors)
    return render(request, "agents/agent_form.html", {"form": form})


@login_required
def agent_detail(request, code: str):
    try:
        access = agent_for_user(request.user, code)
    except NotVisible:
        raise Http404 from None
    agent, month = access.agent, _month(request)
    statement = _statement(agent, month)
    if request.GET.get("format") == "xlsx" and statement is not None:
        return exports.statement_response(agent, month, statement, collection_rows(agent, month))
    return render(
        request,
        "agents/agent_detail.html",
        {
            "access": access,
            "agent": agent,
            "month": month,
            "statement": statement,
            "collections": collection_rows(agent, month),
            "recruits": recruits_visible_to(request.user).filter(agent=agent).count(),
            "reassign_form": ReassignForm(areas=areas_manageable_by(request.user))
            if access.can_manage
            else None,
        },
    )


@login_required
@require_POST
def agent_change(request, code: str):
    try:
        access = agent_for_user(request.user, code)
    except NotVisible:
        raise Http404 from None
    if not access.can_manage:
        raise PermissionDenied
    action = request.POST.get("action")
    try:
        if action == "suspend":
            agent_suspend(actor=request.user, agent=access.agent, why=request.POST.get("why", ""))
        elif action == "reinstate":
            agent_reinstate(actor=request.user, agent=access.agent)
        elif action == "reassign":
            agent_reassign(
                actor=request.user,
                agent=access.agent,
                area_code=request.POST.get("area_code", ""),
                host_name=request.POST.get("host_name", ""),
            )
        else:
            return HttpResponse(status=400)
        messages.success(request, _("Perubahan agen tersimpan."))
    except AgentInvalid as error:
        messages.error(request, str(error))
    return redirect("agents:detail", code=access.agent.code)


@login_required
def rules(request):
    """The versions of the commission and inactivity rules with their sources; rule managers add one."""
    if not (own_agent(request.user) or request.user.manages_agents or manages_rules(request.user)):
        raise PermissionDenied
    form = RuleVersionForm(request.POST or None) if manages_rules(request.user) else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            agent_rule_add(actor=request.user, data=RuleVersionInput(**form.cleaned_data))
            messages.success(request, _("Versi aturan baru tersimpan."))
            return redirect("agents:rules")
        except AgentInvalid as error:
            _add_errors(form, error.errors)
    return render(
        request,
        "agents/rules.html",
        {
            "commission": CommissionRule.objects.order_by("-effective_from"),
            "inactivity": InactivityRule.objects.order_by("-effective_from"),
            "host_share": HostShareRule.objects.order_by("-effective_from"),
            "form": form,
        },
    )
