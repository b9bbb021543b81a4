"""Layering, references and checks across documents."""

from __future__ import annotations

from pathlib import Path

import pytest

import checklists
from checklists.errors import ChecklistsError, LinkError

from .conftest import MINI, ROUND, write_layer

UNIT = {"id": "u1", "name": "甲单位", "type": "t", "attributes": {"size": 10}}


def load(*roots: Path) -> checklists.Library:
    return checklists.load_library(*roots, builtin=False)


def problems_of(*roots: Path) -> list[str]:
    with pytest.raises(ChecklistsError) as info:
        load(*roots)
    return [str(p) for p in info.value.problems]


def texts(pack: checklists.Pack) -> dict[str, str]:
    return {i.id: i.text for k in ("policy", "function", "supervision_info", "problem")
            for i in pack.checklist(k).items}


def test_empty_layer_changes_nothing(mini: Path, tmp_path: Path) -> None:
    empty = write_layer(tmp_path / "empty", {"library.yaml": "name: empty\n"})
    before = load(mini).generate(UNIT, ROUND)
    after = load(mini, empty).generate(UNIT, ROUND)
    assert texts(before) == texts(after)


def test_later_layer_adds_replaces_patches_removes(mini: Path, tmp_path: Path) -> None:
    office = write_layer(tmp_path / "office", {
        "library.yaml": "name: office\nversion: '3'\n",
        "problem/local.yaml": """
            kind: problem
            group: t.local
            section: focus_b
            items:
              - id: office.pr.new
                text: 是否落实本地规定。
                basis: [p.other]
                methods: [interview]
              - id: t.pr.always
                replace: true
                text: 替换后的问题。
                basis: [p.other]
                methods: [interview]
        """,
        "changes/c.yaml": """
            changes:
              - {op: patch, item: t.pr.big, set: {text: 补丁后的问题。}}
              - {op: remove, item: t.si.a, reason: 本地不需要}
        """,
    })
    lib = load(mini, office)
    got = texts(lib.generate({**UNIT, "attributes": {"size": 500}}, ROUND))
    assert got["office.pr.new"] == "是否落实本地规定。"
    assert got["t.pr.always"] == "替换后的问题。"
    assert got["t.pr.big"] == "补丁后的问题。"
    assert "t.si.a" not in got
    ops = sorted((o.op, o.target) for o in lib.overrides)
    assert ops == [("patch", "t.pr.big"), ("remove", "t.si.a"), ("replace", "t.pr.always")]
    pack = lib.generate({**UNIT, "attributes": {"size": 500}}, ROUND)
    big = next(i for i in pack.problem.items if i.id == "t.pr.big")
    assert big.provenance.patched_by == ("office:changes/c.yaml:2",)
    replaced = next(i for i in pack.problem.items if i.id == "t.pr.always")
    assert replaced.provenance.layer == "office"
    assert replaced.provenance.replaced == "mini:problem/t.yaml:5"


def test_remove_then_add_gives_the_added_item(mini: Path, tmp_path: Path) -> None:
    first = write_layer(tmp_path / "l1", {
        "library.yaml": "name: l1\n",
        "changes/c.yaml": "changes:\n  - {op: remove, item: t.pr.big}\n",
    })
    second = write_layer(tmp_path / "l2", {
        "library.yaml": "name: l2\n",
        "problem/p.yaml": """
            kind: problem
            group: t.again
            section: focus_a
            items:
              - {id: t.pr.big, text: 重新加入。, basis: [p.other], methods: [interview]}
        """,
    })
    assert texts(load(mini, first, second).generate(UNIT, ROUND))["t.pr.big"] == "重新加入。"


