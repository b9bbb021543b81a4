"""One Excel workbook per round: a sheet per list with every unit's items, and a summary.

Each sheet has a frozen header row, filters, set widths and wrapped text; numbers are stored
as numbers and dates as dates. openpyxl is imported only when a workbook is made.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from ..errors import Location, OutputError, Problem
from ..models.common import KIND_TITLES, KINDS
from ..models.pack import Pack
from .tables import COLUMNS, WIDTHS, rows

UNIT_COLUMNS = ("单位编号", "单位名称", "单位类型", "编号", "分节")
SUMMARY_COLUMNS = ("单位编号", "单位名称", "单位类型", "分类", "巡察开始日期",
                   *(KIND_TITLES[k] for k in KINDS), "调阅资料")


def render(packs: Sequence[Pack]) -> bytes:
    """The workbook for ``packs`` (one round), as the bytes of an .xlsx file."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
    except ImportError:
        raise OutputError(Problem(Location("xlsx"), "the Excel format needs the openpyxl package",
                                  hint="pip install 'checklists[office]', or leave xlsx out of --format")) from None

    book = Workbook()
    header_font = Font(name="黑体", bold=True)
    body_font = Font(name="仿宋_GB2312")
    fill = PatternFill("solid", fgColor="EEEEEE")
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(title: str, columns: Sequence[str], widths: Sequence[float], data: list[list[Any]]) -> None:
        ws = book.create_sheet(title)
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font, cell.fill, cell.alignment = header_font, fill, wrap
        for values in data:
            ws.append(values)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.font, cell.alignment = body_font, wrap
                if cell.data_type == "f":  # text that starts with '=' stays text, never a formula
                    cell.data_type = "s"
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions

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
    del book["Sheet"]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
