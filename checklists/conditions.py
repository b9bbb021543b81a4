"""Evaluate conditions against what is known of a unit and round, and say them in words.

A condition is data (:class:`~checklists.models.common.Condition`); nothing here runs code
taken from a document.
"""

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .models.common import AttributeTest, Condition, Scalar


class Facts:
    """What conditions are checked against; read-only once made.

    A class with slots, like the per-unit records of ``resolve``: Python 3.11 specialises reads of
    its fields, not of a NamedTuple's, and it costs much less than a dataclass to define
    (docs/performance.md has the figures).
    """

    __slots__ = ("attributes", "mode", "signals", "subtypes", "theme", "type")

    def __init__(self, type: str, subtypes: frozenset[str], attributes: Mapping[str, Scalar],
                 signals: frozenset[str], mode: str, theme: str | None) -> None:
        self.type = type
        self.subtypes = subtypes
        self.attributes = attributes
        self.signals = signals
        self.mode = mode
        self.theme = theme

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"Facts({fields})"


def holds(condition: Condition | None, facts: Facts) -> bool:
    """Whether ``condition`` holds for ``facts`` (no condition always holds): every clause that
    :func:`clauses` lists holds. Checked without putting the clauses into words."""
    if condition is None:
        return True
    c = condition
    if c.types is not None and facts.type not in c.types:
        return False
    if c.subtypes is not None and facts.subtypes.isdisjoint(c.subtypes):
        return False
    if c.attributes is not None:
        for name, test in c.attributes.items():
            if not _test(facts.attributes.get(name), name in facts.attributes, test):
                return False
    if c.signals is not None and facts.signals.isdisjoint(c.signals):
        return False
    if c.modes is not None and facts.mode not in c.modes:
        return False
    if c.themes is not None and (facts.theme is None or facts.theme not in c.themes):
        return False
    if c.all is not None and not all(holds(x, facts) for x in c.all):
        return False
    if c.any is not None and not any(holds(x, facts) for x in c.any):
        return False
    return c.not_ is None or not holds(c.not_, facts)


class Wording(NamedTuple):
    """How conditions are said: the phrases, and labels to show for attribute names and for the
    unit types, subtypes and other ids a condition lists."""

    types: str = "type in [{}]"
    subtypes: str = "subtypes include any of [{}]"
    signals: str = "signals include any of [{}]"
    modes: str = "round mode in [{}]"
    themes: str = "round theme in [{}]"
    all: str = "all of ({})"
    any: str = "any of ({})"
    not_: str = "not ({})"
    attribute: str = "attribute {}"
    in_: str = "in"
    not_in: str = "not in"
    given: str = "is given"
    not_given: str = "is not given"
    true: str = "true"
    false: str = "false"
    sep: str = ", "
    inner: str = "; "
    joiner: str = " and "
    always: str = "always"
    labels: Mapping[str, str] = MappingProxyType({})


ENGLISH = Wording()
CHINESE = Wording(
    types="单位类型为{}", subtypes="分类含{}之一", signals="已掌握{}之一的信号", modes="巡察方式为{}",
    themes="专项主题为{}", all="同时满足（{}）", any="满足其一（{}）", not_="不属于（{}）",
    attribute="{}", in_="属于", not_in="不属于", given="已填报", not_given="未填报", true="是", false="否",
    sep="、", inner="；", joiner="且", always="全部",
)


def clauses(condition: Condition, facts: Facts, wording: Wording = ENGLISH) -> Iterator[tuple[str, bool]]:
    """Each clause of ``condition`` in words, with whether it holds."""
    w = wording
    if condition.types is not None:
        yield w.types.format(_list(condition.types, w)), facts.type in condition.types
    if condition.subtypes is not None:
        yield (w.subtypes.format(_list(condition.subtypes, w)),
               not facts.subtypes.isdisjoint(condition.subtypes))
    if condition.attributes is not None:
        for name, test in condition.attributes.items():
            value = facts.attributes.get(name)
            yield _describe_test(name, test, w), _test(value, name in facts.attributes, test)
    if condition.signals is not None:
        yield (w.signals.format(_list(condition.signals, w)),
               not facts.signals.isdisjoint(condition.signals))
    if condition.modes is not None:
        yield w.modes.format(_list(condition.modes, w)), facts.mode in condition.modes
    if condition.themes is not None:
        yield (w.themes.format(_list(condition.themes, w)),
               facts.theme is not None and facts.theme in condition.themes)
    if condition.all is not None:
        yield (w.all.format(w.inner.join(describe(c, w) for c in condition.all)),
               all(holds(c, facts) for c in condition.all))
    if condition.any is not None:
        yield (w.any.format(w.inner.join(describe(c, w) for c in condition.any)),
               any(holds(c, facts) for c in condition.any))
    if condition.not_ is not None:
        yield w.not_.format(describe(condition.not_, w)), not holds(condition.not_, facts)


