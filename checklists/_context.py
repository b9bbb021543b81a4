"""Everything known about one unit in one round before items are chosen: its subtypes, the programs
that apply to it, the period under review and every parameter's value."""

import datetime as dt
from collections import ChainMap
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._inputs import UnitInput
from ._records import ResolvedProfile
from .conditions import CHINESE, Facts, Wording, describe, holds
from .i18n import Lang, Msg, tr
from .models.common import AUDIENCE_LABELS, AUDIENCES, chinese_date
from .models.inputs import Round, Unit
from .models.pack import (
    Classification,
    Notice,
    ProgramInfo,
    SubtypeOut,
)

if TYPE_CHECKING:
    from .library import Library


class Context:
    """Everything known about one unit in one round, ready for selecting items."""

    __slots__ = ("classification", "facts", "lib", "named_programs", "params", "profile", "programs", "review_from",
                 "round", "unit_input")

    def __init__(self, lib: "Library", unit_input: UnitInput, round: Round, facts: Facts, profile: ResolvedProfile,
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


def prepare(lib: "Library", uin: UnitInput, rnd: Round) -> Context:
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
        type=unit.type, type_label=utype.label, subtypes=ordered, profile=list(profile.chain),
        audiences={a: utype.audiences.get(a, AUDIENCE_LABELS[a]) for a in AUDIENCES},
    )
    params = _params(lib, profile, unit, rnd, review_from, utype)
    return Context(lib, uin, rnd, facts, profile, classification, programs, params, review_from, tuple(named))


def _program_info(lib: "Library", pid: str, applies: bool) -> ProgramInfo:
    key = ("program info", pid, applies)
    info = lib._plans.get(key)
    if info is None:  # the same for every unit: made once
        program = lib.programs[pid].value
        info = lib._plans.setdefault(key, ProgramInfo(
            id=pid, label=program.label, short_label=program.short_label or program.label, applies=applies))
    assert isinstance(info, ProgramInfo)
    return info


def chinese_wording(lib: "Library") -> Wording:
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


class Bilingual(str):
    """Text in English (the string itself) and in Chinese (``zh``), for what the catalog cannot
    translate: a message naming a condition in words, which :func:`~checklists.conditions.describe`
    says in either language but not as a template. :func:`said` gives it in a language."""

    __slots__ = ("zh",)
    zh: str

    def __new__(cls, en: str, zh: str) -> "Bilingual":
        self = super().__new__(cls, en)
        self.zh = zh
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Bilingual, (str(self), self.zh))


def bilingual(en: Msg, zh: Msg) -> Bilingual:
    """One message made twice, with values in English (``en``) and in Chinese (``zh``)."""
    return Bilingual(en, tr(zh, "zh"))


def said(text: str, lang: Lang) -> str:
    """``text`` in ``lang``: a :class:`Bilingual`'s own Chinese, a message translated, any other
    text as it is."""
    if isinstance(text, Bilingual):
        return text.zh if lang == "zh" else str(text)
    return tr(text, lang)


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


def _params(lib: "Library", profile: ResolvedProfile, unit: Unit, rnd: Round, review_from: dt.date,
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
        "review.from": chinese_date(review_from),
        "review.to": chinese_date(rnd.start),
        "review.from_year": str(review_from.year),
        "review.period": f"{chinese_date(review_from)}至{chinese_date(rnd.start)}",
    })
    return ChainMap(values, texts) if texts else values


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
