"""The walkthrough in docs/layers.md works as written."""

from __future__ import annotations

import re
from pathlib import Path

import checklists

from .conftest import REPO, write_layer


def _blocks() -> dict[str, str]:
    """The YAML blocks of docs/layers.md that start with a '# path' comment."""
    text = (REPO / "docs" / "layers.md").read_text(encoding="utf-8")
    found = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        first, _, rest = block.partition("\n")
        name = first[2:].split(":")[0].strip()
        if first.startswith("# ") and (name == "library.yaml" or (name.endswith(".yaml") and "/" in name)):
            found[name] = rest
    return found


def test_layers_walkthrough(tmp_path: Path) -> None:
    blocks = _blocks()
    assert set(blocks) >= {"library.yaml", "policy/local/documents.yaml", "problem/village/local.yaml",
                           "changes/local.yaml"}
    layer = write_layer(tmp_path / "my-office-library", blocks)
    lib = checklists.load_library(layer)
    pack = lib.generate({"id": "zz", "name": "张庄村", "type": "village"},
                        {"id": "r", "name": "轮次", "start": "2026-03-01"})
    problems = {i.id: i for i in pack.problem.items}
    assert problems["county.village.approval"].basis == ("county.doc.village_finance",)
    assert "county.doc.village_finance" in {i.id for i in pack.policy.items}
    assert problems["common.conduct.formalism"].methods == ("interview", "survey")
    assert "village.sanzi.debt" not in problems
    assert {(o.op, o.target) for o in lib.overrides} == {("patch", "common.conduct.formalism"),
                                                         ("remove", "village.sanzi.debt")}


def test_a_layer_may_remove_an_item_a_profile_excludes(tmp_path: Path) -> None:
    layer = write_layer(tmp_path / "l", {"changes/c.yaml": "changes:\n  - {op: remove, item: common.conduct.vehicles}\n"})
    lib = checklists.load_library(layer)
    assert "common.conduct.vehicles" in lib.removed
