"""Compose one unit's pack: classify, select, choose versions in force, substitute, number.

What depends only on the profile, the round's programs, mode, theme and date is worked out
once, as a plan kept on the library (``_plan``); a unit then takes one pass over the plan's
candidates, testing its own conditions. With ``record`` every decision (in or out, and why) is
kept, so that ``explain`` tells the same story the pack was built from; ``generate`` skips that.
"""

import datetime as dt
import fnmatch
import hashlib
import json
import sys
from collections import ChainMap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from ._version import __version__
from .conditions import CHINESE, Facts, Predicate, Wording, compiled, describe, explain, holds
from .errors import ArgumentError, Location, Problem, ResolveError, SchemaError, raise_if
from .library import Library, LibraryItem, ResolvedProfile
from .models.common import KIND_TITLES, KINDS, Kind
from .models.inputs import FINDING_STATUS_LABELS, PreviousFinding, Round, Signal, Unit
from .models.library import (
    Citation,
    PolicyItemSpec,
    ProblemItemSpec,
    SectionSpec,
    SupervisionInfoItemSpec,
)
from .models.pack import (
    Checklist,
    Classification,
    DepartmentRequest,
    Item,
    LayerInfo,
    Lead,
    MaterialRequest,
    Notice,
    Pack,
    ProgramInfo,
    Provenance,
    RaisedBy,
    RoundInfo,
    Section,
    SubtypeOut,
)
from .numbering import section_number
from .params import TemplateError, substitute
from .params import names as param_names
from .rounds import UnitInput, check_round, check_unit, read_round, read_unit

UNIT_SECTIONS = {
    "main_functions": "functions",
    "internal_bodies": "internal_bodies",
    "subordinate_units": "subordinate_units",
}


class Decision(NamedTuple):
    """Whether an item is in the pack, and why."""

    item: str
    included: bool
    rule: str
    reasons: Sequence[str] = ()


class _Draft:
    """An item on its way into the pack, before numbering."""

    # The records of this module are plain classes with slots, not dataclasses: Python 3.11
    # specialises reads of their fields as it does a dataclass's, and a class statement costs far
    # less than a dataclass, which every start of the CLI would pay (docs/performance.md).
    __slots__ = ("basis", "citation", "department", "derived_from", "id", "kind", "materials", "methods",
                 "order", "period", "personal", "programs", "provenance", "raised_by", "section", "source",
                 "text")

    def __init__(self, id: str, kind: Kind, section: str, text: str, programs: list[str],
                 provenance: Provenance, order: tuple[int, int, str, int]) -> None:
        self.id = id
        self.kind = kind
        self.section = section
        self.text = text
        self.programs = programs
        self.provenance = provenance
        self.order = order
        self.raised_by: Sequence[RaisedBy] = ()
        self.derived_from: str | None = None
        self.citation: Citation | None = None
        self.basis: Sequence[str] = ()
        self.materials: Sequence[str] = ()
        self.methods: Sequence[Any] = ()
        self.department: str | None = None
        self.period: str | None = None
        self.personal = False  # its text or period names the unit: not shared with other units
        self.source: LibraryItem | tuple[str, int] | None = None  # what a slot remakes it from (see _Slot)


class Context:
    """Everything known about one unit in one round, ready for selecting items."""

    __slots__ = ("classification", "facts", "lib", "named_programs", "params", "profile", "programs", "review_from",
                 "round", "unit_input")

    def __init__(self, lib: Library, unit_input: UnitInput, round: Round, facts: Facts, profile: ResolvedProfile,
                 classification: Classification, programs: list[str], params: Mapping[str, str],
                 review_from: dt.date, named_programs: tuple[ProgramInfo, ...]) -> None:
        self.lib = lib
        self.unit_input = unit_input
        self.round = round
        self.facts = facts
        self.profile = profile
        self.classification = classification
        self.programs = programs  # the round's programs that apply to the unit
        self.named_programs = named_programs  # every program the round names, applying or not
        self.params = params
        self.review_from = review_from

    @property
    def unit(self) -> Unit:
        return self.unit_input.unit


# =========================================================================== entry points


def generate(lib: Library, unit: Unit | Mapping[str, Any], round: Round | Mapping[str, Any]) -> Pack:
    rin = read_round(round)
    uin = read_unit(unit)
    raise_if(check_round(lib, rin) + check_unit(lib, uin), SchemaError)
    pack, _ = compose(lib, uin, rin.round, record=False)
    return pack


def iter_round(lib: Library, round: Round | Mapping[str, Any] | str | Path) -> Iterator[Pack]:
    rin = read_round(round)
    raise_if(check_round(lib, rin), SchemaError)  # before the first pack, not while iterating
    return _packs(lib, rin.units, rin.round)


def _packs(lib: Library, units: Sequence[UnitInput], rnd: Round) -> Iterator[Pack]:
    for unit in units:
        yield compose(lib, unit, rnd, record=False)[0]


def generate_round(
    lib: Library, round: Round | Mapping[str, Any] | str | Path, workers: int = 1
) -> list[Pack]:
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ArgumentError(Problem(Location("<workers>"), f"workers is a whole number of at least 1, not {workers!r}",
                                    hint="pass workers=1, or more on a free-threaded interpreter",
                                        code="argument.workers"))
    rin = read_round(round)
    raise_if(check_round(lib, rin), SchemaError)
    if workers <= 1 or len(rin.units) < 2 or not threads_run_at_once():
        return [compose(lib, u, rin.round, record=False)[0] for u in rin.units]
    from concurrent.futures import ThreadPoolExecutor  # only here: it is slow to import

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda u: compose(lib, u, rin.round, record=False)[0], rin.units))


