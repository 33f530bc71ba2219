"""Reading and checking national packages before any job touches them.

A package is refused, with every reason named, when its manifest is missing or unreadable, from
another format or an unknown schema version, lists a file that is missing, changed (SHA-256), outside
the package or of an unknown kind, or leaves a Parquet file unlisted; a set of packages is refused
when two come from the same instance and period, or were hashed with different national keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from payung.national.format import FORMAT, KINDS, MANIFEST, SCHEMA_VERSION, sha256_of


class PackageError(Exception):
    """One or more packages are refused; `problems` names each reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Package:
    folder: Path
    manifest: dict
    files: dict[str, list[Path]] = field(default_factory=dict)  # kind -> absolute paths

    @property
    def instance_id(self) -> str:
        return self.manifest["instance"]["id"]

    @property
    def instance_name(self) -> str:
        return self.manifest["instance"].get("name", "")

    @property
    def period(self) -> tuple[str, str]:
        return (self.manifest["period"]["first_month"], self.manifest["period"]["last_month"])

    def rows(self, kind: str) -> int:
        return int(self.manifest["row_counts"].get(kind, 0))


def load_package(folder: str | Path) -> Package:
    """The package in `folder`, checked; PackageError naming every problem otherwise."""
    folder = Path(folder)
    name = str(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise PackageError([f"{name}: no {MANIFEST}"])
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError([f"{name}: {MANIFEST} is not readable JSON ({error})"]) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(
            [
                f"{name}: not a Payung national package (format {manifest.get('format')!r})"
                if isinstance(manifest, dict)
                else f"{name}: not a Payung national package"
            ]
        )
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise PackageError(
            [
                f"{name}: unknown schema version {manifest.get('schema_version')!r} "
                f"(this job reads version {SCHEMA_VERSION})"
            ]
        )
    problems = _manifest_shape_problems(manifest, name)
    if problems:
        raise PackageError(problems)
    files: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    listed: set[Path] = set()
    root = folder.resolve()
    for entry in manifest["files"]:
        relative = PurePosixPath(str(entry.get("path", "")))
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            problems.append(f"{name}: file {str(relative)!r} lies outside the package")
            continue
        if entry.get("kind") not in KINDS:
            problems.append(f"{name}: file {relative} has an unknown kind {entry.get('kind')!r}")
            continue
        path = (root / relative).resolve()
        listed.add(path)
        if not path.is_file():
            problems.append(f"{name}: file {relative} is missing")
        elif sha256_of(path) != entry.get("sha256"):
            problems.append(f"{name}: file {relative} does not match its SHA-256 (changed after export)")
        else:
            files[entry["kind"]].append(path)
    for path in sorted(root.rglob("*.parquet")):
        if path.resolve() not in listed:
            problems.append(f"{name}: file {path.relative_to(root)} is not in the manifest")
    for kind in KINDS:
        counted = sum(int(e.get("rows", 0)) for e in manifest["files"] if e.get("kind") == kind)
        if counted != int(manifest["row_counts"].get(kind, 0)):
            problems.append(
                f"{name}: row count of {kind} is {manifest['row_counts'].get(kind)}, its files hold {counted}"
            )
    if problems:
        raise PackageError(problems)
    return Package(folder=folder, manifest=manifest, files=files)


def _manifest_shape_problems(manifest: dict, name: str) -> list[str]:
    problems = []
    instance = manifest.get("instance")
    if not isinstance(instance, dict) or not instance.get("id"):
        problems.append(f"{name}: the manifest names no instance id")
    period = manifest.get("period")
    if not isinstance(period, dict) or not period.get("first_month") or not period.get("last_month"):
        problems.append(f"{name}: the manifest names no period")
    if not isinstance(manifest.get("files"), list):
        problems.append(f"{name}: the manifest lists no files")
    if not isinstance(manifest.get("row_counts"), dict):
        problems.append(f"{name}: the manifest has no row counts")
    if not manifest.get("key_check"):
        problems.append(f"{name}: the manifest has no key check")
    return problems


def load_packages(folders: list[str | Path]) -> list[Package]:
    """Every package checked, then the set: PackageError naming every problem found."""
    problems: list[str] = []
    packages: list[Package] = []
    for folder in folders:
        try:
            packages.append(load_package(folder))
        except PackageError as error:
            problems += error.problems
    if not folders:
        problems.append("no package given")
    seen: dict[tuple[str, tuple[str, str]], Package] = {}
    for package in packages:
        key = (package.instance_id, package.period)
        if key in seen:
            problems.append(
                f"{package.folder}: the same instance {package.instance_id} ({package.instance_name}) and "
                f"period {package.period[0]}..{package.period[1]} as {seen[key].folder}: a package given twice"
            )
        else:
            seen[key] = package
    if len({p.manifest["key_check"] for p in packages}) > 1:
        problems.append("the packages were hashed with different national keys (their key_check differs)")
    if problems:
        raise PackageError(problems)
    return packages
