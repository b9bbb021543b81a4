"""Static checks are part of the test run: mypy --strict and ruff must stay clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_mypy_strict() -> None:
    result = _run("mypy", "--strict", "checklists")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = _run("ruff", "check", "checklists", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def _imports() -> dict[str, set[str]]:
    """For each module of the package, the package's modules it imports, at the top or inside a
    function (what only type checkers read, under ``if TYPE_CHECKING:``, is left out)."""
    import ast

    package = Path(__file__).resolve().parent.parent / "checklists"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped or not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = name.split(".")[: len(name.split(".")) - node.level + (1 if parts[-1] == "__init__" else 0)]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if (package.parent / (candidate.replace(".", "/") + ".py")).exists()
                          or (package.parent / candidate.replace(".", "/")).is_dir() else target)
        graph[name] = {m for m in found if m != name and m != "checklists"}
    return graph


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = _imports()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(module, ())):
            if nxt in path:
                cycles.append(" -> ".join([*path[path.index(nxt):], nxt]))
            elif len(path) < 12:
                visit(nxt, [*path, nxt])

    for module in graph:
        visit(module, [module])
    assert not cycles, sorted(set(cycles))[:10]


def test_no_module_is_over_about_five_hundred_lines() -> None:
    package = Path(__file__).resolve().parent.parent / "checklists"
    long = {str(p.relative_to(package)): n for p in package.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 520}
    assert not long, long


PUBLIC = ("checklists", "checklists.errors", "checklists.library", "checklists.models", "checklists.models.inputs",
          "checklists.models.pack", "checklists.explain", "checklists.render", "checklists.render.json_out",
          "checklists.render.yaml_out", "checklists.render.markdown", "checklists.render.html_out",
          "checklists.render.xlsx_out", "checklists.render.docx_out", "checklists.render.ledger_out",
          "checklists.render.materials_out",
          "checklists.output", "checklists.findings", "checklists.diff",
          "checklists.impact")


def test_public_modules_declare_what_callers_may_rely_on() -> None:
    import importlib

    api = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    for name in PUBLIC:
        module = importlib.import_module(name)
        declared = getattr(module, "__all__", None)
        assert declared, name
        assert all(hasattr(module, n) for n in declared), name
        assert f"`{name}`" in api or f"`{name.rsplit('.', 1)[-1]}`" in api, name
