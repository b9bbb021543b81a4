"""A workbook of items read into a layer's fragment files (``checklists import-items``).

The workbook has the layout ``export-library`` writes (``_item_columns``): a sheet per kind, a row
per item. Rows are grouped by kind and group into one fragment file each, ``<kind>/<group>.yaml``
in the layer. The fragments are checked with the library they join, before anything is written;
every problem is reported at its cell, ``FILE.xlsx!问题清单!E12``, with a hint. Read with openpyxl
(the ``office`` extra).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ._item_columns import AUDIENCES, DISCIPLINES, METHODS, NO, SHEETS, YES, Column, columns, split
from .errors import ChecklistsError, Location, OutputError, Problem, SchemaError, raise_if
from .i18n import t
from .output import os_error, write_file
from .render._xlsx import read_book
from .render.yaml_out import dump

__all__ = ["Imported", "import_items", "read_items"]

NOTES = "备注"
"""A column whose title starts with this holds notes for people, and is not read."""


class _Row(NamedTuple):
    sheet: str
    number: int
    cells: dict[str, str]  # column key → the column's letter, for locating a problem


class Imported(NamedTuple):
    """What an import wrote: the fragment files, and how many items of each kind."""

    files: tuple[Path, ...]
    counts: dict[str, int]


def read_items(path: Path) -> dict[tuple[str, str], list[tuple[_Row, dict[str, Any]]]]:
    """The items of the workbook at ``path``, by (kind, group), each with the row it came from."""
    book = _open(path)
    problems: list[Problem] = []
    found: dict[tuple[str, str], list[tuple[_Row, dict[str, Any]]]] = {}
    sheets = [name for name in book.sheetnames if name in SHEETS]
    if not sheets:
        raise SchemaError(Problem(Location(str(path)),
                                  t("the workbook has none of the sheets {sheets}", sheets="、".join(SHEETS)),
                                  hint=t("give a workbook that `checklists export-library` or `checklists init` "
                                         "wrote, with its sheets' names unchanged"), code="import.sheet"))
    for name in sheets:
        kind = SHEETS[name]
        table = list(book[name].iter_rows(values_only=True))
        if not table:
            continue
        where = f"{path.name}!{name}!"
        cols = _columns(table[0], kind, where, problems)
        for number, values in enumerate(table[1:], start=2):
            item = _item(values, cols, kind, number, where, problems)
            if item is not None:
                row = _Row(name, number, {c.key: _letter(i) for i, c in cols.items()})
                found.setdefault((kind, item.pop("group")), []).append((row, item))
    raise_if(problems, SchemaError)
    if not found:
        raise SchemaError(Problem(Location(str(path)), t("the workbook holds no items"),
                                  hint=t("fill in a row per item below the heading row of its sheet"),
                                  code="import.empty"))
    return found


def _open(path: Path) -> Any:
    return read_book(path, t("reading a workbook needs the openpyxl package"), t("give an .xlsx file"), "import.sheet")


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _columns(header: tuple[Any, ...], kind: str, where: str, problems: list[Problem]) -> dict[int, Column]:
    """The columns read, by their place: every column this kind has, found by its title."""
    known = {c.title: c for c in columns(kind)}
    found: dict[int, Column] = {}
    for i, title in enumerate(header):
        text = str(title).strip() if title is not None else ""
        if not text or text.startswith(NOTES):
            continue
        col = known.get(text)
        if col is None:
            problems.append(Problem(Location(f"{where}{_letter(i)}1"),
                                    t("'{title}' is not a column of this sheet", title=text),
                                    hint=t("rename it to one of: {titles}, or title a column of notes {notes}",
                                           titles="、".join(known), notes=NOTES), code="import.column"))
        elif not col.shown:
            found[i] = col
    for required in ("编号", "分组", "分节", "内容"):
        if required not in {c.title for c in found.values()}:
            problems.append(Problem(Location(f"{where}A1"), t("the sheet has no column '{title}'", title=required),
                                    hint=t("keep the heading row export-library writes"), code="import.column"))
    return found


def _item(values: tuple[Any, ...], cols: dict[int, Column], kind: str, number: int, where: str,
          problems: list[Problem]) -> dict[str, Any] | None:
    """The item of one row, as a fragment holds it; None for an empty row."""
    cells = {c.key: (i, values[i] if i < len(values) else None) for i, c in cols.items()}
    if all(v is None or str(v).strip() == "" for _, v in cells.values()):
        return None
    item: dict[str, Any] = {}
    for key, (i, value) in cells.items():
        if value is None or str(value).strip() == "":
            continue
        try:
            _put(item, key, _value(key, value))
        except ValueError as exc:
            said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
            problems.append(Problem(Location(f"{where}{_letter(i)}{number}"),
                                    t("{title}: {error}", title=cols[i].title, error=said),
                                    hint=_HINTS.get(key) or t("correct the cell"), code="import.value"))
    for key, title in (("id", "编号"), ("group", "分组"), ("section", "分节"), ("text", "内容")):
        if key not in item and key in cells:
            problems.append(Problem(Location(f"{where}{_letter(cells[key][0])}{number}"),
                                    t("{title} is empty", title=title),
                                    hint=t("every item needs its {title}", title=title), code="import.value"))
    if kind == "policy" and "citation" in item:
        item["citation"] = {k: item["citation"][k] for k in
                            ("title", "issuer", "year", "doc_number", "issued", "effective_from", "effective_until",
                             "superseded_by") if k in item["citation"]}
    return item if "group" in item else None


def _put(item: dict[str, Any], key: str, value: Any) -> None:
    head, _, rest = key.partition(".")
    if rest:
        item.setdefault(head, {})[rest] = value
    else:
        item[key] = value


_HINTS = {
    "methods": t("write methods by their names, separated by 、: {names}",
                 names="、".join(k for k in METHODS if ord(k[0]) > 127)),
    "interview.ask": t("write whom to ask by their names, separated by 、: {names}",
                       names="、".join(k for k in AUDIENCES if ord(k[0]) > 127)),
    "qualification.discipline": t("write one of: {names}",
                                  names="、".join(k for k in DISCIPLINES if k.startswith("违"))),
    "qualification.articles": t("write one article a line: the policy item's id, a space, the article ({example})",
                                example="第七十七条"),
    "when": t("write a condition in braces, e.g. {first} or {second}", first="{types: [village]}",
              second="{attributes: {land_acquisition: true}}"),
    "replace": t("write 是, or leave it empty"),
}


def _value(key: str, value: Any) -> Any:
    """The field value of a cell; ValueError says what is wrong with it."""
    if key in ("citation.issued", "citation.effective_from", "citation.effective_until"):
        return _date(value)
    text = str(value).strip()
    if key == "citation.year":
        if not text.isdigit():
            raise ValueError(t("'{text}' is not a year", text=text))
        return int(text)
    if key in ("programs", "signals", "basis", "materials"):
        return split(text)
    if key in ("methods", "interview.ask"):
        return _named(text, METHODS, t("methods")) if key == "methods" else _named(text, AUDIENCES, t("ask"))
    if key == "interview.questions":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if key == "qualification.discipline":
        return _named(text, DISCIPLINES, t("discipline"))[0]
    if key == "qualification.articles":
        return _articles(text)
    if key == "when":
        return _condition(text)
    if key == "replace":
        if text.lower() in YES | NO:
            return text.lower() in YES
        raise ValueError(t("'{text}' is neither 是 nor empty", text=text))
    return text


def _named(text: str, table: dict[str, str], what: str) -> list[str]:
    """The ids of the names (or ids) in ``text``, separated by 、."""
    unknown = [v for v in split(text) if v not in table]
    if unknown:
        raise ValueError(t("'{names}' is not one of the {what}", names="、".join(unknown), what=what))
    return [table[v] for v in split(text)]


def _articles(text: str) -> list[dict[str, str]]:
    articles = []
    for line in (line.strip() for line in text.splitlines() if line.strip()):
        parts = line.split()
        if len(parts) != 2:
            raise ValueError(t("'{line}' is not a policy id and an article", line=line))
        articles.append({"policy": parts[0], "article": parts[1]})
    return articles


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(t("'{text}' is not a date (write {example})", text=text, example="2024-01-01")) from None


def _condition(text: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(text if text.startswith("{") else "{" + text + "}")
    except yaml.YAMLError:
        raise ValueError(t("'{text}' is not a condition", text=text)) from None
    if not isinstance(data, dict):
        raise ValueError(t("'{text}' is not a condition", text=text))
    return data


# --------------------------------------------------------------------------- into a layer


def import_items(path: Path, into: Path, layers: Sequence[Path] = (), force: bool = False) -> Imported:
    """Read the workbook at ``path`` into fragment files in the layer folder ``into`` (made, with
    its library.yaml, if need be), over the built-in library and ``layers``. Nothing is written
    unless every item is good in the library it joins; a fragment file that exists is replaced
    only with ``force``."""
    found = read_items(path)
    texts: dict[str, tuple[str, list[tuple[int, _Row]]]] = {}
    for (kind, group), rows in found.items():
        rel = f"{kind}/{group}.yaml"
        if (into / rel).exists() and not force:
            raise OutputError(Problem(Location(str(into / rel)), t("the fragment file exists"),
                                      hint=t("add --force to replace it, or change the group of its rows"),
                                      code="output.not-empty"))
        texts[rel] = _fragment(kind, group, rows)
    try:
        manifest = _try(path, into, texts, layers)
        into.mkdir(parents=True, exist_ok=True)
        if manifest is not None:
            write_file(into / "library.yaml", manifest, option="--into")
        written = []
        for rel, (text, _) in texts.items():
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            write_file(into / rel, text, option="--into")
            written.append(into / rel)
    except OSError as exc:  # the layer folder cannot be read, made or written
        raise os_error(exc, into, option="--into") from None
    counts: dict[str, int] = {}
    for (kind, _), rows in found.items():
        counts[kind] = counts.get(kind, 0) + len(rows)
    return Imported(tuple(written), counts)


def _try(path: Path, into: Path, texts: dict[str, tuple[str, list[tuple[int, _Row]]]],
         layers: Sequence[Path]) -> str | None:
    """Check the fragments with the layer as it would be, in a copy: the library.yaml to write too, if any."""
    with tempfile.TemporaryDirectory(prefix="checklists-import-") as folder:
        trial = Path(folder) / (into.name or "layer")
        if into.is_dir():
            shutil.copytree(into, trial)
        trial.mkdir(parents=True, exist_ok=True)
        manifest = None if (trial / "library.yaml").exists() else _manifest(into)
        if manifest is not None:
            (trial / "library.yaml").write_text(manifest, encoding="utf-8")
        for rel, (text, _) in texts.items():
            (trial / rel).parent.mkdir(parents=True, exist_ok=True)
            (trial / rel).write_text(text, encoding="utf-8")
        _check(path, trial, texts, layers)
    return manifest


def _manifest(into: Path) -> str:
    return dump({"name": into.resolve().name or "office", "version": "1",
                 "description": "由 checklists import-items 从工作簿导入的条目。"})


def _fragment(kind: str, group: str, rows: list[tuple[_Row, dict[str, Any]]]) -> tuple[str, list[tuple[int, _Row]]]:
    """The fragment file of one group, and the line where each row's item starts."""
    text = f"# 由 checklists import-items 生成；可以直接编辑。\nkind: {kind}\ngroup: {group}\nitems:\n"
    lines = text.count("\n")
    starts = []
    for row, item in rows:
        block = "".join(f"  {line}\n" for line in dump([item]).splitlines())
        starts.append((lines + 1, row))
        text += block
        lines += block.count("\n")
    return text, starts


