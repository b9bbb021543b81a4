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
from pathlib import Path
from typing import Any

from ..i18n import t
from ..models.common import KIND_TITLES, KINDS
from ..models.pack import Pack
from ._xlsx import new_book
from .tables import COLUMNS, LEAD_COLUMNS, LEAD_WIDTHS, WIDTHS, lead_rows, rows

UNIT_COLUMNS = ("单位编号", "单位名称", "单位类型", "编号", "分节")
SUMMARY_COLUMNS = ("单位编号", "单位名称", "单位类型", "分类", "巡察开始日期",
                   *(KIND_TITLES[k] for k in KINDS), "调阅资料")


def render(packs: Sequence[Pack]) -> bytes:
    """The workbook for ``packs`` (one round), as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    book = RoundWorkbook(buffer)
    for pack in packs:
        book.add(pack)
    book.close()
    return buffer.getvalue()


STREAM_FROM = 200
"""Rounds of this many units or more are written streaming (see RoundWorkbook): below it, a
round's workbook kept in memory stays well under the command's memory target, and its file is
several times smaller (docs/performance.md)."""


class RoundWorkbook:
    """A round's workbook written as its units come: ``add(pack)`` for each unit, then ``close()``.

    With ``streaming`` (a path only), the rows go to temporary files as they are written
    (XlsxWriter's constant-memory mode): a round of any size takes the same memory, but each text
    is written in its cell rather than once in a shared table, which makes the file several times
    larger. Otherwise the rows are kept in memory until ``close``. The command streams rounds of
    ``STREAM_FROM`` units or more. The sheets: 汇总 (a row per unit), one per list (a row per item), and
    线索 (a row per lead) when a unit has leads.
    """

    def __init__(self, target: str | io.BytesIO, shown: Path | None = None, streaming: bool = False) -> None:
        self.shown = shown if shown is not None else Path(target if isinstance(target, str) else "xlsx")
        self.book = new_book(target, t("the Excel format"), streaming=streaming and isinstance(target, str),
                             hint=t("pip install 'checklists[office]', or leave xlsx out of --format"))
        wrap = {"text_wrap": True, "valign": "top"}
        self.header = self.book.add_format({"font_name": "黑体", "bold": True, "bg_color": "#EEEEEE", **wrap})
        self.body = self.book.add_format({"font_name": "仿宋_GB2312", **wrap})
        self.date = self.book.add_format({"font_name": "仿宋_GB2312", "num_format": "yyyy-mm-dd", **wrap})
        self.sheets: dict[str, tuple[Any, int]] = {}  # title -> (worksheet, rows written)
        self._sheet("汇总", SUMMARY_COLUMNS, (10, 24, 12, 24, 14, 10, 10, 14, 10, 10))
        for kind in KINDS:
            self._sheet(KIND_TITLES[kind], (*UNIT_COLUMNS, *COLUMNS[kind][1:]),
                        (10, 18, 10, 9, 22, *(max(8, w * 1.1) for w in WIDTHS[kind][1:])))

    def _sheet(self, title: str, columns: Sequence[str], widths: Sequence[float]) -> None:
        ws = self.book.add_worksheet(title)
        for column, width in enumerate(widths):
            ws.set_column(column, column, width)
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, columns, self.header)
        self.sheets[title] = (ws, 0)

    def _row(self, title: str, values: Sequence[Any]) -> None:
        ws, n = self.sheets[title]
        n += 1
        for column, value in enumerate(values):  # by type, as ``write`` would, with fewer checks
            if value is None or value == "":
                ws.write_blank(n, column, None, self.body)
            elif isinstance(value, str):
                ws.write_string(n, column, value, self.body)
            elif isinstance(value, dt.date):
                ws.write_datetime(n, column, value, self.date)
            else:
                ws.write_number(n, column, value, self.body)
        self.sheets[title] = (ws, n)

    def add(self, pack: Pack) -> None:
        """The unit's rows, in every sheet."""
        unit = (pack.unit.id, pack.unit.name, pack.classification.type_label)
        self._row("汇总", [*unit, "、".join(s.label for s in pack.classification.subtypes), pack.round.start,
                         *(len(pack.checklist(k).items) for k in KINDS), len(pack.materials)])
        for kind in KINDS:
            titles = {s.id: s.title for s in pack.checklist(kind).sections}
            for row in rows(pack, kind):
                if not row.heading and row.item is not None:
                    self._row(KIND_TITLES[kind], [*unit, row.outline, titles[row.item.section], *row.cells[1:]])
        for cells in lead_rows(pack):
            if "线索" not in self.sheets:
                self._sheet("线索", (*UNIT_COLUMNS[:3], *LEAD_COLUMNS[1:]),
                            (10, 18, 10, *(max(8, w * 1.1) for w in LEAD_WIDTHS[1:])))
            self._row("线索", [*unit, *cells[1:]])

    def close(self) -> None:
        """Set each sheet's filter to its rows and write the workbook."""
        for ws, n in self.sheets.values():
            ws.autofilter(0, 0, n, ws.dim_colmax if ws.dim_colmax is not None else 0)
        try:
            self.book.close()
        except Exception as exc:  # XlsxWriter wraps the file system's error in its own
            cause = exc if isinstance(exc, OSError) else next(
                (a for a in exc.args if isinstance(a, OSError)), exc.__context__)
            if not isinstance(cause, OSError):
                raise
            from ..output import os_error

            raise os_error(cause, self.shown) from None


__all__ = [
    "STREAM_FROM",
    "RoundWorkbook",
    "render",
]
