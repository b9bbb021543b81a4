"""One Excel workbook per round: a sheet per list with every unit's items, and a summary.

Each sheet has a frozen header row, filters, set widths and wrapped text; numbers are stored
as numbers and dates as dates, and text is always text, never a formula. Written with
XlsxWriter, imported only when a workbook is made: it only writes, and writes a round's
workbook much faster than openpyxl did (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from ..errors import Location, OutputError, Problem
from ..models.common import KIND_TITLES, KINDS
from ..models.pack import Pack
from .tables import COLUMNS, LEAD_COLUMNS, LEAD_WIDTHS, WIDTHS, lead_rows, rows

UNIT_COLUMNS = ("单位编号", "单位名称", "单位类型", "编号", "分节")
SUMMARY_COLUMNS = ("单位编号", "单位名称", "单位类型", "分类", "巡察开始日期",
                   *(KIND_TITLES[k] for k in KINDS), "调阅资料")


def render(packs: Sequence[Pack]) -> bytes:
    """The workbook for ``packs`` (one round), as the bytes of an .xlsx file."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]  # it ships no type hints
    except ImportError:
        raise OutputError(Problem(Location("xlsx"), "the Excel format needs the XlsxWriter package",
                                  hint="pip install 'checklists[office]', or leave xlsx out of --format",
                                      code="output.missing-package")) from None

    buffer = io.BytesIO()
    # text stays text: a cell that starts with '=' is never a formula, nor a number or a link
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    wrap = {"text_wrap": True, "valign": "top"}
    header = book.add_format({"font_name": "黑体", "bold": True, "bg_color": "#EEEEEE", **wrap})
    body = book.add_format({"font_name": "仿宋_GB2312", **wrap})
    date = book.add_format({"font_name": "仿宋_GB2312", "num_format": "yyyy-mm-dd", **wrap})

    def sheet(title: str, columns: Sequence[str], widths: Sequence[float], data: list[list[Any]]) -> None:
        ws = book.add_worksheet(title)
        ws.write_row(0, 0, columns, header)
        for n, values in enumerate(data, start=1):
            for column, value in enumerate(values):  # by type, as ``write`` would, with fewer checks
                if value is None or value == "":
                    ws.write_blank(n, column, None, body)
                elif isinstance(value, str):
                    ws.write_string(n, column, value, body)
                elif isinstance(value, dt.date):
                    ws.write_datetime(n, column, value, date)
                else:
                    ws.write_number(n, column, value, body)
        for column, width in enumerate(widths):
            ws.set_column(column, column, width)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(data), len(columns) - 1)

    summary = [[p.unit.id, p.unit.name, p.classification.type_label,
                "、".join(s.label for s in p.classification.subtypes), p.round.start,
                *(len(p.checklist(k).items) for k in KINDS), len(p.materials)] for p in packs]
    sheet("汇总", SUMMARY_COLUMNS, (10, 24, 12, 24, 14, 10, 10, 14, 10, 10), summary)
    for kind in KINDS:
        data: list[list[Any]] = []
        for pack in packs:
            for row in rows(pack, kind):
                if row.heading or row.item is None:
                    continue
                section = next(s.title for s in pack.checklist(kind).sections if s.id == row.item.section)
                data.append([pack.unit.id, pack.unit.name, pack.classification.type_label, row.outline,
                             section, *row.cells[1:]])
        columns = (*UNIT_COLUMNS, *COLUMNS[kind][1:])
        widths = (10, 18, 10, 9, 22, *(max(8, w * 1.1) for w in WIDTHS[kind][1:]))
        sheet(KIND_TITLES[kind], columns, widths, data)
    leads = [[p.unit.id, p.unit.name, p.classification.type_label, *cells[1:]] for p in packs for cells in lead_rows(p)]
    if leads:
        sheet("线索", (*UNIT_COLUMNS[:3], *LEAD_COLUMNS[1:]), (10, 18, 10, *(max(8, w * 1.1) for w in LEAD_WIDTHS[1:])),
              leads)
    book.close()
    return buffer.getvalue()
