"""Safe YAML reading that keeps the line and column of every node.

Documents are composed into nodes with PyYAML's safe loader (the C loader where present)
and then built into plain JSON-like data by this module, never by PyYAML's constructors:
only the standard scalar tags are accepted, duplicate keys are errors, and limits on file
size, nesting depth and the number of nodes built (which stops alias bombs) hold.
Timestamps stay strings, so that dates are checked by the schema like any other field.
Only regular files are read; control characters and invisible characters (zero-width
spaces, bidirectional controls) are refused with their line and column.
"""

import re
import stat
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import yaml

from ._yaml_said import parser_said as _parser_said
from .errors import LoadError, Location, Problem
from .i18n import Msg, os_reason, t

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

# libyaml's composer recurses once per level of nesting (some ten thousand levels overflow the C
# stack) and its parser slows down with the square of the depth. A text this short with this few
# '[', '{', '-' and '?' cannot nest more than a few thousand levels, which is harmless; any other
# text is first read as a stream of events, which stops at the first level too deep.
_SHAPE_CHECK_CHARS = 64 * 1024
_DEPTH_HINT = t("no document needs this many levels; look for an unclosed '[' or '{{'")
_SHAPE_CHECK_INDICATORS = 2_000

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff"
_LINE_SEPARATORS = "\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNWANTED = re.compile(f"[{_CONTROL}{_LINE_SEPARATORS}{_INVISIBLE}]")
# Only an error needs these two: as strings, they are compiled (and kept by ``re``) when one
# first does, not at every start (compiling a regular expression is costly: docs/performance.md)
_CONTROL_CLASS = f"[{_CONTROL}]"  # which kind an unwanted character is
_FULLWIDTH_COLON_KEY = r"^[ \t]*(?:- )?([^\s#'\"：:\[\]{}]+)："

JsonPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}  # as PyYAML
_SCALAR_TAGS = {_STR, _INT, "tag:yaml.org,2002:float", _BOOL, _NULL, "tag:yaml.org,2002:timestamp"}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"  # the key '=': PyYAML reads it as text


class _Loader(_BaseLoader):
    """The safe loader; used here only to compose nodes and resolve plain scalars."""


class Document(NamedTuple):
    """One YAML document: its data and where each part of it stands.

    ``marks`` maps a JSON path (keys and list indexes) to the (line, column) of the value;
    ``key_marks`` maps the path of a mapping value to the (line, column) of its key.
    """

    file: str
    data: Any
    marks: Mapping[JsonPath, tuple[int, int]]
    key_marks: Mapping[JsonPath, tuple[int, int]]

    def __repr__(self) -> str:  # the marks would fill pages
        return f"Document(file={self.file!r}, data={self.data!r})"

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


def read_capped(stream: BinaryIO, size: int) -> bytes:
    """Up to ``MAX_FILE_BYTES + 1`` bytes of a file whose size was ``size`` when it was looked
    at: the caller refuses it when it holds more than the limit, as it may have grown since.

    The first read asks for one byte more than the file held. Asking for the whole limit at once
    would make Python allocate a buffer of the whole limit for each file, whatever its size, which
    made reading a library several times slower.
    """
    raw = stream.read(min(size, MAX_FILE_BYTES) + 1)
    if len(raw) > size:  # it grew: read on, up to the limit
        raw += stream.read(MAX_FILE_BYTES + 1 - len(raw))
    return raw


