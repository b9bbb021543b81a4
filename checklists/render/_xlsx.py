"""What the workbooks share: an XlsxWriter workbook that keeps text as text, rows as tall as their
wrapped text, and the page set up for printing on A4 landscape."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import LoadError, Location, OutputError, Problem
from ..i18n import os_reason, t


def new_book(target: str | io.BytesIO, what: str, hint: str = t("pip install 'checklists[office]'"),
             streaming: bool = False) -> Any:
    """An XlsxWriter workbook writing to ``target``. Text stays text: a cell that starts with '='
    is never a formula, nor a number or a link. ``what`` (a message) names the file in the error
    raised when XlsxWriter (the ``office`` extra) is missing, and ``hint`` (a message) says what to do."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]  # it ships no type hints
    except ImportError:
        raise OutputError(Problem(Location("xlsx"), t("{what} needs the XlsxWriter package", what=what), hint=hint,
                                  code="output.missing-package")) from None
    return xlsxwriter.Workbook(target, {"in_memory": not streaming, "constant_memory": streaming,
                                        "strings_to_formulas": False, "strings_to_numbers": False,
                                        "strings_to_urls": False})


def row_height(values: Sequence[str], widths: Sequence[float]) -> float:
    """The height in points of a row whose longest wrapped cell is among ``values`` (a column
    ``widths[i]`` characters wide): a spreadsheet does not size rows to wrapped text XlsxWriter
    wrote, and a printed row would show only its first line. A Chinese character counts as two."""
    lines = max((-(-sum(2 if ord(c) > 0x2E7F else 1 for c in value) // max(int(widths[i]) - 1, 1))
                 for i, value in enumerate(values)), default=1)
    return 15.0 * max(lines, 1)


def print_setup(ws: Any, heading_row: int, header: str | None = None) -> None:
    """A4 landscape, the columns one page wide, the heading row on every page, ``header`` above
    (in 黑体) and page numbers below."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(heading_row)
    if header:
        ws.set_header(f"&C&\"黑体,Regular\"&12{header.replace('&', '&&')}")
    ws.set_footer("&C第 &P 页，共 &N 页")


def read_book(path: Path, needs: str, hint: str, code: str) -> Any:
    """The workbook at ``path``, opened with openpyxl to read its values. ``needs`` says what needs
    openpyxl when it is missing; a file that is not a readable .xlsx is a LoadError with ``hint``
    and ``code`` (the reason in words, not the reader's own)."""
    try:
        import openpyxl
    except ImportError:
        raise OutputError(Problem(Location(str(path)), needs, hint=t("pip install 'checklists[office]'"),
                                  code="output.missing-package")) from None
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        reason: str = os_reason(exc)
    except (ValueError, KeyError, zipfile.BadZipFile):
        reason = t("it is not an .xlsx workbook")
    raise LoadError(Problem(Location(str(path)), t("cannot read the workbook: {error}", error=reason), hint=hint,
                            code=code))
