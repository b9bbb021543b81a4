"""What the library returns: a pack of four checklists for one unit in one round."""


import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .common import Audience, Discipline, Kind, Method, RoundMode
from .inputs import DEFAULT_MARKING, Office, Unit
from .library import Citation, Interview


class Out(BaseModel):
    """Output models are immutable, so packs may share items and hand them out safely."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Provenance(Out):
    """Where an item came from and why it is in the pack."""

    layer: str
    file: str = Field(description="Path relative to the layer, or the round/unit file.")
    line: int
    rule: str = Field(description="The rule that included it, e.g. profile:village include village.*")
    patched_by: tuple[str, ...] = Field(default=(), description="Layer changes applied, as layer:file:line.")
    replaced: str | None = Field(default=None, description="The earlier definition this one replaced.")


class RaisedBy(Out):
    """A signal of the unit that raised an item."""

    topic: str
    label: str
    summary: str | None = None
    source: str | None = None


class ArticleCitation(Out):
    """An article of the version in force on the round's date."""

    policy: str = Field(description="The policy item of that version.")
    title: str = Field(description="The document's title, with 《》.")
    article: str = Field(description="e.g. 第一百零一条.")


class Qualification(Out):
    """定性参考 of a problem item: the discipline it breaks when found, and the articles in force."""

    discipline: Discipline
    label: str = Field(description="As printed, e.g. 违反廉洁纪律.")
    articles: tuple[ArticleCitation, ...] = ()


class Item(Out):
    """One line of a checklist."""

    id: str
    kind: Kind
    section: str
    number: int = Field(description="Number within its section, from 1.")
    outline: str = Field(description="Full number as printed, e.g. 一(二)3.")
    text: str
    programs: tuple[str, ...]
    raised_by: tuple[RaisedBy, ...] = ()
    derived_from: str | None = Field(default=None, description="e.g. previous_finding:f1")
    citation: Citation | None = None
    basis: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    methods: tuple[Method, ...] = ()
    interview: Interview | None = Field(default=None, description="个别谈话: whom to ask and the questions.")
    survey: str | None = Field(default=None, description="问卷和民主测评: the statement respondents rate.")
    qualification: Qualification | None = None
    department: str | None = None
    period: str | None = None
    provenance: Provenance


class Section(Out):
    """A section of a list that holds items, with its printed number."""

    id: str
    title: str
    level: Literal[1, 2]
    number: str = Field(description="一 for a top section, (一) for a nested one.")
    parent: str | None = None


class Checklist(Out):
    """One of the four lists of a pack, with its sections and numbered items."""

    kind: Kind
    title: str
    sections: tuple[Section, ...] = Field(description="Sections that hold items, in print order.")
    items: tuple[Item, ...]


class MaterialRequest(Out):
    """A material to request, once, with the items that need it (调阅资料清单)."""

    id: str
    label: str
    needed_by: tuple[str, ...] = Field(description="Ids of the items that need it, in print order.")


class DepartmentRequest(Out):
    """What is asked of one department: the ids of its supervision-information items."""

    department: str
    label: str
    items: tuple[str, ...] = Field(description="Ids of the supervision_info items asked of it.")


class SubtypeOut(Out):
    """A subtype of the unit and where it came from (stated, or the rule that derived it)."""

    id: str
    label: str
    source: str = Field(description="'stated' or 'rule:<n>' of the unit type.")


class Classification(Out):
    """The unit's type, subtypes and profile chain."""

    type: str
    type_label: str
    subtypes: tuple[SubtypeOut, ...]
    profile: tuple[str, ...] = Field(description="The profile and the profiles it extends, nearest first.")
    audiences: dict[Audience, str] = Field(
        default={}, description="Whom a group talks to, as this type names them (个别谈话对象)."
    )


class ProgramInfo(Out):
    """A program the round names, and whether it applies to this unit."""

    id: str
    label: str
    short_label: str = Field(description="The name marked on each item in a joint round.")
    applies: bool = Field(description="False when the unit is outside the program's scope (applies_to).")


class RoundInfo(Out):
    """The round as the pack records it: dates, mode, theme and the programs carried out for this unit."""

    id: str
    name: str
    mode: RoundMode
    theme: str | None
    programs: tuple[str, ...] = Field(description="The programs carried out for this unit, in the round's order.")
    named_programs: tuple[ProgramInfo, ...] = Field(
        default=(), description="Every program the round names, with its names, in the round's order."
    )
    start: dt.date
    end: dt.date | None
    review_from: dt.date
    requests_due: dt.date | None = None
    office: Office | None = Field(default=None, description="The office running the round, where given.")

    def marking(self, given: str | None = None) -> str:
        """The marking to print: ``given`` where a caller gives one, else the office's, else the default."""
        if given is not None:
            return given
        if self.office is not None and self.office.marking is not None:
            return self.office.marking
        return DEFAULT_MARKING


class Notice(Out):
    """Something the people using the pack must know that is not an item: a program the round
    names that does not apply to the unit, a lead that matches no item."""

    code: Literal["program_not_applicable", "lead_unmatched"]
    message: str = Field(description="In words, as printed.")
    program: str | None = Field(default=None, description="The program concerned.")
    lead: int | None = Field(default=None, description="Index in ``leads`` of the lead concerned.")


class Lead(Out):
    """A signal given for the unit (线索), with the items it raised or added."""

    topic: str
    label: str
    summary: str | None = None
    source: str | None = None
    count: int | None = None
    date: dt.date | None = None
    raised: tuple[str, ...] = Field(
        default=(), description="Ids of the items it raised (their condition held for the unit already)."
    )
    added: tuple[str, ...] = Field(
        default=(), description="Ids of the items it added (their condition did not hold; the signal put them in)."
    )


class LayerInfo(Out):
    """A layer the pack was made from: its name, version and digest."""

    name: str
    version: str
    digest: str = Field(description="sha256 of the layer's files.")


class Pack(Out):
    """The four checklists for one unit in one round, with derived views and provenance."""

    schema_version: Literal[1] = 1
    generator: str = Field(description="checklists and its version.")
    layers: tuple[LayerInfo, ...]
    round: RoundInfo
    unit: Unit
    classification: Classification
    policy: Checklist
    function: Checklist
    supervision_info: Checklist
    problem: Checklist
    materials: tuple[MaterialRequest, ...] = Field(description="调阅资料清单: each material once.")
    requests: tuple[DepartmentRequest, ...] = Field(description="Supervision requests per department.")
    leads: tuple[Lead, ...] = Field(default=(), description="线索: every signal given for the unit, in its order.")
    notices: tuple[Notice, ...] = Field(default=(), description="What the pack's users must be told.")
    fingerprint: str = Field(description="sha256 of every input and the library version.")

    def checklist(self, kind: Kind) -> Checklist:
        checklist: Checklist = getattr(self, kind)
        return checklist


__all__ = [
    "ArticleCitation",
    "Checklist",
    "Classification",
    "DepartmentRequest",
    "Item",
    "LayerInfo",
    "Lead",
    "MaterialRequest",
    "Notice",
    "Out",
    "Pack",
    "ProgramInfo",
    "Provenance",
    "Qualification",
    "RaisedBy",
    "RoundInfo",
    "Section",
    "SubtypeOut",
]
