"""One self-contained HTML page per unit: no network, inline CSS, prints cleanly on A4.

Typography follows official documents: title in 方正小标宋简体, headings in 黑体, body in
仿宋_GB2312, each with fallbacks; margins as GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm). Each list starts on a new page and table header rows repeat on every page.
"""

from __future__ import annotations

from html import escape

from .._numbering import chinese_numeral
from ..models.common import KINDS, MODE_LABELS
from ..models.pack import Pack
from .tables import (
    BODY_FONT,
    COLUMNS,
    FONT_FALLBACKS,
    HEADING_FONT,
    LEAD_COLUMNS,
    LEAD_WIDTHS,
    TITLE_FONT,
    WIDTHS,
    lead_rows,
    program_lines,
    rows,
)


def _stack(font: str, generic: str) -> str:
    return ", ".join(f'"{name}"' for name in (font, *FONT_FALLBACKS[font])) + f", {generic}"


TITLE_STACK = _stack(TITLE_FONT, "serif")
HEADING_STACK = _stack(HEADING_FONT, "sans-serif")
BODY_STACK = _stack(BODY_FONT, "serif")

CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {BODY_STACK}; font-size: 12pt; line-height: 1.6; color: #000; margin: 2em auto;
        max-width: 60em; padding: 0 1em; }}
h1 {{ font-family: {TITLE_STACK}; font-size: 22pt; font-weight: normal; text-align: center; margin: 0.5em 0; }}
h2, h3 {{ font-family: {HEADING_STACK}; font-weight: normal; }}
h2 {{ font-size: 16pt; margin-top: 2em; }}
h3 {{ font-size: 14pt; }}
dl.meta {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }}
dl.meta dt {{ font-family: {HEADING_STACK}; }}
dl.meta dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }}
th, td {{ border: 1px solid #444; padding: 0.3em 0.4em; vertical-align: top; text-align: left; }}
th {{ font-family: {HEADING_STACK}; font-weight: normal; background: #eee; }}
td.num {{ text-align: center; white-space: nowrap; width: 3em; }}
tr.section td {{ font-family: {HEADING_STACK}; background: #f6f6f6; }}
tr.section.level2 td {{ background: #fff; padding-left: 1.5em; }}
.raised {{ font-weight: bold; }}
footer {{ margin-top: 3em; font-size: 9pt; color: #555; }}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; }}
  h2 {{ break-before: page; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; }}
}}
"""

def render(pack: Pack, marking: str | None = None) -> str:
    """The page for ``pack``; ``marking`` is printed at the top (密级/内部 marking): by default the
    round's office's, else 内部资料 注意保存."""
    marking = pack.round.marking(marking)
    unit, rnd = pack.unit, pack.round
    subtypes = "、".join(s.label for s in pack.classification.subtypes) or "无"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(unit.name)}巡察清单</title>",
        f"<style>{CSS}</style></head><body>",
        f'<p class="marking">{escape(marking)}</p>' if marking else "",
        f"<h1>{escape(unit.name)}巡察清单</h1>",
        '<dl class="meta">',
        f"<dt>巡察轮次</dt><dd>{escape(rnd.name)}（{MODE_LABELS[rnd.mode]}）</dd>",
        f"<dt>单位类型</dt><dd>{escape(pack.classification.type_label)}；分类：{escape(subtypes)}</dd>",
        f"<dt>巡察时间</dt><dd>{rnd.start.isoformat()}" + (f" 至 {rnd.end.isoformat()}" if rnd.end else "")
        + "</dd>",
        f"<dt>监督期间</dt><dd>{rnd.review_from.isoformat()} 至 {rnd.start.isoformat()}</dd>",
        *(f"<dt>{escape(head)}</dt><dd>{escape(rest)}</dd>"
          for head, rest in (line.split("：", 1) for line in program_lines(pack))),
        "</dl>",
    ]
    for n, kind in enumerate(KINDS):
        checklist = pack.checklist(kind)
        columns = COLUMNS[kind]
        parts.append(f'<h2 id="{kind}">{chinese_numeral(n + 1)}、{escape(checklist.title)}</h2>')
        if not checklist.items:
            parts.append("<p>（无）</p>")
            continue
        widths = "".join(f'<col style="width:{w}%">' for w in WIDTHS[kind])
        parts.append(f"<table><colgroup>{widths}</colgroup><thead><tr>"
                     + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead><tbody>")
        for row in rows(pack, kind):
            if row.heading:
                parts.append(f'<tr class="section level{row.level}"><td colspan="{len(columns)}">'
                             f"{escape(str(row.cells[0]))}</td></tr>")
                continue
            raised = ' class="raised"' if row.item is not None and row.item.raised_by else ""
            cells = [f'<td class="num">{row.cells[0]}</td>']
            cells += [f"<td{raised if i == 1 else ''}>{escape(str(v)) if v is not None else ''}</td>"
                      for i, v in enumerate(row.cells[1:], start=1)]
            parts.append(f'<tr id="{escape(row.item.id if row.item else "")}">' + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append('<h2 id="materials">附：调阅资料清单</h2>')
    outline = {i.id: i.outline for i in pack.problem.items}
    parts.append("<table><thead><tr><th>序号</th><th>资料名称</th><th>对应问题</th></tr></thead><tbody>")
    for n, material in enumerate(pack.materials, start=1):
        refs = "、".join(outline[i] for i in material.needed_by)
        parts.append(f'<tr><td class="num">{n}</td><td>{escape(material.label)}</td><td>{escape(refs)}</td></tr>')
    parts.append("</tbody></table>")
    if pack.leads:
        parts.append('<h2 id="leads">附：线索及对应条目</h2>')
        widths = "".join(f'<col style="width:{w}%">' for w in LEAD_WIDTHS)
        parts.append(f"<table><colgroup>{widths}</colgroup><thead><tr>"
                     + "".join(f"<th>{escape(c)}</th>" for c in LEAD_COLUMNS) + "</tr></thead><tbody>")
        for lead in lead_rows(pack):
            parts.append(f'<tr><td class="num">{lead[0]}</td>'
                         + "".join(f"<td>{escape(str(v)) if v is not None else ''}</td>" for v in lead[1:])
                         + "</tr>")
        parts.append("</tbody></table>")
    parts.append(f"<footer>{escape(pack.generator)} · {escape(pack.fingerprint)}</footer>")
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"


__all__ = [
    "render",
]
