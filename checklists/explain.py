"""Why each item is in, or not in, a unit's pack: the same decisions the pack was built from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._context import Bilingual, chinese_wording, said
from ._drafts import UNIT_RULE
from ._inputs import check_round, check_unit, read_round, read_unit
from .conditions import describe
from .errors import ArgumentError, Location, Problem, ResolveError, SchemaError, raise_if
from .i18n import Lang, t, tr
from .models.common import KINDS, Condition
from .models.inputs import Round, Unit
from .resolve import compose

if TYPE_CHECKING:
    from .library import Library


@dataclass(frozen=True)
class Entry:
    """One item's decision. ``rule``, ``reasons`` and ``condition`` are English strings; messages
    and conditions in words among them also carry their Chinese, which :meth:`text` gives."""

    item: str
    included: bool
    where: str
    rule: str
    reasons: tuple[str, ...]
    condition: str

    def text(self, lang: Lang = "en") -> str:
        """The entry in ``lang``: in or out, where the item stands, the rule, its condition and
        why it is not included."""
        head = (t("IN  {item}  [{where}]", item=self.item, where=self.where) if self.included
                else t("OUT {item}  [{where}]", item=self.item, where=self.where))
        lines = [tr(head, lang), "    " + tr(t("rule: {rule}", rule=said(self.rule, lang)), lang)]
        if self.condition != "always":
            lines.append("    " + tr(t("condition: {condition}", condition=said(self.condition, lang)), lang))
        lines += ["    " + tr(t("not included: {reason}", reason=said(r, lang)), lang) for r in self.reasons]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class Explanation:
    unit: str
    profile: tuple[str, ...]
    subtypes: tuple[str, ...]
    entries: tuple[Entry, ...]
    notices: tuple[str, ...] = ()  # the pack's notices, in words

    def text(self, lang: Lang = "en") -> str:
        """The unit, its profile and subtypes, the pack's notices, then every entry, in ``lang``."""
        head = t("unit {unit}: profile {profile}; subtypes: {subtypes}", unit=self.unit,
                 profile=" -> ".join(self.profile), subtypes=self.subtypes or t("none"))
        return "\n".join([tr(head, lang), *(tr(t("note: {note}", note=said(n, lang)), lang) for n in self.notices),
                          *(e.text(lang) for e in self.entries)])

    def __str__(self) -> str:
        return self.text("en")


def explain(lib: Library, unit: Unit | Mapping[str, Any], round: Round | Mapping[str, Any],
            item: str | None = None) -> Explanation:
    if item is not None and not isinstance(item, str):
        raise ArgumentError(Problem(Location("<item>"),
                                    t("item is an item id (text) or None, not {value}", value=repr(item)),
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
                             tuple(decision.reasons), _condition(lib, spec.when) if spec else "always"))
    if item is not None and not entries:
        entries.append(_not_reached(lib, item, pack.classification.profile))
    for unit_item in (i for i in in_pack.values() if i.provenance.layer == "unit"):
        if item is None or unit_item.id == item:
            rule = unit_item.provenance.rule
            entries.append(Entry(unit_item.id, True, f"{unit_item.provenance.file}:{unit_item.provenance.line}",
                                 UNIT_RULE if rule == UNIT_RULE else rule, (), "always"))
    return Explanation(pack.unit.id, tuple(pack.classification.profile),
                       tuple(s.id for s in pack.classification.subtypes), tuple(entries),
                       tuple(n.message for n in pack.notices))


def _not_reached(lib: Library, item_id: str, profile: Sequence[str]) -> Entry:
    spec = lib.items.get(item_id)
    if spec is None:
        if item_id in lib.removed:
            return Entry(item_id, False, str(lib.removed[item_id]), t("removed"),
                         (t("removed by the layer change at {where}", where=str(lib.removed[item_id])),), "always")
        raise ResolveError(Problem(Location("<explain>"), t("no item '{id}' in the library", id=item_id),
                                   field="--item", hint=t("give an item id as it stands in the library"),
                                   code="explain.unknown-item"))
    reason = t("its group {group} is not included by profile {profile}, by the round's programs or by its theme",
               group=spec.group, profile=" -> ".join(profile))
    return Entry(item_id, False, str(spec.origin), t("not reached"), (reason,), _condition(lib, spec.when))


def _condition(lib: Library, when: Condition | None) -> str:
    """An item's condition in words, English and Chinese (with the library's labels)."""
    if when is None:
        return "always"
    return Bilingual(describe(when), describe(when, chinese_wording(lib)))


__all__ = [
    "Entry",
    "Explanation",
    "explain",
]