def threads_run_at_once() -> bool:
    """Whether this interpreter runs Python code on several threads at once: only a free-threaded
    build (3.13 and later) with its GIL off. Composing is CPU work, so under a GIL more threads
    only take turns, and cost more than they give (docs/performance.md has the figures)."""
    gil_enabled = getattr(sys, "_is_gil_enabled", None)
    return gil_enabled is not None and not gil_enabled()


# =========================================================================== context


def prepare(lib: Library, uin: UnitInput, rnd: Round) -> Context:
    unit = uin.unit
    utype = lib.unit_types[unit.type].value
    subtypes: dict[str, SubtypeOut] = {}
    labels = {s.id: s.label for s in utype.subtypes}
    for sub in unit.subtypes:
        subtypes[sub] = SubtypeOut(id=sub, label=labels[sub], source="stated")
    base = Facts(
        type=unit.type,
        subtypes=frozenset(unit.subtypes),
        attributes=dict(unit.attributes),
        signals=frozenset(s.topic for s in unit.signals),
        mode=rnd.mode,
        theme=rnd.theme,
    )
    for spec in utype.subtypes:
        if spec.id in subtypes:
            continue
        for n, rule in enumerate(spec.rules, start=1):
            if holds(rule, base):
                subtypes[spec.id] = SubtypeOut(id=spec.id, label=spec.label, source=f"rule:{n}")
                break
    ordered = [subtypes[s.id] for s in utype.subtypes if s.id in subtypes]
    facts = Facts(base.type, frozenset(subtypes), base.attributes, base.signals, base.mode, base.theme)
    profile = lib.profiles[utype.profile or utype.id]
    programs = []
    named = []
    for pid in rnd.programs:
        applies = holds(lib.programs[pid].value.applies_to, facts)
        if applies:
            programs.append(pid)
        named.append(_program_info(lib, pid, applies))
    review_years = profile.params.get("review_years", 3)
    years = review_years if isinstance(review_years, int) and not isinstance(review_years, bool) else 3
    review_from = rnd.review_from or dt.date(rnd.start.year - years, 1, 1)
    classification = Classification(
        type=unit.type, type_label=utype.label, subtypes=ordered, profile=list(profile.chain)
    )
    params = _params(lib, profile, unit, rnd, review_from, utype)
    return Context(lib, uin, rnd, facts, profile, classification, programs, params, review_from, tuple(named))


def _program_info(lib: Library, pid: str, applies: bool) -> ProgramInfo:
    key = ("program info", pid, applies)
    info = lib._plans.get(key)
    if info is None:  # the same for every unit: made once
        program = lib.programs[pid].value
        info = lib._plans.setdefault(key, ProgramInfo(
            id=pid, label=program.label, short_label=program.short_label or program.label, applies=applies))
    assert isinstance(info, ProgramInfo)
    return info


def chinese_wording(lib: Library) -> Wording:
    """Chinese wording for conditions, with the labels of the library's unit types, subtypes and
    attributes in place of their ids."""
    wording = lib._plans.get("chinese wording")
    if wording is None:
        labels: dict[str, str] = {}
        for defined in lib.unit_types.values():
            utype = defined.value
            labels[utype.id] = utype.label
            labels.update({s.id: s.label for s in utype.subtypes})
            labels.update({name: a.label for name, a in utype.attributes.items()})
        wording = lib._plans.setdefault("chinese wording", CHINESE._replace(labels=MappingProxyType(labels)))
    assert isinstance(wording, Wording)
    return wording


def program_notices(ctx: Context) -> tuple[Notice, ...]:
    """A notice for each program the round names that does not apply to the unit."""
    notices = []
    for info in ctx.named_programs:
        if info.applies:
            continue
        scope = describe(ctx.lib.programs[info.id].value.applies_to, chinese_wording(ctx.lib))
        carried = "、".join(i.label for i in ctx.named_programs if i.applies) or "无"
        notices.append(Notice(
            code="program_not_applicable", program=info.id,
            message=f"本轮同时开展的“{info.label}”不适用于本单位（适用范围：{scope}），其条目未列入本清单；"
                    f"本清单适用的监督项目：{carried}。"))
    return tuple(notices)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _params(lib: Library, profile: ResolvedProfile, unit: Unit, rnd: Round, review_from: dt.date,
            utype: Any) -> Mapping[str, str]:
    """Every parameter's value as text, the later source winning: the profile's, the round's, the
    unit's own, then the names the library gives (unit.*, attr.*, round.*, review.*). The
    profile's are looked up where they are, not copied, so that a unit costs the same however
    many parameters its profile defines."""
    key = ("profile params", profile.id)
    texts = lib._plans.get(key)
    if texts is None:  # the same for every unit of the profile: worked out once
        texts = lib._plans.setdefault(key, MappingProxyType({k: _text(v) for k, v in profile.params.items()}))
    values: dict[str, str] = {k: _text(v) for k, v in rnd.params.items()}
    values.update({k: _text(v) for k, v in unit.params.items()})
    for name, value in unit.attributes.items():
        values[f"attr.{name}"] = _text(value)
    values.update({
        "unit.id": unit.id,
        "unit.name": unit.name,
        "unit.type": utype.label,
        "round.id": rnd.id,
        "round.name": rnd.name,
        "round.year": str(rnd.start.year),
        "review.from": _cn_date(review_from),
        "review.to": _cn_date(rnd.start),
        "review.from_year": str(review_from.year),
        "review.period": f"{_cn_date(review_from)}至{_cn_date(rnd.start)}",
    })
    return ChainMap(values, texts) if texts else values


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# =========================================================================== selection


