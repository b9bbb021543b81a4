"""Why each item is in, or not in, a unit's pack: the same decisions the pack was built from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._inputs import check_round, check_unit, read_round, read_unit
from .conditions import describe
from .errors import ArgumentError, Location, Problem, ResolveError, SchemaError, raise_if
from .models.common import KINDS
from .models.inputs import Round, Unit
from .resolve import compose

if TYPE_CHECKING:
    from .library import Library


@dataclass(frozen=True)
class Entry:
    item: str
    included: bool
    where: str
    rule: str
    reasons: tuple[str, ...]
    condition: str

    def __str__(self) -> str:
        mark = "IN " if self.included else "OUT"
        text = f"{mark} {self.item}  [{self.where}]\n    rule: {self.rule}"
        if self.condition != "always":
            text += f"\n    condition: {self.condition}"
        for reason in self.reasons:
            text += f"\n    not included: {reason}"
        return text


@dataclass(frozen=True)
class Explanation:
    unit: str
    profile: tuple[str, ...]
    subtypes: tuple[str, ...]
    entries: tuple[Entry, ...]
    notices: tuple[str, ...] = ()  # the pack's notices, in words

    def __str__(self) -> str:
        head = (f"unit {self.unit}: profile {' -> '.join(self.profile)}; "
                f"subtypes: {', '.join(self.subtypes) or 'none'}")
        return "\n".join([head, *(f"note: {n}" for n in self.notices), *(str(e) for e in self.entries)])


def explain(lib: Library, unit: Unit | Mapping[str, Any], round: Round | Mapping[str, Any],
            item: str | None = None) -> Explanation:
    if item is not None and not isinstance(item, str):
        raise ArgumentError(Problem(Location("<item>"), f"item is an item id (text) or None, not {item!r}",
                                    code="argument.item"))
    rin = read_round(round)
    uin = read_unit(unit)
    raise_if(check_round(lib, rin) + check_unit(lib, uin), SchemaError)
    return explain_input(lib, uin, rin.round, item)


def explain_input(lib: Library, uin: Any, rnd: Round, item: str | None) -> Explanation:
    pack, decisions = compose(lib, uin, rnd)
    in_pack = {i.id: i for kind in KINDS
               for i in pack.checklist(kind).items}
    entries = []
    for item_id, decision in decisions.items():
        if item is not None and item_id != item:
            continue
        spec = lib.items.get(item_id)
        where = str(spec.origin) if spec else (
            f"{in_pack[item_id].provenance.file}:{in_pack[item_id].provenance.line}"
            if item_id in in_pack else "")
        entries.append(Entry(item_id, decision.included, where, decision.rule,
                             tuple(decision.reasons), describe(spec.when) if spec else "always"))
    if item is not None and not entries:
        entries.append(_not_reached(lib, item, pack.classification.profile))
    for unit_item in (i for i in in_pack.values() if i.provenance.layer == "unit"):
        if item is None or unit_item.id == item:
            entries.append(Entry(unit_item.id, True, f"{unit_item.provenance.file}:{unit_item.provenance.line}",
                                 unit_item.provenance.rule, (), "always"))
    return Explanation(pack.unit.id, tuple(pack.classification.profile),
                       tuple(s.id for s in pack.classification.subtypes), tuple(entries),
                       tuple(n.message for n in pack.notices))


def _not_reached(lib: Library, item_id: str, profile: Sequence[str]) -> Entry:
    spec = lib.items.get(item_id)
    if spec is None:
        if item_id in lib.removed:
            return Entry(item_id, False, str(lib.removed[item_id]), "removed",
                         (f"removed by the layer change at {lib.removed[item_id]}",), "always")
        raise ResolveError(Problem(Location("<explain>"), f"no item '{item_id}' in the library",
                                   field="--item", hint="give an item id as it stands in the library",
                                   code="explain.unknown-item"))
    reason = (f"its group {spec.group} is not included by profile {' -> '.join(profile)}, "
              "by the round's programs or by its theme")
    return Entry(item_id, False, str(spec.origin), "not reached", (reason,), describe(spec.when))


__all__ = [
    "Entry",
    "Explanation",
    "explain",
]
