"""Properties that must hold for any input (hypothesis): determinism, nothing lost, layering
laws, and one Library shared by many threads."""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checklists
from checklists._inputs import read_round, read_unit
from checklists.conditions import holds
from checklists.library import Library
from checklists.models.common import KINDS
from checklists.render.json_out import render
from checklists.resolve import in_force, prepare

from .conftest import MINI, REPO, ROUND, write_layer

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def mini_root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield write_layer(Path(folder) / "mini", MINI)


@pytest.fixture(scope="module")
def mini_lib(mini_root: Path) -> Library:
    return checklists.load_library(mini_root, builtin=False, cache=False)


def finding(n: int, status: str) -> dict[str, str]:
    return {"id": f"f{n}", "text": f"问题{n}", "status": status}


def finding_id(entry: dict[str, str]) -> str:
    return entry["id"]


Strategies = dict[str, st.SearchStrategy[Any]]
ATTRIBUTES: Strategies = {
    "size": st.integers(min_value=0, max_value=300),
    "rich": st.booleans(),
    "kind": st.sampled_from(["甲", "乙"]),
}
REQUIRED: Strategies = {"id": st.just("u"), "name": st.sampled_from(["甲", "某单位", "{x}单位"]), "type": st.just("t")}
OPTIONAL: Strategies = {
    "attributes": st.fixed_dictionaries({}, optional=ATTRIBUTES),
    "subtypes": st.lists(st.sampled_from(["big", "stated_only"]), unique=True),
    "signals": st.lists(st.fixed_dictionaries({"topic": st.just("petition.x")}), max_size=1),
    "previous_findings": st.lists(
        st.builds(finding, st.integers(1, 3), st.sampled_from(["rectified", "in_progress", "not_rectified"])),
        max_size=3, unique_by=finding_id),
}
units = st.fixed_dictionaries(REQUIRED, optional=OPTIONAL)


# ------------------------------------------------------------------ determinism


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_the_order_files_are_found_in_never_changes_the_output(seed: int, mini_root: Path,
                                                               mini_lib: Library) -> None:
    real_walk = os.walk
    rng = random.Random(seed)

    def shuffled_walk(top: Any, **kwargs: Any) -> Iterator[tuple[str, list[str], list[str]]]:
        for dirpath, dirnames, filenames in real_walk(top, **kwargs):
            rng.shuffle(dirnames)
            rng.shuffle(filenames)
            yield dirpath, dirnames, filenames

    os.walk = shuffled_walk  # type: ignore[assignment]  # what read_layer walks with
    try:
        shuffled = checklists.load_library(mini_root, builtin=False, cache=False)
    finally:
        os.walk = real_walk
    unit = {"id": "u", "name": "甲", "type": "t", "attributes": {"size": 500, "rich": True}}
    assert render(shuffled.generate(unit, ROUND)) == render(mini_lib.generate(unit, ROUND))
    assert list(shuffled.items) == list(mini_lib.items)


# ------------------------------------------------------------------ nothing lost


@SETTINGS
@given(unit=units)
def test_every_item_whose_condition_holds_is_in_once_and_every_other_is_explained(
        unit: dict[str, Any], mini_lib: Library) -> None:
    pack = mini_lib.generate(unit, ROUND)
    ids = [i.id for kind in KINDS for i in pack.checklist(kind).items]
    assert len(ids) == len(set(ids))  # nothing twice
    rin = read_round(ROUND)
    facts = prepare(mini_lib, read_unit(unit), rin.round).facts
    topics = {s["topic"] for s in unit.get("signals", [])}
    explanation = {e.item: e for e in mini_lib.explain(unit, ROUND).entries}
    cited = {b for i in pack.problem.items for b in i.basis}
    for item in mini_lib.items.values():
        if item.kind == "function" and item.id.startswith("unit."):
            continue
        spec: Any = item.spec
        if getattr(spec, "template", None):
            continue
        raised = bool(topics & set(spec.signals))
        wanted = holds(item.when, facts) or raised
        if item.kind == "policy":  # in when in force and reached, or when a problem in the pack cites it
            wanted = (wanted and in_force(mini_lib, item.id, rin.round.start)) or item.id in cited
        assert (item.id in ids) == wanted, (item.id, unit)
        if not wanted:
            entry = explanation[item.id]
            assert not entry.included and entry.reasons  # explain says why
    open_findings = [f for f in unit.get("previous_findings", []) if f["status"] != "rectified"]
    derived = [i for i in pack.problem.items if i.derived_from]
    assert [i.derived_from for i in derived] == [f"previous_finding:{f['id']}" for f in open_findings]


