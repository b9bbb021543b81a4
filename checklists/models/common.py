"""Shared vocabulary of the models: ids, kinds, methods, modes and conditions."""


import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=200),
    Field(description="A stable id: lower-case ASCII letters, digits, '_', '.', '-'."),
]
UnitId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=200),
    Field(description="A unit's id as the calling system knows it: ASCII letters, digits, '_', '.', '-'."),
]
GroupPattern = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9*][a-z0-9_.*-]*$", max_length=200),
    Field(description="A fragment group, or a pattern where '*' stands for any characters."),
]
AttributeName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]
ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Scalar = StrictBool | StrictInt | float | str


Kind = Literal["policy", "function", "supervision_info", "problem"]
KINDS: tuple[Kind, ...] = ("policy", "function", "supervision_info", "problem")
KIND_TITLES: dict[str, str] = {
    "policy": "政策清单",
    "function": "职能清单",
    "supervision_info": "综合监督信息清单",
    "problem": "问题清单",
}


def chinese_date(day: dt.date) -> str:
    """A date as official documents write it: 2026年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


Method = Literal[
    "briefing",
    "interview",
    "petition",
    "spot_check",
    "survey",
    "document_review",
    "forum",
    "attend_meeting",
    "site_visit",
    "request_assistance",
    "special_check",
    "data_comparison",
]
METHOD_LABELS: dict[str, str] = {
    "briefing": "听取工作汇报",
    "interview": "个别谈话",
    "petition": "受理信访",
    "spot_check": "抽查核实",
    "survey": "问卷调查和民主测评",
    "document_review": "调阅资料",
    "forum": "召开座谈会",
    "attend_meeting": "列席会议",
    "site_visit": "实地走访",
    "request_assistance": "提请协助",
    "special_check": "专项检查",
    "data_comparison": "数据比对",
}

Audience = Literal["principal", "leadership", "staff", "public"]
AUDIENCES: tuple[Audience, ...] = ("principal", "leadership", "staff", "public")
AUDIENCE_LABELS: dict[str, str] = {
    "principal": "主要负责人",
    "leadership": "领导班子成员",
    "staff": "中层干部和一般干部",
    "public": "服务对象和群众",
}
"""Whom a group talks to (个别谈话对象), as printed unless the unit type names them its own way."""

Discipline = Literal["political", "organizational", "integrity", "mass", "work", "life", "law"]
DISCIPLINE_LABELS: dict[str, str] = {
    "political": "违反政治纪律",
    "organizational": "违反组织纪律",
    "integrity": "违反廉洁纪律",
    "mass": "违反群众纪律",
    "work": "违反工作纪律",
    "life": "违反生活纪律",
    "law": "违法",
}
"""The six disciplines of 《中国共产党纪律处分条例》, and breaking the law (定性参考)."""

Article = Annotated[
    str,
    StringConstraints(pattern=r"^第[零〇一二三四五六七八九十百千]+条(第[一二三四五六七八九十]+款)?(第[一二三四五六七八九十]+项)?$"),
    Field(description="An article as the text numbers it: 第一百零一条, 第三十条第二款."),
]

RoundMode = Literal["regular", "special", "elevated", "cross", "follow_up"]
MODE_LABELS: dict[str, str] = {
    "regular": "常规巡察",
    "special": "专项巡察",
    "elevated": "提级巡察",
    "cross": "交叉巡察",
    "follow_up": "巡察“回头看”",
}


ALIASED_NAMES = frozenset({"in_", "not_"})
"""Python names of fields that documents spell otherwise (``in``, ``not``). pydantic ignores
such a name in a document rather than refusing it, so the loader treats one as a reason to
check the document against its schema, which refuses it as an unknown key."""


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, instances are immutable.

    Built on first use (``defer_build``): a cached library holds instances of most of them,
    and a run validates few of them as classes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class AttributeTest(Strict):
    """A comparison of one unit attribute; every operator given must hold."""

    eq: Scalar | None = None
    ne: Scalar | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    in_: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Scalar, ...] | None = None
    exists: bool | None = None


class Condition(Strict):
    """Where something applies. Every key given must hold (they are joined by 'and').

    Conditions are data: they are checked against a schema and evaluated by the
    library, never run as code.
    """

    types: tuple[Id, ...] | None = Field(default=None, description="The unit's type is one of these.")
    subtypes: tuple[Id, ...] | None = Field(
        default=None, description="The unit has at least one of these subtypes."
    )
    attributes: dict[AttributeName, AttributeTest | Scalar] | None = Field(
        default=None,
        description="Each named attribute passes its test; a plain value means 'equals'.",
    )
    signals: tuple[Id, ...] | None = Field(
        default=None, description="The unit has a known signal on at least one of these topics."
    )
    modes: tuple[RoundMode, ...] | None = Field(default=None, description="The round's mode is one of these.")
    themes: tuple[Id, ...] | None = Field(default=None, description="The round's theme is one of these.")
    all: "tuple[Condition, ...] | None" = Field(default=None, description="Every one of these holds.")
    any: "tuple[Condition, ...] | None" = Field(default=None, description="At least one of these holds.")
    not_: "Condition | None" = Field(default=None, alias="not", description="This does not hold.")
