"""The command line: exit codes, located errors, never a traceback for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checklists._round_commands import safe_name
from checklists.cli import main

from .conftest import EXAMPLE_ROUND, MINI, REPO, write_layer


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checklists", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_generate_writes_every_unit_in_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["generate", str(EXAMPLE_ROUND), "--out", str(tmp_path), "--format", "json,yaml,md"])
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{stem}{ext}" for stem in ("zz-张庄村", "lw-李洼村", "rmyy-县人民医院",
                                                         "ct-县城市建设投资集团有限公司")
                           for ext in (".json", ".yaml", ".md"))
    pack = json.loads((tmp_path / "zz-张庄村.json").read_text(encoding="utf-8"))
    assert pack["unit"]["name"] == "张庄村"
    out = capsys.readouterr().out
    assert "wrote 12 files for 4 units" in out
    assert main(["generate", str(EXAMPLE_ROUND), "--out", str(tmp_path), "--format", "html,xlsx", "--force"]) == 0
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html"] * 4 + [".xlsx"]


def test_validate_clean_and_dirty(tmp_path: Path) -> None:
    assert run("validate", "examples/round.yaml").returncode == 0
    bad_round = tmp_path / "round.yaml"
    bad_round.write_text("id: r\nname: 轮次\nstart: 2026-03-01\nunits:\n  - {id: a, name: 甲, type: vilage}\n",
                         encoding="utf-8")
    result = run("validate", str(bad_round))
    assert result.returncode == 1
    assert f"{bad_round}:5:28: units[0].type: unknown unit type 'vilage' (did you mean 'village'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_a_user_layer(tmp_path: Path) -> None:
    layer = write_layer(tmp_path / "office", {
        "library.yaml": "name: office\n",
        "problem/local.yaml": "kind: problem\ngroup: village.local\nsection: focus_policy\nitems:\n"
                              "  - {id: office.x, text: 是否落实本地规定。, basis: [reg.inspection_wrok.2024], methods: [interview]}\n",
    })
    result = run("validate", str(layer))
    assert result.returncode == 1
    assert "problem/local.yaml:5:5: basis: unknown policy item 'reg.inspection_wrok.2024' " \
           "(did you mean 'reg.inspection_work.2024'?)" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (["generate", "missing.yaml", "--out", "x"], 1, "missing.yaml: cannot read file"),
        (["generate", "examples/round.yaml"], 2, "the following arguments are required: --out"),
        (["generate", "examples/round.yaml", "--out", "x", "--format", "pdf"], 2, "unknown format(s): pdf"),
        (["explain", "examples/round.yaml", "--unit", "nope"], 1, "no unit 'nope'"),
        (["frobnicate"], 2, "invalid choice"),
        ([], 2, "usage:"),
    ],
)
def test_exit_codes(tmp_path: Path, args: list[str], code: int, stderr: str) -> None:
    result = run(*args, cwd=REPO)
    assert result.returncode == code, result.stderr
    assert stderr in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_yaml_in_round_is_located(tmp_path: Path) -> None:
    path = tmp_path / "round.yaml"
    path.write_text("id: r\nname: x\nname: y\n", encoding="utf-8")
    result = run("generate", str(path), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert f"{path}:3:1: duplicate key 'name' (first at line 2)" in result.stderr


def test_explain_one_item() -> None:
    result = run("explain", "examples/round.yaml", "--unit", "zz", "--item", "village.land.compensation_distribution")
    assert result.returncode == 0, result.stderr
    assert "unit zz: profile village -> base; subtypes: complex_social, resource_rich" in result.stdout
    assert "IN  village.land.compensation_distribution" in result.stdout


def test_types_lists_subtypes_with_rules() -> None:
    result = run("types")
    assert result.returncode == 0
    assert "subtype resource_rich  资源丰富村: attribute mineral_resources = true" in result.stdout


def test_schema_command_writes_files(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.returncode == 0
    assert {p.name for p in tmp_path.iterdir()} >= {"fragment.schema.json", "pack.schema.json", "round.schema.json"}


def test_user_layer_on_the_command_line(tmp_path: Path) -> None:
    over_builtin = {k: v for k, v in MINI.items() if k != "programs/xuncha.yaml"}  # built-in defines it
    layer = write_layer(tmp_path / "mini", over_builtin)
    round_file = tmp_path / "r.yaml"
    round_file.write_text("id: r\nname: 轮次\nstart: 2026-03-01\nunits:\n  - {id: a, name: 甲, type: t}\n",
                          encoding="utf-8")
    result = run("generate", str(round_file), "--out", str(tmp_path / "o"), "--library", str(layer))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "a-甲.md").exists()


def test_safe_file_names() -> None:
    assert safe_name('a/b:c*?"<>|d') == "a_b_c______d"
    assert safe_name(" 张庄村. ") == "张庄村"


@pytest.mark.parametrize(("dates", "field", "message"), [
    ("start: 2026-03-01\nend: 2026-02-01\n", "end", "the round ends before it starts"),
    ("start: 2026-03-01\nreview_from: 2026-04-01\n", "review_from", "the review period starts after the round"),
    ("start: 2026-03-01\nend: 2026-04-30\nrequests_due: 2026-05-10\n", "requests_due",
     "information is asked for after the round has ended"),
])
def test_round_dates_out_of_order_are_located(tmp_path: Path, dates: str, field: str, message: str) -> None:
    path = tmp_path / "round.yaml"
    path.write_text(f"id: r\nname: 轮次\n{dates}units:\n  - {{id: a, name: 甲, type: village}}\n", encoding="utf-8")
    line = 3 + [x.split(":")[0] for x in dates.splitlines()].index(field)  # after the id and name lines
    result = run("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:{line}:" in result.stderr and f"{field}: {message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_entry_imports_with_the_collector_off_then_freezes(monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import gc

    import checklists.cli
    from checklists.__main__ import main as command

    calls: list[str] = []

    def recorded(name: str, real: Callable[[], Any]) -> Callable[[], Any]:
        def call() -> Any:
            calls.append(name)
            return real()
        return call

    for name in ("disable", "enable", "freeze"):
        monkeypatch.setattr(gc, name, recorded(name, getattr(gc, name)))
    real_main = checklists.cli.main

    def run() -> int:
        calls.append(f"run, collector on: {gc.isenabled()}")
        return real_main()

    monkeypatch.setattr(checklists.cli, "main", run)
    monkeypatch.setattr(sys, "argv", ["checklists", "types"])
    try:
        assert command() == 0
    finally:
        gc.unfreeze()
    # off while importing, what the import made set aside, on again before the command runs
    assert calls[:4] == ["disable", "freeze", "enable", "run, collector on: True"]
    assert gc.isenabled()
    assert "village" in capsys.readouterr().out


def test_import_checklists_loads_the_api_only_when_a_name_is_used() -> None:
    code = ("import sys, checklists; assert 'checklists.library' not in sys.modules; "
            "from checklists import load_library, Pack; assert 'checklists.library' in sys.modules; "
            "assert 'checklists.cli' not in sys.modules; print(sorted(checklists.__all__) == sorted("
            "n for n in dir(checklists) if n in checklists.__all__)); checklists.nothing_here")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "True"
    assert "AttributeError: module 'checklists' has no attribute 'nothing_here'" in result.stderr
