"""The safe YAML loader: every bad file is a LoadError naming file, line and the problem."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from checklists._yaml import MAX_FILE_BYTES, load_file, load_text, read_capped
from checklists.errors import LoadError

BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

CASES = [
    ("duplicate key", "a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)"),
    ("python tag", "a: !!python/object/apply:os.system [ls]\n", 1, "is not allowed"),
    ("unknown tag", "a: !secret x\n", 1, "tag '!secret' is not allowed"),
    ("empty", "", 1, "file is empty"),
    ("comment only", "# nothing\n", 1, "file is empty"),
    ("two documents", "a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
    ("tab indent", "a:\n\tb: 1\n", 2, "YAML syntax error"),
    ("unclosed flow", "a: [1, 2\n", 2, "YAML syntax error"),
    ("alias bomb", BOMB, 1, "expands to more than"),
    ("deep nesting", "a: " + "[" * 100 + "]" * 100 + "\n", 1, "nesting is deeper than"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_yaml_is_located(name: str, text: str, line: int, message: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text(text, "lib/x.yaml")
    problem = info.value.problems[0]
    assert problem.location.file == "lib/x.yaml"
    assert problem.location.line == line
    assert message in problem.message


def test_tab_gets_a_hint() -> None:
    with pytest.raises(LoadError) as info:
        load_text("a:\n\tb: 1\n", "x.yaml")
    assert "tabs" in info.value.problems[0].hint


def test_marks_point_at_values_and_keys() -> None:
    doc = load_text("a: 1\nitems:\n  - id: x\n    text: hello\n", "f.yaml")
    assert doc.data == {"a": 1, "items": [{"id": "x", "text": "hello"}]}
    assert (doc.location(("items", 0, "text")).line, doc.location(("items", 0, "text")).column) == (4, 11)
    assert doc.location(("items", 0, "text"), key=True).column == 5
    assert doc.location(("items", 0, "missing")).line == 3  # nearest parent


def test_dates_stay_text_so_the_schema_checks_them() -> None:
    doc = load_text("start: 2026-03-01\nbad: 2026-02-30\n", "f.yaml")
    assert doc.data == {"start": "2026-03-01", "bad": "2026-02-30"}


def test_merge_keys_and_aliases_work_within_limits() -> None:
    doc = load_text("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert doc.data["use"] == {"x": 1, "y": 2}


def test_a_key_written_out_overrides_a_merged_one_as_in_yaml() -> None:
    doc = load_text("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\n"
                    "one:\n  <<: *a\n  x: 3\n"
                    "both:\n  <<: [*a, *b]\n", "f.yaml")
    assert doc.data["one"] == {"x": 3, "y": 1}
    assert doc.location(("one", "x")).line == 5  # where it is written out
    assert doc.data["both"] == {"x": 1, "y": 1, "z": 2}  # the first mapping listed wins
    again = load_text("a: &a {x: 1}\nb: &b\n  <<: *a\n  x: 2\nc: *b\nd: {<<: *b, y: 3}\n", "f.yaml")
    assert again.data == {"a": {"x": 1}, "b": {"x": 2}, "c": {"x": 2}, "d": {"x": 2, "y": 3}}  # read twice
    with pytest.raises(LoadError) as info:
        load_text("a: &a {x: 1}\none:\n  <<: *a\n  x: 2\n  x: 3\n", "f.yaml")
    problem = info.value.problems[0]
    assert (problem.location.line, problem.message) == (5, "duplicate key 'x' (first at line 4)")


@pytest.mark.parametrize(
    ("raw", "message", "hint"),
    [
        ("kind: 政策\n".encode("gbk"), "looks like GBK", "UTF-8"),
        (b"a: \xff\xfe\xfd\n", "invalid UTF-8", "UTF-8"),
        (b"a: 1\n\x00\n", "NUL bytes", "text file"),
    ],
)
def test_encoding_problems(tmp_path: Path, raw: bytes, message: str, hint: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    with pytest.raises(LoadError) as info:
        load_file(path, "x.yaml")
    assert message in info.value.problems[0].message
    assert hint in info.value.problems[0].hint


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffname: 张庄村\r\nid: zz\r\n".encode())
    assert load_file(path).data == {"name": "张庄村", "id": "zz"}


def test_large_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(LoadError) as info:
        load_file(path, "big.yaml")
    assert "larger than the limit" in info.value.problems[0].message


def test_reading_a_file_that_grew_since_its_size_was_taken_goes_on_up_to_the_limit() -> None:
    assert read_capped(io.BytesIO(b"abc"), 3) == b"abc"
    assert read_capped(io.BytesIO(b"abcdef"), 3) == b"abcdef"  # grew: read on
    huge = io.BytesIO(b"x" * (MAX_FILE_BYTES + 100))
    assert len(read_capped(huge, 10)) == MAX_FILE_BYTES + 1  # enough for the caller to refuse it
    assert read_capped(io.BytesIO(b""), 0) == b""


def test_a_file_that_grows_past_the_limit_after_its_size_was_taken_is_refused(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("id: a\n", encoding="utf-8")
    real_open = Path.open

    def growing(self: Path, *args: object, **kwargs: object) -> object:
        with real_open(self, "ab") as out:  # between the stat and the read
            out.write(b"#" * MAX_FILE_BYTES)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", growing)
    with pytest.raises(LoadError, match="larger than the limit"):
        load_file(path, "unit.yaml")
