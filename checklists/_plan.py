"""Plans: what a profile under a round's programs, mode, theme and date can reach, and what is decided
about each candidate before any unit is looked at (excluded, not in force on the date, in which
programs), worked out once per library and shared by every unit that uses it."""

import datetime as dt
import fnmatch
from collections.abc import Mapping, Sequence
from contextlib import suppress
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import BaseModel

from ._context import Bilingual, Context, bilingual, chinese_wording
from ._records import LibraryItem
from .conditions import Predicate, compiled, describe
from .i18n import Msg, t
from .models.library import (
    Citation,
    PolicyItemSpec,
    ProblemItemSpec,
)
from .models.pack import (
    ProgramInfo,
    Provenance,
)
from .params import TemplateError
from .params import names as param_names

if TYPE_CHECKING:
    from ._skeleton import _Skeleton
    from .library import Library


def _citation(lib: "Library", policy_id: str) -> Citation:
    spec = lib.items[policy_id].spec
    assert isinstance(spec, PolicyItemSpec)
    return spec.citation


def end_of(lib: "Library", policy_id: str) -> dt.date | None:
    """The day the policy version ``policy_id`` stops being in force: its ``effective_until``
    or, when that is not given, the day the version superseding it takes effect."""
    citation = _citation(lib, policy_id)
    if citation.effective_until is None and citation.superseded_by is not None:
        return _citation(lib, citation.superseded_by).counts_from
    return citation.effective_until


def in_force(lib: "Library", policy_id: str, day: dt.date) -> bool:
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
    found: dict[str, str] = {}  # item id -> rule, a message

    def add(patterns: Sequence[str], items: Sequence[str], rule: Msg) -> None:
        for pattern in patterns:
            for group in lib.matching_groups([pattern]):
                for item_id in lib.groups[group]:
                    if item_id not in found:
                        found[item_id] = t("{who} includes group {group} ({pattern})", who=rule, group=group,
                                           pattern=pattern)
        for item_id in items:
            if item_id not in found:
                found[item_id] = t("{who} includes item {id}", who=rule, id=item_id)

    add(profile.include.groups, profile.include.items, t("profile {id}", id=profile.id))
    for pid in ctx.programs:
        program = lib.programs[pid].value
        add(program.include.groups, program.include.items, t("program {id}", id=pid))
    if ctx.round.mode == "special" and ctx.round.theme:
        theme = lib.themes[ctx.round.theme].value
        add(theme.include.groups, theme.include.items, t("theme {id}", id=theme.id))
    for info in ctx.named_programs:
        if not info.applies:
            program = lib.programs[info.id].value
            add(program.include.groups, program.include.items, t("program {id}", id=info.id))
    return {item_id: rule if not rule.startswith(_outside(ctx))
            else t("{rule} (which does not apply to this unit)", rule=rule)
            for item_id, rule in found.items()}


def _outside(ctx: Context) -> tuple[str, ...]:
    """Rule prefixes of the programs the round names that do not apply to the unit."""
    return tuple(f"program {i.id} " for i in ctx.named_programs if not i.applies)


