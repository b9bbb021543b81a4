"""Compose one unit's pack: classify, select, choose versions in force, substitute, number.

What depends only on the profile, the round's programs, mode, theme and date is worked out
once, as a plan kept on the library (``_plan``); a unit then takes one pass over the plan's
candidates, testing its own conditions. With ``record`` every decision (in or out, and why) is
kept, so that ``explain`` tells the same story the pack was built from; ``generate`` skips that.
"""

import hashlib
import json
import sys
from collections import ChainMap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from ._context import Context, bilingual, chinese_wording, prepare, program_notices
from ._drafts import (
    UNIT_SECTIONS,
    _Draft,
    _draft,
    _fill,
    _finding_drafts,
    _finding_rule,
    _missing_section,
    _personal,
    _pull_basis,
    _raised_by,
    _unit_function_drafts,
    finding_template,
    followed_findings,
)
from ._inputs import UnitInput, check_round, check_unit, read_round, read_unit
from ._plan import (
    NOT_APPLICABLE,
    _Candidate,
    _Plan,
    _plan,
    _provenance,
    candidates,
    end_of,
    excluded_by_profile,
    in_force,
)
from ._records import LibraryItem
from ._skeleton import _ID, _materials, _numbered_sections, _requests, _Skeleton, _Slot
from ._version import __version__
from .conditions import clauses, explain
from .errors import ArgumentError, Location, Problem, ResolveError, SchemaError, raise_if
from .i18n import t
from .models.common import KIND_TITLES, KINDS, Kind
from .models.inputs import PreviousFinding, Round, Signal, Unit
from .models.library import (
    SupervisionInfoItemSpec,
)
from .models.pack import (
    Checklist,
    Item,
    LayerInfo,
    Lead,
    MaterialRequest,
    Notice,
    Pack,
    Provenance,
    RoundInfo,
)

if TYPE_CHECKING:
    from .library import Library


class Decision(NamedTuple):
    """Whether an item is in the pack, and why. The rule and reasons are messages (``t``), or
    :class:`~checklists._context.Bilingual` where they name a condition in words; ``said`` gives
    them in a language."""

    item: str
    included: bool
    rule: str
    reasons: Sequence[str] = ()


def generate(lib: "Library", unit: Unit | Mapping[str, Any], round: Round | Mapping[str, Any]) -> Pack:
    rin = read_round(round)
    uin = read_unit(unit)
    raise_if(check_round(lib, rin) + check_unit(lib, uin), SchemaError)
    pack, _ = compose(lib, uin, rin.round, record=False)
    return pack


def iter_round(lib: "Library", round: Round | Mapping[str, Any] | str | Path) -> Iterator[Pack]:
    rin = read_round(round)
    raise_if(check_round(lib, rin), SchemaError)  # before the first pack, not while iterating
    return _packs(lib, rin.units, rin.round)


def _packs(lib: "Library", units: Sequence[UnitInput], rnd: Round) -> Iterator[Pack]:
    for unit in units:
        yield compose(lib, unit, rnd, record=False)[0]


