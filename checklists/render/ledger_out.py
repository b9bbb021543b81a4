"""The round's record workbook (巡察台账): a row per problem item per unit, with the columns the group
fills in during the round and the rectification after it.

The columns the library writes (unit, number, section, problem, basis) are locked, and the sheet is
protected so that they are not changed by accident; every other cell, including rows the group adds
by hand for a problem not on the list, can be edited, sorted and filtered. A hidden column holds
each row's unit and item ids, so that ``checklists findings import`` reads the workbook back
whatever order its rows are in. Written with XlsxWriter (the ``office`` extra).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from ..errors import Location, OutputError, Problem
from ..i18n import t
from ..models.inputs import FINDING_STATUS_LABELS
from ..models.pack import Pack
from ._xlsx import new_book, print_setup, row_height
from .tables import rows

SHEET = "台账"
ROUND_SHEET = "轮次"
WRITTEN = ("单位编号", "单位名称", "编号", "分节", "问题表现", "依据")
FILLED = ("核查情况", "是否发现问题", "问题表述", "整改措施", "责任单位/责任人", "整改时限", "整改状态")
KEY = "条目编号"
COLUMNS = (*WRITTEN, *FILLED, KEY)
"""The ledger's columns, as their headings read: the library writes the first six and the key."""
WIDTHS = (10, 16, 9, 20, 48, 24, 30, 10, 30, 30, 16, 12, 10, 24)
STATUSES = tuple(FINDING_STATUS_LABELS[s] for s in ("not_rectified", "in_progress", "rectified", "long_term"))
"""The drop-down of 整改状态: 未整改, 整改中, 已整改, 长期整改."""
ROWS_FOR_HAND = 200
"""Rows below the list kept open for problems the group finds that are not on it."""
_EPOCH = dt.date(1900, 1, 2)


def render(packs: Sequence[Pack]) -> bytes:
    """The ledger of ``packs`` (one round) as the bytes of an .xlsx file."""
    if not packs:
        raise OutputError(Problem(Location("ledger"), t("a ledger needs at least one unit"), code="output.no-units"))
    buffer = io.BytesIO()
    book = new_book(buffer, t("the ledger"))
    wrap = {"text_wrap": True, "valign": "top", "font_name": "仿宋_GB2312"}
    header = book.add_format({**wrap, "font_name": "黑体", "bold": True, "bg_color": "#EEEEEE", "locked": True})
    locked = book.add_format({**wrap, "locked": True, "bg_color": "#F7F7F7"})
    open_ = book.add_format({**wrap, "locked": False})
    date = book.add_format({**wrap, "locked": False, "num_format": "yyyy-mm-dd"})
    ws = book.add_worksheet(SHEET)
    for column, width in enumerate(WIDTHS):
        ws.set_column(column, column, width, date if COLUMNS[column] == "整改时限" else open_,
                      {"hidden": COLUMNS[column] == KEY})
    ws.write_row(0, 0, COLUMNS, header)
    n = 0
    for pack in packs:
        titles = {s.id: s.title for s in pack.problem.sections}
        basis = {i.id: i.citation.title for i in pack.policy.items if i.citation is not None}
        for row in rows(pack, "problem"):
            item = row.item
            if row.heading or item is None:
                continue
            n += 1
            values: list[Any] = [pack.unit.id, pack.unit.name, item.outline, titles[item.section], item.text,
                                 "；".join(basis.get(b, b) for b in item.basis)]
            for column, value in enumerate(values):
                ws.write_string(n, column, value, locked)
            ws.set_row(n, row_height(values, WIDTHS))
            for column in range(len(WRITTEN), len(WRITTEN) + len(FILLED)):  # the group's cells: open to it
                ws.write_blank(n, column, None, date if COLUMNS[column] == "整改时限" else open_)
            ws.write_string(n, len(COLUMNS) - 1, f"{pack.unit.id}|{item.id}", locked)
    last = n + ROWS_FOR_HAND
    found = COLUMNS.index("是否发现问题")
    status = COLUMNS.index("整改状态")
    deadline = COLUMNS.index("整改时限")
    ws.data_validation(1, found, last, found, {"validate": "list", "source": ["是", "否"]})
    ws.data_validation(1, status, last, status, {"validate": "list", "source": list(STATUSES)})
    ws.data_validation(1, deadline, last, deadline, {"validate": "date", "criteria": ">", "value": _EPOCH,
                                                     "error_message": "请填写日期，如 2026-06-30"})
    ws.freeze_panes(1, 3)
    _print_setup(ws, packs[0].round.name, n)
    ws.autofilter(0, 0, last, len(COLUMNS) - 1)
    ws.protect("", {"insert_rows": True, "delete_rows": True, "sort": True, "autofilter": True,
                    "format_cells": True, "format_columns": True, "format_rows": True})
    info = book.add_worksheet(ROUND_SHEET)
    rnd = packs[0].round
    info.write_row(0, 0, ("轮次编号", "轮次名称", "开始日期"), header)
    info.write_row(1, 0, (rnd.id, rnd.name, rnd.start.isoformat()))
    info.set_column(0, 2, 24)
    book.close()
    return buffer.getvalue()


def _print_setup(ws: Any, round_name: str, filled_rows: int) -> None:
    """Print the ledger as offices file it (see ``print_setup``), the cells ruled to write in; the
    hidden key is left out and so are the empty rows kept for hand-added problems."""
    print_setup(ws, 0, f"{round_name}　巡察台账")
    ws.hide_gridlines(0)  # printed too: the blank cells are boxes to write in
    ws.print_area(0, 0, filled_rows, len(COLUMNS) - 2)


__all__ = ["COLUMNS", "FILLED", "KEY", "SHEET", "STATUSES", "WRITTEN", "render"]
