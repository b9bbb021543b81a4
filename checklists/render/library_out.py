"""A library's items as a workbook for people who read Excel (``checklists export-library``): a sheet
of instructions, then a sheet per kind with a row per item and a column per field
(``_item_columns``), the ids and their titles side by side. ``checklists import-items`` reads the same
layout back, so a layer exported and imported again gives the same items. Written with XlsxWriter
(the ``office`` extra).
"""

from __future__ import annotations

import io
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from .._item_columns import Column, columns, joined
from ..conditions import describe
from ..i18n import t
from ..models.common import AUDIENCE_LABELS, DISCIPLINE_LABELS, KIND_TITLES, KINDS, METHOD_LABELS
from ..models.library import PolicyItemSpec
from ._xlsx import new_book, print_setup, row_height

if TYPE_CHECKING:
    from .._records import LibraryItem
    from ..library import Library

GUIDE = "填写说明"
GUIDE_LINES = (
    "本工作簿每张表列出一类条目，每行一个条目，每列一个字段。",
    "编号：全库唯一，用本办自己的前缀，如 county.village.approval；只能用小写英文字母、数字、点、下划线和连字符。",
    "分组：条目所属的组。画像按组选取条目，如行政村画像选取 village.* 和 common.* 组；"
    "放进这些组的条目会出现在相应单位的清单中。",
    "分节：条目所在的节，须是该单位类型画像中已有的节。",
    "内容：清单上印出的文字，写在一行内。",
    "适用条件：写成 {types: [village]}、{subtypes: [resource_rich]}、{attributes: {land_acquisition: true}} 等形式；"
    "不写则凡是画像选取该组的单位都适用。“适用条件（说明）”一列只供阅读，导入时不读。",
    "多个值（依据、调阅资料、检查方法、监督项目、谈话对象等）之间用顿号“、”隔开；谈话问题每行一个。",
    "检查方法可填：" + "、".join(METHOD_LABELS.values()) + "。",
    "谈话对象可填：" + "、".join(AUDIENCE_LABELS.values()) + "。",
    "定性可填：" + "、".join(DISCIPLINE_LABELS.values()) + "；条款每行一个，写成“政策条目编号 第X条”，"
    "只写核对过原文的条款。",
    "日期写成 2024-01-01；替换内置条目填“是”表示用本行替换同编号的内置条目。",
    "标有“（名称）”“（说明）”“来源”的列只供阅读，导入时不读。",
    "填好后运行：checklists import-items 本文件.xlsx --into 本办内容层目录",
)


def render(lib: Library, layers: Collection[str] | None = None) -> bytes:
    """The items of ``lib`` (only those defined in ``layers``, by layer name, where given) as the
    bytes of an .xlsx file."""
    from ..resolve import chinese_wording

    buffer = io.BytesIO()
    book = new_book(buffer, t("the library workbook"))
    base = {"text_wrap": True, "valign": "top", "font_name": "仿宋_GB2312", "border": 1}
    header = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "bg_color": "#EEEEEE"})
    shown = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "bg_color": "#F7F7F7",
                             "font_color": "#666666"})
    cell = book.add_format(base)
    guide = book.add_worksheet(GUIDE)
    guide.set_column(0, 0, 120)
    for n, line in enumerate(GUIDE_LINES):
        guide.write_string(n, 0, line, book.add_format({"text_wrap": True, "font_name": "仿宋_GB2312"}))
    wording = chinese_wording(lib)
    for kind in KINDS:
        cols = columns(kind)
        ws = book.add_worksheet(KIND_TITLES[kind])
        for n, col in enumerate(cols):
            ws.set_column(n, n, col.width)
            ws.write_string(0, n, col.title, shown if col.shown else header)
        row = 0
        for item in sorted(lib.items.values(), key=lambda it: it.order):
            if item.kind != kind or (layers is not None and item.origin.layer not in layers):
                continue
            row += 1
            values = [_cell(lib, item, col, wording) for col in cols]
            for n, value in enumerate(values):
                ws.write_string(row, n, value, cell)
            ws.set_row(row, min(row_height(values, [c.width for c in cols]), 300))
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(row, 1), len(cols) - 1)
        print_setup(ws, 0, f"{lib.version} {KIND_TITLES[kind]}")
    book.close()
    return buffer.getvalue()


def _cell(lib: Library, item: LibraryItem, col: Column, wording: Any) -> str:
    """What the cell of ``col`` holds for ``item``, as text."""
    spec = item.spec
    title = col.title
    if title == "适用条件（说明）":
        return describe(item.when, wording) if item.when is not None else ""
    if title == "提供部门（名称）":
        department = getattr(spec, "department", "")
        return lib.departments[department].value.label if department in lib.departments else ""
    if title == "依据（文件名称）":
        return "\n".join(_title(lib, b) for b in getattr(spec, "basis", ()))
    if title == "调阅资料（名称）":
        return "、".join(lib.materials[m].value.label for m in getattr(spec, "materials", ()) if m in lib.materials)
    if col is columns(item.kind)[-1]:  # where it was defined
        return f"{item.origin.layer}:{item.origin.rel}:{item.origin.location.line}"
    return _field(item, col.key)


def _field(item: LibraryItem, key: str) -> str:
    import yaml

    spec = item.spec
    if key == "group":
        return item.group
    if key == "section":
        return item.section
    if key == "programs":
        return joined(item.programs)
    if key == "when":
        if item.when is None:
            return ""
        data = item.when.model_dump(mode="json", exclude_none=True, by_alias=True)
        return str(yaml.safe_dump(data, default_flow_style=True, allow_unicode=True, width=1000)).strip()
    if key == "replace":
        return "是" if spec.replace else ""
    if key == "methods":
        return joined([METHOD_LABELS[m] for m in getattr(spec, "methods", ())])
    if key == "interview.ask":
        interview = getattr(spec, "interview", None)
        return joined([AUDIENCE_LABELS[a] for a in interview.ask]) if interview else ""
    if key == "interview.questions":
        interview = getattr(spec, "interview", None)
        return "\n".join(interview.questions) if interview else ""
    if key == "qualification.discipline":
        q = getattr(spec, "qualification", None)
        return DISCIPLINE_LABELS[q.discipline] if q else ""
    if key == "qualification.articles":
        q = getattr(spec, "qualification", None)
        return "\n".join(f"{a.policy} {a.article}" for a in q.articles) if q else ""
    value: Any = spec
    for part in key.split("."):
        value = getattr(value, part, None)
        if value is None:
            return ""
    if isinstance(value, list | tuple):
        return joined(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _title(lib: Library, policy_id: str) -> str:
    spec = lib.items[policy_id].spec if policy_id in lib.items else None
    return spec.citation.title if isinstance(spec, PolicyItemSpec) else policy_id


__all__ = ["GUIDE", "render"]
