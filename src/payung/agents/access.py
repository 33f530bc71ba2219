"""Who sees and manages which agent and which recruit: the one place that decides (agents/).

- An agent sees itself and only the workers it registered, never another agent's.
- Regency admins and BPJS officers (accounts.roles.ROLES_MANAGING_AGENTS) see and manage the agents
  whose area lies inside their regions, and those agents' recruits; a superuser everything.
- Nobody else sees agents or recruits. Outside that: `NotVisible` (404), like a missing row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from payung.accounts.models import Role
from payung.accounts.roles import manages_agents
from payung.accounts.scope import NotVisible, RegionScope, scope_for
from payung.regions.models import Region

from .models import Agent, AgentStatus, Recruit


def _managed_scope(user) -> RegionScope | None:
    """The scope of a user who manages agents, else None. (scope_for is not used for agents: an agent's
    region scope is empty on purpose, and a manager's is its regions.)"""
    if not user.is_authenticated or not manages_agents(user):
        return None
    return scope_for(user)


def own_agent(user) -> Agent | None:
    """The agent row of a logged-in agent (None for anybody else)."""
    if not user.is_authenticated or not user.is_active or user.role != Role.AGENT:
        return None
    return Agent.objects.select_related("area", "user").filter(user=user).first()


def agents_visible_to(user) -> QuerySet[Agent]:
    agents = Agent.objects.select_related("user", "area")
    mine = own_agent(user)
    if mine is not None:
        return agents.filter(pk=mine.pk)
    scope = _managed_scope(user)
    if scope is None:
        return agents.none()
    return scope.filter(agents, Agent.LEVEL_FIELDS)


def recruits_visible_to(user) -> QuerySet[Recruit]:
    recruits = Recruit.objects.select_related("worker", "membership", "village", "agent")
    mine = own_agent(user)
    if mine is not None:
        return recruits.filter(agent=mine)
    scope = _managed_scope(user)
    if scope is None:
        return recruits.none()
    return scope.filter(recruits, Recruit.LEVEL_FIELDS)


@dataclass(frozen=True)
class AgentAccess:
    agent: Agent
    can_manage: bool  # suspend, reinstate, reassign
    is_self: bool

    @property
    def can_register(self) -> bool:
        return self.is_self and self.agent.status == AgentStatus.ACTIVE


def agent_access(user, agent: Agent) -> AgentAccess:
    scope = _managed_scope(user)
    return AgentAccess(
        agent=agent,
        can_manage=scope is not None and scope.contains(agent.area_id),
        is_self=agent.user_id == getattr(user, "pk", None),
    )


def agent_for_user(user, code_or_username: str) -> AgentAccess:
    agent = (
        agents_visible_to(user).filter(code=code_or_username).first()
        or agents_visible_to(user).filter(user__username=code_or_username).first()
    )
    if agent is None:
        raise NotVisible
    return agent_access(user, agent)


def recruit_for_user(user, recruit_id: object) -> Recruit:
    try:
        pk = int(str(recruit_id))
    except ValueError:
        raise NotVisible from None
    recruit = (
        recruits_visible_to(user)
        .select_related("membership__scheme", "worker__occupation")
        .filter(pk=pk)
        .first()
    )
    if recruit is None:
        raise NotVisible
    return recruit


def areas_manageable_by(user, *, within: str = "") -> QuerySet[Region]:
    """Districts and kelurahan inside the user's regions (and inside `within`, a region code), where it
    may place an agent. A superuser without `within` gets the districts only (a list of every
    kelurahan of the country would not fit a page)."""
    scope = _managed_scope(user)
    if scope is None:
        return Region.objects.none()
    areas = Region.objects.filter(Q(level=3) | Q(level=4, kind="kelurahan"))
    if within:
        areas = areas.filter(code__startswith=within + ".")
    elif scope.everything:
        areas = areas.filter(level=3)
    return scope.filter_regions(areas).order_by("code")
