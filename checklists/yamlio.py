"""Safe YAML reading that keeps the line and column of every node.

Documents are composed into nodes with PyYAML's safe loader (the C loader where present)
and then built into plain JSON-like data by this module, never by PyYAML's constructors:
only the standard scalar tags are accepted, duplicate keys are errors, and limits on file
size, nesting depth and the number of nodes built (which stops alias bombs) hold.
Timestamps stay strings, so that dates are checked by the schema like any other field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import LoadError, Location, Problem

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

JsonPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Loader(_BaseLoader):
    """The safe loader; used here only to compose nodes and resolve plain scalars."""


@dataclass(frozen=True)
class Document:
    """One YAML document: its data and where each part of it stands.

    ``marks`` maps a JSON path (keys and list indexes) to the (line, column) of the value;
    ``key_marks`` maps the path of a mapping value to the (line, column) of its key.
    """

    file: str
    data: Any
    marks: Mapping[JsonPath, tuple[int, int]] = field(repr=False)
    key_marks: Mapping[JsonPath, tuple[int, int]] = field(repr=False)

    def location(self, path: JsonPath = (), *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or its key), or of its nearest parent."""
        path = tuple(path)
        if key and path in self.key_marks:
            line, column = self.key_marks[path]
            return Location(self.file, line, column)
        while True:
            if path in self.marks:
                line, column = self.marks[path]
                return Location(self.file, line, column)
            if not path:
                return Location(self.file, 1, 1) if self.marks else Location(self.file)
            path = path[:-1]


def read_bytes(path: Path, shown_as: str) -> bytes:
    """Read a file's bytes, refusing files over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(
                Problem(
                    Location(shown_as),
                    f"file is {size:,} bytes, larger than the limit of {MAX_FILE_BYTES:,}",
                    hint="split it into smaller files",
                )
            )
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(Problem(Location(shown_as), f"cannot read file: {exc.strerror}")) from None


def decode(raw: bytes, shown_as: str) -> str:
    """Decode bytes as UTF-8 (a BOM is allowed), naming GBK and binary files plainly."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise LoadError(
            Problem(Location(shown_as, line), "file contains NUL bytes", hint="is it a text file?")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            message = f"invalid UTF-8 byte 0x{raw[exc.start]:02x}"
        else:
            message = "file is not UTF-8; it looks like GBK/GB18030 (common from Windows editors)"
            hint = "save the file as UTF-8, e.g. in Notepad choose 'Save as' > Encoding UTF-8"
        raise LoadError(Problem(Location(shown_as, line), message, hint=hint)) from None
    return text.replace("\r\n", "\n")


def load_file(path: Path, shown_as: str | None = None) -> Document:
    """Read one YAML file holding exactly one document."""
    name = shown_as if shown_as is not None else str(path)
    return load_text(decode(read_bytes(path, name), name), name)


def load_text(text: str, file: str) -> Document:
    """Parse ``text`` holding exactly one YAML document; ``file`` names it in errors."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        if "single document" in f"{exc.problem} {exc.context}":
            mark = exc.problem_mark
            raise LoadError(
                Problem(
                    _mark_location(file, mark),
                    "file holds more than one YAML document",
                    hint="keep one document per file; remove the '---' separator",
                )
            ) from None
        raise LoadError(_yaml_problem(file, exc, text)) from None
    except yaml.YAMLError as exc:
        raise LoadError(_yaml_problem(file, exc, text)) from None
    if node is None:
        raise LoadError(Problem(Location(file, 1, 1), "file is empty", hint="write a YAML mapping"))
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    return Document(file, data, builder.marks, builder.key_marks)


def _mark_location(file: str, mark: Any) -> Location:
    if mark is None:
        return Location(file)
    return Location(file, mark.line + 1, mark.column + 1)


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    at_tab = False
    if mark is not None:
        lines = text.split("\n")
        if mark.line < len(lines):
            line_text = lines[mark.line]
            at_tab = "\t" in line_text[: mark.column + 1]
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    hint = "check indentation and quoting"
    if at_tab or "tab" in problem:
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif "mapping values are not allowed" in problem:
        hint = "quote text that contains ': '"
    return Problem(_mark_location(file, mark), message, hint=hint)


class _Builder:
    """Turns composed nodes into data, recording marks and enforcing the limits."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.marks: dict[JsonPath, tuple[int, int]] = {}
        self.key_marks: dict[JsonPath, tuple[int, int]] = {}
        self.count = 0
        self._resolver = _Loader("")

    def _fail(self, node: yaml.Node, message: str, hint: str = "") -> LoadError:
        return LoadError(
            Problem(_mark_location(self.file, node.start_mark), message, hint=hint)
        )

    def build(self, node: yaml.Node, path: JsonPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(
                node,
                f"document expands to more than {MAX_NODES:,} values",
                hint="anchors and aliases may not be used to multiply content",
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nesting is deeper than {MAX_DEPTH} levels")
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._unknown_tag(node)
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._unknown_tag(node)
            self._resolver.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, "a mapping key must be a plain value")
                key = self._scalar(key_node)
                if not isinstance(key, str):
                    key = str(key).lower() if isinstance(key, bool) else str(key)
                if key in result:
                    line = self.key_marks[(*path, key)][0]
                    raise self._fail(
                        key_node,
                        f"duplicate key '{key}' (first at line {line})",
                        hint="each key may appear once in a mapping",
                    )
                self.key_marks[(*path, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        raise self._fail(node, "unsupported YAML node")  # pragma: no cover

    def _unknown_tag(self, node: yaml.Node) -> LoadError:
        return self._fail(
            node,
            f"tag '{node.tag}' is not allowed",
            hint="write plain YAML values; tags such as !!python/... are never run",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self._unknown_tag(node)
        if tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return node.value
        try:
            return self._resolver.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value
