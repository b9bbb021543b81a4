"""The four lists as tables: the columns each kind prints and a row per item.

HTML, Excel and Word all print from this one model, so the formats never disagree about
what a list contains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models.common import METHOD_LABELS, Kind
from ..models.pack import Item, Pack

COLUMNS: dict[str, tuple[str, ...]] = {
    "policy": ("序号", "文件名称", "发文机关", "文号", "年份", "要点"),
    "function": ("序号", "内容"),
    "supervision_info": ("序号", "提供部门", "需提供的情况", "期间"),
    "problem": ("序号", "问题表现", "依据", "检查方法", "调阅资料"),
}
"""Column headings per kind, as printed."""

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
"""Fonts of official documents: title, headings, body."""

FONT_FALLBACKS: dict[str, tuple[str, ...]] = {
    TITLE_FONT: ("FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun"),
    HEADING_FONT: ("SimHei", "Heiti SC", "Noto Sans CJK SC"),
    BODY_FONT: ("FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"),
}
"""Fonts to use, in order, where an official font is not installed (named in HTML and Word files)."""

WIDTHS: dict[str, tuple[int, ...]] = {
    "policy": (8, 24, 13, 17, 9, 29),
    "function": (8, 92),
    "supervision_info": (8, 14, 58, 20),
    "problem": (8, 38, 22, 12, 20),
}
"""Relative column widths per kind (percent of the table's width), set so that on A4 with
GB/T 9704 margins 序号, a year and a 文号 such as 中发〔2020〕30号 wrap at most once."""


@dataclass(frozen=True)
class Row:
    """A section heading (``cells`` holds its title only) or an item's cells."""

    outline: str
    cells: tuple[str | int | None, ...]
    heading: bool = False
    level: int = 0
    item: Item | None = None


LEAD_COLUMNS = ("序号", "线索类别", "内容摘要", "来源", "件数", "日期", "对应条目")
LEAD_WIDTHS = (6, 14, 30, 12, 6, 12, 20)
"""The 线索 table: every signal given for the unit, with the items it raised or added."""


def joint(pack: Pack) -> bool:
    """Whether the unit's round carries out several programs for it (巡督联动 and the like): then
    every item is marked with the programs it serves."""
    return len(pack.round.programs) > 1


def program_names(pack: Pack, ids: Sequence[str], short: bool = True) -> str:
    """The Chinese names of the programs ``ids``, as printed."""
    names = {p.id: (p.short_label if short else p.label) for p in pack.round.named_programs}
    return "、".join(names.get(i, i) for i in ids)


def program_lines(pack: Pack) -> list[str]:
    """What covers print about programs: those carried out for the unit, and a notice for each
    program the round names that does not apply to it."""
    lines = [f"监督项目：{program_names(pack, pack.round.programs, short=False)}"
             + ("（联合开展）" if joint(pack) else "")]
    lines += [f"说明：{n.message}" for n in pack.notices if n.code == "program_not_applicable"]
    return lines


def lead_rows(pack: Pack) -> list[tuple[str | int | None, ...]]:
    """A row per lead: its topic, summary, source, count, date, and the items it raised or added
    by their numbers (or a note that it matches none)."""
    where: dict[str, str] = {}
    for kind in ("problem", "supervision_info", "policy", "function"):
        title = pack.checklist(kind).title
        for item in pack.checklist(kind).items:
            where[item.id] = f"{title}{item.outline}"
    out: list[tuple[str | int | None, ...]] = []
    for n, lead in enumerate(pack.leads, start=1):
        parts = []
        if lead.raised:
            parts.append("重点关注：" + "、".join(where.get(i, i) for i in lead.raised))
        if lead.added:
            parts.append("据此加列：" + "、".join(where.get(i, i) for i in lead.added))
        related = "；".join(parts) or "未对应到清单条目，请巡察组研判是否专门核查"
        out.append((n, lead.label, lead.summary, lead.source, lead.count,
                    lead.date.isoformat() if lead.date else None, related))
    return out


def rows(pack: Pack, kind: Kind) -> list[Row]:
    """The rows of one list in print order: each section heading, then its items."""
    checklist = pack.checklist(kind)
    by_section: dict[str, list[Item]] = {}
    for item in checklist.items:
        by_section.setdefault(item.section, []).append(item)
    policy_titles = {i.id: i.citation.title for i in pack.policy.items if i.citation is not None}
    materials = {m.id: m.label for m in pack.materials}
    departments = {r.department: r.label for r in pack.requests}
    out: list[Row] = []
    marks: dict[tuple[str, ...], str] | None = {} if joint(pack) else None
    for section in checklist.sections:
        sep = "、" if section.level == 1 else ""
        out.append(Row(section.number, (f"{section.number}{sep}{section.title}",), heading=True,
                       level=section.level))
        for item in by_section.get(section.id, []):
            mark = ""
            if marks is not None:
                mark = marks.get(item.programs) or marks.setdefault(
                    item.programs, f"【{program_names(pack, item.programs)}】")
            out.append(Row(item.outline, _cells(item, policy_titles, materials, departments, mark), item=item))
    return out


def _cells(item: Item, titles: dict[str, str], materials: dict[str, str],
           departments: dict[str, str], mark: str) -> tuple[str | int | None, ...]:
    """The item's cells; ``mark`` (the programs it serves, in a joint round) ends its text."""
    number = item.number
    if item.kind == "policy" and item.citation is not None:
        c = item.citation
        return (number, c.title, c.issuer, c.doc_number, c.year, item.text + mark)
    if item.kind == "supervision_info":
        return (number, departments.get(item.department or "", item.department), item.text + mark, item.period)
    if item.kind == "problem":
        text = item.text
        if item.raised_by:
            text += "（重点关注：" + "；".join(r.label for r in item.raised_by) + "）"
        return (number, text + mark, "；".join(titles.get(b, b) for b in item.basis),
                "、".join(METHOD_LABELS[m] for m in item.methods),
                "；".join(materials.get(m, m) for m in item.materials))
    return (number, item.text + mark)
