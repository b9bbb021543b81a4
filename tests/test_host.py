"""A library a host system can live with: numbering any count, unique file names, file-system
errors reported with their path and nothing left behind, wrong arguments from Python callers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import checklists
from checklists._numbering import chinese_numeral
from checklists._round_commands import unit_stems
from checklists.cli import main
from checklists.errors import ArgumentError, ChecklistsError, OutputError
from checklists.output import AtomicFolder

from .conftest import REPO, ROUND

# --------------------------------------------------------------------------- numbering

_VALUES = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def _read(numeral: str) -> int:
    """A Chinese numeral read back, by the ordinary rules (an independent check of the writer)."""
    total = 0
    for big, size in (("亿", 10**8), ("万", 10**4)):
        if big in numeral:
            head, numeral = numeral.split(big, 1)
            total += _read(head) * size
    section, digit = 0, 0
    for char in numeral:
        if char in _VALUES:
            digit = _VALUES[char]
        else:
            section += (digit or 1) * _UNITS[char]
            digit = 0
    return total + section + digit


@pytest.mark.parametrize(("n", "expected"), [
    (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (100, "一百"), (101, "一百零一"), (110, "一百一十"),
    (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"),
    (2026, "二千零二十六"), (10000, "一万"), (10001, "一万零一"), (12345, "一万二千三百四十五"),
    (100005, "十万零五"), (100000005, "一亿零五"), (123456789, "一亿二千三百四十五万六千七百八十九"),
])
def test_chinese_numerals(n: int, expected: str) -> None:
    assert chinese_numeral(n) == expected


def test_every_count_a_round_can_have_is_numbered_and_reads_back() -> None:
    numbers = [*range(1, 3000), *range(3000, 200_000, 997), 10**8 + 10**4, 99_999_999]
    for n in numbers:
        assert _read(chinese_numeral(n)) == n, (n, chinese_numeral(n))
    with pytest.raises(ValueError):
        chinese_numeral(0)


# --------------------------------------------------------------------------- file names


def test_clashing_unit_names_get_distinct_stable_names() -> None:
    units = [("a-b", "c"), ("a", "b-c"), ("x", "村"), ("X", "村")]
    stems = unit_stems(units)
    assert len({s.casefold() for s in stems}) == 4
    assert stems[0].startswith("a-b-c-") and stems[1].startswith("a-b-c-") and len(stems[0]) == len("a-b-c") + 9
    # stable: the same unit gets the same name whatever else the round holds, and in any order
    assert unit_stems(list(reversed(units))) == list(reversed(stems))
    assert unit_stems([units[0], units[1], ("y", "乡")])[:2] == stems[:2]
    assert unit_stems([("zz", "张庄村")]) == ["zz-张庄村"]  # no clash, no suffix
    assert unit_stems([("r", "轮")], taken=("r-轮",))[0].startswith("r-轮-")


def test_generate_writes_every_unit_of_a_round_with_clashing_names(tmp_path: Path) -> None:
    round_file = tmp_path / "round.yaml"
    round_file.write_text("id: r\nname: 某轮巡察\nstart: 2026-03-01\nunits:\n"
                          "  - {id: a-b, name: c, type: village}\n  - {id: a, name: b-c, type: village}\n",
                          encoding="utf-8")
    assert main(["generate", str(round_file), "--out", str(tmp_path / "out"), "--format", "json"]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) == 2 and all(name.startswith("a-b-c-") for name in written)


# --------------------------------------------------------------------------- file-system errors


def _generate(tmp_path: Path, out: Path, *extra: str,
              preexec: Callable[[], object] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CHECKLISTS_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "checklists", "generate", str(REPO / "examples" / "round.yaml"),
                           "--out", str(out), *extra], capture_output=True, text=True, env=env,
                          preexec_fn=preexec, timeout=300)


def test_out_below_a_regular_file_is_reported_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = _generate(tmp_path, tmp_path / "file" / "sub" / "out", "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot write results: Not a directory" in result.stderr and str(tmp_path / "file") in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "file"]


def test_a_file_size_limit_reached_partway_leaves_nothing_behind(tmp_path: Path) -> None:
    import resource

    def limit() -> None:  # 200 KB: the JSON files fit, the Excel workbook of the round does not
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    out = tmp_path / "new" / "deeper" / "out"
    result = _generate(tmp_path, out, "--format", "json,xlsx,docx", preexec=limit)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "cannot write results: File too large" in result.stderr and str(out) in result.stderr
    assert "size limit" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]  # not even the folders it made


def test_a_refused_write_is_an_output_error_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    out = tmp_path / "made" / "out"
    with pytest.raises(OutputError) as info, AtomicFolder(out) as folder:
        monkeypatch.setattr(Path, "write_bytes", refuse)
        folder.write("a.json", "{}")
    monkeypatch.undo()
    problem = info.value.problems[0]
    assert problem.location.file == str(out / "a.json") and "Permission denied" in problem.message
    assert "permissions" in problem.hint
    assert list(tmp_path.iterdir()) == []


def test_two_results_for_one_file_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="same file"), AtomicFolder(tmp_path / "out") as folder:
        folder.write("a.json", "{}")
        folder.write("A.json", "{}")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- wrong arguments


@pytest.fixture(scope="module")
def lib() -> checklists.Library:
    return checklists.load_library()


UNIT = {"id": "u", "name": "某村", "type": "village"}


@pytest.mark.parametrize(("call", "message"), [
    (lambda lib: lib.generate(None, ROUND), "a unit is a Unit or a mapping, not None"),
    (lambda lib: lib.generate([UNIT], ROUND), "a unit is a Unit or a mapping, not a list"),
    (lambda lib: lib.generate(UNIT, None), "a round is a Round, a mapping or the path of a round file, not None"),
    (lambda lib: lib.generate(UNIT, 5), "not an int"),
    (lambda lib: lib.generate(UNIT, b"round.yaml"), "not a bytes"),
    (lambda lib: lib.generate_round(None), "not None"),
    (lambda lib: lib.iter_round([]), "not a list"),
    (lambda lib: lib.explain(None, ROUND), "a unit is a Unit or a mapping, not None"),
    (lambda lib: lib.explain(UNIT, ROUND, 5), "item is an item id (text) or None, not 5"),
    (lambda lib: lib.generate_round({**ROUND, "units": [UNIT]}, workers="2"), "workers is a whole number"),
    (lambda lib: lib.generate_round({**ROUND, "units": [UNIT]}, workers=0), "workers is a whole number"),
    (lambda lib: lib.generate(UNIT, {1: 2}), "a key is an int (1), not text"),
    (lambda lib: checklists.load_library(None),  # type: ignore[arg-type]
     "a library layer is the path of a folder, not None"),
])
def test_wrong_arguments_raise_a_checklists_error(lib: checklists.Library, call: object, message: str) -> None:
    with pytest.raises(ChecklistsError) as info:
        call(lib)  # type: ignore[operator]
    assert isinstance(info.value, ArgumentError) and isinstance(info.value, TypeError)
    assert message in str(info.value)


def test_a_patch_of_a_removed_item_is_worded_right(tmp_path: Path) -> None:
    for name, text in (("l1", "changes:\n  - {op: remove, item: village.sanzi.cash, reason: 不适用}\n"),
                       ("l2", "changes:\n  - {op: patch, item: village.sanzi.cash, set: {text: 改。}}\n")):
        (tmp_path / name / "changes").mkdir(parents=True)
        (tmp_path / name / "library.yaml").write_text(f"name: {name}\nversion: '1'\n", encoding="utf-8")
        (tmp_path / name / "changes" / "c.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistsError) as info:
        checklists.load_library(tmp_path / "l1", tmp_path / "l2", cache=False)
    assert "it cannot be patched here" in str(info.value) and "patched" + "ed" not in str(info.value)


# --------------------------------------------------------------------------- process-wide state, memory


def test_the_library_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    lib = checklists.load_library(cache=False)
    lib.generate_round(REPO / "examples" / "round.yaml")
    list(lib.iter_round(REPO / "examples" / "round.yaml"))
    lib.generate({"id": "u", "name": "某村", "type": "village"}, ROUND)
    assert calls == []
    with checklists.collector_paused():  # the host's explicit choice
        pass
    assert calls == ["disable", "enable"]


def test_plans_kept_are_bounded_over_many_distinct_rounds() -> None:
    import datetime as dt

    from checklists.library import PLANS_KEPT

    lib = checklists.load_library()
    first = dt.date(2021, 1, 1)
    for day in range(3 * PLANS_KEPT):
        start = (first + dt.timedelta(days=day)).isoformat()
        pack = lib.generate({"id": "u", "name": "某村", "type": "village"}, {**ROUND, "start": start})
        assert pack.round.start.isoformat() == start
    assert len(lib._plans) == PLANS_KEPT
    # a plan dropped long ago is worked out again, and gives the same pack
    again = lib.generate({"id": "u", "name": "某村", "type": "village"}, {**ROUND, "start": "2021-01-01"})
    fresh = checklists.load_library().generate({"id": "u", "name": "某村", "type": "village"},
                                               {**ROUND, "start": "2021-01-01"})
    assert again == fresh


def test_parameters_no_text_names_do_not_split_skeletons(tmp_path: Path) -> None:
    import yaml

    from checklists._plan import _Plan

    profile = yaml.safe_load((REPO / "library" / "profiles" / "village.yaml").read_text(encoding="utf-8"))
    profile["replace"] = True
    profile["params"] = {**profile.get("params", {}), **{f"p{i}": f"值{i}" for i in range(10_000)}}
    (tmp_path / "profiles").mkdir()
    (tmp_path / "library.yaml").write_text("name: many\nversion: '1'\n", encoding="utf-8")
    (tmp_path / "profiles" / "village.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    many = checklists.load_library(tmp_path, cache=False)
    plain = checklists.load_library(cache=False)
    rnd = {**ROUND, "units": [{"id": f"u{n}", "name": f"村{n}", "type": "village", "params": {"p1": f"单位{n}"}}
                              for n in range(3)]}
    packs = many.generate_round(rnd)
    assert [p.problem for p in packs] == [p.problem for p in plain.generate_round(rnd)]
    # the units differ only in a parameter no text names: one skeleton serves all three
    assert [len(p.skeletons) for p in many._plans.values() if isinstance(p, _Plan)] == [1]


# --------------------------------------------------------------------------- machine-readable problems


def test_every_problem_code_in_the_code_is_documented() -> None:
    import re

    documented = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    used = set()
    for path in (REPO / "checklists").rglob("*.py"):
        used |= set(re.findall(r'code="([a-z0-9.-]+)"', path.read_text(encoding="utf-8")))
    assert len(used) > 80
    assert sorted(c for c in used if f"`{c}`" not in documented) == ["ref.unknown-"]  # the family, listed by member


def test_validate_and_lint_print_problems_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    layer = tmp_path / "office"
    (layer / "changes").mkdir(parents=True)
    (layer / "library.yaml").write_text("name: office\nversion: '1'\n", encoding="utf-8")
    (layer / "changes" / "c.yaml").write_text(
        "changes:\n  - op: patch\n    item: village.sanzi.cash\n    set: {basis: [no.such], materals: [x]}\n",
        encoding="utf-8")
    assert main(["validate", str(layer), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["severity"], p["line"], p["field"]) for p in found] == [
        ("schema.unknown-key", "error", 4, "changes[0].set.materals")]
    assert set(found[0]) == {"code", "severity", "file", "line", "column", "field", "message", "hint"}
    assert found[0]["file"].endswith("changes/c.yaml") and found[0]["hint"] == "did you mean 'materials'?"
    (layer / "changes" / "c.yaml").write_text(
        "changes:\n  - op: patch\n    item: village.sanzi.cash\n    set: {basis: [no.such]}\n", encoding="utf-8")
    assert main(["validate", str(layer), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["line"]) for p in found] == [("ref.unknown-policy-item", 4)]
    assert main(["validate", "--format", "json"]) == 0 and json.loads(capsys.readouterr().out) == []
    assert main(["lint", "--format", "json"]) == 0 and json.loads(capsys.readouterr().out) == []
    (layer / "changes" / "c.yaml").unlink()
    (layer / "catalog").mkdir()
    (layer / "catalog" / "x.yaml").write_text("materials:\n  - {id: office.unused, label: 未用资料}\n", encoding="utf-8")
    assert main(["lint", "--library", str(layer), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["severity"], p["line"]) for p in found] == [("lint.unused-material", "warning", 2)]


def test_yaml_is_written_with_libyaml_and_says_the_same(lib: checklists.Library) -> None:
    import yaml

    from checklists.render import yaml_out

    assert yaml_out._DUMPER is yaml.CSafeDumper  # the wheels of PyYAML ship libyaml
    for pack in lib.generate_round(REPO / "examples" / "round.yaml"):
        pure = yaml.dump(pack.model_dump(mode="json"), Dumper=yaml.SafeDumper, allow_unicode=True,
                         sort_keys=False, width=100)
        assert yaml_out.render(pack) == pure