def _citation(lib: Library, policy_id: str) -> Citation:
    spec = lib.items[policy_id].spec
    assert isinstance(spec, PolicyItemSpec)
    return spec.citation


def end_of(lib: Library, policy_id: str) -> dt.date | None:
    """The day the policy version ``policy_id`` stops being in force: its ``effective_until``
    or, when that is not given, the day the version superseding it takes effect."""
    citation = _citation(lib, policy_id)
    if citation.effective_until is None and citation.superseded_by is not None:
        return _citation(lib, citation.superseded_by).counts_from
    return citation.effective_until


def in_force(lib: Library, policy_id: str, day: dt.date) -> bool:
    """Whether the policy version ``policy_id`` is in force on ``day`` (see ``Citation.counts_from``)."""
    start = _citation(lib, policy_id).counts_from
    end = end_of(lib, policy_id)
    return (start is None or start <= day) and (end is None or day < end)


NOT_APPLICABLE = " (which does not apply to this unit)"
"""Ends the rule of a candidate reached only through a program that does not apply to the unit."""


def candidates(ctx: Context) -> dict[str, str]:
    """Item ids the unit's profile, the round's programs and theme reach, with the rule. The
    groups of a program the round names that does not apply to the unit come last, so that an
    item they alone reach is known (and ``explain`` says why it is out), with a rule ending
    ``NOT_APPLICABLE``."""
    lib, profile = ctx.lib, ctx.profile
    found: dict[str, str] = {}

    def add(patterns: Sequence[str], items: Sequence[str], rule: str) -> None:
        for pattern in patterns:
            for group in lib.matching_groups([pattern]):
                for item_id in lib.groups[group]:
                    found.setdefault(item_id, f"{rule} includes group {group} ({pattern})")
        for item_id in items:
            found.setdefault(item_id, f"{rule} includes item {item_id}")

    add(profile.include.groups, profile.include.items, f"profile {profile.id}")
    for pid in ctx.programs:
        program = lib.programs[pid].value
        add(program.include.groups, program.include.items, f"program {pid}")
    if ctx.round.mode == "special" and ctx.round.theme:
        theme = lib.themes[ctx.round.theme].value
        add(theme.include.groups, theme.include.items, f"theme {theme.id}")
    for info in ctx.named_programs:
        if not info.applies:
            program = lib.programs[info.id].value
            add(program.include.groups, program.include.items, f"program {info.id}")
    return {item_id: rule if not rule.startswith(_outside(ctx)) else rule + NOT_APPLICABLE
            for item_id, rule in found.items()}


def _outside(ctx: Context) -> tuple[str, ...]:
    """Rule prefixes of the programs the round names that do not apply to the unit."""
    return tuple(f"program {i.id} " for i in ctx.named_programs if not i.applies)


def excluded_by_profile(ctx: Context, item: LibraryItem) -> str | None:
    exclude = ctx.profile.exclude
    if item.id in exclude.items:
        return f"profile {ctx.profile.id} excludes item {item.id}"
    for pattern in exclude.groups:
        if fnmatch.fnmatchcase(item.group, pattern):
            return f"profile {ctx.profile.id} excludes group {item.group} ({pattern})"
    return None


class _Candidate:
    """An item a plan reaches, with what is decided about it before any unit is looked at.
    Shared by every unit (and thread) that uses the plan: never changed once made."""

    __slots__ = ("function_section", "holds", "id", "item", "not_in_force", "out", "programs", "provenance",
                 "rule", "section_known", "signals", "template")

    def __init__(self, item: LibraryItem, rule: str, provenance: Provenance, programs: tuple[str, ...],
                 out: str | None, not_in_force: str | None, section_known: bool, holds: Predicate) -> None:
        spec = item.spec
        self.item = item
        self.id = item.id
        self.rule = rule
        self.provenance = provenance
        self.programs = programs  # the round's programs the item belongs to
        self.out = out  # why it is out for every unit: excluded, no program carried out
        self.template = isinstance(spec, ProblemItemSpec) and spec.template is not None
        self.not_in_force = not_in_force  # for a policy version not in force on the round's start
        self.section_known = section_known
        self.holds = holds  # the item's condition, compiled
        self.signals = spec.signals  # signal topics that raise it
        # its section, for a function item (the unit's 三定 data may replace it)
        self.function_section = item.section if item.kind == "function" else None


class _Plan(NamedTuple):
    """The candidates of one profile under one round's programs, mode, theme and date, in library
    order. Every unit that shares these shares the plan, so it is worked out once per library."""

    candidates: tuple[_Candidate, ...]
    versions: Mapping[str, str | None]  # each basis id -> the version in force on the day
    live: tuple[_Candidate, ...]  # the candidates whose fate depends on the unit (in force, not templates)
    templates: tuple[_Candidate, ...]  # previous-finding templates the round's programs reach
    shared: dict[tuple[Any, ...], Any]
    """Finished output objects (items, sections, material and department requests) by their
    class and everything that makes them, for units to share: output models are immutable."""
    texts: dict[tuple[str | None, ...], str]
    """Texts with their parameters filled in, by the text and the values of the names it uses."""
    uses: dict[str, tuple[tuple[str, ...], bool]]
    """The parameter names each text uses, and whether one of them is the unit's own."""
    skeletons: "dict[tuple[Any, ...], _Skeleton]"
    """Pack skeletons by what units chose (see ``compose``)."""
    param_names: tuple[str, ...] = ()
    """The parameters the candidates' texts name, but the unit's own: what a skeleton depends on."""


