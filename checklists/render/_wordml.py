"""WordprocessingML written as text, for what python-docx's object layer makes too slowly: the rows of
the booklets' tables, the paragraphs of letters, and a round's booklet written through the zip's
compressor. Each writes exactly the XML python-docx's own calls make (tests compare them), so the
pages look as they did.
"""

from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from .tables import BODY_FONT, HEADING_FONT

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

TABLE_PT = 10.5  # 五号, for table cells
LETTER_PT = 16.0  # 三号, body text of a letter
PAGE_CM = (21.0, 29.7)
MARGINS_CM = (3.7, 3.5, 2.8, 2.6)
"""GB/T 9704: top, bottom, left (binding side), right."""
USABLE_CM = PAGE_CM[0] - MARGINS_CM[2] - MARGINS_CM[3]


class _Rows:
    """The rows of one table, written as WordprocessingML text and added to the table in one parse.

    python-docx builds each cell, run and property through its object layer, which made a unit's
    booklet take hundreds of milliseconds; the rows are the same XML python-docx writes (a test
    compares them), made as text. Call :meth:`flush` when the table is complete.
    """

    def __init__(self, table: Any, widths: Sequence[int], deferred: list[bytes] | None = None) -> None:
        self.table = table
        self.widths = [_twips(width) for width in widths]
        self.parts: list[str] = []
        self.deferred = deferred  # where a streamed document keeps the rows until it is written

    def add(self, values: Sequence[Any]) -> None:
        """A row of cells, one value each, that is not cut across two pages."""
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>'
                        f"{_run('' if value is None else str(value), BODY_FONT)}</w:p></w:tc>"
                        for value, width in zip(values, self.widths, strict=True))
        self.parts.append(f'<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>{cells}</w:tr>')

    def heading(self, text: str) -> None:
        """A row of one cell across the table: a section's title."""
        self.parts.append(f'<w:tr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{sum(self.widths)}"/>'
                          f'<w:gridSpan w:val="{len(self.widths)}"/></w:tcPr><w:p>{_run(text, HEADING_FONT)}'
                          "</w:p></w:tc></w:tr>")

    def flush(self) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        if not self.parts:
            return
        if self.deferred is not None:  # a mark where the rows go, written when the document is (_streamed)
            from lxml import etree  # type: ignore[import-untyped]  # python-docx depends on it; no stubs

            self.table._tbl.append(etree.Comment(f"{_MARK} {len(self.deferred)}"))
            self.deferred.append(zlib.compress("".join(self.parts).encode(), 1))
        else:
            rows = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(self.parts)}</w:tbl>")
            self.table._tbl.extend(list(rows))
        self.parts = []


_MARK = "checklists-rows"
"""The comment that stands for a table's rows in a streamed document until it is written."""


def _streamed(document: DocxDocument, deferred: list[bytes]) -> bytes:
    """``document`` as .docx bytes, each table's rows written in place of its mark: the rows of a
    round's booklet are kept as compressed text rather than as a tree of elements (several times
    the memory), and the document's XML is written through the zip's compressor as it is made.
    The XML is the same as a document whose rows were added as elements (a test compares them)."""
    import re
    import zipfile

    saved = io.BytesIO()
    document.save(saved)
    package = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for info in package.infolist():
            data = package.read(info)
            if info.filename != "word/document.xml":
                written.writestr(info, data)
                continue
            with written.open(info, "w") as stream:
                at = 0
                for mark in re.finditer(f"<!--{_MARK} ([0-9]+)-->".encode(), data):
                    stream.write(data[at:mark.start()])
                    stream.write(zlib.decompress(deferred[int(mark.group(1))]))
                    at = mark.end()
                stream.write(data[at:])
    return out.getvalue()


def _twips(width: int) -> int:
    """A column's width in twentieths of a point, as python-docx stores ``Cm(...)``."""
    from docx.shared import Cm

    return int(Cm(USABLE_CM * width / 100).twips)


def _run(text: str, font: str | None, size: float = TABLE_PT) -> str:
    """A run of ``text`` (in ``font`` at ``size``, or in the paragraph's style when ``font`` is
    None), as python-docx writes ``add_run(text)``: a tab is a w:tab, a line break a w:br, and
    text with spaces at its ends keeps them."""
    props = "" if font is None else _props(font, size)
    if "\t" not in text and "\n" not in text and "\r" not in text:  # nearly always: one piece
        return f"<w:r>{props}{_text(text) if text else ''}</w:r>"
    pieces: list[str] = []
    piece = ""
    for char in text:
        if char in "\t\n\r":
            if piece:
                pieces.append(_text(piece))
                piece = ""
            pieces.append("<w:tab/>" if char == "\t" else "<w:br/>")
        else:
            piece += char
    if piece:
        pieces.append(_text(piece))
    return f"<w:r>{props}{''.join(pieces)}</w:r>"


@functools.cache
def _props(font: str, size: float) -> str:
    return (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
            f'<w:sz w:val="{round(size * 2)}"/></w:rPr>')


def _text(piece: str, escape: Any = escape) -> str:
    space = ' xml:space="preserve"' if piece != piece.strip() else ""
    return f"<w:t{space}>{escape(piece)}</w:t>"


class _Paragraphs:
    """Paragraphs of a letter written as WordprocessingML text and added in one parse, as
    :class:`_Rows` does for tables: the same XML as python-docx's ``add_paragraph`` with a first
    line indented by two characters (a test compares them)."""

    INDENT = f'<w:pPr><w:ind w:firstLine="{round(2 * LETTER_PT * 20)}"/></w:pPr>'

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.parts: list[str] = []

    def indented(self, text: str, font: str | None = None) -> None:
        self.parts.append(f"<w:p>{self.INDENT}{_run(text, font, LETTER_PT) if text else ''}</w:p>")

    def flush(self) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        if self.parts:
            body = self.document.element.body
            for paragraph in parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>"):
                body._insert_p(paragraph)
            self.parts = []