def _check(path: Path, trial: Path, texts: dict[str, tuple[str, list[tuple[int, _Row]]]],
           layers: Sequence[Path]) -> None:
    """Load the library with the trial layer; problems in the fragments made go back to their cells."""
    from .library import load_library

    try:
        load_library(*layers, trial, cache=False)
    except ChecklistsError as exc:
        raise type(exc)([_at_cell(path, trial, texts, p) for p in exc.problems]) from None


def _at_cell(path: Path, trial: Path, texts: dict[str, tuple[str, list[tuple[int, _Row]]]], p: Problem) -> Problem:
    try:
        rel = Path(p.location.file).resolve().relative_to(trial.resolve()).as_posix()
    except ValueError:
        return p
    if rel not in texts:
        return p
    row = None
    for line, candidate in texts[rel][1]:
        if line <= p.location.line:
            row = candidate
    if row is None:
        return p._replace(location=Location(f"{path.name}!?"))
    letter = row.cells.get("id", "A")
    for key in sorted(row.cells, key=len, reverse=True):
        if key and (p.field == key or p.field.endswith("." + key) or p.field.startswith(key + ".")
                    or f".{key}." in f".{p.field}."):
            letter = row.cells[key]
            break
    return p._replace(location=Location(f"{path.name}!{row.sheet}!{letter}{row.number}"), related=None)