SHARED_ITEMS_PER_PLAN = 20_000
"""Bounds what a plan keeps for sharing, so a long-running process does not grow."""

M = TypeVar("M", bound=BaseModel)


def _shared(plan: _Plan, model: type[M], **values: Any) -> M:
    """``model(**values)``, or the equal one the plan already holds. Every value must be
    hashable (tuples, not lists); call sites pass the values in a fixed order."""
    key = (model, *values.values())
    found = plan.shared.get(key)
    if found is None:
        found = model(**values)
        if len(plan.shared) < SHARED_ITEMS_PER_PLAN:
            plan.shared[key] = found
    assert isinstance(found, model)
    return found


def _plan(ctx: Context) -> _Plan:
    lib, rnd = ctx.lib, ctx.round
    key = (ctx.profile.id, tuple(ctx.programs), tuple(rnd.programs), rnd.mode, rnd.theme, rnd.start)
    plan = lib._plans.get(key)
    if plan is None:
        plan = lib._plans.setdefault(key, _make_plan(ctx))
    assert isinstance(plan, _Plan)
    return plan


def _make_plan(ctx: Context) -> _Plan:
    lib, day = ctx.lib, ctx.round.start
    made: list[_Candidate] = []
    versions: dict[str, str | None] = {}
    for item_id, rule in sorted(candidates(ctx).items(), key=lambda kv: lib.items[kv[0]].order):
        item = lib.items[item_id]
        spec = item.spec
        programs = tuple(p for p in ctx.programs if p in item.programs)
        out = excluded_by_profile(ctx, item)
        outside = [i for i in ctx.named_programs if not i.applies and i.id in item.programs]
        if out is None and (not programs or rule.endswith(NOT_APPLICABLE)):
            if outside:
                names = f"{', '.join(i.id for i in outside)} ({'、'.join(i.label for i in outside)})"
                out = (f"belongs to program {names}, "
                       "which the round carries out but which does not apply to this unit: its scope is "
                       + "; ".join(describe(lib.programs[i.id].value.applies_to) for i in outside))
            else:
                out = (f"belongs to programs [{', '.join(item.programs)}], none carried out in this round "
                       f"(round programs: {', '.join(ctx.round.programs)})")
        not_in_force = None
        if isinstance(spec, PolicyItemSpec) and not in_force(lib, item_id, day):
            current = _version_in_force(lib, item_id, day)
            not_in_force = f"not in force on {day.isoformat()}"
            not_in_force += f"; the version in force is {current}" if current else "; no version is in force"
        if isinstance(spec, ProblemItemSpec):
            for basis_id in spec.basis:
                if basis_id not in versions:
                    versions[basis_id] = _version_in_force(lib, basis_id, day)
            if not any(versions[b] for b in spec.basis):
                not_in_force = (f"no document of its basis is in force on {day.isoformat()}: "
                                + "; ".join(_why_not_in_force(lib, b, day) for b in spec.basis))
        made.append(_Candidate(item, rule, _provenance(item, rule), programs, out, not_in_force,
                               _has_section(ctx, item), compiled(item.when)))
    live = tuple(c for c in made if c.out is None and not c.template and c.not_in_force is None)
    templates = tuple(c for c in made if c.out is None and c.template and c.not_in_force is None)
    used: set[str] = set()
    for cand in made:
        spec = cand.item.spec
        for text in (spec.text, getattr(spec, "period", None) or ""):
            if "{" in text:
                with suppress(TemplateError):  # reported when the item is drafted
                    used.update(param_names(text))
    own = (*UNIT_PARAMS, "finding.")
    return _Plan(tuple(made), MappingProxyType(versions), live, templates, shared={}, texts={}, uses={}, skeletons={},
                 param_names=tuple(sorted(n for n in used if not n.startswith(own))))


def _why_not_in_force(lib: Library, basis_id: str, day: dt.date) -> str:
    """Why no version of the document ``basis_id`` names is in force on ``day``, in words."""
    chain = lib.policy_versions.get(basis_id, (basis_id,))
    title = _citation(lib, chain[0]).title
    first = _citation(lib, chain[0]).counts_from
    if first is not None and day < first:
        return f"{title} ({basis_id}) counts from {first.isoformat()}"
    ended = end_of(lib, chain[-1])
    return f"{title} ({basis_id}) " + (f"ended on {ended.isoformat()}" if ended else "is not in force")


TEMPLATE_NOTE = "template: one item is made from it for each unrectified previous finding"


class _Raised(NamedTuple):
    """How signals of the unit bear on a candidate it takes: they raise it, and when its condition
    fails they are why it is taken (then the rule and provenance say so)."""

    rule: str
    provenance: Provenance
    signals: tuple[Signal, ...]


class _Choice(NamedTuple):
    """The plan's candidates a unit takes, in library order, and those its signals raise."""

    taken: list[_Candidate]
    raised: dict[str, _Raised]


_ID = attrgetter("id")


class _Slot(NamedTuple):
    """A numbered place in a skeleton whose item is each unit's own: its text names the unit, a
    signal of the unit raised it, or it comes from the unit's previous findings or 三定 data.
    Another unit's item there differs from ``template`` (the item of the unit that built the
    skeleton) only in what is that unit's own: its text and period, signals, id and provenance."""

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