def describe(condition: Condition | None, wording: Wording = ENGLISH) -> str:
    """``condition`` in words, e.g. ``type in [village] and attribute population >= 1000``."""
    if condition is None:
        return wording.always
    words = [text for text, _ in clauses(condition, _ANY_FACTS, wording)]
    return wording.joiner.join(words) if words else wording.always


def _list(values: tuple[str, ...], wording: Wording) -> str:
    return wording.sep.join(wording.labels.get(v, v) for v in values)


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


def _describe_test(name: str, test: AttributeTest | Scalar, w: Wording) -> str:
    shown = w.labels.get(name, name)
    if not isinstance(test, AttributeTest):
        return w.attribute.format(f"{shown} = {_fmt(test, w)}")
    parts = []
    for fieldname, symbol in _OPS.items():
        value = getattr(test, fieldname)
        if value is not None:
            parts.append(f"{shown} {w.in_ if fieldname == 'in_' else symbol} {_fmt(value, w)}")
    if test.not_in is not None:
        parts.append(f"{shown} {w.not_in} {_fmt(test.not_in, w)}")
    if test.exists is not None:
        parts.append(f"{shown} {w.given if test.exists else w.not_given}")
    return w.attribute.format(w.joiner.join(parts))


def _fmt(value: Any, w: Wording) -> str:
    if isinstance(value, bool):
        return w.true if value else w.false
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return "[" + w.sep.join(_fmt(v, w) for v in value) + "]"
    return str(value)


def _test(value: Scalar | None, present: bool, test: AttributeTest | Scalar) -> bool:
    if not isinstance(test, AttributeTest):
        return present and _equal(value, test)
    if test.exists is not None and test.exists != present:
        return False
    if not present:
        return test.exists is False
    if test.eq is not None and not _equal(value, test.eq):
        return False
    if test.ne is not None and _equal(value, test.ne):
        return False
    if test.in_ is not None and not any(_equal(value, v) for v in test.in_):
        return False
    if test.not_in is not None and any(_equal(value, v) for v in test.not_in):
        return False
    if test.gt is None and test.gte is None and test.lt is None and test.lte is None:
        return True
    number = _number(value)
    if number is None:
        return False
    return ((test.gt is None or number > test.gt) and (test.gte is None or number >= test.gte)
            and (test.lt is None or number < test.lt) and (test.lte is None or number <= test.lte))


Predicate = Callable[[Facts], bool]


def _always(facts: Facts) -> bool:
    return True


def compiled(condition: Condition | None) -> Predicate:
    """``condition`` as a function of the facts that gives what :func:`holds` gives, with the
    work that does not depend on the facts done once, here. For checking one condition against
    many units."""
    if condition is None:
        return _always
    c = condition
    checks: list[Predicate] = []
    if c.types is not None:
        types = frozenset(c.types)
        checks.append(lambda f: f.type in types)
    if c.subtypes is not None:
        subtypes = frozenset(c.subtypes)
        checks.append(lambda f: not f.subtypes.isdisjoint(subtypes))
    for name, test in (c.attributes or {}).items():
        checks.append(_compiled_test(name, test))
    if c.signals is not None:
        signals = frozenset(c.signals)
        checks.append(lambda f: not f.signals.isdisjoint(signals))
    if c.modes is not None:
        modes = frozenset(c.modes)
        checks.append(lambda f: f.mode in modes)
    if c.themes is not None:
        themes = frozenset(c.themes)
        checks.append(lambda f: f.theme is not None and f.theme in themes)
    if c.all is not None:
        every = tuple(compiled(x) for x in c.all)
        checks.append(lambda f: all(p(f) for p in every))
    if c.any is not None:
        some = tuple(compiled(x) for x in c.any)
        checks.append(lambda f: any(p(f) for p in some))
    if c.not_ is not None:
        inner = compiled(c.not_)
        checks.append(lambda f: not inner(f))
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    joined = tuple(checks)
    return lambda f: all(p(f) for p in joined)


def _compiled_test(name: str, test: AttributeTest | Scalar) -> Predicate:
    plain_in = (isinstance(test, AttributeTest) and test.in_ is not None
                and test.model_fields_set <= {"in_"} and not any(isinstance(v, bool) for v in test.in_))
    if plain_in:
        # the common 'one of these values' test, as a set lookup (booleans are kept out: True == 1)
        assert isinstance(test, AttributeTest) and test.in_ is not None
        allowed = frozenset(test.in_)

        def within(f: Facts) -> bool:
            value = f.attributes.get(name)
            return value is not None and not isinstance(value, bool) and value in allowed

        return within
    return lambda f: _test(f.attributes.get(name), name in f.attributes, test)


def _number(value: Scalar | None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _equal(a: Scalar | None, b: Scalar) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b
