"""Checks that span documents, run once the layers are merged: every reference names something
(basis, materials, signal topics, programs, departments, profiles, unit types, subtypes,
attributes, groups), texts are well formed, and every item a unit type can reach has its section.
Each problem names the file and line where the value was written (a patch's, where one set it).
"""

import fnmatch
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._records import Defined, LibraryItem, Origin, ResolvedProfile
from .conditions import walk
from .errors import Problem, closest
from .i18n import t
from .models.common import Condition
from .models.library import (
    AnyItemSpec,
    PolicyItemSpec,
    ProblemItemSpec,
    Selection,
    SupervisionInfoItemSpec,
    UnitTypeSpec,
)
from .params import TemplateError
from .params import names as param_names

if TYPE_CHECKING:
    from ._build import Builder


def check_references(builder: "Builder", profiles: Mapping[str, ResolvedProfile],
                     groups: Mapping[str, tuple[str, ...]]) -> None:
    """Every reference names something, every text is well formed, every section exists."""
    refs = _References(builder, groups)
    for item in builder.items.values():
        refs.item(item)
    for topic in builder.signal_topics.values():
        if topic.value.department:
            refs.ref(topic.origin, "department", topic.value.department, builder.departments, t("department"))
    for ut in builder.unit_types.values():
        refs.unit_type(ut)
    for pdef in builder.profile_specs.values():
        refs.selection(pdef.origin, "include", pdef.value.include)
        refs.selection(pdef.origin, "exclude", pdef.value.exclude)
    for prog in builder.programs.values():
        refs.condition(prog.origin, "applies_to", prog.value.applies_to)
        refs.selection(prog.origin, "include", prog.value.include)
    for theme in builder.themes.values():
        refs.selection(theme.origin, "include", theme.value.include)
    check_sections(builder, profiles, groups)