SKELETONS_PER_PLAN = 2_000
"""Bounds the skeletons a plan keeps (one per distinct selection of items)."""


def compose(lib: Library, uin: UnitInput, rnd: Round, record: bool = True) -> tuple[Pack, dict[str, Decision]]:
    """The pack for one checked unit in one checked round, and (when ``record``) every decision
    taken; without ``record`` the decisions are not kept, which is quicker.

    A unit is composed in three steps: it chooses its items from the plan (``_choose``); the
    skeleton of a pack with those items is built, or taken from the plan when a unit made the
    same choice before (``_skeleton``); the unit's own items are then made into its slots
    (``_assemble``). Every unit goes through the same steps, so a reused skeleton gives the
    same pack as a new one.
    """
    ctx = prepare(lib, uin, rnd)
    plan = _plan(ctx)
    decisions: dict[str, Decision] | None = {} if record else None
    problems: list[Problem] = []
    choice = _choose(ctx, plan, decisions, problems)
    findings = [(i, f) for i, f in enumerate(ctx.unit.previous_findings) if f.status != "rectified"]
    if decisions is not None:
        for template in plan.templates:
            for i, finding in findings:
                draft_id = f"{template.id}.{finding.id}"
                decisions[draft_id] = Decision(draft_id, True, _finding_rule(ctx, template.item, finding, i))
    if findings and not plan.templates:
        dated = [c for c in plan.candidates if c.template and c.out is None and c.not_in_force]
        problems.append(Problem(
            Location(uin.doc.location((*uin.base, "previous_findings")).file),
            f"the unit has {len(findings)} unrectified previous finding(s) but profile "
            f"'{ctx.profile.id}' reaches no previous_finding template item"
            + (f" in force on {rnd.start.isoformat()} (template {dated[0].id}: {dated[0].not_in_force})"
               if dated else ""),
            field="previous_findings",
            hint=("give the template a basis in force on the round's date" if dated else
                  "add a problem item with 'template: previous_finding' to a group the profile includes"),
        code="compose.no-finding-template"))
    key = _skeleton_key(ctx, plan, choice, len(findings))
    skeleton = None if problems else plan.skeletons.get(key)
    built = skeleton is None  # then its slots hold this unit's own items
    if skeleton is None:
        skeleton = _skeleton(ctx, plan, choice, findings, problems)
        if len(plan.skeletons) < SKELETONS_PER_PLAN:
            plan.skeletons[key] = skeleton
    if decisions is not None:
        for policy_id, rule in skeleton.pulled:
            decisions[policy_id] = Decision(policy_id, True, rule)
    return _assemble(ctx, plan, skeleton, choice, findings, built), decisions or {}


def _choose(ctx: Context, plan: _Plan, decisions: dict[str, Decision] | None,
            problems: list[Problem]) -> _Choice:
    """The plan's candidates the unit takes, in library order; with ``decisions``, why each
    candidate is in or out."""
    facts = ctx.facts
    unit_signals: dict[str, list[Signal]] = {}
    for signal in ctx.unit.signals:  # every signal of a topic, not only the last
        unit_signals.setdefault(signal.topic, []).append(signal)
    unit_given = {sec for sec, attr in UNIT_SECTIONS.items() if getattr(ctx.unit, attr)}
    choice = _Choice([], {})
    for cand in plan.candidates if decisions is not None else plan.live:
        item_id = cand.id
        if cand.out is not None or cand.template:  # only with decisions: the live ones are neither
            if decisions is not None:
                decisions[item_id] = Decision(item_id, False, cand.rule,
                                              [cand.out if cand.out is not None else TEMPLATE_NOTE])
            continue
        if cand.function_section is not None and cand.function_section in unit_given:
            if decisions is not None:
                decisions[item_id] = Decision(item_id, False, cand.rule, [
                    f"the unit gives its own {UNIT_SECTIONS[cand.function_section]} (三定 data), which "
                    "replace the typical list"])
            continue
        raised = (tuple(sig for t in cand.signals if t in unit_signals for sig in unit_signals[t])
                  if unit_signals and cand.signals else ())
        rule, provenance = cand.rule, cand.provenance
        if not cand.holds(facts):
            if not raised:
                if decisions is not None:
                    decisions[item_id] = Decision(item_id, False, rule, [
                        f"condition fails: {r}" for r in explain(cand.item.when, facts)])
                continue
            rule = f"signal {raised[0].topic} adds it"
            provenance = _provenance(cand.item, rule)
        if cand.not_in_force is not None:
            if decisions is not None:
                decisions[item_id] = Decision(item_id, False, cand.rule, [cand.not_in_force])
            continue
        if not cand.section_known:
            problems.append(_missing_section(ctx, cand.item, rule))
            continue
        if decisions is not None:
            decisions[item_id] = Decision(item_id, True, rule)
        choice.taken.append(cand)
        if raised:
            choice.raised[item_id] = _Raised(rule, provenance, raised)
    return choice


def _skeleton_key(ctx: Context, plan: _Plan, choice: _Choice, open_findings: int) -> tuple[Any, ...]:
    """What a unit's skeleton depends on: the items chosen (and which a signal raised), the number
    of its open findings and of its own 三定 entries, and the value of every parameter the plan's
    texts name but the unit's own (not every parameter given: a unit's cost follows its items)."""
    unit = ctx.unit
    return (
        tuple(map(_ID, choice.taken)),
        tuple((item_id, r.rule) for item_id, r in choice.raised.items()),
        open_findings,
        len(unit.attributes),
        tuple(len(getattr(unit, attr)) for attr in UNIT_SECTIONS.values()),
        tuple((name, ctx.params.get(name)) for name in plan.param_names),
    )


