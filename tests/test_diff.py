"""checklists diff: two packs, two rounds' outputs, two libraries; on real content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checklists.cli import main
from checklists.diff import diff_outputs, diff_packs, read_pack

from .conftest import EXAMPLE_ROUND, write_layer


def _outputs(tmp_path: Path, name: str, start: str, drop: str | None = None) -> Path:
    text = EXAMPLE_ROUND.read_text(encoding="utf-8").replace("start: 2026-03-01", f"start: {start}")
    folder = tmp_path / f"round-{name}"
    shutil.copytree(EXAMPLE_ROUND.parent / "units", folder / "units")  # the example's unit files
    (folder / "round.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / name
    assert main(["generate", str(folder / "round.yaml"), "--out", str(out), "--format", "json"]) == 0
    if drop:
        next(out.glob(f"{drop}-*.json")).unlink()
    return out


def test_two_rounds_outputs_differ_by_the_versions_in_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same units in 2026 and 2019: the 2024 监察法 is cited in 2026 and not in 2019; a unit
    left out of the second output is reported as removed."""
    after, before = _outputs(tmp_path, "a", "2026-03-01"), _outputs(tmp_path, "b", "2019-03-01", drop="lw")
    units = {u.unit: u for u in diff_outputs(after, before)}
    assert units["lw"].status == "removed" and not units["lw"].changes
    zz = {(c.change, c.kind, c.item) for c in units["zz"].changes}
    assert ("removed", "policy", "law.supervision.2024") in zz
    assert units["zz"].status == "changed"
    assert {u.status for u in diff_outputs(after, after)} == {"same"}
    capsys.readouterr()
    assert main(["diff", str(after), str(before)]) == 0
    printed = capsys.readouterr().out
    assert "lw 李洼村: removed" in printed and "  - policy           law.supervision.2024" in printed
    assert main(["diff", str(after), str(before), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {u["unit"] for u in data} == {"zz", "lw", "rmyy", "ct"}


def test_two_packs_a_changed_text_shows_before_and_after(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _outputs(tmp_path, "a", "2026-03-01")
    path = next(out.glob("zz-*.json"))
    pack = read_pack(path)
    edited = json.loads(json.dumps(pack))
    first = edited["problem"]["items"][0]
    old_text, first["text"] = first["text"], "改写后的问题表述。"
    first["number"] += 100  # numbering follows from the rest: not a change of the item
    edited["policy"]["items"].pop()
    changes = diff_packs(pack, edited)
    assert [(c.change, c.kind, c.fields) for c in changes] == [("removed", "policy", ()),
                                                              ("changed", "problem", ("text",))]
    assert (changes[1].before, changes[1].after) == (old_text, "改写后的问题表述。")
    other = tmp_path / "edited.json"
    other.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(path), str(other)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("1 removed, 1 changed") and "after:  改写后的问题表述。" in printed


def test_two_library_layers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An office layer before and after an edit, each over the built-in library."""
    fragment = ("kind: problem\ngroup: village.office_extra\nsection: focus_corruption\nwhen: {types: [village]}\nitems:\n"
                "  - id: office.village.extra.canteen\n    text: 村级公务接待有无超标准、无公函接待。\n"
                "    basis: [reg.discipline.2023]\n    methods: [document_review]\n")
    before = write_layer(tmp_path / "before", {"problem/extra.yaml": fragment})
    after = write_layer(tmp_path / "after", {"problem/extra.yaml": fragment.replace("无公函接待", "无公函接待和虚列接待")
                                             + "  - id: office.village.extra.cars\n    text: 有无公车私用。\n"
                                             "    basis: [reg.discipline.2023]\n    methods: [spot_check]\n"})
    capsys.readouterr()
    assert main(["diff", str(before), str(after)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == "1 added, 1 changed"
    assert "  + problem          office.village.extra.cars" in printed
    assert "  ~ problem          office.village.extra.canteen (text)" in printed
    # unit type by unit type: the village profile includes village.*, no other type reaches them
    assert "village 行政村: 1 added, 1 changed" in printed and "community" not in printed
    assert main(["diff", str(before), str(after), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)[0]["changes"]
    assert {c["item"]: c["unit_types"] for c in changes} == {"office.village.extra.canteen": ["village"],
                                                             "office.village.extra.cars": ["village"]}


@pytest.mark.parametrize(("second", "message"), [("missing.json", "no such file or folder"),
                                                  ("other.json", "the file is not a pack")])
def test_bad_arguments_are_explained(second: str, message: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack.json"
    pack.write_text('{"unit": {}}', encoding="utf-8")
    (tmp_path / "other.json").write_text("[1, 2]", encoding="utf-8")
    assert main(["diff", str(pack), str(tmp_path / second)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_folder_with_a_damaged_pack_says_which(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A damaged or foreign .json among the packs is reported, not passed over (its unit would
    otherwise look removed)."""
    before, after = _outputs(tmp_path, "a", "2026-03-01"), _outputs(tmp_path, "b", "2026-03-01")
    damaged = next(after.glob("lw-*.json"))
    damaged.write_text(damaged.read_text(encoding="utf-8")[:500], encoding="utf-8")
    (after / "notes.json").write_text('{"problem": {"items": [{"text": "无编号"}]}}', encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(before), str(after)]) == 1
    err = capsys.readouterr().err
    assert f"{damaged}: cannot read the pack" in err and "notes.json: the file is not a pack" in err
    assert "2 problems found" in err and "Traceback" not in err
    assert main(["impact", "--policy", "law.supervision.2024", "--packs", str(after)]) == 1
    assert "notes.json: the file is not a pack" in capsys.readouterr().err