def excluded_by_profile(ctx: Context, item: LibraryItem) -> str | None:
    exclude = ctx.profile.exclude
    if item.id in exclude.items:
        return t("profile {profile} excludes item {id}", profile=ctx.profile.id, id=item.id)
    for pattern in exclude.groups:
        if fnmatch.fnmatchcase(item.group, pattern):
            return t("profile {profile} excludes group {group} ({pattern})", profile=ctx.profile.id,
                     group=item.group, pattern=pattern)
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
        self.template = spec.template if isinstance(spec, ProblemItemSpec) else None  # the findings it follows
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
    templates: tuple[_Candidate, ...]  # finding templates the round's programs reach
    shared: dict[tuple[Any, ...], Any]
    """Finished output objects (items, sections, material and department requests) by their
    class and everything that makes them, for units to share: output models are immutable."""
    texts: dict[tuple[str | None, ...], str]
    """Texts with their parameters filled in, by the text and the values of the names it uses."""
    uses: dict[str, tuple[tuple[str, ...], bool]]
    """The parameter names each text uses, and whether one of them is the unit's own."""
    skeletons: "dict[tuple[Any, ...], _Skeleton]"
    """Pack skeletons by what units chose (see ``compose``)."""
    param_names: frozenset[str] = frozenset()
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
            out = _outside_scope(ctx, outside) if outside else t(
                "belongs to programs [{programs}], none carried out in this round (round programs: {round_programs})",
                programs=tuple(item.programs), round_programs=tuple(ctx.round.programs))
        not_in_force: str | None = None
        if isinstance(spec, PolicyItemSpec) and not in_force(lib, item_id, day):
            current = _version_in_force(lib, item_id, day)
            not_in_force = (t("not in force on {date}; the version in force is {current}", date=day.isoformat(),
                              current=current) if current
                            else t("not in force on {date}; no version is in force", date=day.isoformat()))
        if isinstance(spec, ProblemItemSpec):
            for basis_id in spec.basis:
                if basis_id not in versions:
                    versions[basis_id] = _version_in_force(lib, basis_id, day)
            if not any(versions[b] for b in spec.basis):
                not_in_force = t("no document of its basis is in force on {date}: {why}", date=day.isoformat(),
                                 why=_joined([_why_not_in_force(lib, b, day) for b in spec.basis]))
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
                 param_names=frozenset(n for n in used if not n.startswith(own)))


def _outside_scope(ctx: Context, outside: Sequence[ProgramInfo]) -> Bilingual:
    """Why an item is out that only programs the round carries out but which do not apply to the
    unit (``outside``, their infos) reach: their scopes, in words of either language."""
    lib = ctx.lib
    scopes = [lib.programs[i.id].value.applies_to for i in outside]
    ids, labels = tuple(i.id for i in outside), "、".join(i.label for i in outside)
    made = [t("belongs to program {ids} ({labels}), which the round carries out but which does not apply to this "
              "unit: its scope is {scope}", ids=ids, labels=labels, scope=scope)
            for scope in ("; ".join(describe(s) for s in scopes),
                          "；".join(describe(s, chinese_wording(lib)) for s in scopes))]
    return bilingual(*made)


def _joined(parts: Sequence[Msg]) -> str:
    """``parts`` joined by '; ' (in Chinese '；'), each translated in its turn."""
    if not parts:
        return ""
    whole = parts[0]
    for part in parts[1:]:
        whole = t("{first}; {then}", first=whole, then=part)
    return whole


def _why_not_in_force(lib: "Library", basis_id: str, day: dt.date) -> Msg:
    """Why no version of the document ``basis_id`` names is in force on ``day``, in words."""
    chain = lib.policy_versions.get(basis_id, (basis_id,))
    title = _citation(lib, chain[0]).title
    first = _citation(lib, chain[0]).counts_from
    if first is not None and day < first:
        return t("{title} ({id}) counts from {date}", title=title, id=basis_id, date=first.isoformat())
    ended = end_of(lib, chain[-1])
    if ended:
        return t("{title} ({id}) ended on {date}", title=title, id=basis_id, date=ended.isoformat())
    return t("{title} ({id}) is not in force", title=title, id=basis_id)


def _version_in_force(lib: "Library", policy_id: str, day: dt.date) -> str | None:
    for vid in reversed(lib.policy_versions.get(policy_id, (policy_id,))):
        if in_force(lib, vid, day):
            return vid
    return None


def _has_section(ctx: Context, item: LibraryItem) -> bool:
    return any(s.id == item.section for s in ctx.profile.sections.get(item.kind, ()))


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


UNIT_PARAMS = ("unit.", "attr.")
"""Parameters that differ from unit to unit: a text that names one is the unit's own, and is not
kept for sharing (it would only crowd out what can be shared)."""