def test_patches_apply_in_layer_order(mini: Path, tmp_path: Path) -> None:
    roots = [mini]
    for n in (1, 2):
        roots.append(write_layer(tmp_path / f"p{n}", {
            "library.yaml": f"name: p{n}\n",
            "changes/c.yaml": f"changes:\n  - {{op: patch, item: t.pr.always, set: {{text: 第{n}次。}}}}\n",
        }))
    assert texts(load(*roots).generate(UNIT, ROUND))["t.pr.always"] == "第2次。"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"problem/dup.yaml": "kind: problem\ngroup: t.dup\nsection: focus_a\nitems:\n"
          "  - {id: t.pr.always, text: 重复。, basis: [p.new], methods: [interview]}\n"},
         "items[0].id: duplicate item id 't.pr.always' [see also "),
        ({"problem/dangling.yaml": "kind: problem\ngroup: t.d\nsection: focus_a\nitems:\n"
          "  - {id: t.pr.d, text: 悬空。, basis: [p.nwe], methods: [interview]}\n"},
         "problem/dangling.yaml:5:5: basis: unknown policy item 'p.nwe' (did you mean 'p.new'?)"),
        ({"profiles/x.yaml": "id: x\nlabel: X\nextends: y\n", "profiles/y.yaml": "id: y\nlabel: Y\nextends: x\n"},
         "profiles extend each other in a cycle: x -> y -> x"),
        ({"profiles/z.yaml": "id: z\nlabel: Z\nextends: nowhere\n"},
         "profile 'z' extends unknown profile 'nowhere'"),
        ({"profiles/w.yaml": "id: w\nlabel: W\nextends: t\ninclude: {groups: [nothing.*]}\n"},
         "group pattern 'nothing.*' matches no group"),
        ({"problem/sec.yaml": "kind: problem\ngroup: t.sec\nsection: focus_z\nitems:\n"
          "  - {id: t.pr.s, text: 无节。, basis: [p.new], methods: [interview]}\n"},
         "section 'focus_z' of problem item 't.pr.s' is not defined in profile 't'"),
        ({"problem/mat.yaml": "kind: problem\ngroup: t.m\nsection: focus_a\nitems:\n"
          "  - {id: t.pr.m, text: 资料。, basis: [p.new], methods: [interview], materials: [minuets]}\n"},
         "materials: unknown material 'minuets' (did you mean 'minutes'?)"),
        ({"problem/par.yaml": "kind: problem\ngroup: t.par\nsection: focus_a\nitems:\n"
          "  - {id: t.pr.p, text: '{unit.__class__}', basis: [p.new], methods: [interview]}\n"},
         "'{unit.__class__}' is not a parameter name"),
        ({"problem/gap.yaml": "kind: problem\ngroup: t.gap\nsection: focus_a\nitems:\n"
          "  - id: t.pr.g\n    text: >\n      是否存在问题，\n      以及其他问题。\n    basis: [p.new]\n    methods: [interview]\n"},
         "a space stands between Chinese characters"),
        ({"problem/cond.yaml": "kind: problem\ngroup: t.c\nsection: focus_a\nitems:\n"
          "  - {id: t.pr.c, text: 条件。, basis: [p.new], methods: [interview], when: {subtypes: [bgi]}}\n"},
         "when.subtypes: unknown subtype 'bgi' (did you mean 'big'?)"),
    ],
    ids=["duplicate", "dangling-basis", "extends-cycle", "extends-unknown", "include-nothing",
         "section-missing", "material-unknown", "bad-parameter", "folded-text", "unknown-subtype"],
)
def test_link_errors_name_both_places(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    root = write_layer(tmp_path / "lib", {**MINI, **files})
    found = problems_of(root)
    assert any(expected in p for p in found), found
    if "duplicate" in expected:
        assert any("problem/t.yaml:5:5" in p and "problem/dup.yaml:5:5" in p for p in found), found


def test_duplicate_across_layers_needs_replace(mini: Path, tmp_path: Path) -> None:
    other = write_layer(tmp_path / "o", {
        "library.yaml": "name: o\n",
        "problem/p.yaml": "kind: problem\ngroup: t.o\nsection: focus_a\nitems:\n"
                          "  - {id: t.pr.always, text: 再次。, basis: [p.new], methods: [interview]}\n",
    })
    found = problems_of(mini, other)
    assert any("duplicate item id 't.pr.always'" in p and "set 'replace: true'" in p for p in found)


def test_removed_then_patched_is_an_error(mini: Path, tmp_path: Path) -> None:
    l1 = write_layer(tmp_path / "l1", {"library.yaml": "name: l1\n",
                                        "changes/c.yaml": "changes:\n  - {op: remove, item: t.pr.big}\n"})
    l2 = write_layer(tmp_path / "l2", {"library.yaml": "name: l2\n",
                                        "changes/c.yaml": "changes:\n  - {op: patch, item: t.pr.big, set: {text: x。}}\n"})
    found = problems_of(mini, l1, l2)
    assert any("item 't.pr.big' was removed by" in p and "l1" in p for p in found), found


def test_removing_a_policy_still_cited_is_dangling(mini: Path, tmp_path: Path) -> None:
    l1 = write_layer(tmp_path / "l1", {"library.yaml": "name: l1\n",
                                        "changes/c.yaml": "changes:\n  - {op: remove, item: p.other}\n"})
    found = problems_of(mini, l1)
    assert any("unknown policy item 'p.other'" in p and "it was removed by" in p for p in found), found


def test_patch_is_validated_against_the_item_model(mini: Path, tmp_path: Path) -> None:
    l1 = write_layer(tmp_path / "l1", {"library.yaml": "name: l1\n",
                                        "changes/c.yaml": "changes:\n  - {op: patch, item: t.pr.big, set: {methods: [guess]}}\n"})
    found = problems_of(mini, l1)
    assert any(p.startswith(str(tmp_path / "l1" / "changes" / "c.yaml")) or "changes/c.yaml:2" in p
               for p in found), found
    assert any("methods" in p for p in found)


def test_library_is_immutable(mini: Path) -> None:
    lib = load(mini)
    with pytest.raises(AttributeError, match="immutable"):
        lib.digest = "x"
    with pytest.raises(AttributeError, match="immutable"):
        del lib.items
    with pytest.raises(TypeError):
        lib.items["x"] = lib.items["p.new"]  # type: ignore[index]


def test_missing_layer_folder(tmp_path: Path) -> None:
    with pytest.raises(ChecklistsError) as info:
        load(tmp_path / "nope")
    assert "library folder not found" in str(info.value)


def test_link_error_class(tmp_path: Path) -> None:
    root = write_layer(tmp_path / "lib", {**MINI, "profiles/x.yaml": "id: x\nlabel: X\nextends: nowhere\n"})
    with pytest.raises(LinkError):
        load(root)


def test_links_that_lead_outside_the_layer_are_refused(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text("kind: function\ngroup: t.x\nsection: basic_facts\nitems: [{id: t.x.a, text: 外部。}]\n",
                                    encoding="utf-8")
    (mini / "function" / "linked.yaml").symlink_to(outside / "x.yaml")
    (mini / "problem" / "linked_folder").symlink_to(outside, target_is_directory=True)
    with pytest.raises(checklists.ChecklistsError) as caught:
        checklists.load_library(mini, builtin=False, cache=False)
    text = str(caught.value)
    assert "function/linked.yaml: file links to a place outside the library folder" in text
    assert "problem/linked_folder: folder is a link; links are not followed" in text


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(mini: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from checklists._layer_files import shown_path
    from checklists.errors import LoadError

    listed = os.scandir
    refused = os.fspath(mini / "problem")

    def scandir(path: str) -> os._ScandirIterator[str]:  # as a folder without read permission answers
        if os.fspath(path) == refused:
            raise PermissionError(13, "Permission denied", path)
        return listed(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(LoadError) as caught:  # its items are not silently left out of every pack
        checklists.load_library(mini, builtin=False, cache=False)
    assert [str(p) for p in caught.value.problems] == [
        f"{shown_path(mini / 'problem')}: folder cannot be listed: Permission denied "
        "(check that the folder exists and may be read)"]


def test_a_link_within_the_layer_is_read(mini: Path) -> None:
    (mini / "function" / "again.yaml").symlink_to(mini / "function" / "t.yaml")
    with pytest.raises(checklists.ChecklistsError, match=r"duplicate item id 't\.fn\.typical'"):
        checklists.load_library(mini, builtin=False, cache=False)  # read, so its ids clash
