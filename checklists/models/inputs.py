"""What callers give: units and rounds."""


import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictInt

from .common import AttributeName, Id, ParamName, RoundMode, Scalar, Strict, Text, UnitId

_BUILT_NOW = ConfigDict(defer_build=False)
"""Unlike the library's models, these are built as they are defined, each after the models it
holds. Built on first use, a round's first check generated the schemas of Unit, Signal and
PreviousFinding inside Round's, and the first pack's fingerprint generated Unit's again."""


class Signal(Strict):
    """Something already known about the unit from other supervision."""

    model_config = _BUILT_NOW

    topic: Id = Field(description="A signal topic of the library's catalog, e.g. petition.land_compensation.")
    summary: str | None = Field(default=None, description="What is known, in a sentence.")
    source: str | None = Field(default=None, description="Who reported it, e.g. 县信访局.")
    count: int | None = Field(default=None, ge=0, description="How many reports, where counted.")
    date: dt.date | None = None


FindingStatus = Literal["rectified", "in_progress", "not_rectified", "reopened", "long_term"]
FINDING_STATUS_LABELS: dict[str, str] = {
    "rectified": "已整改",
    "in_progress": "整改中",
    "not_rectified": "未整改",
    "reopened": "整改后反弹",
    "long_term": "长期整改",
}
FindingId = UnitId | Annotated[StrictInt, Field(ge=0)]
"""A finding's id as the office's system knows it: text such as XC-2023-001, or a number."""


class PreviousFinding(Strict):
    """A problem fed back by an earlier round, with its rectification status."""

    model_config = _BUILT_NOW

    id: FindingId
    text: Text = Field(description="The finding as fed back.")
    round: str | None = Field(default=None, description="The round that found it, e.g. 2023年第二轮.")
    status: FindingStatus
    deadline: dt.date | None = Field(default=None, description="整改时限: when it was to be rectified.")
    item: Id | None = Field(default=None, description="The problem item of the list that led to it, if any.")


class Finding(PreviousFinding):
    """A finding in a findings file: which unit it concerns, and what the ledger recorded."""

    model_config = _BUILT_NOW

    unit: UnitId = Field(description="The id of the unit it concerns.")
    check: str | None = Field(default=None, description="核查情况: what the group checked.")
    measures: str | None = Field(default=None, description="整改措施.")
    responsible: str | None = Field(default=None, description="责任单位/责任人.")


class FindingsFile(Strict):
    """A findings file (findings.yaml): the findings of one round, for the next round's 回头看."""

    model_config = _BUILT_NOW

    round: str | None = Field(default=None, description="The round that found them, e.g. 县委2026年第一轮巡察.")
    round_id: UnitId | None = Field(default=None, description="That round's id.")
    findings: tuple[Finding, ...] = ()


class Unit(Strict):
    """One inspected body."""

    model_config = _BUILT_NOW

    id: UnitId
    name: Text
    type: Id = Field(description="A unit type of the library, e.g. village.")
    subtypes: tuple[Id, ...] = Field(default=(), description="Subtypes stated for the unit.")
    attributes: dict[AttributeName, Scalar] = Field(
        default={}, description="Typed as the unit type declares."
    )
    functions: tuple[Text, ...] = Field(default=(), description="Main functions from its 三定方案.")
    internal_bodies: tuple[Text, ...] = Field(default=(), description="Internal bodies (内设机构).")
    subordinate_units: tuple[Text, ...] = Field(default=(), description="Subordinate units (下属单位).")
    signals: tuple[Signal, ...] = ()
    previous_findings: tuple[PreviousFinding, ...] = ()
    params: dict[ParamName, Scalar] = Field(default={}, description="Parameter values for this unit.")


DEFAULT_MARKING = "内部资料 注意保存"
"""The marking printed on pages and covers when neither the office nor the command gives one."""


class Office(Strict):
    """The inspection office that runs the round: its name, the 落款单位 and the contact printed on
    request letters, and the marking printed on pages and covers."""

    model_config = _BUILT_NOW

    name: Text = Field(description="The office's name, e.g. 中共××县委巡察工作领导小组办公室.")
    signature: Text | None = Field(
        default=None, description="落款单位 of request letters; defaults to the name."
    )
    contact: str | None = Field(default=None, description="联系人 named in request letters.")
    phone: str | None = Field(default=None, description="联系电话 named in request letters.")
    marking: str | None = Field(
        default=None, description=f"Marking on HTML pages and Word covers; default {DEFAULT_MARKING}, '' for none."
    )


class Round(Strict):
    """One inspection round and the units it covers."""

    model_config = _BUILT_NOW

    id: UnitId
    name: Text
    mode: RoundMode = "regular"
    theme: Id | None = Field(default=None, description="The theme of a special round.")
    programs: tuple[Id, ...] = Field(
        default=("xuncha",), min_length=1, description="Supervision programs carried out together."
    )
    start: dt.date
    end: dt.date | None = None
    review_from: dt.date | None = Field(
        default=None, description="Start of the period under review; default 1 January three years before start."
    )
    requests_due: dt.date | None = Field(
        default=None, description="Date by which departments are asked to supply information (商请函); "
        "left blank in the letters when not given."
    )
    params: dict[ParamName, Scalar] = Field(default={}, description="Parameter values for every unit.")
    units: tuple[Unit, ...] = ()
    unit_files: tuple[str, ...] = Field(
        default=(), description="Unit files, relative to the round file, each holding one unit."
    )
    previous_findings: tuple[str, ...] = Field(
        default=(), description="Findings files of earlier rounds, relative to the round file: each unit gets the "
        "findings of its own id (回头看)."
    )
    office: Office | None = Field(default=None, description="The office running the round (letters, covers).")
    office_file: str | None = Field(
        default=None, description="An office settings file (office.yaml), relative to the round file; "
        "instead of office."
    )


__all__ = [
    "DEFAULT_MARKING",
    "Finding",
    "FindingStatus",
    "FindingsFile",
    "Office",
    "PreviousFinding",
    "Round",
    "Signal",
    "Unit",
]
