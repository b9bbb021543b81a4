"""Evaluate conditions against what is known of a unit and round, and say them in words.

A condition is data (:class:`~checklists.models.common.Condition`); nothing here runs code
taken from a document.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .models.common import AttributeTest, Condition, Scalar


@dataclass(frozen=True)
class Facts:
    """What conditions are checked against."""

    type: str
    subtypes: frozenset[str]
    attributes: Mapping[str, Scalar]
    signals: frozenset[str]
    mode: str
    theme: str | None


def holds(condition: Condition | None, facts: Facts) -> bool:
    """Whether ``condition`` holds for ``facts`` (no condition always holds)."""
    if condition is None:
        return True
    return all(ok for _, ok in clauses(condition, facts))


def clauses(condition: Condition, facts: Facts) -> Iterator[tuple[str, bool]]:
    """Each clause of ``condition`` in words, with whether it holds."""
    if condition.types is not None:
        yield f"type in [{', '.join(condition.types)}]", facts.type in condition.types
    if condition.subtypes is not None:
        yield (
            f"subtypes include any of [{', '.join(condition.subtypes)}]",
            not facts.subtypes.isdisjoint(condition.subtypes),
        )
    if condition.attributes is not None:
        for name, test in condition.attributes.items():
            value = facts.attributes.get(name)
            yield _describe_test(name, test), _test(value, name in facts.attributes, test)
    if condition.signals is not None:
        yield (
            f"signals include any of [{', '.join(condition.signals)}]",
            not facts.signals.isdisjoint(condition.signals),
        )
    if condition.modes is not None:
        yield f"round mode in [{', '.join(condition.modes)}]", facts.mode in condition.modes
    if condition.themes is not None:
        yield (
            f"round theme in [{', '.join(condition.themes)}]",
            facts.theme is not None and facts.theme in condition.themes,
        )
    if condition.all is not None:
        yield f"all of ({'; '.join(describe(c) for c in condition.all)})", all(
            holds(c, facts) for c in condition.all
        )
    if condition.any is not None:
        yield f"any of ({'; '.join(describe(c) for c in condition.any)})", any(
            holds(c, facts) for c in condition.any
        )
    if condition.not_ is not None:
        yield f"not ({describe(condition.not_)})", not holds(condition.not_, facts)


def describe(condition: Condition | None) -> str:
    """``condition`` in words, e.g. ``type in [village] and attribute population >= 1000``."""
    if condition is None:
        return "always"
    words = [text for text, _ in clauses(condition, _ANY_FACTS)]
    return " and ".join(words) if words else "always"


def explain(condition: Condition | None, facts: Facts) -> list[str]:
    """The clauses of ``condition`` that do not hold for ``facts``, in words."""
    if condition is None:
        return []
    return [text for text, ok in clauses(condition, facts) if not ok]


def conjoin(*conditions: Condition | None) -> Condition | None:
    """One condition that holds when every given one holds."""
    present = tuple(c for c in conditions if c is not None)
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return Condition.model_validate({"all": present})


def walk(condition: Condition | None) -> Iterator[Condition]:
    """``condition`` and every condition nested in it."""
    if condition is None:
        return
    yield condition
    for child in (*(condition.all or ()), *(condition.any or ())):
        yield from walk(child)
    if condition.not_ is not None:
        yield from walk(condition.not_)


_ANY_FACTS = Facts("", frozenset(), {}, frozenset(), "", None)

_OPS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in_": "in"}


def _describe_test(name: str, test: AttributeTest | Scalar) -> str:
    if not isinstance(test, AttributeTest):
        return f"attribute {name} = {_fmt(test)}"
    parts = []
    for field, symbol in _OPS.items():
        value = getattr(test, field)
        if value is not None:
            parts.append(f"{name} {symbol} {_fmt(value)}")
    if test.not_in is not None:
        parts.append(f"{name} not in {_fmt(test.not_in)}")
    if test.exists is not None:
        parts.append(f"{name} {'is given' if test.exists else 'is not given'}")
    return "attribute " + " and ".join(parts)


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def _test(value: Scalar | None, present: bool, test: AttributeTest | Scalar) -> bool:
    if not isinstance(test, AttributeTest):
        return present and _equal(value, test)
    if test.exists is not None and test.exists != present:
        return False
    if not present:
        return test.exists is False
    checks: list[bool] = []
    if test.eq is not None:
        checks.append(_equal(value, test.eq))
    if test.ne is not None:
        checks.append(not _equal(value, test.ne))
    if test.in_ is not None:
        checks.append(any(_equal(value, v) for v in test.in_))
    if test.not_in is not None:
        checks.append(not any(_equal(value, v) for v in test.not_in))
    number = _number(value)
    for bound, compare in (
        (test.gt, operator.gt),
        (test.gte, operator.ge),
        (test.lt, operator.lt),
        (test.lte, operator.le),
    ):
        if bound is not None:
            checks.append(number is not None and bool(compare(number, bound)))
    return all(checks)


def _number(value: Scalar | None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _equal(a: Scalar | None, b: Scalar) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b
