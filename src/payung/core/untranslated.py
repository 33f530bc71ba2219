"""Finds screen text that is not wrapped for translation, in templates and in Python.

Templates: the text between tags and the user-facing attributes (placeholder, title, aria-label, alt),
once `{% translate %}`/`{% blocktranslate %}` blocks, comments, variables, tags, scripts and styles
are taken out. What remains must be whitespace, numbers, punctuation, symbols, acronyms (NIK, KPJ,
JKK, ...) or a name that is the same in every language (Payung, Rp).

Python: string literals (or f-strings) given to `messages.*`, `ValidationError`, `PermissionDenied`,
or as `label=`, `help_text=`, `verbose_name=`, `empty_label=`, `placeholder`/`title` attributes of
widgets, without `gettext`/`gettext_lazy`/`ngettext`/`pgettext` around them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent  # src/payung

# Same in Indonesian and English: names and currency.
INVARIANT_WORDS = {"Payung", "Rp", "Rp.", "x", "×", "e.g.", "dll"}

_BLOCKS = re.compile(
    r"{%\s*(blocktranslate|blocktrans|comment)\b.*?%}.*?{%\s*end\1\s*%}"
    r"|<script\b.*?</script>|<style\b.*?</style>|{#.*?#}",
    re.S,
)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_ATTRS = re.compile(r"""\b(placeholder|title|aria-label|alt)\s*=\s*(["'])(.*?)\2""", re.S)
_HTML = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&(#?\w+);")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _needs_translation(text: str) -> bool:
    for word in _WORD.findall(text):
        if word in INVARIANT_WORDS:
            continue
        letters = word.replace("-", "").replace("'", "")
        if letters.isupper() and len(letters) <= 8:  # acronyms: NIK, KPJ, JKK, APBD, BPJS, DTSEN
            continue
        return True
    return False


def _line_of(source: str, index: int) -> int:
    return source.count("\n", 0, index) + 1


def template_findings(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")

    # Keep offsets: blank out what is allowed instead of removing it.
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    masked = _BLOCKS.sub(blank, source)
    masked = _TAGS.sub(blank, masked)
    findings = []
    for match in _ATTRS.finditer(masked):
        value = match.group(3)
        if value.strip() and _needs_translation(_ENTITY.sub(" ", value)):
            findings.append(
                Finding(str(path.relative_to(SRC)), _line_of(source, match.start()), value.strip())
            )
    text = _HTML.sub(blank, masked)
    for match in re.finditer(r"[^\n]+", text):
        chunk = _ENTITY.sub(" ", match.group(0)).strip()
        if chunk and _needs_translation(chunk):
            findings.append(Finding(str(path.relative_to(SRC)), _line_of(source, match.start()), chunk))
    return findings


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "_lazy"}
USER_FACING_KWARGS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
USER_FACING_CALLS = {"ValidationError", "PermissionDenied"}
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug", "add_message"}
WIDGET_ATTRS = {"placeholder", "title", "aria-label"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_bare_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _needs_translation(node.value)
    if isinstance(node, ast.JoinedStr):
        return _needs_translation("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "..." % {...}
        return _is_bare_text(node.left)
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        return isinstance(node.func, ast.Attribute) and _is_bare_text(node.func.value)
    return False


def _text(node: ast.AST) -> str:
    return ast.unparse(node)[:120]


def python_findings(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = str(path.relative_to(SRC))
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_name(b).endswith("Choices") for b in node.bases):
            # `CODE = "code", "Label"`: the label is what a screen shows.
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and isinstance(item.value, ast.Tuple)
                    and len(item.value.elts) > 1
                ):
                    label = item.value.elts[-1]
                    if _is_bare_text(label):
                        findings.append(Finding(rel, label.lineno, _text(label)))
            continue
        if not isinstance(node, ast.Call):
            continue
        called = _name(node.func)
        candidates: list[ast.AST] = []
        if called in USER_FACING_CALLS and node.args:
            candidates.append(node.args[0])
        if (
            called in MESSAGE_FUNCTIONS
            and isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "messages"
        ):
            candidates.extend(node.args[1:3] if called != "add_message" else node.args[2:3])
        for keyword in node.keywords:
            if keyword.arg in USER_FACING_KWARGS:
                candidates.append(keyword.value)
            if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
                candidates.extend(
                    pair.elts[1]
                    for pair in keyword.value.elts
                    if isinstance(pair, ast.Tuple) and len(pair.elts) == 2
                )
            if keyword.arg == "attrs" and isinstance(keyword.value, ast.Dict):
                for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value in WIDGET_ATTRS:
                        candidates.append(value)
        findings.extend(Finding(rel, c.lineno, _text(c)) for c in candidates if _is_bare_text(c))
    return findings


def template_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def python_files() -> list[Path]:
    # Command output is for operators at a console; the API's schema texts are for developers (English).
    skip = {"migrations", "management", "tests", "api"}
    return sorted(p for p in SRC.rglob("*.py") if not skip & set(p.relative_to(SRC).parts))


def untranslated_screen_strings() -> list[Finding]:
    findings = [f for path in template_files() for f in template_findings(path)]
    findings += [f for path in python_files() for f in python_findings(path)]
    return findings
