"""Composing packs: selection, subtypes, versions in force, signals, 回头看, numbering, views."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import checklists
from checklists import schemas
from checklists.errors import ChecklistsError, ResolveError, SchemaError
from checklists.render.json_out import render as to_json

from .conftest import MINI, ROUND, write_layer


@pytest.fixture()
def lib(mini: Path) -> checklists.Library:
    return checklists.load_library(mini, builtin=False)


def ids(checklist: checklists.Checklist) -> list[str]:
    return [i.id for i in checklist.items]


def item(pack: checklists.Pack, item_id: str) -> checklists.Item:
    for kind in ("policy", "function", "supervision_info", "problem"):
        for it in pack.checklist(kind).items:
            if it.id == item_id:
                return it
    raise KeyError(item_id)


def test_subtype_derived_from_attributes(lib: checklists.Library) -> None:
    small = lib.generate({"id": "a", "name": "甲", "type": "t", "attributes": {"size": 99}}, ROUND)
    big = lib.generate({"id": "a", "name": "甲", "type": "t", "attributes": {"size": 100}}, ROUND)
    assert small.classification.subtypes == ()
    assert [(s.id, s.source) for s in big.classification.subtypes] == [("big", "rule:1")]
    assert "t.pr.big" not in ids(small.problem)
    assert "t.pr.big" in ids(big.problem)


def test_stated_subtype(lib: checklists.Library) -> None:
    pack = lib.generate({"id": "a", "name": "甲", "type": "t", "subtypes": ["big"]}, ROUND)
    assert [(s.id, s.source) for s in pack.classification.subtypes] == [("big", "stated")]


def test_round_date_picks_the_version_in_force(lib: checklists.Library) -> None:
    unit = {"id": "a", "name": "甲", "type": "t"}
    new = lib.generate(unit, {**ROUND, "start": "2026-03-01"})
    old = lib.generate(unit, {**ROUND, "start": "2023-06-01"})
    assert "p.new" in ids(new.policy) and "p.old" not in ids(new.policy)
    assert "p.old" in ids(old.policy) and "p.new" not in ids(old.policy)
    # t.pr.always cites the old version; the pack points at the version in force
    assert item(new, "t.pr.always").basis == ("p.new",)
    assert item(old, "t.pr.always").basis == ("p.old",)
    # a basis names the document: t.pr.signal cites p.new, and in 2023 the old version stands in
    unit_raised = {**unit, "attributes": {"rich": True}}
    assert item(lib.generate(unit_raised, {**ROUND, "start": "2023-06-01"}), "t.pr.signal").basis == ("p.old",)


def test_problem_whose_basis_is_not_yet_in_force_is_left_out_and_explained(tmp_path: Path) -> None:
    files = {**MINI, "policy/t.yaml": MINI["policy/t.yaml"].replace(
        "{title: 《另一规定》, issuer: 某机关, year: 2019}",
        "{title: 《另一规定》, issuer: 某机关, year: 2019, effective_from: 2019-05-01}")}
    lib = checklists.load_library(write_layer(tmp_path / "x", files), builtin=False)
    unit = {"id": "a", "name": "甲", "type": "t", "attributes": {"size": 500}}
    early = {**ROUND, "start": "2018-06-01"}
    pack = lib.generate(unit, early)
    assert "t.pr.big" not in ids(pack.problem) and "t.pr.always" in ids(pack.problem)
    assert "p.other" not in ids(pack.policy)  # nothing issued after the round's date is cited
    entry = lib.explain(unit, early, "t.pr.big").entries[0]
    assert not entry.included
    assert entry.reasons == ("no document of its basis is in force on 2018-06-01: "
                             "《另一规定》 (p.other) counts from 2019-05-01",)
    assert "t.pr.big" in ids(lib.generate(unit, {**ROUND, "start": "2019-05-01"}).problem)


def test_a_version_known_only_by_its_year_counts_from_the_next_year(lib: checklists.Library) -> None:
    # p.old (year 2017, no date) is the only version before 2024: not cited before 2018-01-01
    unit = {"id": "a", "name": "甲", "type": "t"}
    assert "p.old" not in ids(lib.generate(unit, {**ROUND, "start": "2017-12-31"}).policy)
    assert "p.old" in ids(lib.generate(unit, {**ROUND, "start": "2018-01-01"}).policy)
    entry = lib.explain(unit, {**ROUND, "start": "2017-12-31"}, "t.pr.always").entries[0]
    assert entry.reasons == ("no document of its basis is in force on 2017-12-31: "
                             "《某条例》 (p.old) counts from 2018-01-01",)


def test_every_basis_is_in_the_same_pack(lib: checklists.Library) -> None:
    pack = lib.generate({"id": "a", "name": "甲", "type": "t", "attributes": {"size": 500}}, ROUND)
    policies = set(ids(pack.policy))
    for it in pack.problem.items:
        assert it.basis and set(it.basis) <= policies


def test_signal_adds_and_raises(lib: checklists.Library) -> None:
    plain = lib.generate({"id": "a", "name": "甲", "type": "t"}, ROUND)
    assert "t.pr.signal" not in ids(plain.problem)
    signalled = lib.generate({"id": "a", "name": "甲", "type": "t",
                              "signals": [{"topic": "petition.x", "summary": "反映某事"}]}, ROUND)
    raised = item(signalled, "t.pr.signal")
    assert [(r.topic, r.label, r.summary) for r in raised.raised_by] == [("petition.x", "某类信访", "反映某事")]
    assert raised.provenance.rule == "signal petition.x adds it"
    # condition already holds: the signal only raises it
    both = lib.generate({"id": "a", "name": "甲", "type": "t", "attributes": {"rich": True},
                         "signals": [{"topic": "petition.x"}]}, ROUND)
    assert item(both, "t.pr.signal").raised_by[0].topic == "petition.x"
    assert "includes group" in item(both, "t.pr.signal").provenance.rule


def test_unrectified_findings_become_follow_up_items(lib: checklists.Library) -> None:
    unit = {"id": "a", "name": "甲", "type": "t", "previous_findings": [
        {"id": "f1", "text": "账目不清", "status": "not_rectified", "round": "2023年第二轮"},
        {"id": "f2", "text": "公开不及时", "status": "rectified"},
        {"id": "f3", "text": "制度缺失", "status": "reopened"},
    ]}
    pack = lib.generate(unit, ROUND)
    follow = [i for i in pack.problem.items if i.derived_from]
    assert [i.id for i in follow] == ["t.pr.followup.f1", "t.pr.followup.f3"]
    assert follow[0].text == "上轮反馈的“账目不清”（未整改）是否整改到位。"
    assert follow[1].text == "上轮反馈的“制度缺失”（整改后反弹）是否整改到位。"
    assert "t.pr.followup" not in ids(pack.problem)


def test_parameters_substituted_and_missing_ones_fail(lib: checklists.Library, tmp_path: Path) -> None:
    pack = lib.generate({"id": "a", "name": "甲单位", "type": "t"}, ROUND)
    info = item(pack, "t.si.a")
    assert info.text == "甲单位的信访件。"
    assert info.period == "2023年1月1日至2026年3月1日"
    bad = write_layer(tmp_path / "bad", {**MINI, "function/t.yaml": MINI["function/t.yaml"].replace(
        "{unit.name}的人员情况", "{unit.secret}的人员情况")})
    with pytest.raises(ResolveError) as err:
        checklists.load_library(bad, builtin=False).generate({"id": "a", "name": "甲", "type": "t"}, ROUND)
    problem = err.value.problems[0]
    assert problem.message == "item 't.fn.facts': parameter 'unit.secret' has no value"
    assert problem.location.file.endswith("function/t.yaml") and problem.location.line == 5


def test_parameter_value_with_braces_is_inserted_as_is(lib: checklists.Library) -> None:
    pack = lib.generate({"id": "a", "name": "{round.name}村", "type": "t"}, ROUND)
    assert item(pack, "t.si.a").text == "{round.name}村的信访件。"


def test_unit_three_fixes_data_replaces_typical_functions(lib: checklists.Library) -> None:
    typical = lib.generate({"id": "a", "name": "甲", "type": "t"}, ROUND)
    assert "t.fn.typical" in ids(typical.function)
    own = lib.generate({"id": "a", "name": "甲", "type": "t", "functions": ["负责甲事项。", "负责乙事项。"],
                        "attributes": {"size": 12}}, ROUND)
    assert "t.fn.typical" not in ids(own.function)
    assert [i.text for i in own.function.items if i.section == "main_functions"] == ["负责甲事项。", "负责乙事项。"]
    assert item(own, "unit.attr.size").text == "规模：12人"


def test_numbering_as_printed(lib: checklists.Library) -> None:
    pack = lib.generate({"id": "a", "name": "甲", "type": "t", "attributes": {"size": 500, "rich": True}}, ROUND)
    sections = [(s.id, s.number, s.level) for s in pack.problem.sections]
    assert sections == [("focus_a", "一", 1), ("sub_a", "(一)", 2), ("focus_b", "二", 1)]
    outlines = {i.id: i.outline for i in pack.problem.items}
    assert outlines["t.pr.always"] == "一1"
    assert outlines["t.pr.big"] == "一(一)1"
    assert outlines["t.pr.signal"] == "二1"


def test_materials_requested_once_and_requests_by_department(lib: checklists.Library) -> None:
    pack = lib.generate({"id": "a", "name": "甲", "type": "t", "attributes": {"size": 500, "rich": True}}, ROUND)
    assert [(m.id, m.needed_by) for m in pack.materials] == [
        ("minutes", ("t.pr.always", "t.pr.big")),
        ("books", ("t.pr.always", "t.pr.signal")),
    ]
    assert [(r.department, r.label, r.items) for r in pack.requests] == [("dept", "某部门", ("t.si.a",))]


def test_provenance_names_layer_file_line_and_rule(lib: checklists.Library) -> None:
    pack = lib.generate({"id": "a", "name": "甲", "type": "t"}, ROUND)
    prov = item(pack, "t.pr.always").provenance
    assert (prov.layer, prov.file, prov.line) == ("mini", "problem/t.yaml", 5)
    assert prov.rule == "profile t includes group t.problem (t.*)"
    assert item(pack, "p.new").provenance.rule.startswith("profile t includes group t.policy")


def test_pack_is_schema_valid_and_deterministic(lib: checklists.Library, mini: Path) -> None:
    unit = {"id": "a", "name": "甲", "type": "t", "attributes": {"size": 500}}
    first = to_json(lib.generate(unit, ROUND))
    again = to_json(checklists.load_library(mini, builtin=False).generate(unit, ROUND))
    assert first == again
    jsonschema.validate(json.loads(first), schemas.load("pack"))


def test_file_order_on_disk_does_not_matter(tmp_path: Path) -> None:
    names = list(MINI)
    a = write_layer(tmp_path / "a" / "mini", {n: MINI[n] for n in names})
    b = write_layer(tmp_path / "b" / "mini", {n: MINI[n] for n in reversed(names)})
    unit = {"id": "a", "name": "甲", "type": "t", "attributes": {"size": 500}}
    pa = checklists.load_library(a, builtin=False).generate(unit, ROUND)
    pb = checklists.load_library(b, builtin=False).generate(unit, ROUND)
    assert to_json(pa) == to_json(pb)


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ({"id": "a", "name": "甲", "type": "tt"}, "unknown unit type 'tt'"),
        ({"id": "a", "name": "甲", "type": "t", "subtypes": ["bog"]}, "'bog' is not a subtype of t"),
        ({"id": "a", "name": "甲", "type": "t", "attributes": {"size": "12"}}, "规模 must be a whole number"),
        ({"id": "a", "name": "甲", "type": "t", "attributes": {"kind": "丙"}}, "'丙' is not one of: 甲, 乙"),
        ({"id": "a", "name": "甲", "type": "t", "attributes": {"sise": 1}}, "unit type t has no attribute 'sise'"),
        ({"id": "a", "name": "甲", "type": "t", "signals": [{"topic": "petition.y"}]},
         "unknown signal topic 'petition.y'"),
        ({"id": "a b", "name": "甲", "type": "t"}, "'a b' is not a valid id"),
    ],
)
def test_bad_units(lib: checklists.Library, unit: dict[str, object], message: str) -> None:
    with pytest.raises(SchemaError) as info:
        lib.generate(unit, ROUND)
    assert message in str(info.value)


def test_bad_round(lib: checklists.Library) -> None:
    with pytest.raises(ChecklistsError) as info:
        lib.generate({"id": "a", "name": "甲", "type": "t"}, {**ROUND, "mode": "special"})
    assert "a special round needs a theme" in str(info.value)
    with pytest.raises(ChecklistsError) as info:
        lib.generate({"id": "a", "name": "甲", "type": "t"}, {**ROUND, "programs": ["xunca"]})
    assert "unknown program 'xunca' (did you mean 'xuncha'?)" in str(info.value)


JOINT = {
    "programs/audit.yaml": "id: finance\nlabel: 财经纪律专项检查\ninclude: {groups: [prog.finance]}\n",
    "problem/finance.yaml": """
        kind: problem
        group: prog.finance
        section: focus_b
        programs: [finance]
        items:
          - {id: fin.only, text: 是否存在财经问题。, basis: [p.other], materials: [books], methods: [document_review]}
    """,
}


def test_joint_round_lists_shared_items_once(tmp_path: Path) -> None:
    files = {**MINI, **JOINT}
    files["problem/t.yaml"] = MINI["problem/t.yaml"].replace(
        "            basis: [p.old]\n", "            programs: [xuncha, finance]\n            basis: [p.old]\n")
    lib = checklists.load_library(write_layer(tmp_path / "j", files), builtin=False)
    unit = {"id": "a", "name": "甲", "type": "t"}
    solo = lib.generate(unit, ROUND)
    joint = lib.generate(unit, {**ROUND, "programs": ["xuncha", "finance"]})
    assert "fin.only" not in ids(solo.problem)
    assert ids(joint.problem).count("t.pr.always") == 1
    assert item(joint, "t.pr.always").programs == ("xuncha", "finance")
    assert item(joint, "fin.only").programs == ("finance",)
    books = next(m for m in joint.materials if m.id == "books")
    assert books.needed_by == ("t.pr.always", "fin.only")
    assert joint.round.programs == ("xuncha", "finance")


def test_special_round_theme_adds_its_items(tmp_path: Path) -> None:
    files = {**MINI,
             "themes/x.yaml": "id: x_theme\nlabel: 某专项\ninclude: {groups: [theme.x]}\n",
             "problem/theme.yaml": "kind: problem\ngroup: theme.x\nsection: focus_b\nitems:\n"
                                   "  - {id: theme.x.a, text: 专项问题。, basis: [p.other], methods: [special_check]}\n"}
    lib = checklists.load_library(write_layer(tmp_path / "th", files), builtin=False)
    unit = {"id": "a", "name": "甲", "type": "t"}
    assert "theme.x.a" not in ids(lib.generate(unit, ROUND).problem)
    special = lib.generate(unit, {**ROUND, "mode": "special", "theme": "x_theme"})
    assert item(special, "theme.x.a").provenance.rule == "theme x_theme includes group theme.x (theme.x)"


def test_explain_says_why(lib: checklists.Library) -> None:
    unit = {"id": "a", "name": "甲", "type": "t", "attributes": {"size": 5}}
    text = str(lib.explain(unit, ROUND))
    assert "IN  t.pr.always" in text
    assert "OUT t.pr.big" in text and "condition fails: subtypes include any of [big]" in text
    assert "OUT p.old" in text and "not in force on 2026-03-01; the version in force is p.new" in text
    one = lib.explain(unit, ROUND, item="t.pr.big")
    assert [e.item for e in one.entries] == ["t.pr.big"]


def test_program_item_outside_the_profile_fails_at_its_location(tmp_path: Path) -> None:
    files = {**MINI,
             "programs/extra.yaml": "id: extra\nlabel: 其他专项\ninclude: {groups: [prog.extra]}\n",
             "problem/extra.yaml": "kind: problem\ngroup: prog.extra\nsection: elsewhere\nprograms: [extra]\nitems:\n"
                                   "  - {id: extra.a, text: 专项问题。, basis: [p.other], methods: [special_check]}\n"}
    lib = checklists.load_library(write_layer(tmp_path / "x", files), builtin=False)
    unit = {"id": "a", "name": "甲", "type": "t"}
    lib.generate(unit, ROUND)  # without the program, nothing is wrong
    with pytest.raises(ResolveError) as info:
        lib.generate(unit, {**ROUND, "programs": ["xuncha", "extra"]})
    problem = info.value.problems[0]
    assert problem.location.file.endswith("problem/extra.yaml") and problem.location.line == 6
    assert "section 'elsewhere' of problem item 'extra.a' is not defined in profile 't'" in problem.message


def test_superseded_version_ends_when_its_successor_starts(tmp_path: Path) -> None:
    files = {**MINI, "policy/t.yaml": MINI["policy/t.yaml"].replace(" effective_until: 2024-02-08,", "")}
    lib = checklists.load_library(write_layer(tmp_path / "x", files), builtin=False)
    unit = {"id": "a", "name": "甲", "type": "t"}
    assert "p.old" in ids(lib.generate(unit, {**ROUND, "start": "2024-02-07"}).policy)
    on_the_day = lib.generate(unit, {**ROUND, "start": "2024-02-08"})
    assert "p.new" in ids(on_the_day.policy) and "p.old" not in ids(on_the_day.policy)


def test_iter_round_gives_the_packs_of_generate_round_one_at_a_time(lib: checklists.Library) -> None:
    data = {**ROUND, "units": [{"id": "a", "name": "甲", "type": "t"},
                               {"id": "b", "name": "乙", "type": "t", "attributes": {"size": 500}}]}
    packs = lib.iter_round(data)
    assert not isinstance(packs, list)
    assert [to_json(p) for p in packs] == [to_json(p) for p in lib.generate_round(data)]
    bad = {**ROUND, "units": [{"id": "a", "name": "甲", "type": "nowhere"}]}
    with pytest.raises(SchemaError):  # when called, before any pack is asked for
        lib.iter_round(bad)
