"""A filled ledger read back into a findings file (``checklists findings import``).

Columns are found by their headings, and rows by the hidden key the ledger wrote, so a ledger whose
rows or columns were reordered reads the same. A row whose 是否发现问题 is 是 (or that states a
problem) is a finding; a row the group added by hand (no key) is a finding too, if it names its
unit. Every problem is reported as ``FILE.xlsx!台账!C12`` with a hint; statuses are read in Chinese
or English. Read with openpyxl (the ``office`` extra).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from .errors import Location, Problem, SchemaError, raise_if
from .i18n import t
from .models.inputs import FINDING_STATUS_LABELS, Finding, FindingsFile
from .output import write_file
from .render._xlsx import read_book
from .render.ledger_out import KEY, ROUND_SHEET, SHEET

_STATUS = {**{label: key for key, label in FINDING_STATUS_LABELS.items()}, **{k: k for k in FINDING_STATUS_LABELS},
           "": "not_rectified"}
_YES, _NO = {"是", "有", "yes", "y", "true", "√"}, {"否", "无", "no", "n", "false", "×"}


def read_ledger(path: Path) -> FindingsFile:
    """The findings of a filled ledger; raises with every problem, each at its cell."""
    book = read_book(path, t("reading a ledger needs the openpyxl package"),
                     t("give the .xlsx file `checklists ledger` wrote, filled in"), "ledger.sheet")
    if SHEET not in book.sheetnames:
        raise SchemaError(Problem(Location(str(path)), t("the workbook has no sheet '{sheet}'", sheet=SHEET),
                                  hint=t("give the .xlsx file `checklists ledger` wrote"), code="ledger.sheet"))
    where = f"{path.name}!{SHEET}!"
    table = list(book[SHEET].iter_rows(values_only=True))
    round_id, round_name = _round(book)
    columns = _columns(table[0] if table else (), where)
    problems: list[Problem] = []
    findings: list[Finding] = []
    for number, row in enumerate(table[1:], start=2):
        found = _row(row, columns, number, where, round_id, round_name, problems)
        if found is not None:
            findings.append(found)
    raise_if(problems, SchemaError)
    return FindingsFile(round=round_name, round_id=round_id, findings=tuple(findings))


def _round(book: Any) -> tuple[str | None, str | None]:
    if ROUND_SHEET not in book.sheetnames:
        return None, None
    cells = list(book[ROUND_SHEET].iter_rows(min_row=2, max_row=2, values_only=True))
    if not cells or not cells[0]:
        return None, None
    first = cells[0]
    return (str(first[0]) if first[0] else None), (str(first[1]) if len(first) > 1 and first[1] else None)


def _columns(header: tuple[Any, ...], where: str) -> dict[str, int]:
    columns = {str(title).strip(): n for n, title in enumerate(header) if title is not None}
    missing = [c for c in ("单位编号", "问题表现", "是否发现问题", "问题表述", "整改状态", KEY) if c not in columns]
    if missing:
        raise SchemaError(Problem(Location(f"{where}1"), t("the heading row has no column {columns}", columns=missing),
                                  hint=t("keep the ledger's heading row as `checklists ledger` wrote it"),
                                  code="ledger.header"))
    return columns


def _cell(column: int, number: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{number}"


def _row(row: tuple[Any, ...], columns: dict[str, int], number: int, where: str, round_id: str | None,
         round_name: str | None, problems: list[Problem]) -> Finding | None:
    def value(title: str) -> Any:
        at = columns.get(title)
        return row[at] if at is not None and at < len(row) else None

    def text(title: str) -> str | None:
        found = value(title)
        return str(found).strip() if found is not None and str(found).strip() else None

    def problem(title: str, message: str, hint: str, code: str = "ledger.value") -> None:
        at = columns.get(title, 0)
        problems.append(Problem(Location(where + _cell(at, number)), message, field=title, hint=hint, code=code))

    key, statement = text(KEY), text("问题表述")
    flag = (text("是否发现问题") or "").lower()
    if flag and flag not in _YES and flag not in _NO:
        problem("是否发现问题", t("'{value}' is neither 是 nor 否", value=flag), t("choose 是 or 否 from the list"))
        return None
    if flag in _NO or (not flag and not statement):
        if not key and any(text(title) for title in ("问题表现", "核查情况", "整改措施")):
            problem("问题表述", t("a row added by hand states no problem"),
                    t("write the problem in 问题表述 and 是 in 是否发现问题, or delete the row"), code="ledger.row")
        return None
    status_text = text("整改状态") or ""
    status = _STATUS.get(status_text) or _STATUS.get(status_text.lower())
    if status is None:
        problem("整改状态", t("'{value}' is not a status", value=status_text),
                t("choose one of: {values}", values=list(FINDING_STATUS_LABELS.values())))
        return None
    unit_id, item_id = (key.split("|", 1) if key and "|" in key else (text("单位编号"), None))
    if not unit_id:
        problem("单位编号", t("the row names no unit"), t("write the unit's id (单位编号) as in the round file"),
                code="ledger.unit")
        return None
    deadline = _date(value("整改时限"))
    if value("整改时限") not in (None, "") and deadline is None:
        problem("整改时限", t("'{value}' is not a date", value=f"{value('整改时限')}"),
                t("write a date such as {example}", example="2026-06-30"))
        return None
    said = statement or text("问题表现") or ""
    ident = f"{round_id or 'round'}.{item_id}" if item_id else \
        f"{round_id or 'round'}.manual-{hashlib.sha256(f'{unit_id}|{said}'.encode()).hexdigest()[:8]}"
    try:
        return Finding(unit=unit_id, id=ident, text=said, round=round_name, status=status,
                       deadline=deadline, item=item_id, check=text("核查情况"), measures=text("整改措施"),
                       responsible=text("责任单位/责任人"))
    except ValueError as exc:  # an id that is not one: a unit id with spaces, say
        problem("单位编号", t("the row cannot be read: {error}", error=str(exc).splitlines()[0]),
                t("check the unit's id and the row"),
                code="ledger.unit")
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip().replace("/", "-"))
        except ValueError:
            return None
    return None


def write_findings(findings: FindingsFile, path: Path) -> None:
    """``findings`` as a findings file at ``path`` (YAML)."""
    from .render.yaml_out import dump

    text = dump(findings.model_dump(mode="json", exclude_none=True))
    head = ("# 巡察发现问题及整改情况，由 checklists findings import 从台账读出；"
            "下一轮的 previous_findings 可引用本文件。\n")
    write_file(path, head + text)


__all__ = ["read_ledger", "write_findings"]