def generate_round(
    lib: "Library", round: Round | Mapping[str, Any] | str | Path, workers: int = 1
) -> list[Pack]:
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ArgumentError(Problem(Location("<workers>"),
                                    t("workers is a whole number of at least 1, not {value}", value=repr(workers)),
                                    hint=t("pass workers=1, or more on a free-threaded interpreter"),
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


TEMPLATE_NOTES = {
    "previous_finding": t("template: one item is made from it for each unrectified previous finding"),
    "rectified_finding": t("template: one item is made from it for each rectified finding drawn for 反向核查"),
}


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


SKELETONS_PER_PLAN = 2_000
"""Bounds the skeletons a plan keeps (one per distinct selection of items)."""


def compose(lib: "Library", uin: UnitInput, rnd: Round, record: bool = True) -> tuple[Pack, dict[str, Decision]]:
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
    findings = followed_findings(ctx.unit.id, ctx.unit.previous_findings)
    if decisions is not None:
        for template in plan.templates:
            for i, finding in findings:
                if template.template == finding_template(finding):
                    draft_id = f"{template.id}.{finding.id}"
                    decisions[draft_id] = Decision(draft_id, True, _finding_rule(ctx, template.item, finding, i))
    still_open = [f for _, f in findings if f.status != "rectified"]
    if still_open and not any(t.template == "previous_finding" for t in plan.templates):
        dated = [c for c in plan.candidates if c.template == "previous_finding" and c.out is None and c.not_in_force]
        problems.append(Problem(
            Location(uin.doc.location((*uin.base, "previous_findings")).file),
            t("the unit has {count} unrectified previous finding(s) but profile '{profile}' reaches no "
              "previous_finding template item in force on {date} (template {item}: {why})",
              count=len(still_open), profile=ctx.profile.id, date=rnd.start.isoformat(), item=dated[0].id,
              why=dated[0].not_in_force) if dated else
            t("the unit has {count} unrectified previous finding(s) but profile '{profile}' reaches no "
              "previous_finding template item", count=len(still_open), profile=ctx.profile.id),
            field="previous_findings",
            hint=(t("give the template a basis in force on the round's date") if dated else
                  t("add a problem item with 'template: previous_finding' to a group the profile includes")),
                  code="compose.no-finding-template"))
    key = _skeleton_key(ctx, plan, choice, (len(still_open), len(findings) - len(still_open)))
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
                why = cand.out if cand.out is not None else TEMPLATE_NOTES[str(cand.template)]
                decisions[item_id] = Decision(item_id, False, cand.rule, [why])
            continue
        if cand.function_section is not None and cand.function_section in unit_given:
            if decisions is not None:
                decisions[item_id] = Decision(item_id, False, cand.rule, [
                    t("the unit gives its own {section} (三定 data), which replace the typical list",
                      section=UNIT_SECTIONS[cand.function_section])])
            continue
        raised = (tuple(sig for t in cand.signals if t in unit_signals for sig in unit_signals[t])
                  if unit_signals and cand.signals else ())
        rule, provenance = cand.rule, cand.provenance
        if not cand.holds(facts):
            if not raised:
                if decisions is not None:
                    decisions[item_id] = Decision(item_id, False, rule, _failed(ctx, cand))
                continue
            rule = t("signal {topic} adds it", topic=raised[0].topic)
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


def _failed(ctx: Context, cand: _Candidate) -> list[str]:
    """Each clause of the candidate's condition that fails for the unit, as a reason, in words of
    either language."""
    when = cand.item.when
    if when is None:
        return []
    zh = [text for text, ok in clauses(when, ctx.facts, chinese_wording(ctx.lib)) if not ok]
    return [bilingual(t("condition fails: {clause}", clause=en), t("condition fails: {clause}", clause=cn))
            for en, cn in zip(explain(when, ctx.facts), zh, strict=True)]


def _skeleton_key(ctx: Context, plan: _Plan, choice: _Choice, followed: tuple[int, int]) -> tuple[Any, ...]:
    """What a unit's skeleton depends on: the items chosen (and which a signal raised), the numbers
    of its open findings, of the rectified ones drawn for a check and of its own 三定 entries, and
    the values the round and the unit give to parameters the plan's texts name, but the unit's own.
    The profile's values are the same for every unit of the plan, so only the few given with the
    round and the unit are looked at: a unit's cost follows its items, not the parameters its
    profile defines."""
    unit = ctx.unit
    given = ctx.params.maps[0] if isinstance(ctx.params, ChainMap) else ctx.params
    names = plan.param_names
    return (
        tuple(map(_ID, choice.taken)),
        tuple((item_id, r.rule) for item_id, r in choice.raised.items()),
        followed,
        len(unit.attributes),
        tuple(len(getattr(unit, attr)) for attr in UNIT_SECTIONS.values()),
        tuple(kv for kv in given.items() if kv[0] in names),
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
                "id": d.id, "text": d.text, "derived_from": d.derived_from, "provenance": d.provenance,
                "interview": d.interview})
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
            requests_due=rnd.requests_due, office=rnd.office,
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


def fingerprint(lib: "Library", unit: Unit, rnd: Round) -> str:
    payload = {
        "library": lib.digest,
        "unit": unit.model_dump(mode="json"),
        "round": rnd.model_dump(mode="json", exclude={"units", "unit_files"}),
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


__all__ = [
    "NOT_APPLICABLE",
    "Context",
    "Decision",
    "candidates",
    "chinese_wording",
    "compose",
    "end_of",
    "excluded_by_profile",
    "fingerprint",
    "generate",
    "generate_round",
    "in_force",
    "iter_round",
    "prepare",
    "program_notices",
    "threads_run_at_once",
]