def _skeleton(ctx: Context, plan: _Plan, choice: _Choice, findings: list[tuple[int, PreviousFinding]],
              problems: list[Problem]) -> _Skeleton:
    """Draft the chosen items, the items from the unit's findings, the policies their basis needs
    and the unit's own function items; order and number them; share what is alike."""
    drafts: dict[str, _Draft] = {}
    for cand in choice.taken:
        raised = choice.raised.get(cand.id)
        drafts[cand.id] = _draft(ctx, plan, cand.item, raised.provenance if raised else cand.provenance,
                                 list(cand.programs), raised.signals if raised else (), problems)
    for n, draft in enumerate(_finding_drafts(ctx, plan, findings, problems)):
        draft.source = ("finding", n)
        drafts[draft.id] = draft
    pulled = _pull_basis(ctx, plan, drafts, problems)
    for n, draft in enumerate(_unit_function_drafts(ctx)):
        draft.source = ("unit", n)
        drafts[draft.id] = draft
    if problems:
        raise ResolveError(problems)
    lists = {kind: _numbered_sections(ctx, plan, kind, [d for d in drafts.values() if d.kind == kind])
             for kind in KINDS}
    ready = {kind: Checklist(kind=kind, title=KIND_TITLES[kind], sections=sections, items=entries)
             for kind, (sections, entries) in lists.items() if not any(isinstance(e, _Slot) for e in entries)}
    materials = _materials(ctx.lib, plan, lists["problem"][1])
    requests = _requests(ctx.lib, plan, [e if isinstance(e, Item) else e.template
                                         for e in lists["supervision_info"][1]])
    return _Skeleton(MappingProxyType(lists), MappingProxyType(ready), materials, requests, tuple(pulled))


def _assemble(ctx: Context, plan: _Plan, skeleton: _Skeleton, choice: _Choice,
              findings: list[tuple[int, PreviousFinding]], built: bool) -> Pack:
    """The unit's pack: the skeleton with the unit's own items in its slots (the slots' own items
    when the unit has just ``built`` the skeleton)."""
    lib, rnd = ctx.lib, ctx.round
    problems: list[Problem] = []
    raised = choice.raised
    own: dict[str, list[_Draft]] = {}  # the unit's finding and function drafts, made when first needed

    def made(slot: _Slot) -> Item:
        if built:
            return slot.template
        source = slot.source
        if not isinstance(source, LibraryItem):  # ("finding" | "unit", n)
            what, n = source
            if what not in own:
                own[what] = (_finding_drafts(ctx, plan, findings, problems) if what == "finding"
                             else _unit_function_drafts(ctx))
            d = own[what][n]
            return slot.template.model_copy(update={
                "id": d.id, "text": d.text, "derived_from": d.derived_from, "provenance": d.provenance})
        spec = source.spec
        update: dict[str, Any] = {}
        if _personal(plan, spec.text):
            update["text"] = _fill(ctx, plan, spec.text, source, "text", problems)
        if isinstance(spec, SupervisionInfoItemSpec) and spec.period is not None and _personal(plan, spec.period):
            update["period"] = _fill(ctx, plan, spec.period, source, "period", problems)
        if source.id in raised:
            update["raised_by"] = _raised_by(ctx, raised[source.id].signals)
        return slot.template.model_copy(update=update)

    checklists: dict[Kind, Checklist] = {}
    for kind in KINDS:
        ready = skeleton.ready.get(kind)
        if ready is None:
            sections, entries = skeleton.lists[kind]
            ready = Checklist(kind=kind, title=KIND_TITLES[kind], sections=sections,
                              items=[e if isinstance(e, Item) else made(e) for e in entries])
        checklists[kind] = ready
    if problems:
        raise ResolveError(problems)
    leads = _leads(ctx, checklists)
    notices = program_notices(ctx) + tuple(
        Notice(code="lead_unmatched", lead=n,
               message=f"线索“{lead.label}”" + (f"（{lead.summary.rstrip('。；;.')}）" if lead.summary else "")
               + "未对应到清单中的条目，请巡察组研判是否需要专门核查。")
        for n, lead in enumerate(leads) if not lead.raised and not lead.added)
    problem_items = checklists["problem"].items
    materials = [m if isinstance(m, MaterialRequest) else
                 MaterialRequest(id=m.id, label=m.label, needed_by=tuple(problem_items[p].id for p in m.positions))
                 for m in skeleton.materials]
    return Pack(
        generator=f"checklists {__version__}",
        layers=[LayerInfo(name=ly.name, version=ly.version, digest=ly.digest) for ly in lib.layers],
        round=RoundInfo(
            id=rnd.id, name=rnd.name, mode=rnd.mode, theme=rnd.theme, programs=list(ctx.programs),
            named_programs=ctx.named_programs, start=rnd.start, end=rnd.end, review_from=ctx.review_from,
            requests_due=rnd.requests_due,
        ),
        unit=ctx.unit,
        classification=ctx.classification,
        policy=checklists["policy"],
        function=checklists["function"],
        supervision_info=checklists["supervision_info"],
        problem=checklists["problem"],
        materials=materials,
        requests=skeleton.requests,
        leads=leads,
        notices=notices,
        fingerprint=fingerprint(lib, ctx.unit, rnd),
    )


