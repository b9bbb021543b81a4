"""Schema violations: all reported at once, each with file, line, column, field and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

import checklists
from checklists.errors import SchemaError
from checklists.validate import schema_problems
from checklists.yamlio import load_text

from .conftest import MINI, write_layer

BAD_FRAGMENT = """\
kind: problem
group: Village.x
items:
  - id: a b
    text: x
    basis: []
    methodz: [interview]
    methods: [intervew]
  - id: ok
    text: 1
    basis: [x]
    methods: [interview]
"""


def test_every_problem_reported_with_location() -> None:
    problems = schema_problems(load_text(BAD_FRAGMENT, "problem/x.yaml"), "fragment")
    got = {(p.location.line, p.location.column, p.field): (p.message, p.hint) for p in problems}
    assert got[(2, 8, "group")][0] == "'Village.x' is not a valid id"
    assert got[(4, 9, "items[0].id")][0] == "'a b' is not a valid id"
    assert got[(6, 12, "items[0].basis")][0] == "needs at least 1 item(s)"
    assert got[(7, 5, "items[0].methodz")] == ("unknown key 'methodz'", "did you mean 'methods'?")
    assert got[(8, 15, "items[0].methods[0]")][1] == "did you mean 'interview'?"
    assert got[(10, 11, "items[1].text")] == ("expected text, got 1", 'quote it: "1"')
    assert len(problems) == 6


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("kind: polcy\ngroup: x\n", "kind", "'polcy' is not one of: function, policy, problem, supervision_info"),
        ("group: x\n", "kind", "missing required field 'kind'"),
        ("kind: policy\ngroup: x\nitems:\n  - id: p\n    text: t\n", "items[0].citation",
         "missing required field 'citation'"),
        ("kind: policy\ngroup: x\nitems:\n  - id: p\n    text: t\n    citation: {title: t, issued: 2019-02-30}\n",
         "items[0].citation.issued", "'2019-02-30' is not a valid date"),
        ("kind: problem\ngroup: x\nitems:\n  - id: p\n    text: t\n    basis: [a]\n    methods: [interview]\n"
         "    when: {types: village}\n", "items[0].when.types", "expected a list or nothing (null), got 'village'"),
    ],
)
def test_fragment_errors(text: str, field: str, message: str) -> None:
    problems = schema_problems(load_text(text, "f.yaml"), "fragment")
    assert [(p.field, p.message) for p in problems] == [(field, message)]


def test_round_errors_located() -> None:
    text = "id: r\nname: 轮次\nstart: 2026-13-01\nmode: regualr\nunits:\n  - {id: a, name: 甲, type: t, colour: red}\n"
    problems = schema_problems(load_text(text, "round.yaml"), "round")
    got = {(p.location.line, p.field): p for p in problems}
    assert got[(3, "start")].message == "'2026-13-01' is not a valid date"
    assert got[(4, "mode")].hint == "did you mean 'regular'?"
    assert got[(6, "units[0].colour")].message == "unknown key 'colour'"


def test_library_load_reports_all_files_at_once(tmp_path: Path) -> None:
    files = dict(MINI)
    files["problem/bad1.yaml"] = "kind: problem\ngroup: t.bad\nitems: []\n"
    files["policy/bad2.yaml"] = "kind: policy\ngroup: t.bad2\nitems:\n  - {id: x, text: y}\n"
    files["stray/file.yaml"] = "a: 1\n"
    files["problem/wrong_folder.yaml"] = MINI["policy/t.yaml"].replace("p.old", "q.old").replace(
        "p.new", "q.new").replace("p.other", "q.other")
    root = write_layer(tmp_path / "lay", files)
    with pytest.raises(SchemaError) as info:
        checklists.load_library(root, builtin=False)
    text = str(info.value)
    assert "bad1.yaml:3:8: items: needs at least 1 item(s)" in text
    assert "bad2.yaml:4:5: items[0].citation: missing required field 'citation'" in text
    assert "stray/file.yaml: file is not in a folder the library knows" in text
    assert "wrong_folder.yaml:1:7: kind: a 'policy' fragment stands in the 'problem/' folder" in text
