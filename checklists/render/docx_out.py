"""Word booklets (汇编成册) and request letters (商请函), made with python-docx.

A booklet has a cover (marking, title, round, dates), a table of contents, the four lists as
tables whose header row repeats on every page, the consolidated materials list, and page
numbers. A round's booklet has one cover and one table of contents for the round, then a part
per unit. The table of contents lists every heading with a page reference field to it, which
Word, WPS and LibreOffice fill in as they lay out the pages.

Pages are A4 with GB/T 9704 margins; title in 方正小标宋简体, headings in 黑体, body in
仿宋_GB2312, and the font table names the fonts to use where these are not installed.
python-docx is imported only when a document is made.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._numbering import chinese_numeral
from ..errors import Location, OutputError, Problem
from ..i18n import t
from ..models.common import KIND_TITLES, KINDS, MODE_LABELS, chinese_date
from ..models.pack import Pack
from ._wordml import (
    LETTER_PT,
    MARGINS_CM,
    PAGE_CM,
    TABLE_PT,
    USABLE_CM,
    _Paragraphs,
    _Rows,
    _streamed,
)
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

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


LETTER_LINE_PT = 28.0  # about 22 lines a page, as GB/T 9704 sets

FONT_CLASSES = {TITLE_FONT: "roman", HEADING_FONT: "modern", BODY_FONT: "modern"}
"""Font family classes for Word's font table, which it uses to pick a substitute."""


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise OutputError(Problem(Location("docx"), t("the Word format needs the python-docx package"),
                                  hint=t("pip install 'checklists[office]', or leave docx out of --format"),
                                  code="output.missing-package")) from None
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


def _field_runs(paragraph: Any, code: str, shown: str = "", begin: bool = True, end: bool = True) -> None:
    """Append a Word field (PAGE, TOC, PAGEREF ...) showing ``shown`` until it is updated.

    ``begin=False`` or ``end=False`` leave the field open at that side, for a field whose
    result spans several paragraphs (a table of contents).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    if begin:
        char("begin")
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = f" {code} "
        paragraph.add_run()._r.append(instruction)
        char("separate")
    if shown:
        paragraph.add_run(shown)
    if end:
        char("end")


def _name_fonts(document: DocxDocument) -> None:
    """Add the official fonts to the font table, with their substitutes as alternative names."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    fonts = parse_xml(part.blob)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, family in FONT_CLASSES.items():
        fonts.append(parse_xml(
            f'<w:font xmlns:w="{ns}" w:name="{name}"><w:altName w:val="{",".join(FONT_FALLBACKS[name])}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'))
    part._blob = serialize_part_xml(fonts)


def _new_document(body_size: float = 12, line_pt: float | None = None) -> DocxDocument:
    """A blank document with the page, styles, footer and fonts of a booklet (or a letter): made
    once per kind, and each new one read from its bytes, which is quicker than styling it anew."""
    docx = _docx()
    document: DocxDocument = docx.Document(io.BytesIO(_blank(body_size, line_pt)))
    return document


@functools.cache
def _blank(body_size: float, line_pt: float | None) -> bytes:
    return _save(_styled_document(body_size, line_pt))


def _styled_document(body_size: float, line_pt: float | None) -> DocxDocument:
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document: DocxDocument = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = map(Cm, MARGINS_CM)
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, BODY_FONT, body_size)
    if line_pt is not None:
        normal.paragraph_format.line_spacing = Pt(line_pt)
        normal.paragraph_format.space_after = Pt(0)
    for level, size in ((1, 16), (2, 16 if line_pt else 14), (3, 12)):
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
    _field_runs(footer, "PAGE")
    footer.add_run(" —")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    _name_fonts(document)
    return document


def _save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_break(document: DocxDocument) -> None:
    document.add_page_break()  # type: ignore[no-untyped-call]  # python-docx leaves it untyped


_STYLE_IDS = {"Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2", "Heading 3": "Heading3",
              "Table Grid": "TableGrid"}
"""The ids of python-docx's built-in styles by name, set directly: python-docx looks a name up by
walking every style of the document, each time (a test checks these ids against that lookup)."""


def _centered(document: DocxDocument, text: str, style: str | None = None) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _STYLE_IDS[style]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


