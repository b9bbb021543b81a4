"""Every message a user sees can be read in Chinese: each is made with ``t(...)`` and its template is in
the catalog, with the same values; none is written as plain English where a problem or a line of
the command's output is made."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from checklists._catalog_zh import MESSAGES
from checklists.errors import Location, Problem
from checklists.i18n import language, t, tr

from .conftest import REPO

PACKAGE = REPO / "checklists"
SPEAK_FOR_THEMSELVES = {"_schema_zh.py", "_argparse.py", "contentdoc.py"}
"""Modules exempt: the schemas' Chinese, argparse's own texts (both languages written out), and the
maintainers' tool that writes docs/content.md."""
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_catalog_zh" not in p.parts and p.name not in SPEAK_FOR_THEMSELVES)

SAID = {"Problem": (1, ("message", "hint")), "located": (2, ("message", "hint"))}
"""Calls whose arguments a user reads: the positional index of the message, and keywords."""


def _english(node: ast.expr | None) -> bool:
    """Whether ``node`` is text written in place: an f-string, or a literal with a Latin letter."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any("a" <= c.lower() <= "z" for c in node.value)
    if isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    if isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    return False


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def untranslatable(path: Path) -> list[str]:
    """Places in ``path`` where a user would read English text not made with t()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in SAID:
            index, keywords = SAID[name]
            args = [node.args[index]] if len(node.args) > index else []
            args += [k.value for k in node.keywords if k.arg in keywords]
            args += node.args[index + 1:index + 2] if name == "located" else []  # located(doc, path, msg, hint)
            found += [f"{path.name}:{node.lineno} {name}" for a in args if _english(a)]
        elif name == "print" and node.args and _english(node.args[0]):
            found.append(f"{path.name}:{node.lineno} print")
        elif name in ("add_argument", "add_parser", "ArgumentParser"):
            found += [f"{path.name}:{node.lineno} {k.arg}" for k in node.keywords
                      if k.arg in ("help", "description") and _english(k.value)]
    return found


def templates() -> dict[str, list[str]]:
    """Every template given to t() in the package, with where."""
    found: dict[str, list[str]] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_message_is_written_in_english_only(path: Path) -> None:
    assert untranslatable(path) == []


def test_every_template_has_its_chinese_with_the_same_values() -> None:
    used = templates()
    assert [f"{where[0]}: {tpl}" for tpl, where in used.items() if tpl not in MESSAGES] == []
    assert [tpl for tpl in used if tpl in MESSAGES and _fields(tpl) != _fields(MESSAGES[tpl])] == []
    assert [tpl for tpl in MESSAGES if tpl not in used] == []  # nothing in the catalog that nothing says
    assert all(MESSAGES[tpl].strip() for tpl in used)


def test_a_message_and_its_values_translate() -> None:
    problem = Problem(Location("a.yaml", 3, 5), t("unknown {what} '{value}'", what=t("policy item"), value="reg.x"),
                      field="basis", hint=t("did you mean '{close}'?", close="reg.y"), code="ref.unknown-policy-item")
    assert str(problem) == "a.yaml:3:5: basis: unknown policy item 'reg.x' (did you mean 'reg.y'?)"
    assert problem.text("zh") == f"a.yaml:3:5: basis: {tr(problem.message, 'zh')}（{tr(problem.hint, 'zh')}）"
    assert "reg.x" in problem.text("zh") and "unknown" not in problem.text("zh")
    assert problem.as_dict(lang="zh")["message"] == tr(problem.message, "zh")
    assert tr("plain text", "zh") == "plain text"  # what a user wrote stays as written


@pytest.mark.parametrize(("given", "environ", "expected"), [
    ("en", {"LANG": "zh_CN.UTF-8"}, "en"), (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"), (None, {"LC_MESSAGES": "zh_TW"}, "zh"),
    (None, {}, "en"), ("zh", {}, "zh"),
])
def test_the_language_comes_from_the_option_then_the_locale(given: str | None, environ: dict[str, str],
                                                            expected: str) -> None:
    assert language(given, environ) == expected


def test_every_t_call_gives_exactly_the_values_its_template_names() -> None:
    """A value missing at a call would fail only when that message is made, maybe in a path no test
    takes; a value the template does not name is a sign of a slip. Both are found here, statically."""
    wrong = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _name(node.func) == "t" and node.args):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if any(k.arg is None for k in node.keywords):  # **values: not known here
                continue
            given = {k.arg for k in node.keywords if k.arg is not None}
            if given != _fields(first.value):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno}: {sorted(given)} != {sorted(_fields(first.value))}")
    assert wrong == []
