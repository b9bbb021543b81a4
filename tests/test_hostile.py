"""Hostile inputs: each gets a clear, located error from the API and from the command line.

Every case builds its input in a temporary folder: library layers over the small MINI layer of
tests/conftest.py, or a round folder (``round/round.yaml`` and its unit files) for the built-in
library. Files whose bytes matter (encodings, BOM, CRLF, NUL, invisible characters) are copied
from tests/hostile/; large and deep inputs are generated here. For each case:

- ``python -m checklists validate`` (``generate`` when only composing finds the problem) must
  exit with 1, print the message at its location, print no traceback, and stay under 200 MB
  (its own peak resident memory, from os.wait4: see ``run_cli``);
- the API call (``load_library``, ``Library.generate_round``) must raise the precise
  ChecklistsError subclass with a problem in the expected file, on the expected line, with the
  expected message and hint, in under 2 seconds.

The command line runs first, so that an input that crashes the interpreter fails its case
instead of the test session.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest

import checklists
from checklists._inputs import check_round, read_round
from checklists.errors import ChecklistsError, LinkError, LoadError, Problem, ResolveError, SchemaError
from checklists.library import Library

from .conftest import MINI, REPO, write_layer

CORPUS = Path(__file__).parent / "hostile"
SECONDS = 2.0
MAX_RSS_BYTES = 200 * 1024 * 1024
RSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kilobytes on Linux

HEAD = 'id: "2026-1"\nname: 县委2026年第一轮巡察\nstart: 2026-03-01\n'
"""The first three lines of a round file."""
UNIT = "units:\n  - id: zz\n    name: 张庄村\n    type: village\n"
"""Lines 4-7 of a round file: one village."""
UNIT_FILE = "id: zz\nname: 张庄村\ntype: village\n"


# --------------------------------------------------------------------------- what a case holds


@dataclass(frozen=True)
class Corpus:
    """A file of tests/hostile/, copied byte for byte."""

    name: str


@dataclass(frozen=True)
class Link:
    """A symbolic link to ``target`` (relative to the link's folder, or absolute)."""

    target: str


@dataclass(frozen=True)
class Fifo:
    """A named pipe: opening it for reading waits for a writer, for ever."""


@dataclass(frozen=True)
class Generated:
    """Bytes made at test time: too large or too deep to commit."""

    make: Callable[[], bytes]


Content = str | bytes | Corpus | Link | Fifo | Generated


@dataclass(frozen=True)
class Case:
    """One hostile input and the error it must give.

    ``files`` maps paths below the case's folder to their contents: ``round/round.yaml`` (and its
    unit files below ``round/``) make a round for the built-in library; folders named in
    ``layers`` are library layers, applied in that order over MINI. With both, the round is
    generated with those layers.
    """

    id: str
    files: Mapping[str, Content]
    error: type[ChecklistsError]
    file: str  # the problem's location.file ends with this
    line: int | None  # None where no line is meaningful (the file as a whole)
    message: str
    hint: str = ""
    layers: tuple[str, ...] = ()


def round_case(id: str, round_text: Content, error: type[ChecklistsError], line: int | None, message: str,
               hint: str = "", file: str = "round/round.yaml", units: Mapping[str, Content] | None = None) -> Case:
    """A case whose round file is ``round_text``; ``units`` are files of its ``units/`` folder."""
    files = {"round/round.yaml": round_text, **{f"round/units/{k}": v for k, v in (units or {}).items()}}
    return Case(id, files, error, file, line, message, hint)


def layer_case(id: str, files: Mapping[str, Content], error: type[ChecklistsError], file: str, line: int | None,
               message: str, hint: str = "", layers: tuple[str, ...] = ("hostile",)) -> Case:
    return Case(id, files, error, file, line, message, hint, layers)


def fragment(text_line: str, item_id: str = "t.pr.hostile") -> str:
    """A problem fragment of MINI's profile whose single item (line 5) has the text ``text_line``."""
    return ("kind: problem\ngroup: t.hostile\nsection: focus_a\nitems:\n"
            f"  - id: {item_id}\n    text: {text_line}\n    basis: [p.new]\n    methods: [interview]\n")


# --------------------------------------------------------------------------- generated inputs


def deep_flow() -> bytes:
    """100,000 nested flow sequences: once a crash of the C composer (its stack overflowed)."""
    return (HEAD + "units: " + "[" * 100_000 + "]" * 100_000 + "\n").encode()


def deep_block() -> bytes:
    """200,000 nested block sequences on one line ('- - - ...'): once a crash as well."""
    return (HEAD + "units:\n  " + "- " * 200_000 + "x\n").encode()


def over_the_size_limit() -> bytes:
    """3 MiB: a valid round followed by a long comment."""
    return (HEAD + UNIT + "# " + "x" * (3 * 1024 * 1024) + "\n").encode()


def a_million_values() -> bytes:
    """Just under 2 MiB holding a million values, without aliases."""
    return (HEAD + "params: {}\nunits: [" + "0," * 1_000_000 + "0]\n").encode()


def moderately_deep_flow() -> bytes:
    """1,990 nested flow sequences: few enough '[' that the text is composed without reading its
    events first (yamlio's shape check), which must be harmless."""
    return (HEAD + "units: " + "[" * 1_990 + "]" * 1_990 + "\n").encode()


def ten_thousand_units() -> bytes:
    """A valid round of 10,000 villages in flow style, 1.3 MB, as another system might export it."""
    lines = [HEAD.rstrip("\n"), "units:"]
    lines += [f"  - {{id: u{i:05d}, name: 第{i:05d}村, type: village, attributes: "
              f"{{households: {300 + i % 500}, party_members: {20 + i % 40}, land_acquisition: {str(i % 2 == 0).lower()}}}}}"
              for i in range(10_000)]
    return ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------- the cases

YAML_CASES = [
    round_case("yaml-syntax-error", Corpus("syntax_error.yaml"), LoadError, 6, "YAML syntax error",
               "check indentation and quoting"),
    round_case("yaml-tab-indent", Corpus("tabs.yaml"), LoadError, 6, "YAML syntax error", "use spaces"),
    round_case("yaml-duplicate-key", Corpus("duplicate_key.yaml"), LoadError, 3,
               "duplicate key 'name' (first at line 2)", "each key may appear once"),
    round_case("yaml-python-object-apply", Corpus("python_object_apply.yaml"), LoadError, 6,
               "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", "never run"),
    round_case("yaml-python-name", Corpus("python_name.yaml"), LoadError, 7,
               "tag 'tag:yaml.org,2002:python/name:os.system' is not allowed", "never run"),
    round_case("yaml-unknown-tag", Corpus("unknown_tag.yaml"), LoadError, 4, "tag '!include' is not allowed",
               "write plain YAML values"),
    round_case("yaml-alias-bomb", Corpus("billion_laughs.yaml"), LoadError, 1,
               "document expands to more than 200,000 values", "anchors and aliases"),
    round_case("yaml-deep-flow-nesting", Generated(deep_flow), LoadError, 4, "nesting is deeper than 64 levels",
               "look for an unclosed '['"),
    round_case("yaml-deep-block-nesting", Generated(deep_block), LoadError, 5, "nesting is deeper than 64 levels",
               "look for an unclosed '['"),
    round_case("yaml-deep-nesting-composed-directly", Generated(moderately_deep_flow), LoadError, 4,
               "nesting is deeper than 64 levels", "look for an unclosed '['"),
    round_case("yaml-over-2-mib", Generated(over_the_size_limit), LoadError, None,
               "larger than the limit of 2,097,152", "split it into smaller files"),
    round_case("yaml-a-million-values", Generated(a_million_values), LoadError, 5,
               "file holds more than 200,000 values", "split it into smaller files"),
    round_case("yaml-empty-file", Corpus("empty.yaml"), LoadError, 1, "file is empty", "write a YAML mapping"),
    round_case("yaml-two-documents", Corpus("two_documents.yaml"), LoadError, 8,
               "file holds more than one YAML document", "remove the '---' separator"),
    round_case("yaml-undefined-alias", Corpus("undefined_alias.yaml"), LoadError, 7, "found undefined alias",
               "check indentation and quoting"),
    round_case("yaml-bad-merge-key", Corpus("bad_merge.yaml"), LoadError, 6, "bad merge key '<<'",
               "'<<' merges a mapping"),
    round_case("yaml-fullwidth-colon", Corpus("fullwidth_colon.yaml"), LoadError, 3, "YAML syntax error",
               "line 2 has a full-width colon after 'name'; write an ASCII colon and a space: 'name: '"),
    round_case("yaml-fullwidth-colon-alone", HEAD.replace("name: ", "name： ").split("\n")[1] + "\n", SchemaError, 1,
               "expected a mapping, got 'name： 县委2026年第一轮巡察'", "full-width colon after 'name'"),
    round_case("yaml-control-character", Corpus("control_character.yaml"), LoadError, 6,
               "control character U+001B is not allowed", "delete it"),
    round_case("yaml-line-separator", Corpus("line_separator.yaml"), LoadError, 6,
               "line separator U+2028 (LINE SEPARATOR) is not allowed", "use an ordinary line break"),
]

ENCODING_CASES = [
    round_case("encoding-gbk-round", Corpus("gbk.yaml"), LoadError, 2,
               "file is not UTF-8; it looks like GBK/GB18030", "save the file as UTF-8"),
    round_case("encoding-gb18030-unit-file", HEAD + "unit_files: [units/yl.yaml]\n", LoadError, 2,
               "file is not UTF-8; it looks like GBK/GB18030", "save the file as UTF-8",
               file="round/units/yl.yaml", units={"yl.yaml": Corpus("gb18030_unit.yaml")}),
    layer_case("encoding-gb18030-layer-file", {"hostile/function/gb.yaml": Corpus("gb18030_fragment.yaml")}, LoadError,
               "hostile/function/gb.yaml", 5, "file is not UTF-8; it looks like GBK/GB18030", "save the file as UTF-8"),
    round_case("encoding-invalid-utf8", Corpus("invalid_utf8.yaml"), LoadError, 6, "invalid UTF-8 byte 0xff",
               "save the file as UTF-8"),
    round_case("encoding-nul-bytes", Corpus("nul.yaml"), LoadError, 6, "file contains NUL bytes", "text file"),
    round_case("encoding-utf16", Corpus("utf16.yaml"), LoadError, 1, "it looks like UTF-16",
               "save the file as UTF-8"),
]

SCHEMA_CASES = [
    round_case("schema-unknown-key", HEAD + "units:\n  - id: zz\n    nmae: 张庄村\n    type: village\n", SchemaError, 6,
               "unknown key 'nmae'", "did you mean 'name'?"),
    layer_case("schema-unknown-key-in-layer", {"hostile/problem/x.yaml": fragment("是否存在问题。").replace(
        "methods:", "methodz:")}, SchemaError, "hostile/problem/x.yaml", 8, "unknown key 'methodz'",
        "did you mean 'methods'?"),
    round_case("schema-wrong-type-list", HEAD + "programs: xuncha\n" + UNIT, SchemaError, 4,
               "expected a list, got 'xuncha'", "write a list, e.g. [xuncha]"),
    round_case("schema-wrong-type-number-for-text", HEAD + "units:\n  - id: zz\n    name: 2026\n    type: village\n",
               SchemaError, 6, "expected text, got 2026", 'quote it: "2026"'),
    round_case("schema-yaml11-boolean-for-text", HEAD + "units:\n  - id: zz\n    name: no\n    type: village\n",
               SchemaError, 6, "expected text, got false", "unquoted yes, no, on, off"),
    round_case("schema-missing-required-field", HEAD + "units:\n  - id: zz\n    name: 张庄村\n", SchemaError, 5,
               "missing required field 'type'", "add 'type:'"),
    round_case("schema-invalid-date", HEAD.replace("2026-03-01", "2026-02-30") + UNIT, SchemaError, 3,
               "'2026-02-30' is not a valid date", "YYYY-MM-DD"),
    round_case("schema-id-with-space", HEAD + UNIT.replace("id: zz", "id: zhang zhuang"), SchemaError, 5,
               "'zhang zhuang' is not a valid id", "ASCII letters"),
    round_case("schema-fullwidth-id", HEAD + UNIT.replace("type: village", "type: ｖｉｌｌａｇｅ"), SchemaError, 7,
               "'ｖｉｌｌａｇｅ' is not a valid id", "lower-case ASCII letters"),
    layer_case("schema-fullwidth-item-id", {"hostile/problem/x.yaml": fragment("是否存在问题。", "ｖｉｌｌａｇｅ")},
               SchemaError, "hostile/problem/x.yaml", 5, "'ｖｉｌｌａｇｅ' is not a valid id", "lower-case ASCII"),
    round_case("schema-id-with-line-break", HEAD + UNIT.replace("id: zz", 'id: "zz\\n"'), SchemaError, 5,
               "'zz\\n' is not a valid id", "ASCII letters"),
    round_case("schema-zero-width-space", Corpus("zero_width_space.yaml"), LoadError, 6,
               "invisible character U+200B (ZERO WIDTH SPACE) is not allowed", "delete it"),
    layer_case("schema-zero-width-space-in-layer", {"hostile/function/zw.yaml": Corpus("zero_width_fragment.yaml")},
               LoadError, "hostile/function/zw.yaml", 5, "invisible character U+200B (ZERO WIDTH SPACE)", "delete it"),
    round_case("schema-bidi-override", Corpus("bidi_override.yaml"), LoadError, 6,
               "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed", "delete it"),
    round_case("schema-bad-parameter-name", HEAD + "params: {__class__: x}\n" + UNIT, SchemaError, 4,
               "'__class__' is not a valid name", "lower-case ASCII letters"),
]

REFERENCE_CASES = [
    layer_case("reference-dangling-basis", {"hostile/problem/x.yaml": fragment("是否存在问题。").replace(
        "[p.new]", "[p.nwe]")}, LinkError, "hostile/problem/x.yaml", 5, "unknown policy item 'p.nwe'",
        "did you mean 'p.new'?"),
    layer_case("reference-dangling-extends", {"hostile/profiles/z.yaml": "id: z\nlabel: Z\nextends: nowhere\n"},
               LinkError, "hostile/profiles/z.yaml", 3, "profile 'z' extends unknown profile 'nowhere'",
               "define it or remove 'extends'"),
    layer_case("reference-extends-cycle", {"hostile/profiles/a.yaml": "id: a\nlabel: A\nextends: b\n",
                                           "hostile/profiles/b.yaml": "id: b\nlabel: B\nextends: a\n"},
               LinkError, "hostile/profiles/b.yaml", 3, "profiles extend each other in a cycle: a -> b -> a",
               "break the cycle"),
    layer_case("reference-extends-cycle-of-three", {
        "hostile/profiles/a.yaml": "id: a\nlabel: A\nextends: b\n",
        "hostile/profiles/b.yaml": "id: b\nlabel: B\nextends: c\n",
        "hostile/profiles/c.yaml": "id: c\nlabel: C\nextends: a\n"},
        LinkError, "hostile/profiles/c.yaml", 3, "cycle: a -> b -> c -> a", "break the cycle"),
    layer_case("reference-extends-itself", {"hostile/profiles/a.yaml": "id: a\nlabel: A\nextends: a\n"},
               LinkError, "hostile/profiles/a.yaml", 3, "cycle: a -> a", "break the cycle"),
    layer_case("reference-duplicate-id-within-a-file", {"hostile/problem/x.yaml": fragment("是否存在问题。") + (
        "  - {id: t.pr.hostile, text: 又一个问题。, basis: [p.new], methods: [interview]}\n")},
        LinkError, "hostile/problem/x.yaml", 9, "duplicate item id 't.pr.hostile'", "give one of them another id"),
    layer_case("reference-duplicate-id-within-a-layer", {"hostile/problem/x.yaml": fragment("是否存在问题。"),
                                                         "hostile/problem/y.yaml": fragment("又一个问题。")},
               LinkError, "hostile/problem/y.yaml", 5, "duplicate item id 't.pr.hostile'", "give one of them another id"),
    layer_case("reference-duplicate-id-across-layers", {"hostile/problem/x.yaml": fragment("是否存在问题。", "t.pr.always")},
               LinkError, "hostile/problem/x.yaml", 5, "duplicate item id 't.pr.always'", "set 'replace: true'"),
    layer_case("reference-replaces-nothing", {"hostile/problem/x.yaml": fragment("是否存在问题。").replace(
        "    basis:", "    replace: true\n    basis:")}, LinkError, "hostile/problem/x.yaml", 5,
        "item 't.pr.hostile' replaces nothing", "remove 'replace: true'"),
    layer_case("reference-removed-then-patched", {  # "cannot be patched here", not "patched"+"ed"
        "l1/changes/c.yaml": "changes:\n  - {op: remove, item: t.pr.big, reason: 本地不适用}\n",
        "l2/changes/c.yaml": "changes:\n  - {op: patch, item: t.pr.big, set: {text: 改后的问题。}}\n"},
        LinkError, "l2/changes/c.yaml", 2, "item 't.pr.big' was removed by",
        "drop this patch, or define the item again in this layer", layers=("l1", "l2")),
]

def patch(set_text: str) -> dict[str, str]:
    """A layer whose change (line 4) patches t.pr.big with ``set: {set_text}``."""
    return {"hostile/changes/c.yaml": f"changes:\n  - op: patch\n    item: t.pr.big\n    set: {{{set_text}}}\n"}


PATCH_CASES = [  # what a patch brings in is reported at the patch, not at the item it patches
    layer_case("patch-unknown-basis", patch("basis: [p.nwe]"), LinkError, "hostile/changes/c.yaml", 4,
               "unknown policy item 'p.nwe'", "did you mean 'p.new'?"),
    layer_case("patch-unknown-material", patch("materials: [minutse]"), LinkError, "hostile/changes/c.yaml", 4,
               "unknown material 'minutse'", "did you mean 'minutes'?"),
    layer_case("patch-unknown-signal", patch("signals: [petition.y]"), LinkError, "hostile/changes/c.yaml", 4,
               "unknown signal topic 'petition.y'", "did you mean 'petition.x'?"),
    layer_case("patch-unknown-program", patch("programs: [xuncah]"), LinkError, "hostile/changes/c.yaml", 4,
               "unknown program 'xuncah'", "did you mean 'xuncha'?"),
    layer_case("patch-unknown-type", patch("when: {types: [tt]}"), LinkError, "hostile/changes/c.yaml", 4,
               "unknown unit type 'tt'", "did you mean 't'?"),
    layer_case("patch-unknown-section", patch("section: sub_b"), LinkError, "hostile/changes/c.yaml", 4,
               "section 'sub_b' of problem item 't.pr.big' is not defined in profile 't'", "choose one of"),
    Case("patch-parameter-without-a-value", {**patch("text: '{unit.secret}是否存在问题。'"),
                                             "round/round.yaml": HEAD + "units:\n  - {id: a, name: 甲, type: t, "
                                             "subtypes: [big]}\n"},
         ResolveError, "hostile/changes/c.yaml", 4, "parameter 'unit.secret' has no value", "give it in the unit's",
         layers=("hostile",)),
]

ELSEWHERE = {"elsewhere/x.yaml": "kind: function\ngroup: t.x\nsection: main_functions\nitems: [{id: t.x.a, text: 外部。}]\n"}
PATH_CASES = [
    round_case("path-unit-file-escapes-the-folder", HEAD + "unit_files: ['../../../../../../../../../etc/passwd']\n",
               SchemaError, 4, "is outside the round file's folder", "keep unit files in the round file's folder"),
    round_case("path-unit-file-absolute", HEAD + "unit_files: [/etc/passwd]\n", SchemaError, 4,
               "unit file '/etc/passwd' is an absolute path", "relative to it"),
    Case("path-unit-file-links-outside", {"round/round.yaml": HEAD + "unit_files: [units/zz.yaml]\n",
                                          "round/units/zz.yaml": Link("../../elsewhere/zz.yaml"),
                                          "elsewhere/zz.yaml": UNIT_FILE},
         SchemaError, "round/round.yaml", 4, "unit file 'units/zz.yaml' is outside the round file's folder",
         "keep unit files in the round file's folder"),
    round_case("path-unit-file-name-with-nul", HEAD + 'unit_files: ["units/zz\\0.yaml"]\n', SchemaError, 4,
               "unit file name contains a NUL character", "remove the '\\0' from the name"),
    round_case("path-unit-file-is-a-folder", HEAD + "unit_files: [units]\n", LoadError, None,
               "cannot read file: it is a folder", "name a YAML file", file="round/units",
               units={"zz.yaml": UNIT_FILE}),
    round_case("path-unit-file-is-a-named-pipe", HEAD + "unit_files: [units/pipe.yaml]\n", LoadError, None,
               "cannot read file: it is not a regular file", "name a YAML file", file="round/units/pipe.yaml",
               units={"pipe.yaml": Fifo()}),
    layer_case("path-layer-file-links-outside", {"hostile/function/linked.yaml": Link("../../elsewhere/x.yaml"),
                                                 **ELSEWHERE},
               SchemaError, "hostile/function/linked.yaml", None, "file links to a place outside the library folder",
               "copy the file into the library"),
    layer_case("path-layer-folder-is-a-link", {"hostile/function/linked": Link("../../elsewhere"), **ELSEWHERE},
               SchemaError, "hostile/function/linked", None, "folder is a link; links are not followed",
               "copy the folder into the library"),
    layer_case("path-layer-link-loop", {"hostile/function/a.yaml": Link("b.yaml"), "hostile/function/b.yaml": Link("a.yaml")},
               LoadError, "hostile/function/a.yaml", None, "cannot read file", "check that the file exists"),
    layer_case("path-layer-file-is-a-named-pipe", {"hostile/function/pipe.yaml": Fifo()}, LoadError,
               "hostile/function/pipe.yaml", None, "cannot read file: it is not a regular file", "name a YAML file"),
    layer_case("path-layer-file-in-an-unknown-folder", {"hostile/stray/x.yaml": "a: 1\n"}, SchemaError,
               "hostile/stray/x.yaml", None, "file is not in a folder the library knows", "move it into one of"),
]

PARAMETER_CASES = [
    layer_case(f"parameter-{name}", {"hostile/problem/x.yaml": fragment(f"'{text}是否存在问题。'")}, LinkError,
               "hostile/problem/x.yaml", 5, message, hint)
    for name, text, message, hint in [
        ("attribute-access", "{unit.__class__}", "'{unit.__class__}' is not a parameter name", "no attributes"),
        ("index", "{0}", "'{0}' is not a parameter name", "no attributes, indexes or formats"),
        ("conversion", "{unit.name!r}", "'{unit.name!r}' is not a parameter name", "no attributes"),
        ("format-spec", "{unit.name:>10}", "'{unit.name:>10}' is not a parameter name", "no attributes"),
        ("dunder", "{__import__}", "'{__import__}' is not a parameter name", "no attributes"),
        ("empty", "{}", "'{}' is not a parameter name", "no attributes"),
        ("lone-open-brace", "村{级", "unmatched '{' in text", "write '{{' or '}}' for a literal brace"),
        ("lone-close-brace", "村}级", "unmatched '}' in text", "write '{{' or '}}' for a literal brace"),
    ]
] + [
    Case("parameter-without-a-value", {"hostile/problem/x.yaml": fragment("'{unit.secret}是否存在问题。'"),
                                       "round/round.yaml": HEAD + "units:\n  - {id: a, name: 甲, type: t}\n"},
         ResolveError, "hostile/problem/x.yaml", 5, "parameter 'unit.secret' has no value", "give it in the unit's",
         layers=("hostile",)),
]

UNIT_CASES = [
    round_case("unit-unknown-type", HEAD + UNIT.replace("type: village", "type: vilage"), SchemaError, 7,
               "unknown unit type 'vilage'", "did you mean 'village'?"),
    round_case("unit-unknown-subtype", HEAD + UNIT + "    subtypes: [lagard]\n", SchemaError, 8,
               "'lagard' is not a subtype of village", "subtypes of this type: "),
    round_case("unit-attribute-of-wrong-type", HEAD + UNIT + "    attributes: {households: 七百一十二}\n",
               SchemaError, 8, "户数 must be a whole number, got '七百一十二'", "write the number without quotes"),
    round_case("unit-attribute-boolean-for-number", HEAD + UNIT + "    attributes: {households: yes}\n",
               SchemaError, 8, "户数 must be a whole number, got True", "write the number without quotes"),
    round_case("unit-attribute-not-a-number", HEAD + UNIT + "    attributes: {collective_assets: .nan}\n",
               SchemaError, 8, "村集体资产总额 must be a finite number, got nan", "write the number"),
    round_case("unit-attribute-infinite", HEAD + UNIT + "    attributes: {collective_assets: -.inf}\n",
               SchemaError, 8, "must be a finite number, got -inf", "write the number"),
    round_case("unit-unknown-attribute", HEAD + UNIT + "    attributes: {houshold: 712}\n", SchemaError, 8,
               "unit type village has no attribute 'houshold'", "did you mean 'households'?"),
    round_case("unit-attribute-named-in-chinese", HEAD + UNIT + "    attributes: {户数: 712}\n", SchemaError, 8,
               "'户数' is not a valid name", "lower-case ASCII letters"),
    round_case("unit-unknown-signal-topic", HEAD + UNIT + "    signals: [{topic: petition.land}]\n", SchemaError, 8,
               "unknown signal topic 'petition.land'", "did you mean"),
    round_case("unit-same-id-twice", HEAD + UNIT + "  - {id: zz, name: 张庄村二, type: village}\n", SchemaError, 8,
               "unit id 'zz' appears twice", "give each unit its own id"),
    round_case("unit-same-id-in-a-unit-file", HEAD + UNIT + "unit_files: [units/zz.yaml]\n", SchemaError, 1,
               "unit id 'zz' appears twice", "give each unit its own id", file="round/units/zz.yaml",
               units={"zz.yaml": UNIT_FILE}),
]

CASES = (YAML_CASES + ENCODING_CASES + SCHEMA_CASES + REFERENCE_CASES + PATCH_CASES + PATH_CASES
         + PARAMETER_CASES + UNIT_CASES)


# --------------------------------------------------------------------------- running a case


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for every command run here, so the built-in library is parsed once."""
    return tmp_path_factory.mktemp("cli-cache")


def write_case(root: Path, files: Mapping[str, Content]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode())
        elif isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, Corpus):
            shutil.copyfile(CORPUS / content.name, path)
        elif isinstance(content, Generated):
            path.write_bytes(content.make())
        elif isinstance(content, Link):
            path.symlink_to(content.target)
        else:
            os.mkfifo(path)


def mini_layers(root: Path) -> tuple[Path, Path]:
    """MINI for the API (on its own) and for the command line (over the built-in library, which
    defines the program xuncha already)."""
    alone = write_layer(root / "mini", MINI)
    over_builtin = write_layer(root / "mini-cli", {k: v for k, v in MINI.items() if k != "programs/xuncha.yaml"})
    return alone, over_builtin


def cli_args(case: Case, root: Path, mini_cli: Path) -> list[str]:
    layers = [str(mini_cli), *(str(root / name) for name in case.layers)]
    round_file = root / "round" / "round.yaml"
    if case.layers and round_file.exists():
        return ["generate", str(round_file), "--out", str(root / "out"), *(a for x in layers for a in ("--library", x))]
    return ["validate", *(layers if case.layers else [str(round_file)])]


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str
    peak: int  # the child's peak resident memory, in bytes


PEAK_OF_RUN = """
import sys
from checklists.cli import main
try:
    raise SystemExit(main(sys.argv[2:]))
finally:  # the peak of this process since it started Python, not of the test process it was forked from
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(sys.argv[1], "w", encoding="ascii") as out:
            out.write(peak)
    except OSError:
        pass
"""


def run_cli(args: list[str], cache_dir: Path, timeout: float = 120) -> CliResult:
    """Run the command line and measure its peak memory.

    Memory: where there is /proc (Linux), the child writes its own VmHWM, the peak resident size
    of the running interpreter, C allocations of libyaml included (which tracemalloc would not
    see). The child's ru_maxrss would not do: Linux keeps in it the size of the process it was
    forked from, so a test process grown large made every case look as large. Elsewhere it falls
    back to ru_maxrss from os.wait4, which is that one child's and no other's.
    """
    env = {**os.environ, "CHECKLISTS_CACHE_DIR": str(cache_dir)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        child = subprocess.Popen([sys.executable, "-c", PEAK_OF_RUN, str(peak_file), *args], cwd=REPO, env=env,
                                 stdout=out, stderr=err)
        give_up = time.monotonic() + timeout
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        while not pid:
            if time.monotonic() > give_up:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                pytest.fail(f"checklists {' '.join(args)} still running after {timeout} s")
            time.sleep(0.01)
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        peak = int(peak_file.read_text(encoding="ascii")) * 1024 if peak_file.exists() else usage.ru_maxrss * RSS_UNIT
        return CliResult(child.returncode, out.read().decode(), err.read().decode(), peak)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (a hang fails the case instead of the session)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_api(case: Case, root: Path, mini: Path, builtin: Library) -> None:
    """What a Python caller does with the case's input; raises its error."""
    round_file = root / "round" / "round.yaml"
    if case.layers:
        lib = checklists.load_library(mini, *(root / name for name in case.layers), builtin=False, cache=False)
        if round_file.exists():
            lib.generate_round(round_file)
        return
    builtin.generate_round(round_file)


def matching(problems: tuple[Problem, ...], case: Case) -> Problem:
    found = [p for p in problems if case.message in p.message]
    assert found, f"no problem says {case.message!r}:\n" + "\n".join(map(str, problems))
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_gets_a_located_error(case: Case, tmp_path: Path, cache_dir: Path,
                                            builtin: Library) -> None:
    write_case(tmp_path, case.files)
    mini, mini_cli = mini_layers(tmp_path)

    result = run_cli(cli_args(case, tmp_path, mini_cli), cache_dir)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    where = f"{case.file}:{case.line}:" if case.line else f"{case.file}: "
    assert any(where in line and case.message in line and case.hint in line for line in result.stderr.splitlines()), \
        result.stderr[-2000:]
    assert result.peak < MAX_RSS_BYTES, f"peak memory {result.peak / 2**20:.0f} MB"

    started = time.perf_counter()
    with deadline(30), pytest.raises(ChecklistsError) as caught:
        call_api(case, tmp_path, mini, builtin)
    elapsed = time.perf_counter() - started
    assert type(caught.value) is case.error
    problem = matching(caught.value.problems, case)
    assert problem.location.file.endswith("/" + case.file), problem
    if case.line is not None:
        assert problem.location.line == case.line, problem
    assert case.hint in problem.hint, problem
    assert elapsed < SECONDS, f"{elapsed:.2f} s"


def test_an_unreadable_layer_file_is_a_load_error(tmp_path: Path) -> None:
    write_case(tmp_path, {"hostile/function/gb.yaml": Corpus("gb18030_fragment.yaml")})
    mini, _ = mini_layers(tmp_path)
    with pytest.raises(ChecklistsError) as caught:
        checklists.load_library(mini, tmp_path / "hostile", builtin=False, cache=False)
    assert type(caught.value) is LoadError, type(caught.value)


# --------------------------------------------------------------------------- inputs that must work


def assert_cli_succeeds(args: list[str], cache_dir: Path) -> str:
    result = run_cli(args, cache_dir)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.peak < MAX_RSS_BYTES, f"peak memory {result.peak / 2**20:.0f} MB"
    return result.stdout


@pytest.mark.parametrize("name", ["bom.yaml", "crlf.yaml"])
def test_a_bom_or_crlf_line_ends_load_fine(name: str, tmp_path: Path, cache_dir: Path, builtin: Library) -> None:
    write_case(tmp_path, {"round/round.yaml": Corpus(name)})
    round_file = tmp_path / "round" / "round.yaml"
    assert "1 file(s) checked" in assert_cli_succeeds(["validate", str(round_file)], cache_dir)
    started = time.perf_counter()
    packs = builtin.generate_round(round_file)
    assert time.perf_counter() - started < SECONDS
    assert [(p.round.id, p.unit.id, p.unit.name) for p in packs] == [("2026-1", "zz", "张庄村")]


def test_a_layer_file_with_a_bom_and_crlf_line_ends_loads_fine(tmp_path: Path, cache_dir: Path) -> None:
    write_case(tmp_path, {"hostile/function/bom_crlf.yaml": Corpus("bom_crlf_fragment.yaml")})
    mini, mini_cli = mini_layers(tmp_path)
    assert_cli_succeeds(["validate", str(mini_cli), str(tmp_path / "hostile")], cache_dir)
    lib = checklists.load_library(mini, tmp_path / "hostile", builtin=False, cache=False)
    item = lib.items["t.fn.bom"]
    assert item.spec.text == "负责张庄片区的工作。"
    assert (item.origin.location.line, item.origin.location.column) == (5, 5)


def test_braces_in_values_are_printed_as_they_are(tmp_path: Path, cache_dir: Path) -> None:
    """A value is inserted once: braces in a unit's name, a parameter or a finding are not
    substituted again, and '{{' in a text is a literal brace."""
    write_case(tmp_path, {
        "hostile/function/p.yaml": "kind: function\ngroup: t.params\nsection: main_functions\nitems:\n"
                                   "  - {id: t.fn.params, text: '{unit.name}由{leader}负责，见{{附件}}。'}\n",
        "round/round.yaml": HEAD + "params: {leader: '{unit.id}'}\nunits:\n"
                            "  - id: a\n    name: '{round.name}{unit.__class__}'\n    type: t\n"
                            "    params: {leader: '{unit.name}{0}'}\n"
                            "    previous_findings: [{id: f1, text: '{unit.name}未整改', status: not_rectified}]\n",
    })
    mini, mini_cli = mini_layers(tmp_path)
    expected = {
        "t.fn.params": "{round.name}{unit.__class__}由{unit.name}{0}负责，见{附件}。",
        "t.fn.facts": "{round.name}{unit.__class__}的人员情况。",
        "t.pr.followup.f1": "上轮反馈的“{unit.name}未整改”（未整改）是否整改到位。",
    }
    out = tmp_path / "out"
    assert_cli_succeeds(["generate", str(tmp_path / "round" / "round.yaml"), "--out", str(out), "--format", "json",
                         "--library", str(mini_cli), "--library", str(tmp_path / "hostile")], cache_dir)
    printed = json.loads((out / "a-{round.name}{unit.__class__}.json").read_text(encoding="utf-8"))
    printed_texts = {i["id"]: i["text"] for k in ("function", "problem") for i in printed[k]["items"]}
    assert {k: printed_texts[k] for k in expected} == expected

    lib = checklists.load_library(mini, tmp_path / "hostile", builtin=False, cache=False)
    started = time.perf_counter()
    (pack,) = lib.generate_round(tmp_path / "round" / "round.yaml")
    assert time.perf_counter() - started < SECONDS
    texts = {i.id: i.text for i in (*pack.function.items, *pack.problem.items)}
    assert {k: texts[k] for k in expected} == expected


def test_invisible_characters_given_from_python_are_refused(builtin: Library) -> None:
    """No file, so no command line: a mapping passed to the API is held to what a file may hold."""
    unit = {"id": "zz", "name": "张\u200b庄村", "type": "village", "attributes": {"households\u200d": 3}}
    with pytest.raises(SchemaError) as caught:
        builtin.generate(unit, {"id": "2026-1", "name": "县委2026年第一轮巡察", "start": "2026-03-01"})
    got = [(p.location.file, p.field, p.message) for p in caught.value.problems]
    assert got == [
        ("<unit zz>", "name", "invisible character U+200B (ZERO WIDTH SPACE) is not allowed"),
        ("<unit zz>", "attributes.households\u200d", "invisible character U+200D (ZERO WIDTH JOINER) is not allowed"),
    ]


def test_ten_thousand_units_validate(tmp_path: Path, cache_dir: Path, builtin: Library) -> None:
    """A round of 10,000 units (1.3 MB) from another system is valid and checked in linear time: the
    bound here only catches a quadratic step (the 2-second target is measured in benchmarks/host.py)."""
    write_case(tmp_path, {"round/round.yaml": Generated(ten_thousand_units)})
    round_file = tmp_path / "round" / "round.yaml"
    assert "1 file(s) checked" in assert_cli_succeeds(["validate", str(round_file)], cache_dir)
    started = time.perf_counter()
    round_input = read_round(round_file)
    problems = check_round(builtin, round_input)
    elapsed = time.perf_counter() - started
    assert problems == []
    assert len(round_input.units) == 10_000
    assert elapsed < 5 * SECONDS, f"{elapsed:.2f} s"
