"""Sections that apps above the registry add to a worker's page (the lifecycle adds the memberships).

The registry stands below them and imports none of them: an app registers a provider here when it is
ready (`AppConfig.ready`), the worker page asks every provider for its section. A section brings its
template and context, and the trail rows about its records that belong in the person's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkerSection:
    template: str
    context: dict
    # Audit rows about the section's records (e.g. the person's memberships), with `labelled_changes`
    # and `subject` (what the row is about) already set for the history table.
    history: list = field(default_factory=list)


Provider = Callable[[object, object], "WorkerSection | None"]  # (user, worker) -> section
_PROVIDERS: dict[str, Provider] = {}


def register_worker_section(name: str, provider: Provider) -> None:
    """Idempotent: registering the same name again replaces the provider."""
    _PROVIDERS[name] = provider


def worker_sections(user, worker) -> list[WorkerSection]:
    sections = (provider(user, worker) for _name, provider in sorted(_PROVIDERS.items()))
    return [section for section in sections if section is not None]
