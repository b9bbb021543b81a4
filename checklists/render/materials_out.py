"""The list of materials the group asks the inspected unit itself for (资料需求清单), one workbook
per unit: each material once, for the period the round reviews, with the form to provide it in, the
due date and the items of the problem list it serves. Programs of a joint round are already merged
in the pack's materials, so the unit is asked once. Written with XlsxWriter (the ``office`` extra).
"""

from __future__ import annotations

import io
from typing import Any

from ..i18n import t
from ..models.common import chinese_date
from ..models.pack import Pack
from ._xlsx import new_book, print_setup, row_height

SHEET = "资料需求清单"
COLUMNS = ("序号", "资料名称", "时间范围", "提供形式", "报送时限", "用于核查（问题清单条目）", "备注")
WIDTHS = (6, 44, 26, 12, 14, 30, 16)
FORMS = ("原件", "复印件", "电子版", "复印件和电子版")
"""The drop-down of 提供形式; the cell is left for the group to choose."""


def render(pack: Pack) -> bytes:
    """The unit's 资料需求清单 as the bytes of an .xlsx file."""
    rnd = pack.round
    buffer = io.BytesIO()
    book = new_book(buffer, t("the materials list"))
    base = {"text_wrap": True, "valign": "top", "font_name": "仿宋_GB2312", "border": 1}
    title = book.add_format({"font_name": "方正小标宋简体", "font_size": 18, "align": "center", "valign": "vcenter"})
    addressed = book.add_format({"font_name": "仿宋_GB2312", "font_size": 12})
    header = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center", "bg_color": "#EEEEEE"})
    cell = book.add_format(base)
    centred = book.add_format({**base, "align": "center"})
    ws = book.add_worksheet(SHEET)
    for column, width in enumerate(WIDTHS):
        ws.set_column(column, column, width)
    ws.merge_range(0, 0, 0, len(COLUMNS) - 1, f"{rnd.name}资料需求清单", title)
    ws.set_row(0, 36)
    ws.merge_range(1, 0, 1, len(COLUMNS) - 1, f"被巡察单位：{pack.unit.name}", addressed)
    ws.write_row(2, 0, COLUMNS, header)
    outlines = {i.id: i.outline for i in pack.problem.items}  # only problem items ask for materials
    period = f"{chinese_date(rnd.review_from)}至{chinese_date(rnd.start)}"
    due = chinese_date(rnd.requests_due) if rnd.requests_due is not None else ""
    row = 2
    for n, material in enumerate(pack.materials, start=1):
        row += 1
        served = "、".join(dict.fromkeys(outlines[i] for i in material.needed_by if i in outlines))
        values: list[Any] = [str(n), material.label, period, "", due, served, ""]
        for column, value in enumerate(values):
            ws.write_string(row, column, value, centred if column in (0, 4) else cell)
        ws.set_row(row, row_height(values, WIDTHS))
    if pack.materials:
        ws.data_validation(3, 3, row, 3, {"validate": "list", "source": list(FORMS)})
    print_setup(ws, 2)
    ws.freeze_panes(3, 0)
    book.close()
    return buffer.getvalue()


__all__ = ["COLUMNS", "FORMS", "SHEET", "render"]
