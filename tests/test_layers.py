"""Apps stand in layers and import downward only, imports inside functions included.

`LAYERS` is the one list of the layers (docs/ARCHITECTURE.md draws it): an app may import apps of
lower layers, never one of its own layer or above. A new app fails here until it is given a layer.
A lower app that needs a higher one to act writes a row the higher one reads (e.g. the coverage
outbox), it does not call upward.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "payung"

LAYERS: list[tuple[str, ...]] = [
    ("lib", "rules", "national"),  # framework-free code; rules/ and national/ are pure Python
    ("regions", "audit"),  # the Kemendagri tree; the audit trail
    ("accounts",),  # users, roles and their region scope
    ("tariffs", "registry"),  # the Django side of rules/; workers (people)
    ("schemes",),  # the lifecycle: schemes, memberships, bills
    ("imports", "coverage"),  # worker lists arriving (they check the lifecycle); monitoring built on it
    ("claims", "agents", "nationalexport"),  # later capabilities
    ("reports",),  # rakor packs: read coverage, schemes, claims and agents figures
    ("api", "core"),  # faces over everything: the REST API, site-wide pages and commands
    ("config",),  # settings and the URL table
]
LAYER_OF = {app: index for index, apps in enumerate(LAYERS) for app in apps}

# Inside schemes/services: the scheme's status change at the bottom, memberships on it, then bills
# (lapse and reactivation) and schemes (closing ends the memberships).
SERVICE_LAYERS: list[tuple[str, ...]] = [
    ("status",),
    ("memberships", "arrears"),
    ("bills", "schemes", "self_paid"),
]
# Modules of one app that must import one way only (a job's run < its task < the services queueing it).
MODULE_ORDERS: dict[str, list[str]] = {"imports": ["running", "tasks", "services"]}


def _imports_in(source: str, package: list[str]) -> list[tuple[int, str]]:
    """(line, dotted module) of every import in `source`, a module of `package`, relative ones
    resolved, at any depth (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                found.append((node.lineno, ".".join([*base, node.module])))
            else:
                found += [(node.lineno, ".".join([*base, alias.name])) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    package = list(path.relative_to(SOURCE.parent).parts[:-1])
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "payung" else None


def _python_files() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts and p.parent != SOURCE)


def test_every_app_has_a_layer():
    apps = {path.relative_to(SOURCE).parts[0] for path in _python_files()}
    assert sorted(apps - set(LAYER_OF)) == []


def test_apps_import_only_apps_of_lower_layers():
    upward = []
    for path in _python_files():
        app = path.relative_to(SOURCE).parts[0]
        for line, module in _imported_modules(path):
            target = _app_of(module)
            if target is None or target == app or target not in LAYER_OF:
                continue
            if LAYER_OF[target] >= LAYER_OF[app]:
                upward.append(f"{path.relative_to(SOURCE)}:{line} imports {module}")
    assert upward == []


# Apps that must run without Django: the regulation engine, and the national job (a Spark cluster
# has no Payung settings or database).
PURE_APPS = ("rules", "national")


@pytest.mark.parametrize("app", PURE_APPS)
def test_pure_apps_know_nothing_of_django(app):
    found = [
        f"{path.relative_to(SOURCE)}:{line} imports {module}"
        for path in sorted((SOURCE / app).rglob("*.py"))
        for line, module in _imported_modules(path)
        if module.split(".")[0] == "django"
    ]
    assert found == []


def test_the_lifecycle_services_import_downward_only():
    rank = {name: index for index, names in enumerate(SERVICE_LAYERS) for name in names}
    services = SOURCE / "schemes" / "services"
    wrong = []
    for path in sorted(services.glob("*.py")):
        if path.stem == "__init__":
            continue
        assert path.stem in rank, f"give schemes/services/{path.name} a place in SERVICE_LAYERS"
        for line, module in _imported_modules(path):
            prefix = "payung.schemes.services."
            if module.startswith(prefix):
                target = module[len(prefix) :].split(".")[0]
                if rank[target] >= rank[path.stem]:
                    wrong.append(f"services/{path.name}:{line} imports {target}")
    assert wrong == []


@pytest.mark.parametrize("app", sorted(MODULE_ORDERS))
def test_modules_of_an_app_import_in_their_order(app):
    order = MODULE_ORDERS[app]
    wrong = []
    for stem in order:
        for line, module in _imported_modules(SOURCE / app / f"{stem}.py"):
            target = module.removeprefix(f"payung.{app}.").split(".")[0]
            if (
                module.startswith(f"payung.{app}.")
                and target in order
                and order.index(target) > order.index(stem)
            ):
                wrong.append(f"{app}/{stem}.py:{line} imports {target}")
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    from payung.coverage.summary import x\n", ["payung.coverage.summary"]),
        ("from ..coverage import summary\n", ["payung.coverage"]),
        ("from . import views\n", ["payung.schemes.views"]),
        ("import payung.api.views as v\n", ["payung.api.views"]),
    ],
)
def test_the_parser_sees_function_local_and_relative_imports(source, expected):
    assert [name for _, name in _imports_in(source, ["payung", "schemes"])] == expected
