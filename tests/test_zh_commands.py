"""A Chinese-locale run of every command says nothing in English: each command is run as an office
would, with good input and with bad, under LANG=zh_CN.UTF-8, and every word of Latin letters it
prints must be something a user wrote or reads as a name (an id, a key, a file, an option, a format)."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import checklists
from checklists._inputs import read_round
from checklists.cli import main
from checklists.models.inputs import Office, Round, Unit
from checklists.models.library import Citation, PolicyItemSpec, ProblemItemSpec, SupervisionInfoItemSpec

from .conftest import EXAMPLE_ROUND, REPO

NAMES = {"checklists", "JSON", "YAML", "Excel", "HTML", "Word", "Markdown", "LANG", "LC_ALL", "UTF", "zh", "en",
         "xlsx", "docx", "yaml", "json", "md", "html", "true", "false", "null", "COMMAND", "DIR", "FILE", "ROUND",
         "FINDINGS", "LEDGER", "NAME", "ID", "LIST", "TEXT", "PATH", "A", "B", "sha", "XlsxWriter", "openpyxl",
         "pip", "install", "office", "dev", "YYYY", "MM", "DD", "Alt", "Enter", "Schema", "VS", "Code", "xuncha",
         "PDF", "CSV", "WPS", "ok", "pdf", "letters", "talks", "survey", "materials", "integer", "number", "boolean",
         "string", "enum", "date", "code", "severity", "file", "line", "column", "field", "message", "hint",
         "HTTP", "OpenAPI", "API", "FastAPI", "uvicorn", "HOST", "PORT", "BYTES", "SECONDS", "N"}
"""Names a Chinese text keeps in Latin letters: formats, programs, placeholders of the usage lines,
attribute types and the keys of problems printed as JSON; and the format a user asked for (pdf)."""


def _names() -> set[str]:
    lib = checklists.load_library()
    words: set[str] = set(NAMES)
    for source in (lib.items, lib.unit_types, lib.profiles, lib.programs, lib.themes, lib.departments, lib.materials,
                   lib.signal_topics, lib.groups):
        for key in source:
            words.update(re.findall(r"[A-Za-z]+", key))
    for defined in lib.unit_types.values():
        for sub in defined.value.subtypes:
            words.update(re.findall(r"[A-Za-z]+", sub.id))
        for attribute in defined.value.attributes:
            words.update(re.findall(r"[A-Za-z]+", attribute))
    for model in (ProblemItemSpec, PolicyItemSpec, SupervisionInfoItemSpec, Citation, Unit, Round, Office):
        words.update(w for name in model.model_fields for w in re.findall(r"[A-Za-z]+", name))
    words.update(("generate", "ledger", "findings", "import", "worksheets", "validate", "lint", "explain", "diff",
                  "impact", "types", "schema", "init", "export", "library", "items", "text", "serve"))
    for round_file in (EXAMPLE_ROUND, REPO / "examples" / "office_round.yaml"):
        words.update(u.unit.id for u in read_round(round_file).units)
    return words


def _english(text: str, names: set[str]) -> list[str]:
    """The words of Latin letters in ``text`` that are not names, paths, options, keys or codes."""
    text = re.sub(r"(?:[A-Za-z]:)?[\w./\\-]*[/\\][\w./\\\u4e00-\u9fff-]*", " ", text)  # paths
    text = re.sub(r"--?[a-z][a-z-]*", " ", text)  # options
    text = re.sub(r"\b[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)+\b", " ", text)  # ids: common.leader.unity, 2026-1
    text = re.sub(r"[\w.\-]+\.(?:yaml|yml|xlsx|json|docx|md|html)\b", " ", text)  # file names
    text = re.sub(r"[\"'“‘][^\"'”’\n]*[\"'”’]", " ", text)  # what a user wrote, quoted
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w not in names and w.lower() not in names]


@pytest.fixture(scope="module")
def names() -> set[str]:
    return _names()


def _runs(tmp: Path) -> Iterator[list[str]]:
    examples = REPO / "examples"
    out = tmp / "out"
    yield ["generate", str(EXAMPLE_ROUND), "--out", str(out), "--format", "json,talks,survey"]
    yield ["generate", str(EXAMPLE_ROUND), "--out", str(out)]  # not empty: refused
    yield ["generate", str(EXAMPLE_ROUND), "--out", str(tmp / "o2"), "--format", "pdf"]
    yield ["ledger", str(EXAMPLE_ROUND), "--out", str(tmp / "台账.xlsx")]
    yield ["findings", "import", str(tmp / "台账.xlsx"), "--out", str(tmp / "findings.yaml")]
    yield ["findings", "worksheets", str(EXAMPLE_ROUND), str(examples / "findings.yaml"), "--out", str(tmp / "ws")]
    yield ["validate"]
    yield ["validate", str(examples / "office_layer"), str(examples / "office_round.yaml")]
    yield ["validate", str(tmp / "bad.yaml")]
    yield ["validate", str(tmp / "missing.yaml")]
    yield ["lint", "--library", str(examples / "office_layer")]
    yield ["explain", str(EXAMPLE_ROUND), "--unit", "zz", "--item", "common.leader.unity"]
    yield ["explain", str(EXAMPLE_ROUND), "--unit", "nobody"]
    yield ["diff", str(out / "zz-张庄村.json"), str(out / "lw-李洼村.json")]
    yield ["impact", "--policy", "reg.discipline.2023", "--packs", str(out)]
    yield ["impact", "--policy", "reg.no_such"]
    yield ["types"]
    yield ["init", str(tmp / "layer")]
    yield ["export-library", "--library", str(examples / "office_layer"), "--only-layers", "--out", str(tmp / "e.xlsx")]
    yield ["import-items", str(tmp / "e.xlsx"), "--into", str(tmp / "layer2")]
    yield ["import-items", str(tmp / "layer" / "条目模板.xlsx"), "--into", str(tmp / "layer3")]
    yield ["generate"]  # argparse's own error
    for command in ("generate", "ledger", "findings", "validate", "lint", "explain", "diff", "impact", "types",
                    "schema", "init", "export-library", "import-items", "serve"):
        yield [command, "--help"]
    yield ["--help"]


def test_every_command_speaks_chinese(tmp_path: Path, names: set[str], monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    (tmp_path / "bad.yaml").write_text("id: zz\nname: 张庄村\ntype: vilage\nattributes: {households: 多}\n",
                                       encoding="utf-8")
    said: dict[str, list[str]] = {}
    for argv in _runs(tmp_path):
        with contextlib.suppress(SystemExit):  # --help and argparse's errors
            main(argv)
        captured = capsys.readouterr()
        text = captured.out + captured.err
        assert text.strip(), argv
        english = _english(text, names)
        if english:
            said[" ".join(argv[:2])] = english
    assert said == {}, "\n".join(f"{k}: {sorted(set(v))}" for k, v in said.items())
    shutil.rmtree(tmp_path)


def test_english_stays_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    (tmp_path / "bad.yaml").write_text("id: zz\nname: 张庄村\ntype: vilage\n", encoding="utf-8")
    assert main(["--lang", "en", "validate", str(tmp_path / "bad.yaml")]) == 1
    err = capsys.readouterr().err
    assert "unknown unit type 'vilage'" in err and "1 problem found" in err
    assert main(["validate", str(tmp_path / "bad.yaml")]) == 1
    err = capsys.readouterr().err
    assert "“vilage”" in err or "'vilage'" in err
    assert "发现 1 个问题" in err
