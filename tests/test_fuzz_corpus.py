"""The fuzzer's findings stay fixed, and the fuzzer itself runs (scripts/fuzz.py)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO

CORPUS = REPO / "tests" / "fuzz_corpus"


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz", REPO / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.name)
def test_saved_finding_is_a_located_error_or_fine(path: Path, tmp_path: Path) -> None:
    fuzz = _fuzz()
    schema = path.name.split("-", 1)[0]
    fuzz.check_file(schema, path.read_bytes())  # raises on anything but success or a located error
    if schema in fuzz.FOLDERS.values():
        fuzz.check_layer(schema, path.read_bytes(), tmp_path)


def test_a_short_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    fuzz = _fuzz()
    rng = random.Random(7)
    corpus = [(s, d) for s, d in fuzz.seeds() if s in fuzz.INPUT_MODELS]
    for n in range(300):
        schema, data = rng.choice(corpus)
        mutated = fuzz.mutate(data, rng)
        fuzz.check_file(schema, mutated)
        if n % 30 == 0 and schema in fuzz.FOLDERS.values():
            fuzz.check_layer(schema, mutated, tmp_path)