def _leads(ctx: Context, checklists: Mapping[Kind, Checklist]) -> tuple[Lead, ...]:
    """Every signal of the unit as a lead (线索), with the items it raised and those it added."""
    signals = ctx.unit.signals
    if not signals:
        return ()
    by_topic: dict[str, tuple[list[str], list[str]]] = {s.topic: ([], []) for s in signals}
    for kind in KINDS:
        for item in checklists[kind].items:
            for topic in dict.fromkeys(r.topic for r in item.raised_by):
                raised, added = by_topic[topic]
                (added if item.provenance.rule.startswith("signal ") else raised).append(item.id)
    topics = ctx.lib.signal_topics
    return tuple(Lead(topic=s.topic, label=topics[s.topic].value.label, summary=s.summary, source=s.source,
                      count=s.count, date=s.date, raised=tuple(by_topic[s.topic][0]),
                      added=tuple(by_topic[s.topic][1]))
                 for s in signals)


def _has_section(ctx: Context, item: LibraryItem) -> bool:
    return any(s.id == item.section for s in ctx.profile.sections.get(item.kind, ()))


def _missing_section(ctx: Context, item: LibraryItem, rule: str) -> Problem:
    known = ", ".join(s.id for s in ctx.profile.sections.get(item.kind, ()))
    return Problem(item.origin_of("section").location,
                   f"section '{item.section}' of {item.kind} item '{item.id}' is not defined in profile "
                   f"'{ctx.profile.id}' (the item is here because {rule})",
                   field="section", hint=f"add the section to the profile, or use one of: {known}",
                       code="compose.unknown-section")


def _version_in_force(lib: Library, policy_id: str, day: dt.date) -> str | None:
    for vid in reversed(lib.policy_versions.get(policy_id, (policy_id,))):
        if in_force(lib, vid, day):
            return vid
    return None


UNIT_PARAMS = ("unit.", "attr.")
"""Parameters that differ from unit to unit: a text that names one is the unit's own, and is not
kept for sharing (it would only crowd out what can be shared)."""


def _uses(plan: _Plan, text: str) -> tuple[tuple[str, ...], bool]:
    """The parameter names ``text`` uses, and whether one of them is the unit's own."""
    found = plan.uses.get(text)
    if found is None:
        try:
            names = tuple(dict.fromkeys(param_names(text)))
        except TemplateError:
            names = ()
        found = (names, any(n.startswith(UNIT_PARAMS) for n in names))
        if len(plan.uses) < SHARED_ITEMS_PER_PLAN:
            plan.uses[text] = found
    return found


def _personal(plan: _Plan, text: str) -> bool:
    return ("{" in text) and _uses(plan, text)[1]


def _fill(ctx: Context, plan: _Plan, text: str, item: LibraryItem, fieldname: str, problems: list[Problem],
          extra: Mapping[str, str] | None = None) -> str:
    if "{" not in text and "}" not in text:
        return text
    values: Mapping[str, str] = ctx.params if extra is None else {**ctx.params, **extra}
    key: tuple[str | None, ...] | None = None
    names, personal = _uses(plan, text)
    if extra is None and not personal:  # units of a plan fill such a text alike: do it once
        key = (text, *(values.get(n) for n in names))
        done = plan.texts.get(key)
        if done is not None:
            return done
    try:
        filled = substitute(text, values)
    except TemplateError as exc:
        problems.append(Problem(item.origin_of(fieldname).location, f"item '{item.id}': {exc.message}",
                                field=fieldname, hint=exc.hint, code="compose.parameter"))
        return text
    if key is not None and len(plan.texts) < SHARED_ITEMS_PER_PLAN:
        plan.texts[key] = filled
    return filled


def _provenance(item: LibraryItem, rule: str) -> Provenance:
    return Provenance(
        layer=item.origin.layer,
        file=item.origin.rel,
        line=item.origin.location.line,
        rule=rule,
        patched_by=[f"{o.layer}:{o.rel}:{o.location.line}" for o in item.patched_by],
        replaced=(f"{item.replaced.layer}:{item.replaced.rel}:{item.replaced.location.line}"
                  if item.replaced else None),
    )


def _draft(ctx: Context, plan: _Plan, item: LibraryItem, provenance: Provenance, programs: list[str],
           raised: Sequence[Signal], problems: list[Problem], extra: Mapping[str, str] | None = None) -> _Draft:
    spec = item.spec
    draft = _Draft(item.id, item.kind, item.section, _fill(ctx, plan, spec.text, item, "text", problems, extra),
                   programs, provenance, (1, *item.order))
    draft.source = item
    draft.personal = _personal(plan, spec.text)
    if raised:
        draft.raised_by = _raised_by(ctx, raised)
    kind = item.kind
    if kind == "problem":
        assert isinstance(spec, ProblemItemSpec)
        draft.basis, draft.materials, draft.methods = spec.basis, spec.materials, spec.methods
    elif kind == "policy":
        assert isinstance(spec, PolicyItemSpec)
        draft.citation = spec.citation
    elif kind == "supervision_info":
        assert isinstance(spec, SupervisionInfoItemSpec)
        draft.department = spec.department
        if spec.period is not None:
            draft.period = _fill(ctx, plan, spec.period, item, "period", problems, extra)
            draft.personal = draft.personal or _personal(plan, spec.period)
    return draft


def _raised_by(ctx: Context, raised: Sequence[Signal]) -> tuple[RaisedBy, ...]:
    topics = ctx.lib.signal_topics
    return tuple(RaisedBy(topic=s.topic, label=topics[s.topic].value.label, summary=s.summary, source=s.source)
                 for s in raised)


