"""Drafts: the items a unit takes on their way into the pack, with their texts filled in, the items
made from its previous findings and 三定 data, and the policies their basis pulls in."""

from collections.abc import Mapping, Sequence
from hashlib import sha256
from typing import Any

from ._context import Context, _text
from ._plan import (
    SHARED_ITEMS_PER_PLAN,
    UNIT_PARAMS,
    _Candidate,
    _has_section,
    _Plan,
    _provenance,
    _version_in_force,
    in_force,
)
from ._records import LibraryItem
from .errors import Location, Problem
from .i18n import t
from .models.common import DISCIPLINE_LABELS, Kind, chinese_date
from .models.inputs import FINDING_STATUS_LABELS, PreviousFinding, Signal
from .models.library import (
    Citation,
    Interview,
    PolicyItemSpec,
    ProblemItemSpec,
    QualificationSpec,
    SupervisionInfoItemSpec,
)
from .models.pack import (
    ArticleCitation,
    Provenance,
    Qualification,
    RaisedBy,
)
from .params import TemplateError, substitute
from .params import names as param_names

UNIT_RULE = t("the unit's own data")
"""The rule of an item made from the unit's own data (its attributes and 三定 lists)."""

UNIT_SECTIONS = {
    "main_functions": "functions",
    "internal_bodies": "internal_bodies",
    "subordinate_units": "subordinate_units",
}


class _Draft:
    """An item on its way into the pack, before numbering."""

    # The records of this module are plain classes with slots, not dataclasses: Python 3.11
    # specialises reads of their fields as it does a dataclass's, and a class statement costs far
    # less than a dataclass, which every start of the CLI would pay (docs/performance.md).
    __slots__ = ("basis", "citation", "department", "derived_from", "id", "interview", "kind", "materials",
                 "methods", "order", "period", "personal", "programs", "provenance", "qualification",
                 "raised_by", "section", "source", "survey", "text")

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
        self.interview: Interview | None = None
        self.survey: str | None = None
        self.qualification: Qualification | None = None
        self.department: str | None = None
        self.period: str | None = None
        self.personal = False  # its text or period names the unit: not shared with other units
        self.source: LibraryItem | tuple[str, int] | None = None  # what a slot remakes it from (see _Slot)


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
        problems.append(Problem(item.origin_of(fieldname).location,
                                t("item '{id}': {message}", id=item.id, message=exc.message),
                                field=fieldname, hint=exc.hint, code="compose.parameter"))
        return text
    if key is not None and len(plan.texts) < SHARED_ITEMS_PER_PLAN:
        plan.texts[key] = filled
    return filled


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
        draft.interview, draft.survey = spec.interview, spec.survey
        if extra is not None and spec.interview is not None:  # a template's questions about its finding
            draft.interview = Interview(ask=spec.interview.ask, questions=tuple(
                _fill(ctx, plan, q, item, "interview", problems, extra) for q in spec.interview.questions))
        if spec.qualification is not None:
            draft.qualification = _qualification(ctx, plan, spec.qualification)
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


def _qualification(ctx: Context, plan: _Plan, spec: QualificationSpec) -> Qualification:
    """定性参考 with the articles of the versions in force on the round's date; made once per plan."""
    key = ("qualification", spec, ctx.round.start)
    found = plan.shared.get(key)
    if found is None:
        lib, day = ctx.lib, ctx.round.start
        articles = []
        for ref in spec.articles:
            if in_force(lib, ref.policy, day):
                citation = lib.items[ref.policy].spec
                assert isinstance(citation, PolicyItemSpec)
                articles.append(ArticleCitation(policy=ref.policy, title=citation.citation.title,
                                                article=ref.article))
        found = Qualification(discipline=spec.discipline, label=DISCIPLINE_LABELS[spec.discipline],
                              articles=tuple(articles))
        if len(plan.shared) < SHARED_ITEMS_PER_PLAN:
            plan.shared[key] = found
    assert isinstance(found, Qualification)
    return found


def _raised_by(ctx: Context, raised: Sequence[Signal]) -> tuple[RaisedBy, ...]:
    topics = ctx.lib.signal_topics
    return tuple(RaisedBy(topic=s.topic, label=topics[s.topic].value.label, summary=s.summary, source=s.source)
                 for s in raised)


def _from_finding(ctx: Context, plan: _Plan, template: _Candidate, finding: PreviousFinding, index: int,
                  problems: list[Problem]) -> _Draft:
    status = FINDING_STATUS_LABELS[finding.status]
    if finding.status != "rectified" and finding.deadline is not None and finding.deadline < ctx.round.start:
        status += f"，整改时限{chinese_date(finding.deadline)}已过"
    extra = {
        "finding.id": str(finding.id),
        "finding.text": finding.text.rstrip("。；;."),
        "finding.round": finding.round or "上轮巡察",
        "finding.status": status,
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
    return t("previous finding {id} ({status}) in {where}, from template {item}", id=finding.id,
             status=finding.status, where=f"{file}:{line}" if line else file, item=item.id)


def followed_findings(unit_id: str, findings: Sequence[PreviousFinding]) -> list[tuple[int, PreviousFinding]]:
    """The unit's previous findings its pack follows up, with their places: every one not rectified,
    and a sample of the rectified for a check that they really are (反向核查): all of them up to
    three, and beyond that a third, at least three. The sample is drawn by a hash of the unit's and
    the finding's ids, so it is the same on every run and does not favour the first or the last."""
    rectified = [(i, f) for i, f in enumerate(findings) if f.status == "rectified"]
    size = len(rectified) if len(rectified) <= 3 else max(3, -(-len(rectified) // 3))
    drawn = {i for i, f in sorted(rectified, key=lambda p: sha256(f"{unit_id}|{p[1].id}".encode()).digest())[:size]}
    return [(i, f) for i, f in enumerate(findings) if f.status != "rectified" or i in drawn]


def finding_template(finding: PreviousFinding) -> str:
    """The kind of template item that follows ``finding`` up."""
    return "rectified_finding" if finding.status == "rectified" else "previous_finding"


def _finding_drafts(ctx: Context, plan: _Plan, findings: list[tuple[int, PreviousFinding]],
                    problems: list[Problem]) -> list[_Draft]:
    """An item for each of the unit's followed findings from each template of its kind the plan reaches."""
    return [_from_finding(ctx, plan, template, finding, i, problems)
            for template in plan.templates for i, finding in findings
            if template.template == finding_template(finding)]


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
                rule = t("basis of {id}", id=draft.id)
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
            problems.append(Problem(where, t("no policy in its basis is in force on {date}", date=day.isoformat()),
                                    field="basis", hint=t("add the version in force to the basis"),
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
                  Provenance(layer="unit", file=file, line=line, rule=UNIT_RULE), (0, 0, "", n))


def _missing_section(ctx: Context, item: LibraryItem, rule: str) -> Problem:
    known = tuple(s.id for s in ctx.profile.sections.get(item.kind, ()))
    return Problem(item.origin_of("section").location,
                   t("section '{section}' of {kind} item '{id}' is not defined in profile '{profile}' "
                     "(the item is here because {rule})", section=item.section, kind=item.kind, id=item.id,
                     profile=ctx.profile.id, rule=rule),
                   field="section", hint=t("add the section to the profile, or use one of: {known}", known=known),
                   code="compose.unknown-section")
