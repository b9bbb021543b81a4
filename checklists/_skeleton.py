"""Skeletons: a pack's sections and numbered items, shared by the units that take the same items, with
a slot for every item that is a unit's own; and the derived views (materials, requests)."""

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from ._context import Context
from ._drafts import _Draft
from ._numbering import section_number
from ._plan import SHARED_ITEMS_PER_PLAN, _Plan, _shared
from ._records import LibraryItem
from .errors import Location, Problem, ResolveError
from .i18n import t
from .models.common import Kind
from .models.library import (
    SectionSpec,
)
from .models.pack import (
    Checklist,
    DepartmentRequest,
    Item,
    MaterialRequest,
    Section,
)

if TYPE_CHECKING:
    from .library import Library

_ID = attrgetter("id")


class _Slot(NamedTuple):
    """A numbered place in a skeleton whose item is each unit's own: its text names the unit, a
    signal of the unit raised it, or it comes from the unit's previous findings or 三定 data.
    Another unit's item there differs from ``template`` (the item of the unit that built the
    skeleton) only in what is that unit's own: its text and period, signals, id and provenance, and
    for an item following up a finding, its talk questions."""

    source: LibraryItem | tuple[str, int]  # a library item, or ("finding" | "unit", n): the unit's n-th
    template: Item


class _Needed(NamedTuple):
    """A material that items made from the unit's findings need too: their ids are the unit's own."""

    id: str
    label: str
    positions: tuple[int, ...]  # of the problem items that need it


class _Skeleton(NamedTuple):
    """What the packs of a plan's units share when they take the same items: per kind the sections
    and numbered items, finished where they are alike for all such units and slots where not."""

    lists: Mapping[Kind, tuple[tuple[Section, ...], tuple[Item | _Slot, ...]]]
    ready: Mapping[Kind, Checklist]  # finished checklists, for the kinds without slots
    materials: tuple[MaterialRequest | _Needed, ...]  # _Needed where items from findings need it
    requests: tuple[DepartmentRequest, ...]
    pulled: tuple[tuple[str, str], ...]  # policies added as some problem's basis, with the rule


def _numbered_sections(ctx: Context, plan: _Plan, kind: Kind,
                       drafts: list[_Draft]) -> tuple[tuple[Section, ...], tuple[Item | _Slot, ...]]:
    """The sections of ``kind`` that have items, in the profile's order, and their items numbered."""
    specs = ctx.profile.sections.get(kind, ())
    by_section: dict[str, list[_Draft]] = {}
    for d in drafts:
        by_section.setdefault(d.section, []).append(d)
    known = {s.id for s in specs}
    stray = sorted(set(by_section) - known)
    if stray:
        raise ResolveError(Problem(Location(f"profile {ctx.profile.id}"),
                                   t("{kind} sections {sections} are not defined in the profile", kind=kind,
                                     sections=tuple(stray)),
                                   hint=t("define them in the profile"), code="compose.unknown-section"))
    tops = [s for s in specs if s.parent is None]
    children: dict[str, list[SectionSpec]] = {}
    for s in specs:
        if s.parent is not None:
            children.setdefault(s.parent, []).append(s)
    sections: list[Section] = []
    items: list[Item | _Slot] = []
    top_n = 0
    for top in tops:
        subs = [c for c in children.get(top.id, []) if by_section.get(c.id)]
        if not by_section.get(top.id) and not subs:
            continue
        top_n += 1
        top_number = section_number(top_n, 1)
        sections.append(_shared(plan, Section, id=top.id, title=top.title, level=1, number=top_number))
        items.extend(_numbered(plan, by_section.get(top.id, []), top.id, top_number))
        for sub_n, sub in enumerate(subs, start=1):
            sub_number = section_number(sub_n, 2)
            sections.append(_shared(plan, Section, id=sub.id, title=sub.title, level=2, number=sub_number,
                                    parent=top.id))
            items.extend(_numbered(plan, by_section[sub.id], sub.id, top_number + sub_number))
    return tuple(sections), tuple(items)


def _numbered(plan: _Plan, drafts: list[_Draft], section: str, prefix: str) -> list[Item | _Slot]:
    """The drafts of a section in order, numbered: a finished item where it is alike for every
    unit that has it with this number, text and basis, and a slot where it is the unit's own."""
    out: list[Item | _Slot] = []
    shared = plan.shared
    for n, d in enumerate(sorted(drafts, key=lambda d: d.order), start=1):
        outline = f"{prefix}{n}"
        own = bool(d.raised_by or d.personal or d.derived_from is not None or d.provenance.layer == "unit")
        key: tuple[Any, ...] | None = None
        if not own:  # alike for every unit of the plan that has it with this number, text and basis
            key = (Item, d.id, section, outline, d.text, d.period, tuple(d.programs), tuple(d.basis),
                   d.provenance.rule)
            found = shared.get(key)
            if found is not None:
                out.append(found)
                continue
        item = Item(
            id=d.id, kind=d.kind, section=section, number=n, outline=outline, text=d.text,
            programs=d.programs, raised_by=d.raised_by, derived_from=d.derived_from,
            citation=d.citation, basis=d.basis, materials=d.materials, methods=d.methods,
            interview=d.interview, survey=d.survey, qualification=d.qualification, department=d.department,
            period=d.period, provenance=d.provenance,
        )
        if key is None:
            assert d.source is not None
            out.append(_Slot(d.source, item))
            continue
        if len(shared) < SHARED_ITEMS_PER_PLAN:
            shared[key] = item
        out.append(item)
    return out


def _materials(lib: "Library", plan: _Plan,
               problems: Sequence[Item | _Slot]) -> tuple[MaterialRequest | _Needed, ...]:
    """Each material the problem items need, once, with the items that need it; where items made
    from the unit's findings are among them, where they stand (their ids are each unit's own)."""
    needed: dict[str, list[int]] = {}
    for position, entry in enumerate(problems):
        for m in (entry if isinstance(entry, Item) else entry.template).materials:
            needed.setdefault(m, []).append(position)
    made: list[MaterialRequest | _Needed] = []
    for m, positions in needed.items():
        label = lib.materials[m].value.label
        entries = [problems[p] for p in positions]
        if any(isinstance(e, _Slot) and not isinstance(e.source, LibraryItem) for e in entries):
            made.append(_Needed(m, label, tuple(positions)))
        else:
            ids = tuple((e if isinstance(e, Item) else e.template).id for e in entries)
            made.append(_shared(plan, MaterialRequest, id=m, label=label, needed_by=ids))
    return tuple(made)


def _requests(lib: "Library", plan: _Plan, info: Sequence[Item]) -> tuple[DepartmentRequest, ...]:
    asked: dict[str, list[str]] = {}
    for item in info:
        if item.department:
            asked.setdefault(item.department, []).append(item.id)
    return tuple(_shared(plan, DepartmentRequest, department=d, label=lib.departments[d].value.label,
                         items=tuple(ids))
                 for d, ids in asked.items())
