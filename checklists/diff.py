"""Differences between two packs, two rounds' outputs or two libraries: items added, removed and
changed, per unit (packs, outputs), or per item and per unit type (libraries).

Packs are compared as the JSON ``checklists generate`` writes (``--format json``), so that a pack
written by an earlier version compares with one written now. An item is matched by its id within
its list; it has changed when its text, section, basis, citation, materials, methods, department or
period differ (its number and provenance follow from the others and are not compared).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .errors import ArgumentError, LoadError, Location, Problem
from .i18n import Lang, t, tr
from .library import Library
from .models.common import KINDS

__all__ = ["ItemChange", "UnitDiff", "as_lines", "by_unit_type", "diff_libraries", "diff_outputs", "diff_packs",
           "read_pack", "read_packs", "summary"]

Change = Literal["added", "removed", "changed"]
COMPARED = ("text", "section", "basis", "citation", "materials", "methods", "department", "period")
"""The fields of a pack's item whose change is a change of the item."""


class ItemChange(NamedTuple):
    """One item added, removed or changed; ``fields`` names what changed."""

    change: Change
    kind: str
    item: str
    fields: tuple[str, ...] = ()
    before: str | None = None  # the item's text before, if it had one
    after: str | None = None
    unit_types: tuple[str, ...] = ()  # in a library diff: the unit types whose profiles reach it


class UnitDiff(NamedTuple):
    """The differences of one unit's packs; a unit only in the second output is ``added``."""

    unit: str
    name: str
    status: Literal["added", "removed", "changed", "same"]
    changes: tuple[ItemChange, ...] = ()


def read_pack(path: Path) -> dict[str, Any]:
    """A pack as ``checklists generate --format json`` wrote it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise LoadError(Problem(Location(str(path)), t("cannot read the pack: {error}", error=str(exc)),
                                hint=t("give a .json file that checklists generate --format json wrote"),
                                code="diff.not-a-pack")) from None
    if not _is_pack(data):
        raise LoadError(Problem(Location(str(path)),
                                t("the file is not a pack (it needs a 'unit' and four lists of items with ids)"),
                                hint=t("give a .json file that checklists generate --format json wrote"),
                                code="diff.not-a-pack"))
    return dict(data)


def _is_pack(data: Any) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("unit"), dict)
            and all(isinstance(data.get(k), dict) and isinstance(data[k].get("items"), list)
                    and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in data[k]["items"])
                    for k in KINDS))


def diff_packs(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[ItemChange]:
    """The items added, removed and changed from one pack (as JSON data) to another, list by list."""
    changes: list[ItemChange] = []
    for kind in KINDS:
        old = {i["id"]: i for i in before[kind]["items"]}
        new = {i["id"]: i for i in after[kind]["items"]}
        for item_id, item in old.items():
            if item_id not in new:
                changes.append(ItemChange("removed", kind, item_id, before=item.get("text")))
        for item_id, item in new.items():
            if item_id not in old:
                changes.append(ItemChange("added", kind, item_id, after=item.get("text")))
                continue
            fields = tuple(f for f in COMPARED if old[item_id].get(f) != item.get(f))
            if fields:
                changes.append(ItemChange("changed", kind, item_id, fields, old[item_id].get("text"), item.get("text")))
    return changes


def diff_outputs(before: Path, after: Path) -> list[UnitDiff]:
    """The differences of two folders of packs (``checklists generate --format json``), unit by
    unit: units are matched by their id, whatever their files are called."""
    old, new = _packs_in(before), _packs_in(after)
    diffs: list[UnitDiff] = []
    for unit_id, pack in old.items():
        if unit_id not in new:
            diffs.append(UnitDiff(unit_id, str(pack["unit"].get("name", "")), "removed"))
    for unit_id, pack in new.items():
        name = str(pack["unit"].get("name", ""))
        if unit_id not in old:
            diffs.append(UnitDiff(unit_id, name, "added"))
            continue
        changes = tuple(diff_packs(old[unit_id], pack))
        diffs.append(UnitDiff(unit_id, name, "changed" if changes else "same", changes))
    return diffs


def read_packs(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every pack in ``folder``, by file name; a .json there that is no pack is a problem, not
    passed over (its unit would look missing). Raises with every problem found."""
    packs: list[tuple[Path, dict[str, Any]]] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.json")):
        try:
            packs.append((path, read_pack(path)))
        except LoadError as exc:
            problems.extend(exc.problems)
    if problems:
        raise LoadError(problems)
    return packs


