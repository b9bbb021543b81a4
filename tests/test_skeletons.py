"""Units that choose the same items share a pack skeleton; each must still get exactly its own pack.

A library keeps, per plan, the skeleton of the packs of units that took the same items (see
``checklists.resolve.compose``). These tests compose units on a library that has already seen
others like them and compare with the same units composed on a library that has seen nothing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import checklists
from checklists._inputs import read_round
from checklists._plan import _Plan
from checklists.errors import ResolveError
from checklists.render.json_out import render as to_json
from checklists.resolve import compose

from .conftest import MINI, ROUND, write_layer

EXAMPLE = Path(__file__).parent.parent / "examples" / "round.yaml"


def fresh(lib: checklists.Library) -> checklists.Library:
    """The same library with nothing worked out yet: no plans, so no skeletons."""
    clone = copy.copy(lib)
    assert not clone._plans
    return clone


def skeletons(lib: checklists.Library) -> int:
    return sum(len(p.skeletons) for p in lib._plans.values() if isinstance(p, _Plan))


def variant(unit: dict[str, Any], n: int) -> dict[str, Any]:
    """``unit`` under another id and name, with other numbers, signal summaries, findings and
    三定 entries, but the same shape: it chooses the same items."""
    other = copy.deepcopy(unit)
    other["id"] = f"{unit['id']}-v{n}"
    other["name"] = f"{unit['name']}第{n}号"
    other["attributes"] = {k: (v + n if isinstance(v, int) and not isinstance(v, bool) and v > 1000 else v)
                           for k, v in unit.get("attributes", {}).items()}
    for signal in other.get("signals", []):
        signal["summary"] = f"第{n}件：{signal.get('summary', '')}"
    for finding in other.get("previous_findings", []):
        finding["id"] = f"{finding['id']}x{n}"
        finding["text"] = f"{finding['text']}（其{n}）"
    for key in ("functions", "internal_bodies", "subordinate_units"):
        other[key] = [f"{entry}（{n}）" for entry in other.get(key, [])]
    return other


def example_round() -> dict[str, Any]:
    rin = read_round(EXAMPLE)
    data = rin.round.model_dump(mode="json", by_alias=True, exclude={"units", "unit_files"}, exclude_none=True)
    units = [u.unit.model_dump(mode="json", by_alias=True, exclude_none=True) for u in rin.units]
    return {**data, "units": [variant(u, n) for n in range(3) for u in units]}


def test_reused_skeletons_give_each_unit_its_own_pack(builtin: checklists.Library) -> None:
    data = example_round()
    shared = fresh(builtin)
    packs = shared.generate_round(data)
    assert skeletons(shared) < len(packs)  # units did share skeletons
    rin = read_round(data)
    signals = findings = 0
    for uin, pack in zip(rin.units, packs, strict=True):
        alone, _ = compose(fresh(builtin), uin, rin.round, record=False)
        assert to_json(pack) == to_json(alone), uin.unit.id
        assert pack.unit == uin.unit
        signals += sum(1 for kind in ("policy", "function", "supervision_info", "problem")
                       for i in pack.checklist(kind).items if i.raised_by)
        findings += sum(1 for i in pack.problem.items if i.derived_from)
    assert signals and findings  # the example exercises signals and findings


def test_the_units_own_texts_are_filled_in_on_a_reused_skeleton(builtin: checklists.Library) -> None:
    data = example_round()
    packs = fresh(builtin).generate_round(data)
    first, second = packs[0], packs[len(packs) // 3]  # the same example unit, variants 0 and 1
    assert first.unit.id != second.unit.id
    assert [i.outline for i in first.problem.items] == [i.outline for i in second.problem.items]
    named = [(a, b) for a, b in zip(first.problem.items, second.problem.items, strict=True) if a.text != b.text]
    assert named, "no text names the unit"
    for a, b in named:
        assert first.unit.name in a.text or a.derived_from, a.text
        assert second.unit.name in b.text or b.derived_from, b.text


def test_decisions_are_the_same_on_a_reused_skeleton(builtin: checklists.Library) -> None:
    rin = read_round(example_round())
    shared = fresh(builtin)
    for uin in rin.units:
        pack, decisions = compose(shared, uin, rin.round)
        alone, alone_decisions = compose(fresh(builtin), uin, rin.round)
        assert decisions == alone_decisions
        assert pack == alone
        assert compose(shared, uin, rin.round, record=False)[0] == pack


def test_an_error_in_a_units_own_text_is_found_on_a_reused_skeleton(tmp_path: Path) -> None:
    layer = write_layer(tmp_path / "mini", {**MINI, "function/t.yaml": MINI["function/t.yaml"].replace(
        "{unit.name}的人员情况。", "{unit.name}属{attr.kind}类。")})
    lib = checklists.load_library(layer, builtin=False, cache=False)
    good = {"id": "a", "name": "甲", "type": "t", "attributes": {"kind": "甲"}}
    bad = {"id": "b", "name": "乙", "type": "t", "attributes": {"size": 5}}  # chooses the same items
    assert [i.text for i in lib.generate(good, ROUND).function.items][:2] == ["类别：甲", "甲属甲类。"]
    with pytest.raises(ResolveError) as reused:
        lib.generate(bad, ROUND)
    assert skeletons(lib) == 1
    with pytest.raises(ResolveError) as alone:
        fresh(lib).generate(bad, ROUND)
    assert [str(p) for p in reused.value.problems] == [str(p) for p in alone.value.problems]
    assert reused.value.problems[0].message == "item 't.fn.facts': parameter 'attr.kind' has no value"


def test_an_item_a_signal_adds_is_not_taken_for_one_its_condition_adds(mini: Path) -> None:
    lib = checklists.load_library(mini, builtin=False, cache=False)
    by_condition = {"id": "a", "name": "甲", "type": "t", "attributes": {"rich": True}}
    by_signal = {"id": "b", "name": "乙", "type": "t", "attributes": {"size": 5},
                 "signals": [{"topic": "petition.x", "summary": "反映某事"}]}
    first = lib.generate(by_condition, ROUND)
    second = lib.generate(by_signal, ROUND)
    rules = {p.unit.id: [i.provenance.rule for i in p.problem.items if i.id == "t.pr.signal"] for p in (first, second)}
    assert rules == {"a": ["profile t includes group t.problem (t.*)"], "b": ["signal petition.x adds it"]}
    assert to_json(second) == to_json(fresh(lib).generate(by_signal, ROUND))


def test_units_past_the_bound_are_composed_all_the_same(builtin: checklists.Library,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from checklists import resolve

    monkeypatch.setattr(resolve, "SKELETONS_PER_PLAN", 1)
    rin = read_round(example_round())
    bounded = fresh(builtin)
    for uin in rin.units:
        pack, _ = compose(bounded, uin, rin.round, record=False)
        assert to_json(pack) == to_json(compose(fresh(builtin), uin, rin.round, record=False)[0])
    assert all(len(p.skeletons) <= 1 for p in bounded._plans.values() if isinstance(p, _Plan))


def test_what_a_plan_keeps_does_not_grow_with_units_that_choose_alike(builtin: checklists.Library) -> None:
    data = example_round()
    lib = fresh(builtin)
    lib.generate_round(data)

    def kept() -> list[tuple[int, int, int]]:
        return [(len(p.shared), len(p.texts), len(p.skeletons)) for p in lib._plans.values() if isinstance(p, _Plan)]

    before = kept()
    more = {**data, "units": [variant(u, 10 + n) for n, u in enumerate(data["units"])]}
    lib.generate_round(more)  # other names, signal summaries and findings, the same choices
    assert kept() == before