def read_bytes(path: Path, shown_as: str) -> bytes:
    """Read a regular file's bytes, refusing files over the size limit.

    Anything else (a folder, a named pipe, a device such as /dev/zero) is refused before it is
    opened, since reading it could block or never end.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            message = (t("cannot read file: it is a folder") if stat.S_ISDIR(info.st_mode)
                       else t("cannot read file: it is not a regular file"))
            raise LoadError(Problem(Location(shown_as), message, hint=t("name a YAML file"), code="load.not-a-file"))
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(shown_as, info.st_size)
        with path.open("rb") as stream:
            raw = read_capped(stream, info.st_size)
        if len(raw) > MAX_FILE_BYTES:
            raise _too_large(shown_as, len(raw))
        return raw
    except OSError as exc:
        raise LoadError(Problem(Location(shown_as), t("cannot read file: {reason}", reason=os_reason(exc)),
                                hint=t("check that the file exists and may be read"),
                                code="load.unreadable")) from None
    except ValueError:  # a NUL character in the path
        raise LoadError(Problem(Location(shown_as), t("cannot read file: its name contains a NUL character"),
                                hint=t("check the file name"), code="load.nul-in-name")) from None


def _too_large(shown_as: str, size: int) -> LoadError:
    return LoadError(
        Problem(
            Location(shown_as),
            t("file is {size} bytes or more, larger than the limit of {limit}", size=f"{size:,}",
              limit=f"{MAX_FILE_BYTES:,}"),
            hint=t("split it into smaller files"),
            code="load.too-large")
    )


_SAVE_AS_UTF8 = t("save the file as UTF-8, e.g. in Notepad choose 'Save as' > Encoding UTF-8")


def decode(raw: bytes, shown_as: str) -> str:
    """Decode bytes as UTF-8 (a BOM is allowed), naming UTF-16, GBK and binary files plainly.

    Line breaks are returned as ``\\n`` whether the file used CRLF, CR or LF.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # the byte order mark of UTF-16
        raise LoadError(
            Problem(Location(shown_as, 1), t("file is not UTF-8; it looks like UTF-16 ('Unicode' in Windows editors)"),
                    hint=_SAVE_AS_UTF8, code="load.utf16")
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise LoadError(
            Problem(Location(shown_as, line), t("file contains NUL bytes"), hint=t("is it a text file?"),
                    code="load.nul-bytes")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = t("save the file as UTF-8")
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            message = t("invalid UTF-8 byte 0x{byte}", byte=f"{raw[exc.start]:02x}")
        else:
            message = t("file is not UTF-8; it looks like GBK/GB18030 (common from Windows editors)")
            hint = _SAVE_AS_UTF8
        raise LoadError(Problem(Location(shown_as, line), message, hint=hint, code="load.encoding")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_file(path: Path, shown_as: str | None = None) -> Document:
    """Read one YAML file holding exactly one document."""
    name = shown_as if shown_as is not None else str(path)
    return load_text(decode(read_bytes(path, name), name), name)


def load_text(text: str, file: str) -> Document:
    """Parse ``text`` holding exactly one YAML document; ``file`` names it in errors."""
    _check_characters(text, file)
    node = _compose(text, file)
    if node is None:
        raise LoadError(Problem(Location(file, 1, 1), t("file is empty"), hint=t("write a YAML mapping"),
                                code="load.empty"))
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    return Document(file, data, builder.marks, builder.key_marks)


def _compose(text: str, file: str) -> yaml.Node | None:
    try:
        if len(text) > _SHAPE_CHECK_CHARS or sum(map(text.count, "[{-?")) > _SHAPE_CHECK_INDICATORS:
            _check_shape(text, file)
        loader = _Loader(text)
        try:
            node: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        if "single document" in f"{exc.problem} {exc.context}":
            mark = exc.problem_mark
            raise LoadError(
                Problem(
                    _mark_location(file, mark),
                    t("file holds more than one YAML document"),
                    hint=t("keep one document per file; remove the '---' separator"),
                    code="load.several-documents")
            ) from None
        raise LoadError(_yaml_problem(file, exc, text)) from None
    except yaml.YAMLError as exc:
        raise LoadError(_yaml_problem(file, exc, text)) from None
    return node


def _check_characters(text: str, file: str) -> None:
    """Refuse the first character ``unwanted_character`` finds, at its line and column."""
    found = unwanted_character(text)
    if found is not None:
        index, message, hint = found
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        raise LoadError(Problem(Location(file, line, column), message, hint=hint, code="load.unwanted-character"))


def unwanted_character(text: str) -> tuple[int, str, str] | None:
    """The first control character, line separator other than CR and LF, or invisible character
    (zero-width spaces and joiners, soft hyphens, bidirectional controls, a BOM inside the text)
    in ``text``, as (index, message, hint): such characters cannot be seen, yet make texts and
    ids differ from what they look like."""
    found = _UNWANTED.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    if char in _LINE_SEPARATORS:
        return found.start(), t("line separator {char} is not allowed", char=code), t("use an ordinary line break")
    if re.match(_CONTROL_CLASS, char):
        return (found.start(), t("control character {char} is not allowed", char=code),
                t("delete it; is it a text file?"))
    return (found.start(), t("invisible character {char} is not allowed", char=code),
            t("delete it: it cannot be seen, yet makes texts and ids differ from what they look like"))


def _check_shape(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and far more than MAX_NODES values, from the parser's
    events and before any node is composed; stops at the first collection too deep. (A key has a
    value, so more than twice MAX_NODES nodes, aliases aside, are more than MAX_NODES values;
    the builder counts exactly.)"""
    loader = _Loader(text)
    depth = nodes = 0
    try:
        for event in iter(loader.get_event, None):
            step = _SHAPE_STEPS.get(type(event), 0)
            if step == 1:
                if depth > MAX_DEPTH:
                    raise LoadError(Problem(_mark_location(file, event.start_mark),
                                            _too_deep(), hint=_DEPTH_HINT,
                                            code="load.too-deep"))
                depth += 1
            elif step == -1:
                depth -= 1
                continue
            elif step == 0:
                continue
            nodes += 1
            if nodes > 2 * MAX_NODES + 1:
                raise LoadError(Problem(_mark_location(file, event.start_mark),
                                        t("file holds more than {count} values", count=f"{MAX_NODES:,}"),
                                        hint=t("split it into smaller files"), code="load.too-many-values"))
    finally:
        loader.dispose()


_SHAPE_STEPS: dict[type, int] = {  # 1 opens a level, -1 closes one, 2 is a node, others 0
    yaml.SequenceStartEvent: 1,
    yaml.MappingStartEvent: 1,
    yaml.SequenceEndEvent: -1,
    yaml.MappingEndEvent: -1,
    yaml.ScalarEvent: 2,
}


def _too_deep() -> Msg:
    return t("nesting is deeper than {depth} levels", depth=MAX_DEPTH)


def too_deep(location: Location, field: str = "") -> Problem:
    """The problem of data nested deeper than MAX_DEPTH: a file's, or a mapping's from a caller."""
    return Problem(location, _too_deep(), field=field, hint=_DEPTH_HINT, code="load.too-deep")


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
    if problem.startswith("exceeded maximum nesting depth"):
        # newer libyaml (the one in PyYAML 6.0.4's wheels) stops at 1,000 levels of its own, in the
        # scanner looking ahead, before the events that _check_shape counts reach MAX_DEPTH
        return Problem(_mark_location(file, mark), _too_deep(), hint=_DEPTH_HINT,
                       code="load.too-deep")
    context = getattr(exc, "context", None)
    message = (t("YAML syntax error: {problem} ({context})", problem=_parser_said(problem),
                 context=_parser_said(context)) if context
               else t("YAML syntax error: {problem}", problem=_parser_said(problem)))
    hint: str = t("check indentation and quoting")
    colon = ""
    if mark is not None:  # the parser stumbles on the line with the slip or on the next one
        lines = text.split("\n")
        first = max(mark.line - 1, 0)
        colon = fullwidth_colon_hint(lines[first: mark.line + 1], first + 1)
    if at_tab or re.search(r"\btab\b", problem):
        hint = t("YAML does not allow tabs for indentation; use spaces")
    elif colon:
        hint = colon
    elif "mapping values are not allowed" in problem:
        hint = t("quote text that contains ': '")
    return Problem(_mark_location(file, mark), message, hint=hint, code="load.syntax")


def fullwidth_colon_hint(lines: list[str], first_line: int = 0) -> str:
    """A hint when one of ``lines`` (numbered from ``first_line``; 0: not from a file) starts with
    a key followed by a full-width colon '：', which YAML reads as text (a common slip with a
    Chinese input method); '' otherwise."""
    for number, line in enumerate(lines, start=first_line):
        found = re.match(_FULLWIDTH_COLON_KEY, line)
        if found:
            if first_line:
                return t("line {line} has a full-width colon after '{key}'; write an ASCII colon and a space: "
                         "'{key}: '", line=number, key=found.group(1))
            return t("it has a full-width colon after '{key}'; write an ASCII colon and a space: '{key}: '",
                     key=found.group(1))
    return ""


class _Builder:
    """Turns composed nodes into data, recording marks and enforcing the limits."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.marks: dict[JsonPath, tuple[int, int]] = {}
        self.key_marks: dict[JsonPath, tuple[int, int]] = {}
        self.count = 0
        self._resolver = _Loader("")
        self._pairs_of: dict[int, tuple[list[tuple[yaml.Node, yaml.Node]], int]] = {}

    def _fail(self, node: yaml.Node, message: str, hint: str = "", code: str = "load.yaml") -> LoadError:
        return LoadError(
            Problem(_mark_location(self.file, node.start_mark), message, hint=hint, code=code)
        )

    def build(self, node: yaml.Node, path: JsonPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(
                node,
                t("document expands to more than {count} values", count=f"{MAX_NODES:,}"),
                hint=t("anchors and aliases may not be used to multiply content"), code="load.too-many-values",
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, _too_deep(), hint=_DEPTH_HINT, code="load.too-deep")
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
            pairs, merged = self._pairs(node)
            # As in YAML, a later merged pair overrides an earlier one and a key written out
            # overrides a merged one; a key written out twice is an error.
            result: dict[str, Any] = {}
            written: set[str] = set()
            for index, (key_node, value_node) in enumerate(pairs):
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, t("a mapping key must be a plain value"), code="load.complex-key")
                key = key_node.value if key_node.tag == _VALUE else self._scalar(key_node)
                if not isinstance(key, str):
                    key = str(key).lower() if isinstance(key, bool) else str(key)
                if index >= merged:
                    if key in written:
                        line = self.key_marks[(*path, key)][0]
                        raise self._fail(
                            key_node,
                            t("duplicate key '{key}' (first at line {line})", key=key, line=line),
                            hint=t("each key may appear once in a mapping"), code="load.duplicate-key",
                        )
                    written.add(key)
                self.key_marks[(*path, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        raise self._fail(node, t("unsupported YAML node"))  # pragma: no cover

    def _pairs(self, node: yaml.MappingNode) -> tuple[list[tuple[yaml.Node, yaml.Node]], int]:
        """``node``'s pairs with its merge keys (``<<``) resolved, in PyYAML's order: the merged
        pairs first, then those written out; and how many are merged. The node is left as it is
        (PyYAML's ``flatten_mapping`` rewrites it), since an alias shares its node and a node may
        be read again; each node's pairs are worked out once."""
        found = self._pairs_of.get(id(node))
        if found is not None:
            return found
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        written: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                written.append((key_node, value_node))
                continue
            if isinstance(value_node, yaml.MappingNode):
                sources = [value_node]
            elif isinstance(value_node, yaml.SequenceNode):
                sources = value_node.value
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise self._bad_merge(source, t("expected a mapping for merging, but found {node}",
                                                        node=source.id))
            else:
                raise self._bad_merge(value_node, t("expected a mapping or list of mappings for merging, "
                                                    "but found {node}", node=value_node.id))
            for source in reversed(sources):  # the first listed is merged last: it wins
                merged.extend(self._pairs(source)[0])
        found = (merged + written, len(merged))
        self._pairs_of[id(node)] = found
        return found

    def _bad_merge(self, node: yaml.Node, problem: str) -> LoadError:
        return self._fail(node, t("bad merge key '<<': {problem}", problem=problem),
                          hint=t("'<<' merges a mapping (an alias such as *base) or a list of them"),
                          code="load.bad-merge")

    def _unknown_tag(self, node: yaml.Node) -> LoadError:
        return self._fail(
            node,
            t("tag '{tag}' is not allowed", tag=node.tag),
            hint=t("write plain YAML values; tags such as !!python/... are never run"), code="load.tag",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self._unknown_tag(node)
        value = node.value
        if tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return value
        # the common cases as PyYAML's constructor gives them, without its machinery
        if tag == _INT and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0"):
            return int(value)  # plain decimal ('010' is octal in YAML 1.1: left to PyYAML)
        if tag == _BOOL and value.lower() in _BOOLS:
            return _BOOLS[value.lower()]
        if tag == _NULL:
            return None
        try:
            return self._resolver.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value