class _Contents:
    """Headings as they are written, each bookmarked, and the table of contents listing them."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.entries: list[tuple[int, str, str]] = []
        self.anchor: Any = None  # the paragraph before which the entries go

    def place(self) -> None:
        """Write the table of contents' title here; its entries follow when ``fill`` is called."""
        paragraph = _centered(self.document, "")
        _font(paragraph.add_run("目　录"), HEADING_FONT, 16)
        self.anchor = self.document.add_paragraph()

    def heading(self, text: str, level: int) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = self.document.add_paragraph(text)
        paragraph._p.style = _STYLE_IDS[f"Heading {level}"]
        mark = f"_Toc{len(self.entries) + 1:06d}"  # Word hides bookmarks named _...
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(len(self.entries) + 1))
        start.set(qn("w:name"), mark)
        end.set(qn("w:id"), str(len(self.entries) + 1))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)
        self.entries.append((level, text, mark))

    def fill(self) -> None:
        """Write an entry per heading: its text, a dotted leader, and a reference to its page.

        Each page number is a PAGEREF field to the heading's bookmark rather than one TOC
        field: Word, WPS and LibreOffice all compute a page reference when they lay out the
        document, while LibreOffice shows a TOC field's entries without their numbers.
        """
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Cm, Pt

        for level, text, mark in self.entries:
            paragraph = self.anchor.insert_paragraph_before()
            fmt = paragraph.paragraph_format
            fmt.tab_stops.add_tab_stop(Cm(USABLE_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            fmt.left_indent = Pt(24 * (level - 1))
            fmt.space_after = Pt(4)
            paragraph.add_run(f"{text}\t")
            _field_runs(paragraph, f"PAGEREF {mark} \\h")
        self.anchor._p.getparent().remove(self.anchor._p)


def _row_property(row: Any, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _table(document: DocxDocument, headings: Sequence[str], widths: Sequence[int]) -> Any:
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(headings))
    table._tbl.tblStyle_val = _STYLE_IDS["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(USABLE_CM * width / 100)
    for cell, text, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_PT)
        cell.width = Cm(USABLE_CM * width / 100)
    _row_property(table.rows[0], "w:tblHeader")  # repeated at the top of every page
    return table


def _cover(document: DocxDocument, marking: str, title: str, lines: Sequence[str]) -> None:
    if marking:
        _font(document.add_paragraph().add_run(marking), HEADING_FONT, 12)
    for _ in range(4):
        document.add_paragraph()
    _centered(document, title, style="Title")
    for line in lines:
        _centered(document, line)


def _round_lines(pack: Pack) -> list[str]:
    rnd = pack.round
    return [f"{rnd.name}（{MODE_LABELS[rnd.mode]}）",
            f"巡察时间：{rnd.start.isoformat()}" + (f" 至 {rnd.end.isoformat()}" if rnd.end else ""),
            f"监督期间：{rnd.review_from.isoformat()} 至 {rnd.start.isoformat()}"]


def _classification(pack: Pack) -> str:
    subtypes = "、".join(s.label for s in pack.classification.subtypes) or "无"
    return f"单位类型：{pack.classification.type_label}；分类：{subtypes}"


def _lists(document: DocxDocument, contents: _Contents, pack: Pack, level: int,
           deferred: list[bytes] | None = None) -> None:
    """The four lists and the materials list as headings of ``level``, each from a new page
    (but the first of a unit's part of a round booklet, which follows the unit's heading); with
    ``deferred``, the tables' rows are kept there until the document is written (``_streamed``)."""

    def title(n: int, text: str) -> str:
        return f"{chinese_numeral(n)}、{text}" if level == 1 else f"（{chinese_numeral(n)}）{text}"

    for n, kind in enumerate(KINDS, start=1):
        if n > 1 or level == 1:
            _page_break(document)
        contents.heading(title(n, pack.checklist(kind).title), level)
        widths = WIDTHS[kind]
        table = _Rows(_table(document, COLUMNS[kind], widths), widths, deferred)
        for row in rows(pack, kind):
            if row.heading:
                table.heading(str(row.cells[0]))
            else:
                table.add(row.cells)
        table.flush()
    _page_break(document)
    contents.heading(title(len(KINDS) + 1, "调阅资料清单"), level)
    widths = (8, 52, 40)
    table = _Rows(_table(document, ("序号", "资料名称", "对应问题"), widths), widths, deferred)
    outline = {i.id: i.outline for i in pack.problem.items}
    for n, material in enumerate(pack.materials, start=1):
        table.add((n, material.label, "、".join(outline[i] for i in material.needed_by)))
    table.flush()
    if pack.leads:
        _page_break(document)
        contents.heading(title(len(KINDS) + 2, "线索及对应条目"), level)
        table = _Rows(_table(document, LEAD_COLUMNS, LEAD_WIDTHS), LEAD_WIDTHS, deferred)
        for cells in lead_rows(pack):
            table.add(cells)
        table.flush()


def unit_booklet(pack: Pack, marking: str | None = None) -> bytes:
    """One unit's booklet as .docx bytes: cover, contents, the four lists, the materials list.
    ``marking``: the marking on the cover; by default the round's office's, else 内部资料 注意保存."""
    marking = pack.round.marking(marking)
    document = _new_document()
    first, *dates = _round_lines(pack)
    _cover(document, marking, f"{pack.unit.name}巡察清单",
           [first, _classification(pack), *dates, *program_lines(pack)])
    _page_break(document)
    contents = _Contents(document)
    contents.place()
    _lists(document, contents, pack, level=1)
    contents.fill()
    return _save(document)


def round_booklet(packs: Sequence[Pack], marking: str | None = None) -> bytes:
    """A round's booklet as .docx bytes: one cover and contents, then a part per unit."""
    if not packs:
        raise OutputError(Problem(Location("docx"), t("a round booklet needs at least one unit"),
                                  code="output.no-units"))
    marking = packs[0].round.marking(marking)
    document = _new_document()
    first = packs[0]
    names = "、".join(p.unit.name for p in packs)
    name = first.round.name
    named = first.round.named_programs
    _cover(document, marking, name + ("清单汇编" if name.endswith("巡察") else "巡察清单汇编"),
           [*_round_lines(first), f"被巡察单位（{len(packs)}个）：{names}",
            *([f"监督项目：{'、'.join(p.label for p in named)}（联合开展）"] if len(named) > 1 else [])])
    _page_break(document)
    contents = _Contents(document)
    contents.place()
    deferred: list[bytes] = []
    for n, pack in enumerate(packs, start=1):
        _page_break(document)
        contents.heading(f"{chinese_numeral(n)}、{pack.unit.name}", 1)
        document.add_paragraph(_classification(pack))
        counts = "，".join(f"{KIND_TITLES[k]}{len(pack.checklist(k).items)}项" for k in KINDS)
        document.add_paragraph(f"本单位清单：{counts}，调阅资料{len(pack.materials)}项。")
        if len(pack.round.named_programs) > 1:
            for line in program_lines(pack):
                document.add_paragraph(line)
        _lists(document, contents, pack, level=2, deferred=deferred)
    contents.fill()
    return _streamed(document, deferred)


def _indented(document: DocxDocument, text: str) -> None:
    """A paragraph of a letter, its first line indented by two characters."""
    from docx.shared import Pt

    document.add_paragraph(text).paragraph_format.first_line_indent = Pt(2 * LETTER_PT)


def request_letters(packs: Sequence[Pack]) -> dict[str, bytes]:
    """One draft request letter (商请函) per supplying department: {department label: .docx bytes}.

    The reply date is the round's ``requests_due``; where it is not set, the letter leaves a
    blank date for the office to fill in. The 落款单位 and the contact are the round's office's
    (``Round.office``); where it gives none, blanks to fill in.
    """
    if not packs:
        return {}
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rnd = packs[0].round
    office = rnd.office
    signature = (office.signature or office.name) if office is not None else "（落款单位）"
    contact = (office.contact if office is not None else None) or "　　　　　　"
    phone = (office.phone if office is not None else None) or ""
    due = chinese_date(rnd.requests_due) if rnd.requests_due else "　　年　月　日"
    labels = [p.label for p in rnd.named_programs] or ["巡察"]
    work = labels[0] + (f"，同步开展{'、'.join(labels[1:])}" if len(labels) > 1 else "")
    departments: dict[str, str] = {}
    for pack in packs:
        for request in pack.requests:
            departments.setdefault(request.department, request.label)
    letters: dict[str, bytes] = {}
    for department, label in departments.items():
        document = _new_document(LETTER_PT, LETTER_LINE_PT)
        _centered(document, f"关于商请提供{rnd.name}被巡察单位有关情况的函", style="Title")
        document.add_paragraph()
        document.add_paragraph(f"{label}：")
        asked = [(p, r) for p in packs for r in p.requests if r.department == department]
        names = "、".join(p.unit.name for p, _ in asked)
        _indented(document, f"根据巡察工作安排，{rnd.name}将于{chinese_date(rnd.start)}起对{names}开展{work}。"
                  f"为全面了解被巡察单位情况，现商请贵单位提供以下情况，并于{due}前将书面材料（加盖公章）反馈我办。")
        body = _Paragraphs(document)
        for n, (pack, request) in enumerate(asked, start=1):
            body.indented(f"{chinese_numeral(n)}、{pack.unit.name}", HEADING_FONT)
            texts = {i.id: i for i in pack.supervision_info.items}
            for m, item_id in enumerate(request.items, start=1):
                item = texts[item_id]
                period = f"（{item.period}）" if item.period else ""
                body.indented(f"{m}. {item.text.rstrip('。；;.')}{period}。")
        body.flush()
        _indented(document, "特此函商。")
        _indented(document, f"联系人：{contact}　联系电话：{phone}")
        document.add_paragraph()
        for line in (signature, "　　年　　月　　日"):
            document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        letters[label] = _save(document)
    return letters


__all__ = [
    "request_letters",
    "round_booklet",
    "unit_booklet",
]
