"""Word booklets (汇编成册) and request letters (商请函), made with python-docx.

A booklet has a cover (marking, title, round, dates), a table of contents (a Word field,
filled when the document is opened), the four lists as tables whose header row repeats on every
page, the consolidated materials list, and page numbers. Pages are A4 with GB/T 9704 margins;
title in 方正小标宋简体, headings in 黑体, body in 仿宋_GB2312 (Word substitutes an installed
font where one is missing). python-docx is imported only when a document is made.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Location, OutputError, Problem
from ..models.common import KINDS, MODE_LABELS
from ..models.pack import Pack
from ..numbering import chinese_numeral
from .tables import BODY_FONT, COLUMNS, HEADING_FONT, TITLE_FONT, WIDTHS, rows

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument



def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise OutputError(Problem(Location("docx"), "the Word format needs the python-docx package",
                                  hint="pip install 'checklists[office]', or leave docx out of --format")) from None
    return docx


def _font(run_or_style: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)


def _field(paragraph: Any, code: str) -> None:
    """Insert a Word field (PAGE, TOC ...) that Word fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _new_document() -> DocxDocument:
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, RGBColor

    document: DocxDocument = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, 12)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = styles[f"Heading {level}"]
        _font(style, HEADING_FONT, size, bold=False)
        style.font.color.rgb = RGBColor(0, 0, 0)
    title = styles["Title"]
    _font(title, TITLE_FONT, 22, bold=False)
    title.font.color.rgb = RGBColor(0, 0, 0)
    border = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if border is not None:  # Word's default title has a rule beneath; official documents do not
        border.getparent().remove(border)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE")
    footer.add_run(" —")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    return document


def _page_break(document: DocxDocument) -> None:
    document.add_page_break()  # type: ignore[no-untyped-call]  # python-docx leaves it untyped


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _table(document: DocxDocument, headings: Sequence[str], widths: Sequence[int]) -> Any:
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    usable = 21.0 - 2.8 - 2.6
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(usable * width / 100)
    for cell, text, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
        cell.width = Cm(usable * width / 100)
    _repeat_header(table.rows[0])
    return table


def _add_row(table: Any, values: Sequence[Any], widths: Sequence[int], bold: bool = False) -> None:
    from docx.shared import Cm

    usable = 21.0 - 2.8 - 2.6
    cells = table.add_row().cells
    for cell, value, width in zip(cells, values, widths, strict=True):
        cell.width = Cm(usable * width / 100)
        _font(cell.paragraphs[0].add_run("" if value is None else str(value)), HEADING_FONT if bold else BODY_FONT,
              10.5)


def _unit(document: DocxDocument, pack: Pack, marking: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if marking:
        _font(document.add_paragraph().add_run(marking), HEADING_FONT, 12)
    for _ in range(4):
        document.add_paragraph()
    title = document.add_paragraph(f"{pack.unit.name}巡察清单", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rnd = pack.round
    subtypes = "、".join(s.label for s in pack.classification.subtypes) or "无"
    for line in (f"{rnd.name}（{MODE_LABELS[rnd.mode]}）",
                 f"单位类型：{pack.classification.type_label}；分类：{subtypes}",
                 f"巡察时间：{rnd.start.isoformat()}" + (f" 至 {rnd.end.isoformat()}" if rnd.end else ""),
                 f"监督期间：{rnd.review_from.isoformat()} 至 {rnd.start.isoformat()}"):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_break(document)
    document.add_heading("目录", level=1)
    _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
    for n, kind in enumerate(KINDS):
        _page_break(document)
        checklist = pack.checklist(kind)
        document.add_heading(f"{chinese_numeral(n + 1)}、{checklist.title}", level=1)
        widths = WIDTHS[kind]
        table = _table(document, COLUMNS[kind], widths)
        for row in rows(pack, kind):
            if row.heading:
                merged = table.add_row().cells
                cell = merged[0].merge(merged[-1])
                _font(cell.paragraphs[0].add_run(str(row.cells[0])), HEADING_FONT, 10.5)
            else:
                _add_row(table, row.cells, widths)
    _page_break(document)
    document.add_heading("附：调阅资料清单", level=1)
    widths = (8, 52, 40)
    table = _table(document, ("序号", "资料名称", "对应问题"), widths)
    outline = {i.id: i.outline for i in pack.problem.items}
    for n, material in enumerate(pack.materials, start=1):
        _add_row(table, (n, material.label, "、".join(outline[i] for i in material.needed_by)), widths)


def booklet(packs: Sequence[Pack], marking: str = "内部资料 注意保存") -> bytes:
    """A booklet of the packs given (one unit, or a whole round), as .docx bytes."""
    document = _new_document()
    for n, pack in enumerate(packs):
        if n:
            _page_break(document)
        _unit(document, pack, marking)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def request_letters(packs: Sequence[Pack]) -> dict[str, bytes]:
    """One draft request letter (商请函) per supplying department: {department label: .docx bytes}."""
    if not packs:
        return {}
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rnd = packs[0].round
    departments: dict[str, str] = {}
    for pack in packs:
        for request in pack.requests:
            departments.setdefault(request.department, request.label)
    letters: dict[str, bytes] = {}
    for department, label in departments.items():
        document = _new_document()
        title = document.add_paragraph(f"关于商请提供{rnd.name}被巡察单位有关情况的函", style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(f"{label}：")
        names = "、".join(p.unit.name for p in packs if any(r.department == department for r in p.requests))
        document.add_paragraph(
            f"根据巡察工作安排，{rnd.name}将于{rnd.start.year}年{rnd.start.month}月{rnd.start.day}日起对"
            f"{names}开展巡察。为全面了解被巡察单位情况，现商请贵单位于巡察进驻前提供以下情况（书面材料加盖公章）：")
        for pack in packs:
            asked = next((r for r in pack.requests if r.department == department), None)
            if asked is None:
                continue
            document.add_heading(pack.unit.name, level=2)
            texts = {i.id: i for i in pack.supervision_info.items}
            for n, item_id in enumerate(asked.items, start=1):
                item = texts[item_id]
                period = f"（{item.period}）" if item.period else ""
                document.add_paragraph(f"{n}. {item.text}{period}")
        document.add_paragraph("联系人：        联系电话：")
        closing = document.add_paragraph("（落款单位）\n    年  月  日")
        closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        buffer = io.BytesIO()
        document.save(buffer)
        letters[label] = buffer.getvalue()
    return letters
