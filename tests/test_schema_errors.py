"""Schema violations: all reported at once, each with file, line, column, field and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

import checklists
from checklists._documents import schema_problems
from checklists._yaml import load_text
from checklists.errors import SchemaError

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
    files["problem/bad1.yaml"] = "kind: problem\ngroup: t.bad\nitems: {}\n"
    files["policy/bad2.yaml"] = "kind: policy\ngroup: t.bad2\nitems:\n  - {id: x, text: y}\n"
    files["stray/file.yaml"] = "a: 1\n"
    files["problem/wrong_folder.yaml"] = MINI["policy/t.yaml"].replace("p.old", "q.old").replace(
        "p.new", "q.new").replace("p.other", "q.other")
    root = write_layer(tmp_path / "lay", files)
    with pytest.raises(SchemaError) as info:
        checklists.load_library(root, builtin=False)
    text = str(info.value)
    assert "bad1.yaml:3:8: items: expected a list" in text
    assert "bad2.yaml:4:5: items[0].citation: missing required field 'citation'" in text
    assert "stray/file.yaml: file is not in a folder the library knows" in text
    assert "wrong_folder.yaml:1:7: kind: a 'policy' fragment stands in the 'problem/' folder" in text


def test_strict_model_path_agrees_with_the_schema_on_every_shipped_document() -> None:
    """``build`` takes documents the model accepts strictly without asking jsonschema; for every
    document we ship, the schema must agree, and the model must be the one the lax path builds."""
    from checklists._documents import _adapter, _strictly_built
    from checklists._layer_files import FOLDERS
    from checklists._yaml import load_file
    from checklists.library import builtin_path
    from checklists.schemas import INPUT_MODELS

    from .conftest import REPO

    checked = 0
    documents = [(p, FOLDERS[p.relative_to(builtin_path()).parts[0]]) for p in builtin_path().rglob("*.yaml")
                 if p.name != "library.yaml"]
    documents += [(REPO / "examples" / name, "round") for name in ("round.yaml", "all_types.yaml")]
    documents += [(REPO / "examples" / "units" / "chengtou.yaml", "unit")]
    for path, schema in documents:
        doc = load_file(path, str(path))
        model = INPUT_MODELS[schema]
        built = _strictly_built(doc.data, model)
        assert built is not None, path
        assert schema_problems(doc, schema) == [], path
        assert built == _adapter(model).validate_python(doc.data), path
        checked += 1
    assert checked > 200


@pytest.mark.parametrize(("text", "field"), [
    ("id: r\nname: 轮次\nstart: 2026-03-01\nparams: {n: 1}\nunits: [{id: a, name: 甲, type: t, "
     "attributes: {size: '12'}}]\n", None),  # text where a number may stand: fine for both
    ("id: r\nname: 轮次\nstart: 2026-03-01\nunits: [{id: a, name: 甲, type: t, signals: [{topic: x, count: '3'}]}]\n",
     "units[0].signals[0].count"),  # a number given as text
    ("id: r\nname: 轮次\nstart: 2026-03-01\nunit_files: 'a.yaml'\n", "unit_files"),  # text for a list
])
def test_what_the_schema_refuses_the_strict_path_refuses(text: str, field: str | None) -> None:
    from checklists._documents import _strictly_built
    from checklists.models.inputs import Round

    doc = load_text(text, "round.yaml")
    problems = schema_problems(doc, "round")
    built = _strictly_built(doc.data, Round)
    if field is None:
        assert problems == [] and built is not None
    else:
        assert built is None
        assert any(p.field.startswith(field) for p in problems), problems


def test_condition_keys_by_their_schema_names_only() -> None:
    from checklists._documents import _strictly_built
    from checklists.models.layer_files import Fragment

    text = ("kind: problem\ngroup: x\nitems:\n  - id: p\n    text: t\n    basis: [a]\n    methods: [interview]\n"
            "    when: {attributes: {size: {%s: [1, 2]}}}\n")
    assert _strictly_built(load_text(text % "in", "f.yaml").data, Fragment) is not None
    assert _strictly_built(load_text(text % "in_", "f.yaml").data, Fragment) is None  # python name: refused
    assert [p.field for p in schema_problems(load_text(text % "in_", "f.yaml"), "fragment")] == [
        "items[0].when.attributes.size.in_"]


def test_aliased_names_are_every_field_spelt_otherwise_in_documents() -> None:
    import pydantic

    from checklists.models import common, inputs, library
    from checklists.models.common import ALIASED_NAMES

    found = set()
    for module in (common, inputs, library):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
                found |= {name for name, f in value.model_fields.items() if f.alias and f.alias != name}
    assert found == ALIASED_NAMES
