"""The roles, their order and what each may do: the one place that ranks roles.

A role is data: its rank decides which roles a user manager may hand out (no higher than its own), and
the sets below decide what it may see and do. A new role (a Perisai agent, a national admin) gets a rank
here and joins the sets it needs; nothing else compares roles.
"""

from __future__ import annotations

from .models import Role

# Higher is wider. Roles of equal rank are peers: a manager may give any role up to its own rank.
ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 10,
    Role.OPERATOR: 20,
    Role.BPJS_OFFICER: 20,
    Role.REGENCY_ADMIN: 30,
    # Above every regency: a regency admin can neither give it nor manage a user who holds it.
    Role.NATIONAL_ADMIN: 40,
    # Below an operator: an agent works with the workers it registered, nothing else.
    Role.AGENT: 15,
}
# Roles that work with named people: they see names on lists and, on a person's page, the full NIK.
# An agent sees the names of its own recruits only: its region scope is empty (ROLES_WITHOUT_REGION_SCOPE),
# so every registry, scheme and API read gives it nothing; agents/ selectors give it its recruits.
ROLES_SEEING_PERSONAL_DATA = frozenset({Role.REGENCY_ADMIN, Role.OPERATOR, Role.BPJS_OFFICER, Role.AGENT})
# Roles that may create or change workers.
ROLES_EDITING_WORKERS = frozenset({Role.REGENCY_ADMIN, Role.OPERATOR})
# Roles that manage the users of their regions, unlock their accounts, read the trail and the access log.
ROLES_MANAGING_USERS = frozenset({Role.REGENCY_ADMIN})
# Roles that must log in with a second factor (TOTP or a recovery code); others may choose to.
ROLES_NEEDING_SECOND_FACTOR = frozenset({Role.REGENCY_ADMIN, Role.BPJS_OFFICER})
# Roles that add versions of the national contribution and benefit rules.
ROLES_MANAGING_RULES = frozenset({Role.NATIONAL_ADMIN})
# Roles that add, suspend and reassign the Perisai agents of their regions (agents/services.py).
ROLES_MANAGING_AGENTS = frozenset({Role.REGENCY_ADMIN, Role.BPJS_OFFICER})
# Roles whose regions say where they work but give no region scope: an agent reaches only its own
# recruits, through agents/ selectors, never the workers of its district.
ROLES_WITHOUT_REGION_SCOPE = frozenset({Role.AGENT})


def role_rank(role: str) -> int:
    return ROLE_RANK[role]


def roles_assignable_by(user) -> list[str]:
    """The roles `user` may give to others, in the order of Role (a superuser: every role)."""
    if user.is_superuser:
        return [role.value for role in Role]
    if user.role not in ROLES_MANAGING_USERS:
        return []
    return [role.value for role in Role if ROLE_RANK[role] <= ROLE_RANK[user.role]]


def sees_personal_data(user) -> bool:
    return bool(user.is_superuser or user.role in ROLES_SEEING_PERSONAL_DATA)


def edits_workers(user) -> bool:
    return bool(user.is_superuser or user.role in ROLES_EDITING_WORKERS)


def manages_users(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.role in ROLES_MANAGING_USERS))


def needs_second_factor(user) -> bool:
    return bool(user.is_superuser or user.role in ROLES_NEEDING_SECOND_FACTOR)


def manages_rules(user) -> bool:
    return bool(user.is_superuser or user.role in ROLES_MANAGING_RULES)


def manages_agents(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.role in ROLES_MANAGING_AGENTS))


def has_region_scope(user) -> bool:
    return bool(user.is_superuser or user.role not in ROLES_WITHOUT_REGION_SCOPE)
