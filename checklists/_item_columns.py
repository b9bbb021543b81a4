"""The columns of an item workbook (条目工作簿), shared by the export (``export-library``) and the
import (``import-items``): a sheet per kind, a column per field, and how a field is written in a cell.

A cell holds what an author types: ids and labels separated by 、 (or commas, or one a line), methods
and audiences by their Chinese labels, a condition as YAML flow text (``{types: [village]}``), talk
questions one a line, dates as dates. Columns marked ``shown`` only help a reader (the condition in
words, the titles of the basis, where an item was defined); the import ignores them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .models.common import AUDIENCE_LABELS, DISCIPLINE_LABELS, KIND_TITLES, METHOD_LABELS, Kind


class Column(NamedTuple):
    title: str
    key: str  # the item's field, dotted for nested ones (citation.title); '' for a shown-only column
    width: int
    shown: bool = False  # written for readers, not read back


COMMON = (
    Column("编号", "id", 30),
    Column("分组", "group", 24),
    Column("分节", "section", 20),
    Column("内容", "text", 60),
    Column("适用条件", "when", 24),
    Column("适用条件（说明）", "", 30, shown=True),
    Column("监督项目", "programs", 14),
    Column("线索类别", "signals", 18),
    Column("替换内置条目", "replace", 8),
)
SOURCE = Column("来源（内容层:文件:行）", "", 30, shown=True)

BY_KIND: dict[str, tuple[Column, ...]] = {
    "policy": (
        Column("文件名称", "citation.title", 36),
        Column("发文机关", "citation.issuer", 18),
        Column("文号", "citation.doc_number", 18),
        Column("年份", "citation.year", 8),
        Column("印发日期", "citation.issued", 12),
        Column("施行日期", "citation.effective_from", 12),
        Column("失效日期", "citation.effective_until", 12),
        Column("被替代为", "citation.superseded_by", 24),
    ),
    "function": (),
    "supervision_info": (
        Column("提供部门", "department", 20),
        Column("提供部门（名称）", "", 16, shown=True),
        Column("期间", "period", 20),
    ),
    "problem": (
        Column("依据", "basis", 30),
        Column("依据（文件名称）", "", 36, shown=True),
        Column("调阅资料", "materials", 30),
        Column("调阅资料（名称）", "", 30, shown=True),
        Column("检查方法", "methods", 20),
        Column("谈话对象", "interview.ask", 20),
        Column("谈话问题", "interview.questions", 50),
        Column("测评内容", "survey", 30),
        Column("定性", "qualification.discipline", 14),
        Column("条款", "qualification.articles", 30),
        Column("模板", "template", 16),
    ),
}


def columns(kind: str) -> tuple[Column, ...]:
    """Every column of the sheet of ``kind``, in order."""
    return (*COMMON[:4], *BY_KIND[kind], *COMMON[4:], SOURCE)


SHEETS: dict[str, Kind] = {KIND_TITLES[k]: k for k in ("policy", "function", "supervision_info", "problem")}
"""Sheet title → kind: 政策清单, 职能清单, 综合监督信息清单, 问题清单."""

METHODS = {**{label: key for key, label in METHOD_LABELS.items()}, **{k: k for k in METHOD_LABELS}}
AUDIENCES = {**{label: key for key, label in AUDIENCE_LABELS.items()}, **{k: k for k in AUDIENCE_LABELS}}
DISCIPLINES = {**{label: key for key, label in DISCIPLINE_LABELS.items()}, **{k: k for k in DISCIPLINE_LABELS},
               **{label.removeprefix("违反"): key for key, label in DISCIPLINE_LABELS.items()}}
YES, NO = {"是", "yes", "true", "√"}, {"否", "", "no", "false", "×"}

_SPLIT = re.compile(r"[、,，;；\n]+")


def split(text: str) -> list[str]:
    """The values of a cell of several: separated by 、 , ； or line breaks."""
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def joined(values: object) -> str:
    return "、".join(str(v) for v in values) if isinstance(values, list | tuple) else str(values)


__all__ = [
    "AUDIENCES",
    "BY_KIND",
    "COMMON",
    "DISCIPLINES",
    "METHODS",
    "NO",
    "SHEETS",
    "SOURCE",
    "YES",
    "Column",
    "columns",
    "joined",
    "split",
]