def _from_finding(ctx: Context, plan: _Plan, template: _Candidate, finding: PreviousFinding, index: int,
                  problems: list[Problem]) -> _Draft:
    extra = {
        "finding.id": finding.id,
        "finding.text": finding.text,
        "finding.round": finding.round or "上轮巡察",
        "finding.status": FINDING_STATUS_LABELS[finding.status],
    }
    item = template.item
    rule = _finding_rule(ctx, item, finding, index)
    draft = _draft(ctx, plan, item, _provenance(item, rule), list(template.programs), (), problems, extra)
    draft.id = f"{item.id}.{finding.id}"
    draft.derived_from = f"previous_finding:{finding.id}"
    draft.order = (1, *item.order[:2], item.order[2] * 1000 + index)
    return draft


def _finding_rule(ctx: Context, item: LibraryItem, finding: PreviousFinding, index: int) -> str:
    file, line = ctx.unit_input.location_of("previous_findings", index)
    return (f"previous finding {finding.id} ({finding.status}) in {file}" + (f":{line}" if line else "")
            + f", from template {item.id}")


def _finding_drafts(ctx: Context, plan: _Plan, findings: list[tuple[int, PreviousFinding]],
                    problems: list[Problem]) -> list[_Draft]:
    """An item for each of the unit's open findings from each template the plan reaches."""
    return [_from_finding(ctx, plan, template, finding, i, problems)
            for template in plan.templates for i, finding in findings]


def _pull_basis(ctx: Context, plan: _Plan, drafts: dict[str, _Draft],
                problems: list[Problem]) -> list[tuple[str, str]]:
    """Point every problem's basis at the version in force, adding policies it needs; the policies
    added, with the rule."""
    lib, day = ctx.lib, ctx.round.start
    pulled: list[tuple[str, str]] = []
    for draft in [d for d in drafts.values() if d.kind == "problem"]:
        resolved: list[str] = []
        for basis_id in draft.basis:
            current = (plan.versions[basis_id] if basis_id in plan.versions
                       else _version_in_force(lib, basis_id, day))
            if current is None:
                continue
            if current not in drafts:
                policy = lib.items[current]
                rule = f"basis of {draft.id}"
                if not _has_section(ctx, policy):
                    problems.append(_missing_section(ctx, policy, rule))
                    continue
                pulled.append((current, rule))
                drafts[current] = _draft(ctx, plan, policy, _provenance(policy, rule), list(draft.programs), (),
                                         problems)
            else:
                for p in draft.programs:
                    if p not in drafts[current].programs:
                        drafts[current].programs.append(p)
            if current not in resolved:
                resolved.append(current)
        if not resolved:
            item = lib.items.get(draft.id)
            where = item.origin.location if item else Location(draft.provenance.file)
            problems.append(Problem(where, f"no policy in its basis is in force on {day.isoformat()}",
                                    field="basis", hint="add the version in force to the basis",
                                        code="compose.no-basis-in-force"))
        draft.basis = resolved
    return pulled


def _unit_function_drafts(ctx: Context) -> list[_Draft]:
    """Function items from the unit's own data: its attributes and 三定 lists."""
    unit = ctx.unit
    utype = ctx.lib.unit_types[unit.type].value
    programs = list(ctx.programs)
    drafts = []
    for n, (name, value) in enumerate(unit.attributes.items()):
        spec = utype.attributes[name]
        text = f"{spec.label}：{_text(value)}{spec.unit or ''}"
        drafts.append(_unit_draft(ctx, f"unit.attr.{name}", "basic_facts", text, ("attributes", name), n,
                                  programs))
    for section, attr in UNIT_SECTIONS.items():
        for n, entry in enumerate(getattr(unit, attr)):
            drafts.append(_unit_draft(ctx, f"unit.{attr}.{n + 1}", section, entry, (attr, n), n, programs))
    return drafts


def _unit_draft(ctx: Context, item_id: str, section: str, text: str, path: tuple[str | int, ...], n: int,
                programs: list[str]) -> _Draft:
    file, line = ctx.unit_input.location_of(*path)
    return _Draft(item_id, "function", section, text, programs,
                  Provenance(layer="unit", file=file, line=line, rule="the unit's own data"), (0, 0, "", n))


# =========================================================================== order and number


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
                                   f"{kind} sections {', '.join(stray)} are not defined in the profile",
                                   hint="define them in the profile", code="compose.unknown-section"))
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
            department=d.department, period=d.period, provenance=d.provenance,
        )
        if key is None:
            assert d.source is not None
            out.append(_Slot(d.source, item))
            continue
        if len(shared) < SHARED_ITEMS_PER_PLAN:
            shared[key] = item
        out.append(item)
    return out


# =========================================================================== derived views


def _materials(lib: Library, plan: _Plan,
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


def _requests(lib: Library, plan: _Plan, info: Sequence[Item]) -> tuple[DepartmentRequest, ...]:
    asked: dict[str, list[str]] = {}
    for item in info:
        if item.department:
            asked.setdefault(item.department, []).append(item.id)
    return tuple(_shared(plan, DepartmentRequest, department=d, label=lib.departments[d].value.label,
                         items=tuple(ids))
                 for d, ids in asked.items())


def fingerprint(lib: Library, unit: Unit, rnd: Round) -> str:
    payload = {
        "library": lib.digest,
        "unit": unit.model_dump(mode="json"),
        "round": rnd.model_dump(mode="json", exclude={"units", "unit_files"}),
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


__all__ = ["compose", "end_of", "generate", "generate_round", "in_force", "iter_round"]