class _References:
    """The checks of what names what, each adding its problems to the builder's."""

    def __init__(self, builder: "Builder", groups: Mapping[str, tuple[str, ...]]) -> None:
        self.builder = builder
        self.groups = groups
        self.add = builder.problems.append
        self.subtypes = dict.fromkeys(s.id for ut in builder.unit_types.values() for s in ut.value.subtypes)
        self.attributes = dict.fromkeys(a for ut in builder.unit_types.values() for a in ut.value.attributes)
        self.policies = {k: v for k, v in builder.items.items() if v.kind == "policy"}

    def ref(self, origin: Origin, fieldname: str, value: str, table: Mapping[str, Any], what: str) -> None:
        """A problem unless ``value`` is a key of ``table`` (the ids of a kind of thing, ``what``)."""
        if value in table:
            return
        close = closest(value, list(table))
        hint = t("did you mean '{close}'?", close=close) if close else t("define the {what} or fix the id", what=what)
        if value in self.builder.removed:
            hint = t("it was removed by {patch}", patch=self.builder.removed[value])
        self.add(Problem(origin.location, t("unknown {what} '{value}'", what=what, value=value), field=fieldname,
                         hint=hint,
                         code="ref.unknown-" + what.split(" of ")[0].replace(" ", "-")))

    def condition(self, origin: Origin, fieldname: str, cond: Condition | None) -> None:
        builder = self.builder
        for c in walk(cond):
            for ut in c.types or ():
                self.ref(origin, f"{fieldname}.types", ut, builder.unit_types, t("unit type"))
            for s in c.subtypes or ():
                self.ref(origin, f"{fieldname}.subtypes", s, self.subtypes, t("subtype"))
            for a in c.attributes or {}:
                self.ref(origin, f"{fieldname}.attributes", a, self.attributes, t("attribute"))
            for s in c.signals or ():
                self.ref(origin, f"{fieldname}.signals", s, builder.signal_topics, t("signal topic"))
            for th in c.themes or ():
                self.ref(origin, f"{fieldname}.themes", th, builder.themes, t("theme"))

    def selection(self, origin: Origin, fieldname: str, sel: Selection) -> None:
        for pattern in sel.groups:
            if not any(fnmatch.fnmatchcase(g, pattern) for g in self.groups):
                close = closest(pattern, list(self.groups))
                self.add(Problem(origin.location, t("group pattern '{pattern}' matches no group", pattern=pattern),
                                 field=f"{fieldname}.groups", hint=t("did you mean '{close}'?", close=close)
                                 if close else t("check the group names"),
                                 code="ref.pattern-matches-nothing"))
        for item_id in sel.items:
            if fieldname == "exclude" and item_id in self.builder.removed:
                continue  # excluding an item a layer removed changes nothing
            self.ref(origin, f"{fieldname}.items", item_id, self.builder.items, t("item"))

    def item(self, item: LibraryItem) -> None:
        builder, spec, at = self.builder, item.spec, item.origin_of  # a patched field: where the patch set it
        for fieldname, text in _texts(spec):
            if fieldname.startswith(_AS_WRITTEN) and "{" in text and not getattr(spec, "template", None):
                self.add(Problem(at(fieldname.split(".")[0]).location,
                                 t("item '{id}': {field} is printed as written and cannot name parameters",
                                   id=spec.id, field=fieldname), field=fieldname,
                                 hint=t("write the words themselves; a group's papers name the unit in their title"),
                                 code="text.parameter-not-allowed"))
                continue
            for code, message, hint in _text_problems(text):
                self.add(Problem(at(fieldname).location, t("item '{id}': {message}", id=spec.id, message=message),
                                 field=fieldname, hint=hint, code=code))
        self.condition(at("when"), "when", item.when)
        for p in item.programs:
            self.ref(at("programs"), "programs", p, builder.programs, t("program"))
        for s in spec.signals:
            self.ref(at("signals"), "signals", s, builder.signal_topics, t("signal topic"))
        if isinstance(spec, ProblemItemSpec):
            self.problem(item, spec)
        if isinstance(spec, SupervisionInfoItemSpec):
            self.ref(at("department"), "department", spec.department, builder.departments, t("department"))
        if isinstance(spec, PolicyItemSpec) and spec.citation.superseded_by is not None:
            self.ref(at("citation"), "citation.superseded_by", spec.citation.superseded_by, self.policies,
                     t("policy item"))

    def problem(self, item: LibraryItem, spec: ProblemItemSpec) -> None:
        at = item.origin_of
        for basis in spec.basis:
            target = self.builder.items.get(basis)
            if target is not None and target.kind != "policy":
                self.add(Problem(at("basis").location, t("basis '{basis}' is a {kind} item, not a policy item",
                                                           basis=basis, kind=target.kind),
                                 field="basis", related=target.origin.location, code="ref.basis-not-policy"))
            else:
                self.ref(at("basis"), "basis", basis, self.policies, t("policy item"))
        for m in spec.materials:
            self.ref(at("materials"), "materials", m, self.builder.materials, t("material"))
        for fieldname, method, given in (("interview", "interview", spec.interview),
                                         ("survey", "survey", spec.survey)):
            if given is not None and method not in spec.methods:
                self.add(Problem(at(fieldname).location, t("item '{id}' has {field} but its methods do not include "
                                                           "{method}", id=spec.id, field=fieldname, method=method),
                                 field=fieldname, hint=t("add {method} to methods, or remove {field}", method=method,
                                                         field=fieldname),
                                 code=f"schema.{fieldname}-without-method"))
        if spec.qualification is not None:
            for ref in spec.qualification.articles:
                self.ref(at("qualification"), "qualification.articles.policy", ref.policy, self.policies,
                         t("policy item"))
        if spec.template and spec.signals:
            self.add(Problem(at("signals").location, t("a template item cannot be raised by signals"),
                             field="signals", code="schema.template-with-signals"))

    def unit_type(self, ut: "Defined[UnitTypeSpec]") -> None:
        spec = ut.value
        self.ref(ut.origin, "profile", spec.profile or spec.id, self.builder.profile_specs, t("profile"))
        seen: set[str] = set()
        for sub in spec.subtypes:
            for rule in sub.rules:
                for c in walk(rule):
                    for a in c.attributes or {}:
                        self.ref(ut.origin, f"subtypes.{sub.id}.rules.attributes", a, spec.attributes,
                                 t("attribute of this unit type"))
            if sub.id in seen:
                self.add(Problem(ut.origin.location, t("duplicate subtype '{id}'", id=sub.id), field="subtypes",
                                 code="schema.duplicate-subtype"))
            seen.add(sub.id)