def _packs_in(folder: Path) -> dict[str, dict[str, Any]]:
    packs: dict[str, dict[str, Any]] = {}
    where: dict[str, Path] = {}
    problems: list[Problem] = []
    for path, data in read_packs(folder):
        unit_id = str(data["unit"].get("id"))
        if unit_id in packs:
            problems.append(Problem(Location(str(path)), t("a second pack of unit '{unit}' (the first is {first})",
                                                           unit=unit_id, first=where[unit_id].name),
                                    hint=t("compare folders of one round each"),
                                    code="diff.two-packs"))
            continue
        packs[unit_id], where[unit_id] = data, path
    if problems:
        raise LoadError(problems)
    if not packs:
        raise ArgumentError(Problem(Location(str(folder)), t("the folder holds no pack"),
                                    hint=t("give folders that checklists generate --format json wrote"),
                                    code="diff.no-packs"))
    return packs


def diff_libraries(before: Library, after: Library) -> list[ItemChange]:
    """The items added, removed and changed from one library to another, compared as their
    authors wrote them (every field of the item, its group and its condition)."""
    old, new = _specs(before), _specs(after)
    changes: list[ItemChange] = []
    for item_id, (kind, spec) in old.items():
        if item_id not in new:
            changes.append(ItemChange("removed", kind, item_id, before=spec.get("text"),
                                      unit_types=before.unit_types_reaching(item_id)))
    for item_id, (kind, spec) in new.items():
        if item_id not in old:
            changes.append(ItemChange("added", kind, item_id, after=spec.get("text"),
                                      unit_types=after.unit_types_reaching(item_id)))
            continue
        was = old[item_id][1]
        fields = tuple(sorted(k for k in set(was) | set(spec) if was.get(k) != spec.get(k)))
        if fields:
            reached = dict.fromkeys((*after.unit_types_reaching(item_id), *before.unit_types_reaching(item_id)))
            changes.append(ItemChange("changed", kind, item_id, fields, was.get("text"), spec.get("text"),
                                      tuple(reached)))
    return changes


def by_unit_type(changes: Sequence[ItemChange], before: Library, after: Library) -> list[UnitDiff]:
    """A library diff unit type by unit type: for each type (the second library's, then any only in
    the first), the changes of the items its profile reaches; last, with an empty id, the changes
    no type's profile reaches (items a program or theme adds)."""
    labels = {t: d.value.label for t, d in before.unit_types.items()}
    labels.update({t: d.value.label for t, d in after.unit_types.items()})
    order = [*after.unit_types, *(t for t in before.unit_types if t not in after.unit_types)]
    out = []
    for type_id in order:
        mine = tuple(c for c in changes if type_id in c.unit_types)
        status: Literal["added", "removed", "changed", "same"] = (
            "added" if type_id not in before.unit_types else "removed" if type_id not in after.unit_types
            else "changed" if mine else "same")
        out.append(UnitDiff(type_id, labels[type_id], status, mine))
    rest = tuple(c for c in changes if not c.unit_types)
    if rest:
        out.append(UnitDiff("", "", "changed", rest))
    return out


def _specs(lib: Library) -> dict[str, tuple[str, dict[str, Any]]]:
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for item_id, item in lib.items.items():
        spec = item.spec.model_dump(mode="json", exclude_none=True)
        spec.update(group=item.group, section=item.section, programs=list(item.programs),
                    when=item.when.model_dump(mode="json", exclude_none=True) if item.when is not None else None)
        out[item_id] = (item.kind, spec)
    return out


def summary(changes: Iterable[ItemChange], lang: Lang = "en") -> str:
    """``2 added, 1 removed, 3 changed`` (the kinds that occur), in ``lang``."""
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.change] = counts.get(c.change, 0) + 1
    said = {"added": t("{count} added", count=counts.get("added", 0)),
            "removed": t("{count} removed", count=counts.get("removed", 0)),
            "changed": t("{count} changed", count=counts.get("changed", 0))}
    parts = [tr(said[k], lang) for k in ("added", "removed", "changed") if k in counts]
    return ("，" if lang == "zh" else ", ").join(parts) or tr(t("no differences"), lang)


def as_lines(changes: Sequence[ItemChange], indent: str = "  ", lang: Lang = "en") -> list[str]:
    """The changes as lines of text: ``+`` added, ``-`` removed, ``~`` changed (with what); the
    words in ``lang``."""
    lines = []
    for c in changes:
        mark = {"added": "+", "removed": "-", "changed": "~"}[c.change]
        what = f" ({', '.join(c.fields)})" if c.fields else ""
        lines.append(f"{indent}{mark} {c.kind:<16} {c.item}{what}")
        if c.change == "changed" and "text" in c.fields:
            before = t("before: {text}", text=str(c.before))
            after = t("after:  {text}", text=str(c.after))
            lines += [f"{indent}    {tr(before, lang)}", f"{indent}    {tr(after, lang)}"]
        elif c.change != "changed":
            lines.append(f"{indent}    {c.after if c.change == 'added' else c.before}")
    return lines
