"""What a loaded library holds: items, catalog entries, unit types, sections, programs and
themes. The shapes only layer files have, which a library merges away, are in ``layer_files``."""


import datetime as dt
from typing import Literal

from pydantic import Field

from .common import (
    Article,
    AttributeName,
    Audience,
    Condition,
    Discipline,
    GroupPattern,
    Id,
    Method,
    Strict,
    Text,
)

# --------------------------------------------------------------------------- items


class ItemSpec(Strict):
    """The fields every item has, whatever its kind."""

    id: Id = Field(description="Unique across the whole library; later layers refer to it.")
    text: Text = Field(description="The line as printed. May name parameters: {unit.name}.")
    section: Id | None = Field(default=None, description="Section id; defaults to the fragment's.")
    when: Condition | None = Field(
        default=None, description="Where the item applies, joined with the fragment's condition."
    )
    programs: tuple[Id, ...] | None = Field(
        default=None, description="Supervision programs the item belongs to; defaults to the fragment's."
    )
    signals: tuple[Id, ...] = Field(
        default=(),
        description="Signal topics that raise this item (and add it, if its condition fails).",
    )
    replace: bool = Field(
        default=False, description="Set in a later layer to replace an item of the same id."
    )


class Citation(Strict):
    """How a policy document is cited: exact title with 《》, issuer, year, 文号 where certain, and
    the dates that decide which version a round cites."""

    title: Text = Field(description="The document's exact title, with 《》.")
    issuer: str | None = Field(default=None, description="发文机关, e.g. 中共中央办公厅.")
    year: int | None = Field(default=None, ge=1949, le=2100, description="Year issued or last revised.")
    doc_number: str | None = Field(default=None, description="文号, only where certain.")
    issued: dt.date | None = Field(default=None, description="Date issued (发布/印发), where known.")
    effective_from: dt.date | None = Field(
        default=None, description="In force from this date; defaults to the date issued."
    )
    effective_until: dt.date | None = Field(
        default=None, description="No longer in force from this date (exclusive)."
    )
    superseded_by: Id | None = Field(
        default=None, description="The policy item that replaced this version."
    )


    @property
    def starts(self) -> dt.date | None:
        """The day this version takes effect, as stated: ``effective_from``, else the day it was issued."""
        return self.effective_from or self.issued

    @property
    def counts_from(self) -> dt.date | None:
        """The first day a round may cite this version: the day it takes effect where stated; for a
        version known only by its year, 1 January of the next year, so that nothing is cited before
        it surely existed; None (always) for a version with neither."""
        stated = self.effective_from or self.issued
        if stated is None and self.year is not None:
            return dt.date(self.year + 1, 1, 1)
        return stated


class PolicyItemSpec(ItemSpec):
    """A policy item (政策清单): one version of one document, with its key points for this kind of unit."""

    citation: Citation


class FunctionItemSpec(ItemSpec):
    """A function item (职能清单): a line of the unit's basic facts, functions, internal bodies or subordinate units."""

    pass


class SupervisionInfoItemSpec(ItemSpec):
    """A supervision-information item (综合监督信息清单): what to request from one department, for which period."""

    department: Id = Field(description="The supplying department (catalog id).")
    period: str | None = Field(default=None, description="The period the request covers.")


class Interview(Strict):
    """个别谈话: whom to ask about a problem, and the questions, written to be put to them."""

    ask: tuple[Audience, ...] = Field(
        min_length=1,
        description="Whom to ask: principal (一把手), leadership (班子成员), staff (中层和一般干部), "
        "public (服务对象和群众).",
    )
    questions: tuple[Text, ...] = Field(min_length=1, description="Each a question as put, ending with ？.")


class ArticleRef(Strict):
    """An article of one version of a regulation or law, confirmed in its text."""

    policy: Id = Field(description="The policy item of that version, e.g. reg.discipline.2023.")
    article: Article


class QualificationSpec(Strict):
    """定性参考: the discipline a problem breaks when it is found, and the articles of the versions
    that say so. A round prints only the articles of the version in force on its date."""

    discipline: Discipline = Field(
        description="political, organizational, integrity, mass, work or life (the six disciplines), or law."
    )
    articles: tuple[ArticleRef, ...] = Field(default=(), description="Only articles confirmed in the text.")