def check_sections(builder: "Builder", profiles: Mapping[str, ResolvedProfile],
                    groups: Mapping[str, tuple[str, ...]]) -> None:
    """Each profile's sections nest at most two deep, and every item a unit type can
    reach has its section in that type's profile."""
    for profile in profiles.values():
        origin = builder.profile_specs[profile.id].origin
        for kind, secs in profile.sections.items():
            ids = {s.id: s for s in secs}
            for s in secs:
                if s.parent is None:
                    continue
                parent = ids.get(s.parent)
                if parent is None:
                    builder.problems.append(Problem(origin.location, t("section '{id}' has unknown parent "
                                                                       "'{parent}' in {kind}", id=s.id,
                                                                       parent=s.parent, kind=kind),
                                                    field=f"sections.{kind}", code="profile.unknown-parent-section"))
                elif parent.parent is not None:
                    builder.problems.append(Problem(origin.location, t("section '{id}' nests under '{parent}', "
                                                                       "which is itself nested; two levels at most",
                                                                       id=s.id, parent=s.parent),
                                                    field=f"sections.{kind}", code="profile.section-too-deep"))
    # Items reached through programs and themes are checked when a round uses them
    # (resolve.compose), since a program need not fit every unit type's profile.
    for ut in builder.unit_types.values():
        found = profiles.get(ut.value.profile or ut.value.id)
        if found is None:
            continue
        profile = found
        patterns = profile.include.groups
        item_ids = {i for g, ids in groups.items() if any(fnmatch.fnmatchcase(g, p) for p in patterns)
                    for i in ids}
        item_ids |= set(profile.include.items)
        for item_id in sorted(item_ids):
            item = builder.items.get(item_id)
            if item is None or not may_apply(item.when, ut.value.id):
                continue
            if not any(s.id == item.section for s in profile.sections.get(item.kind, ())):
                builder.problems.append(
                    Problem(item.origin_of("section").location,
                            t("section '{section}' of {kind} item '{id}' is not defined in profile '{profile}' "
                              "(used by unit type '{unit_type}')", section=item.section, kind=item.kind, id=item.id,
                              profile=profile.id, unit_type=ut.value.id),
                            field="section",
                            hint=t("add the section to profile '{profile}' or choose one of: {sections}",
                                   profile=profile.id,
                                   sections=tuple(s.id for s in profile.sections.get(item.kind, ()))),
                            code="profile.unknown-section")
                )



_CJK_GAP = r"([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
"""Spaces between two Chinese characters. A pattern, not a compiled regex: ``re`` compiles it
when a library is first parsed, not when this module is imported (a cached load never needs it)."""


_AS_WRITTEN = ("interview", "survey")
"""Fields of a problem item printed in the group's papers as written, without parameters; a
template's may name its finding's (``{finding.text}``), filled for each finding it follows up."""


def _texts(spec: AnyItemSpec) -> list[tuple[str, str]]:
    texts = [("text", spec.text)]
    if isinstance(spec, SupervisionInfoItemSpec) and spec.period:
        texts.append(("period", spec.period))
    if isinstance(spec, ProblemItemSpec):
        if spec.interview is not None:
            texts.extend(("interview.questions", q) for q in spec.interview.questions)
        if spec.survey is not None:
            texts.append(("survey", spec.survey))
    return texts


def _text_problems(text: str) -> list[tuple[str, str, str]]:
    """Problems (code, message, hint) of a text an author wrote: template syntax, and spaces
    between Chinese characters (left by YAML line folding)."""
    found = []
    try:
        list(param_names(text))
    except TemplateError as exc:
        found.append(("text.template", exc.message, exc.hint))
    gap = re.search(_CJK_GAP, text)
    if gap:
        found.append(("text.space-between-characters",
                      t("a space stands between Chinese characters: '{text}'", text=gap.group(0)),
                      t("write the text on one line; YAML turns a line break in a folded text into a space")))
    return found


def may_apply(cond: Condition | None, unit_type: str) -> bool:
    """False only when ``cond`` plainly names other unit types."""
    if cond is None:
        return True
    if cond.types is not None and unit_type not in cond.types:
        return False
    return all(may_apply(c, unit_type) for c in cond.all or ())


def _problem_key(p: Problem) -> tuple[str, int, int, str]:
    return (p.location.file, p.location.line, p.location.column, p.message)

