"""checklists impact: the items, unit types and written packs a revised document touches."""

from __future__ import annotations

from pathlib import Path

import pytest

import checklists
from checklists.cli import main
from checklists.impact import impact, stale_packs

from .conftest import EXAMPLE_ROUND, write_layer


def test_every_version_of_a_document_counts(builtin: checklists.Library) -> None:
    """食品安全法 in three versions: naming any one finds the market regulators' items on it."""
    found = impact(builtin, "law.pgo.market_regulation.food_safety.2015")
    assert found.title == "《中华人民共和国食品安全法》"
    assert found.versions == tuple(f"law.pgo.market_regulation.food_safety.{y}" for y in (2015, 2018, 2021))
    assert impact(builtin, "law.pgo.market_regulation.food_safety.2021").citing == found.citing
    items = {c.item: c for c in found.citing}
    assert "party_gov_organ.market_regulation.food_licensing" in items
    assert items["party_gov_organ.market_regulation.food_licensing"].unit_types == ("party_gov_organ",)
    assert "market_regulation" in items["party_gov_organ.market_regulation.food_licensing"].condition
    assert found.unit_types == ("party_gov_organ",)


def test_a_document_every_type_rests_on_reaches_every_type(builtin: checklists.Library) -> None:
    found = impact(builtin, "reg.inspection_work.2024")
    assert set(found.unit_types) == set(builtin.unit_types)
    assert any(c.item == "common.rectification.rectified_finding" for c in found.citing)


def test_packs_made_by_another_library_that_cite_it_are_stale(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(EXAMPLE_ROUND), "--out", str(out), "--format", "json"]) == 0
    builtin = checklists.load_library()
    found = impact(builtin, "law.supervision.2024")
    assert stale_packs(builtin, found, out) == []  # made by this very library
    layer = write_layer(tmp_path / "office", {"problem/x.yaml": (
        "kind: problem\ngroup: office.extra\nsection: focus_duty\nwhen: {types: [village]}\nitems:\n"
        "  - {id: office.extra.a, text: 有无虚报冒领补贴。, basis: [reg.discipline.2023], methods: [spot_check]}\n")})
    edited = checklists.load_library(layer)
    stale = stale_packs(edited, impact(edited, "law.supervision.2024"), out)
    assert {s.unit for s in stale} == {"zz", "lw", "rmyy", "ct"}
    assert all(s.cites == ("law.supervision.2024",) and s.made_by == "builtin-2026.11" for s in stale)
    capsys.readouterr()
    assert main(["impact", "--policy", "law.supervision.2024", "--packs", str(out), "--library", str(layer)]) == 0
    printed = capsys.readouterr().out
    assert "4 pack(s) in" in printed and "zz-张庄村.json" in printed


def test_an_unknown_policy_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["impact", "--policy", "law.supervison.2024"]) == 1
    err = capsys.readouterr().err
    assert "no policy item 'law.supervison.2024'" in err and "did you mean 'law.supervision.2024'?" in err
