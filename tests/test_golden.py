"""The example round's packs, byte for byte. Regenerate with UPDATE_GOLDEN=1 after a reviewed change."""

from __future__ import annotations

import os

import pytest

import checklists
from checklists.render.json_out import render

from .conftest import EXAMPLE_ROUND, REPO

GOLDEN = REPO / "tests" / "golden"


@pytest.fixture(scope="module")
def packs() -> list[checklists.Pack]:
    return checklists.load_library().generate_round(EXAMPLE_ROUND)


def test_example_round_matches_golden(packs: list[checklists.Pack]) -> None:
    for pack in packs:
        path = GOLDEN / f"{pack.unit.id}.json"
        text = render(pack)
        if os.environ.get("UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == text, f"{path.name} differs; review, then UPDATE_GOLDEN=1"
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == sorted(f"{p.unit.id}.json" for p in packs)


def test_generating_twice_and_in_parallel_gives_the_same_bytes(packs: list[checklists.Pack]) -> None:
    lib = checklists.load_library()
    again = lib.generate_round(EXAMPLE_ROUND, workers=4)
    assert [render(p) for p in again] == [render(p) for p in packs]