class ProblemItemSpec(ItemSpec):
    """A problem item (问题清单): a problem or risk point to check, its policy basis, the materials
    to request and the methods."""

    basis: tuple[Id, ...] = Field(min_length=1, description="Policy item ids this problem rests on.")
    materials: tuple[Id, ...] = Field(default=(), description="Materials to request (catalog ids).")
    methods: tuple[Method, ...] = Field(min_length=1, description="How to check.")
    interview: Interview | None = Field(
        default=None, description="个别谈话提纲: whom to ask and what; for an item whose methods include interview."
    )
    survey: Text | None = Field(
        default=None,
        description="问卷和民主测评: the statement respondents rate, written for them; for an item whose "
        "methods include survey.",
    )
    qualification: QualificationSpec | None = Field(
        default=None, description="定性参考, only where it can be stated with certainty."
    )
    template: Literal["previous_finding", "rectified_finding"] | None = Field(
        default=None,
        description="A template instantiated once per previous finding of the unit (回头看): "
        "'previous_finding' for each one not rectified, 'rectified_finding' for each one in the sample "
        "of rectified findings drawn for a check that they really are (反向核查).",
    )


AnyItemSpec = PolicyItemSpec | FunctionItemSpec | SupervisionInfoItemSpec | ProblemItemSpec

# --------------------------------------------------------------------------- catalog entries


class Department(Strict):
    """A department that supplies information before a round (纪委监委, 组织部, 审计局 …)."""

    id: Id
    label: Text = Field(description="As printed, e.g. 县纪委监委.")
    description: str | None = None
    replace: bool = False


class Material(Strict):
    """A document or record to request from the unit (调阅资料), listed once per pack whichever items need it."""

    id: Id
    label: Text = Field(description="The document to request, e.g. 党委(党组)会议记录.")
    description: str | None = None
    replace: bool = False


class SignalTopic(Strict):
    """A kind of signal already known from other supervision (a petition topic, an audit finding) that raises items."""

    id: Id
    label: Text = Field(description="e.g. 征地补偿类信访.")
    department: Id | None = Field(default=None, description="The department that usually reports it.")
    description: str | None = None
    replace: bool = False


# --------------------------------------------------------------------------- unit types


class AttributeSpec(Strict):
    """An attribute units of a type may give (population, grade, sector …): its type, label, unit and limits."""

    type: Literal["integer", "number", "boolean", "string", "enum", "date"]
    label: Text
    unit: str | None = Field(default=None, description="Unit of measure, e.g. 万元.")
    values: tuple[str, ...] | None = Field(default=None, description="Allowed values of an enum.")
    minimum: float | None = None
    maximum: float | None = None
    description: str | None = None


class SubtypeSpec(Strict):
    """A subtype of a unit type (资源丰富村, 财政部门 …), derived when any of its rules holds or stated by the unit."""

    id: Id
    label: Text
    description: str | None = None
    rules: tuple[Condition, ...] = Field(
        default=(), description="The subtype is derived when any of these holds for the unit."
    )


class UnitTypeSpec(Strict):
    """A unit type (行政村, 党政机关 …): its profile, attributes and subtypes."""

    id: Id
    label: Text
    profile: Id | None = Field(default=None, description="Profile to use; defaults to the type id.")
    description: str | None = None
    attributes: dict[AttributeName, AttributeSpec] = Field(default={})
    subtypes: tuple[SubtypeSpec, ...] = ()
    audiences: dict[Audience, Text] = Field(
        default={}, description="How this type names whom a group talks to, e.g. principal: 村党组织书记."
    )
    replace: bool = False


# --------------------------------------------------------------------------- sections, selections, programs


class SectionSpec(Strict):
    """A section of a list in a profile, printed 一、 (top) or (一) (nested under a parent)."""

    id: Id
    title: Text
    parent: Id | None = Field(default=None, description="A section of the same kind to nest under.")


class Selection(Strict):
    """The groups (patterns with '*') and items a profile, program or theme includes or excludes."""

    groups: tuple[GroupPattern, ...] = ()
    items: tuple[Id, ...] = ()


class ProgramSpec(Strict):
    """A supervision program a round carries out (巡察, 政治督察, special checks): the units it
    covers and the groups it adds."""

    id: Id
    label: Text
    short_label: Text | None = Field(
        default=None, description="The name marked on each item in a joint round, e.g. 政治督察; defaults to label."
    )
    description: str | None = None
    applies_to: Condition | None = Field(default=None, description="Units this program can cover.")
    include: Selection = Selection()
    replace: bool = False


class ThemeSpec(Strict):
    """A theme of special rounds (专项巡察): the groups of items it adds."""

    id: Id
    label: Text
    description: str | None = None
    include: Selection = Selection()
    replace: bool = False


__all__ = [
    "AnyItemSpec",
    "ArticleRef",
    "AttributeSpec",
    "Citation",
    "Department",
    "FunctionItemSpec",
    "Interview",
    "ItemSpec",
    "Material",
    "PolicyItemSpec",
    "ProblemItemSpec",
    "ProgramSpec",
    "QualificationSpec",
    "SectionSpec",
    "Selection",
    "SignalTopic",
    "SubtypeSpec",
    "SupervisionInfoItemSpec",
    "ThemeSpec",
    "UnitTypeSpec",
]
