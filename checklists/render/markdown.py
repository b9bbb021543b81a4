"""Markdown: the four lists as an inspection office prints them."""

from __future__ import annotations

from .._numbering import chinese_numeral
from ..models.common import KINDS, METHOD_LABELS, MODE_LABELS
from ..models.pack import Checklist, Item, Pack
from .tables import joint, lead_rows, program_lines, program_names


def render(pack: Pack) -> str:
    lines: list[str] = []
    out = lines.append
    unit, rnd = pack.unit, pack.round
    out(f"# {unit.name}巡察清单")
    out("")
    subtypes = "、".join(s.label for s in pack.classification.subtypes) or "无"
    out(f"- 巡察轮次：{rnd.name}（{MODE_LABELS[rnd.mode]}）")
    out(f"- 单位类型：{pack.classification.type_label}；分类：{subtypes}")
    out(f"- 巡察时间：{rnd.start.isoformat()}" + (f" 至 {rnd.end.isoformat()}" if rnd.end else ""))
    out(f"- 监督期间：{rnd.review_from.isoformat()} 至 {rnd.start.isoformat()}")
    for line in program_lines(pack):
        out(f"- {line}")
    out(f"- 内容版本：{', '.join(f'{ly.name} {ly.version}' for ly in pack.layers)}")
    out("")
    policy_ids = {i.id: i for i in pack.policy.items}
    marked = joint(pack)
    for n, kind in enumerate(KINDS):
        checklist: Checklist = pack.checklist(kind)
        out(f"## {chinese_numeral(n + 1)}、{checklist.title}")
        out("")
        if not checklist.items:
            out("（无）")
            out("")
        by_section: dict[str, list[Item]] = {}
        for item in checklist.items:
            by_section.setdefault(item.section, []).append(item)
        for section in checklist.sections:
            heading = "###" if section.level == 1 else "####"
            sep = "、" if section.level == 1 else ""
            out(f"{heading} {section.number}{sep}{section.title}")
            out("")
            for item in by_section.get(section.id, []):
                out(_item(pack, item, policy_ids, marked))
            if by_section.get(section.id):
                out("")
    out("## 附：调阅资料清单")
    out("")
    outline = {i.id: i.outline for i in pack.problem.items}
    for n, material in enumerate(pack.materials, start=1):
        refs = "、".join(outline[i] for i in material.needed_by)
        out(f"{n}. {material.label}（问题清单 {refs}）")
    out("")
    out("## 附：综合监督信息商请事项（按部门）")
    out("")
    texts = {i.id: i for i in pack.supervision_info.items}
    for request in pack.requests:
        out(f"### {request.label}")
        out("")
        for item_id in request.items:
            item = texts[item_id]
            period = f"（{item.period}）" if item.period else ""
            out(f"- {item.text}{period}")
        out("")
    if pack.leads:
        out("## 附：线索及对应条目")
        out("")
        for row in lead_rows(pack):
            number, label, summary, source, count, date, related = row
            facts = "，".join(str(v) for v in (
                source, f"{count}件" if count is not None else None, date) if v)
            out(f"{number}. {label}" + (f"：{summary}" if summary else "") + (f"（{facts}）" if facts else ""))
            out(f"   - 对应条目：{related}")
        out("")
    out(f"<!-- fingerprint {pack.fingerprint} -->")
    return "\n".join(lines) + "\n"


def _title(policy: Item) -> str:
    return policy.citation.title if policy.citation is not None else policy.id


def _item(pack: Pack, item: Item, policies: dict[str, Item], marked: bool) -> str:
    text = f"{item.number}. {item.text}"
    if item.kind == "policy" and item.citation is not None:
        c = item.citation
        parts = [p for p in (c.issuer, c.doc_number, str(c.year) if c.year else None) if p]
        text = f"{item.number}. {c.title}（{'，'.join(parts)}）：{item.text}"
    notes: list[str] = []
    if item.raised_by:
        notes.append("重点关注：" + "；".join(
            r.label + (f"（{r.summary}）" if r.summary else "") for r in item.raised_by))
    if item.basis:
        notes.append("依据：" + "；".join(_title(policies[b]) for b in item.basis))
    if item.methods:
        notes.append("方法：" + "、".join(METHOD_LABELS[m] for m in item.methods))
    if item.period:
        notes.append(f"期间：{item.period}")
    if marked:
        notes.append("监督项目：" + program_names(pack, item.programs))
    if notes:
        text += "\n   " + "\n   ".join(f"- {n}" for n in notes)
    return text


__all__ = [
    "render",
]
