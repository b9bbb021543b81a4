"""Conditions: evaluated as data, and said in words."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.conditions import Facts, compiled, describe, explain, holds
from checklists.models.common import Condition

FACTS = Facts(
    type="village",
    subtypes=frozenset({"lagging"}),
    attributes={"income": 8.5, "petitions": 12, "weak": True, "grade": "二级甲等"},
    signals=frozenset({"petition.land_compensation"}),
    mode="regular",
    theme=None,
)

CASES: list[tuple[dict[str, Any], bool]] = [
    ({}, True),
    ({"types": ["village", "community"]}, True),
    ({"types": ["hospital"]}, False),
    ({"subtypes": ["resource_rich", "lagging"]}, True),
    ({"subtypes": ["resource_rich"]}, False),
    ({"attributes": {"weak": True}}, True),
    ({"attributes": {"weak": False}}, False),
    ({"attributes": {"income": {"lt": 10}}}, True),
    ({"attributes": {"income": {"gte": 10}}}, False),
    ({"attributes": {"petitions": {"gt": 10, "lte": 12}}}, True),
    ({"attributes": {"grade": {"in": ["三级甲等", "二级甲等"]}}}, True),
    ({"attributes": {"grade": {"not_in": ["二级甲等"]}}}, False),
    ({"attributes": {"grade": {"ne": "一级"}}}, True),
    ({"attributes": {"missing": {"exists": False}}}, True),
    ({"attributes": {"missing": {"exists": True}}}, False),
    ({"attributes": {"missing": {"ne": 1}}}, False),
    ({"attributes": {"grade": {"gt": 1}}}, False),  # text is never a number
    ({"attributes": {"weak": 1}}, False),  # true is not 1
    ({"attributes": {"weak": {"in": [1, 2]}}}, False),  # not in a list either
    ({"attributes": {"petitions": {"in": [12.0, 13]}}}, True),  # 12 is 12.0
    ({"attributes": {"petitions": {"in": ["12"]}}}, False),  # but not '12'
    ({"attributes": {"missing": {"in": [1]}}}, False),
    ({"signals": ["petition.land_compensation"]}, True),
    ({"signals": ["audit.sanzi"]}, False),
    ({"modes": ["regular", "elevated"]}, True),
    ({"themes": ["medical_insurance"]}, False),
    ({"all": [{"types": ["village"]}, {"attributes": {"weak": True}}]}, True),
    ({"all": [{"types": ["village"]}, {"attributes": {"weak": False}}]}, False),
    ({"any": [{"types": ["hospital"]}, {"subtypes": ["lagging"]}]}, True),
    ({"not": {"types": ["village"]}}, False),
    ({"not": {"any": [{"types": ["hospital"]}, {"modes": ["special"]}]}}, True),
    ({"types": ["village"], "subtypes": ["resource_rich"]}, False),  # keys are joined by 'and'
]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_holds(data: dict[str, Any], expected: bool) -> None:
    condition = Condition.model_validate(data)
    assert holds(condition, FACTS) is expected
    assert compiled(condition)(FACTS) is expected


def test_no_condition_always_holds() -> None:
    assert holds(None, FACTS)
    assert describe(None) == "always"


def test_words_and_failing_clauses() -> None:
    cond = Condition.model_validate({"types": ["village"], "attributes": {"income": {"gte": 100}},
                                     "not": {"subtypes": ["lagging"]}})
    assert describe(cond) == ("type in [village] and attribute income >= 100 and not (subtypes include "
                              "any of [lagging])")
    assert explain(cond, FACTS) == ["attribute income >= 100", "not (subtypes include any of [lagging])"]


def test_holds_agrees_with_the_clauses_on_all_built_in_conditions(builtin: Any) -> None:
    """``holds`` checks without words and ``compiled`` ahead of the facts; both must agree with
    ``explain`` for every condition of the built-in library, on every unit of the example rounds."""
    from checklists._inputs import read_round
    from checklists.resolve import prepare

    from .conftest import REPO

    conditions = [i.when for i in builtin.items.values() if i.when is not None]
    conditions += [s.rules[n] for t in builtin.unit_types.values() for s in t.value.subtypes
                   for n in range(len(s.rules))]
    seen = {True: 0, False: 0}
    for path in ("examples/round.yaml", "examples/all_types.yaml"):
        rin = read_round(REPO / path)
        for uin in rin.units:
            facts = prepare(builtin, uin, rin.round).facts
            for condition in conditions:
                result = holds(condition, facts)
                assert result == (explain(condition, facts) == []), condition
                assert compiled(condition)(facts) == result, condition
                seen[result] += 1
    assert seen[True] > 100 and seen[False] > 100  # both outcomes exercised
