"""The on-disk library cache: used only for identical files, safe with damage and with two
processes at once, never a reason for a load to fail."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import checklists
from checklists import _cache as cache
from checklists import library
from checklists.library import Library

from .conftest import MINI, REPO, write_layer


def _refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def counted(roots: object) -> Library:
        calls.append(1)
        raise AssertionError("parsed although the cache holds the library")

    monkeypatch.setattr(library, "_load", counted)
    return calls


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_second_load_comes_from_the_cache_and_generates_the_same(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    fresh = checklists.load_library(cache=folder)
    assert len(_entries(folder)) == 1
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    _refuse_to_parse(monkeypatch)
    cached = checklists.load_library(cache=folder)
    assert cached is not fresh and cached.digest == fresh.digest
    assert list(cached.items) == list(fresh.items)
    # where each definition stands comes back whole (file, line and column), for the errors
    assert [i.origin for i in cached.items.values()] == [i.origin for i in fresh.items.values()]
    assert all(i.origin.location.line for i in cached.items.values())
    # the models come back whole (they are pickled more compactly than pydantic does it)
    assert [i.spec for i in cached.items.values()] == [i.spec for i in fresh.items.values()]
    assert [i.spec.model_fields_set for i in cached.items.values()] == [
        i.spec.model_fields_set for i in fresh.items.values()]
    assert [i.spec.model_dump_json(exclude_unset=True) for i in cached.items.values()] == [
        i.spec.model_dump_json(exclude_unset=True) for i in fresh.items.values()]
    round_file = REPO / "examples" / "round.yaml"
    from checklists.render.json_out import render

    assert [render(p) for p in cached.generate_round(round_file)] == [
        render(p) for p in fresh.generate_round(round_file)]


def test_any_change_to_a_file_is_seen(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    layer = write_layer(tmp_path / "mini", MINI)
    first = checklists.load_library(layer, builtin=False, cache=folder)
    problem_file = next(p for p in layer.rglob("*.yaml") if "problem" in p.parts)
    text = problem_file.read_text(encoding="utf-8")
    item = next(i for i in first.items.values() if i.kind == "problem")
    problem_file.write_text(text.replace(item.spec.text, item.spec.text + "（已改）", 1), encoding="utf-8")
    second = checklists.load_library(layer, builtin=False, cache=folder)
    assert second.items[item.id].spec.text == item.spec.text + "（已改）"
    assert len(_entries(folder)) == 2
    (layer / "function" / "extra.yaml").write_text(
        "kind: function\ngroup: t.extra\nsection: basic_facts\nitems: [{id: t.extra.a, text: 新增条目}]\n",
        encoding="utf-8")
    third = checklists.load_library(layer, builtin=False, cache=folder)
    assert "t.extra" in third.groups and "t.extra" not in second.groups


def _stamps(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.key"))


@pytest.mark.skipif(os.name != "posix", reason="stamps are made on POSIX only")
def test_a_stamp_stands_for_reading_the_files_until_one_changes(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    layer = write_layer(tmp_path / "mini", MINI)
    assert cache.stamp_for([layer]) is None  # files written just now are read, not stamped
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    first = checklists.load_library(layer, builtin=False, cache=folder)
    (stamp,) = _stamps(folder)
    assert stamp.read_text(encoding="ascii") == cache.key_for([layer])

    def unread(roots: object) -> str:
        raise AssertionError("read the files although the stamp stands for them")

    with monkeypatch.context() as patched:
        patched.setattr(cache, "key_for", unread)
        _refuse_to_parse(patched)
        assert checklists.load_library(layer, builtin=False, cache=folder).digest == first.digest

    # a change of the same size, with its time set back (as some copying tools do): the change
    # time, which no tool sets back, still tells it
    problem_file = next(p for p in layer.rglob("*.yaml") if "problem" in p.parts)
    before = problem_file.stat()
    text = problem_file.read_text(encoding="utf-8")
    item = next(i for i in first.items.values() if i.kind == "problem")
    changed = item.spec.text[::-1]
    time.sleep(0.05)  # the guard against changes within one tick of the clock is off here
    problem_file.write_text(text.replace(item.spec.text, changed, 1), encoding="utf-8")
    os.utime(problem_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert problem_file.stat().st_size == before.st_size
    second = checklists.load_library(layer, builtin=False, cache=folder)
    assert second.items[item.id].spec.text == changed
    assert len(_stamps(folder)) == 2


@pytest.mark.skipif(os.name != "posix", reason="stamps are made on POSIX only")
def test_a_damaged_or_wrong_stamp_costs_a_reading_and_is_put_right(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    layer = write_layer(tmp_path / "mini", MINI)
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    first = checklists.load_library(layer, builtin=False, cache=folder)
    (stamp,) = _stamps(folder)
    key = stamp.read_text(encoding="ascii")
    for damage in ("", "not a key", "0" * 64, key.upper(), key + "\n"):
        stamp.write_text(damage, encoding="ascii")
        assert checklists.load_library(layer, builtin=False, cache=folder).digest == first.digest
        assert stamp.read_text(encoding="ascii") == key


def test_another_pydantic_version_makes_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    # an entry holds pydantic models, pickled as that version of pydantic left them
    roots = [library.builtin_path()]
    before, stamped = cache.key_for(roots), cache.stamp_for(roots)
    monkeypatch.setattr(cache, "PYDANTIC_VERSION", "2.0.0")
    assert cache.key_for(roots) not in (before, None)
    if stamped is not None:  # POSIX: the stamp, which stands for the key, changes with it
        assert cache.stamp_for(roots) not in (stamped, None)


def test_a_change_to_the_code_behind_an_entry_makes_another_key(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # a checkout at another commit keeps the version number but may change a pickled class
    copies = []
    for path in cache.CODE:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(cache, "CODE", tuple(copies))
    roots = [library.builtin_path()]
    before = cache.key_for(roots)
    assert before == cache.key_for(roots)
    copies[0].write_text(copies[0].read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert cache.key_for(roots) not in (before, None)
    copies[0].unlink()
    assert cache.key_for(roots) is None  # unreadable: no caching, never a failed load


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    layer = write_layer(tmp_path / "mini", MINI)
    first = checklists.load_library(layer, builtin=False, cache=folder)
    (entry,) = _entries(folder)
    whole = entry.read_bytes()
    for damage in (whole[: len(whole) // 2], whole[:-1] + bytes([whole[-1] ^ 1]), b"", b"not a cache entry"):
        entry.write_bytes(damage)
        again = checklists.load_library(layer, builtin=False, cache=folder)
        assert again.digest == first.digest
        assert cache._read(entry, entry.stem, folder, library.Library) is not None  # written whole again


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership checks are POSIX only")
def test_a_folder_others_may_write_to_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    layer = write_layer(tmp_path / "mini", MINI)
    checklists.load_library(layer, builtin=False, cache=folder)
    folder.chmod(0o777)
    calls: list[int] = []
    real = library._load

    def counted(roots: object) -> Library:
        calls.append(1)
        return real(roots)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "_load", counted)
    checklists.load_library(layer, builtin=False, cache=folder)
    assert calls == [1]


def test_an_unwritable_cache_never_fails_a_load(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    layer = write_layer(tmp_path / "mini", MINI)
    lib = checklists.load_library(layer, builtin=False, cache=blocked / "cache")
    assert lib.items


def test_errors_are_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    layer = write_layer(tmp_path / "mini", {**MINI, "problem/bad.yaml": "kind: problem\ngroup: x\nitems: [{id: a b}]\n"})
    messages = []
    for option in (tmp_path / "cache", False):
        with pytest.raises(checklists.ChecklistsError) as caught:
            checklists.load_library(layer, builtin=False, cache=option)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "bad.yaml:3" in messages[0]
    assert not _entries(tmp_path / "cache")


def test_two_processes_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    script = ("import checklists, sys; lib = checklists.load_library(cache=sys.argv[1]); "
              "print(lib.digest, len(lib.items))")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(folder)], stdout=subprocess.PIPE, text=True,
                             cwd=REPO) for _ in range(4)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    assert len(set(outputs)) == 1
    assert len(_entries(folder)) == 1
    assert not list(folder.glob(".*.tmp"))  # no temporary file left behind
    key = cache.key_for([library.builtin_path()])
    assert key is not None and key in _entries(folder)[0].name


def test_the_cache_key_digest_is_the_digest_read_layer_gives(tmp_path: Path) -> None:
    from checklists._layer_files import layer_digest, read_layer
    from checklists.errors import ChecklistsError

    assert layer_digest(library.builtin_path()) == read_layer(library.builtin_path(), 0).digest
    layer = write_layer(tmp_path / "mini", MINI)
    (layer / "policy" / "deeper").mkdir()
    (layer / "policy" / "deeper" / "more.yaml").write_text((layer / "policy" / "t.yaml").read_text(
        encoding="utf-8").replace("group: t.policy", "group: t.policy2").replace("id: p.", "id: q."),
        encoding="utf-8")
    (layer / "policy" / ".hidden.yaml").write_text("not: read", encoding="utf-8")
    (layer / "problem" / "notes.txt").write_text("not read", encoding="utf-8")
    os.symlink(layer / "programs" / "xuncha.yaml", layer / "programs" / "linked.yml")  # inside: allowed
    assert layer_digest(layer) == read_layer(layer, 0).digest

    def refused(change: Any) -> None:
        bad = write_layer(tmp_path / f"bad{len(list(tmp_path.iterdir()))}", MINI)
        change(bad)
        assert layer_digest(bad) is None
        with pytest.raises(ChecklistsError):
            read_layer(bad, 0)

    refused(lambda root: (root / "stray.yaml").write_text("a: 1", encoding="utf-8"))
    (tmp_path / "elsewhere.yaml").write_text(MINI["programs/xuncha.yaml"], encoding="utf-8")
    refused(lambda root: os.symlink(tmp_path / "elsewhere.yaml", root / "policy" / "out.yaml"))
    refused(lambda root: os.symlink(root / "policy", root / "problem" / "linked_folder"))
    refused(lambda root: os.mkfifo(root / "policy" / "pipe.yaml"))
    refused(lambda root: (root / "policy" / "huge.yaml").write_bytes(b"#" * (2 * 1024 * 1024 + 1)))


def test_public_models_pickle_as_pydantic_does() -> None:
    import pickle

    unit = checklists.Unit.model_validate({"id": "u1", "name": "张庄村", "type": "village",
                                           "attributes": {"population": 1200}})
    from checklists.models.common import Strict

    # the cache's own compact form stays in the cache: the public models pickle as pydantic does
    assert not {"__getstate__", "__setstate__", "__reduce__"} & set(Strict.__dict__)
    again = pickle.loads(pickle.dumps(unit))
    assert again == unit and again.model_fields_set == unit.model_fields_set == {"id", "name", "type",
                                                                                  "attributes"}


def test_an_entry_naming_anything_else_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    import pickle

    from checklists import _cache as cache

    folder = tmp_path / "cache"
    layer = write_layer(tmp_path / "mini", MINI)
    checklists.load_library(layer, builtin=False, cache=folder)
    (entry,) = _entries(folder)
    raw = entry.read_bytes()
    header = raw[:raw.index(b"\n", len(cache.MAGIC)) + 1]
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Exploit())
    entry.write_bytes(header + cache._checksum(payload) + payload)  # a valid header and checksum
    with pytest.raises(pickle.UnpicklingError, match="may not name"):
        cache._loads(payload)
    lib = checklists.load_library(layer, builtin=False, cache=folder)  # loaded afresh
    assert not marker.exists() and "t.pr.always" in lib.items