# ------------------------------------------------------------------ layering laws


@SETTINGS
@given(texts=st.lists(st.text(alphabet="改第一二三版", min_size=1, max_size=6), min_size=1, max_size=4))
def test_patches_apply_in_layer_order(texts: list[str], mini_root: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        roots = [mini_root]
        for n, text in enumerate(texts):
            roots.append(write_layer(Path(folder) / f"l{n}", {
                "library.yaml": f"name: l{n}\n",
                "changes/c.yaml": f"changes:\n  - {{op: patch, item: t.pr.always, set: {{text: '{text}。'}}}}\n",
            }))
        lib = checklists.load_library(*roots, builtin=False, cache=False)
    assert lib.items["t.pr.always"].spec.text == texts[-1] + "。"
    assert len(lib.items["t.pr.always"].patched_by) == len(texts)


@SETTINGS
@given(unit=units)
def test_an_empty_layer_changes_nothing(unit: dict[str, Any], mini_root: Path, mini_lib: Library) -> None:
    with tempfile.TemporaryDirectory() as folder:
        empty = write_layer(Path(folder) / "empty", {"library.yaml": "name: empty\n"})
        with_empty = checklists.load_library(mini_root, empty, builtin=False, cache=False)
    a, b = mini_lib.generate(unit, ROUND), with_empty.generate(unit, ROUND)
    assert [render(x) for x in (a.model_copy(update={"layers": (), "fingerprint": ""}),)] == [
        render(b.model_copy(update={"layers": (), "fingerprint": ""}))]


# ------------------------------------------------------------------ threads


def test_eight_threads_sharing_one_library_give_what_one_thread_gives(builtin: Library) -> None:
    round_file = REPO / "examples" / "all_types.yaml"
    alone = [render(p) for p in checklists.load_library().generate_round(round_file)]
    shared = checklists.load_library()

    def everything(_: int) -> list[str]:
        return [render(p) for p in shared.generate_round(round_file)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(everything, range(16)))
    assert all(r == alone for r in results)
    assert [render(p) for p in shared.generate_round(round_file, workers=8)] == alone


def test_workers_compose_on_threads_only_where_threads_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures
    import sys

    from checklists import resolve

    round_file = REPO / "examples" / "all_types.yaml"
    alone = [render(p) for p in checklists.load_library().generate_round(round_file)]
    started: list[int] = []

    class CountingPool(ThreadPoolExecutor):
        def __init__(self, max_workers: int) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers)

    monkeypatch.setattr(concurrent.futures, "ThreadPoolExecutor", CountingPool)
    monkeypatch.setattr(resolve, "threads_run_at_once", lambda: False)  # under a GIL: threads would take turns
    assert [render(p) for p in checklists.load_library().generate_round(round_file, workers=4)] == alone
    assert started == []
    monkeypatch.setattr(resolve, "threads_run_at_once", lambda: True)  # a free-threaded build
    assert [render(p) for p in checklists.load_library().generate_round(round_file, workers=4)] == alone
    assert started == [4]
    if sys.version_info < (3, 13):  # no build before 3.13 runs threads at once
        monkeypatch.undo()
        assert not resolve.threads_run_at_once()
