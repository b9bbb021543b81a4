"""Authoring without YAML: the worked example layer, the library as a workbook, and a workbook of items
read back into a layer, with every problem at its cell."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import checklists
from checklists._item_columns import columns
from checklists.cli import main
from checklists.diff import diff_libraries
from checklists.errors import ChecklistsError
from checklists.items_import import import_items

from .conftest import REPO

LAYER = REPO / "examples" / "office_layer"
OFFICE_ROUND = REPO / "examples" / "office_round.yaml"


def test_the_worked_example_layer_validates_and_generates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(LAYER), str(OFFICE_ROUND)]) == 0
    assert main(["lint", "--library", str(LAYER)]) == 0
    lib = checklists.load_library(LAYER)
    zz, lw = lib.generate_round(OFFICE_ROUND)
    ids = {i.id for i in zz.problem.items}
    assert {"county.village.split_contracts", "county.village.venture_income"} <= ids
    assert "county.village.venture_income" not in {i.id for i in lw.problem.items}  # its condition fails there
    assert "village.added.hall_fees" not in ids  # removed by the layer's changes
    settlement = next(i for i in zz.problem.items if i.id == "village.project.settlement")
    assert "request_assistance" in settlement.methods and settlement.provenance.patched_by
    regular = lib.generate(zz.unit, {"id": "r", "name": "常规", "start": "2026-06-01"})
    assert "county.village.venture_income" not in {i.id for i in regular.problem.items}  # only the theme adds it


def test_a_layer_exported_and_imported_back_has_the_same_items(tmp_path: Path) -> None:
    book = tmp_path / "layer.xlsx"
    assert main(["export-library", "--library", str(LAYER), "--only-layers", "--out", str(book)]) == 0
    again = tmp_path / "again"
    shutil.copytree(LAYER, again)
    shutil.rmtree(again / "problem")  # the items go; the changes and the theme stay
    assert main(["import-items", str(book), "--into", str(again)]) == 0
    assert sorted(p.name for p in (again / "problem").iterdir()) == [
        "county.sanzi_special.yaml", "village.county_local.yaml"]
    assert diff_libraries(checklists.load_library(LAYER), checklists.load_library(again)) == []


def test_the_library_workbook_has_a_row_per_item_and_readable_cells(tmp_path: Path) -> None:
    book = tmp_path / "library.xlsx"
    assert main(["export-library", "--out", str(book)]) == 0
    lib = checklists.load_library()
    wb = openpyxl.load_workbook(book, read_only=True)
    assert wb.sheetnames == ["填写说明", "政策清单", "职能清单", "综合监督信息清单", "问题清单"]
    for title, kind in (("政策清单", "policy"), ("问题清单", "problem")):
        rows = list(wb[title].iter_rows(values_only=True))
        assert list(rows[0]) == [c.title for c in columns(kind)]
        assert len(rows) - 1 == sum(1 for it in lib.items.values() if it.kind == kind)
    head, *rows = list(wb["问题清单"].iter_rows(values_only=True))
    row = {str(k): str(v) for k, v in zip(head, next(r for r in rows if r[0] == "common.leader.mutual_supervision"),
                                          strict=True)}
    assert row["检查方法"] == "个别谈话、问卷调查和民主测评" and row["谈话对象"] == "领导班子成员"
    assert row["依据（文件名称）"].startswith("《") and row["来源（内容层:文件:行）"].startswith("builtin:problem/common/")


def _sheet(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "问题清单"
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


HEAD = ["编号", "分组", "分节", "内容", "依据", "检查方法", "谈话对象", "谈话问题"]


def test_import_reports_each_problem_at_its_cell_and_writes_nothing(tmp_path: Path) -> None:
    book = _sheet(tmp_path / "items.xlsx", [
        HEAD,
        ["county.a", "village.local", "village_sanzi", "村级支出是否经审核。", "reg.discipline.2023", "调阅资料", "", ""],
        ["county.b", "village.local", "village_sanzi", "补贴是否代领。", "reg.no_such_document", "听汇报", "", ""],
        ["county.c", "village.local", "village_sanzi", "是否优亲厚友。", "reg.discipline.2023", "个别谈话", "群众",
         "您家享受低保吗？"],
    ])
    with pytest.raises(ChecklistsError) as caught:
        import_items(book, tmp_path / "layer")
    found = {(p.location.file, p.code) for p in caught.value.problems}
    assert ("items.xlsx!问题清单!F3", "import.value") in found  # 听汇报 is not a method's name
    assert ("items.xlsx!问题清单!G4", "import.value") in found  # nor 群众 an audience's
    assert not (tmp_path / "layer").exists()
    # with the cells corrected, the unknown basis is found by the library, and shown at its cell
    book = _sheet(tmp_path / "items.xlsx", [
        HEAD,
        ["county.a", "village.local", "village_sanzi", "村级支出是否经审核。", "reg.discipline.2023", "调阅资料", "", ""],
        ["county.b", "village.local", "village_sanzi", "补贴是否代领。", "reg.no_such_document", "个别谈话", "服务对象和群众",
         "您家的补贴是自己领的吗？"],
    ])
    with pytest.raises(ChecklistsError) as caught:
        import_items(book, tmp_path / "layer")
    assert [(p.location.file, p.code) for p in caught.value.problems] == [
        ("items.xlsx!问题清单!E3", "ref.unknown-policy-item")]
    assert not (tmp_path / "layer").exists()
    book = _sheet(tmp_path / "items.xlsx", [[*HEAD, "说明"], ["county.a", "village.local", "village_sanzi", "某问题。"]])
    with pytest.raises(ChecklistsError) as caught:
        import_items(book, tmp_path / "layer")
    assert [(p.location.file, p.code) for p in caught.value.problems] == [("items.xlsx!问题清单!I1", "import.column")]


def test_import_makes_a_layer_that_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _sheet(tmp_path / "items.xlsx", [
        [*HEAD, "备注"],
        ["county.a", "village.local", "village_sanzi", "村级5000元以上支出是否经乡镇审核。", "reg.discipline.2023",
         "调阅资料、个别谈话", "领导班子成员、中层干部和一般干部", "大额支出怎么审批？\n有没有拆分报销？", "本县规定"],
        [None, None, None, None, None, None, None, None, None],
    ])
    layer = tmp_path / "layer"
    assert main(["import-items", str(book), "--into", str(layer)]) == 0
    assert "wrote 1 fragment file (问题清单 1)" in capsys.readouterr().out
    assert (layer / "library.yaml").exists()
    pack = checklists.load_library(layer).generate({"id": "zz", "name": "张庄村", "type": "village"},
                                                   {"id": "r", "name": "r", "start": "2026-03-01"})
    item = next(i for i in pack.problem.items if i.id == "county.a")
    assert item.methods == ("document_review", "interview") and item.interview is not None
    assert item.interview.questions == ("大额支出怎么审批？", "有没有拆分报销？")
    assert main(["import-items", str(book), "--into", str(layer)]) == 1  # the fragment exists: refused
    assert "add --force" in capsys.readouterr().err


def test_init_makes_a_layer_whose_examples_work_when_filled_in(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    layer = tmp_path / "County Office"
    assert main(["init", str(layer)]) == 0
    assert (layer / "library.yaml").read_text(encoding="utf-8").startswith("name: county-office\n")
    assert main(["validate", str(layer)]) == 0 and main(["lint", "--library", str(layer)]) == 0
    assert checklists.load_library(layer).items.keys() == checklists.load_library().items.keys()  # changes nothing
    # an author takes each file's example in, as its comments say
    for rel in ("policy/local.yaml", "function/local.yaml", "supervision_info/local.yaml", "problem/local.yaml",
                "changes/local.yaml"):
        path = layer / rel
        head, example = path.read_text(encoding="utf-8").split("[]\n", 1)
        lines = [line[1:] for line in example.splitlines() if line.startswith("#  ")]
        path.write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(layer)]) == 0, capsys.readouterr().err
    lib = checklists.load_library(layer)
    assert {"county.doc.village_finance", "county.village.approval", "county.si.village.petitions"} <= lib.items.keys()
    assert "village.sanzi.debt" not in lib.items
    # the template is the item workbook, with no rows yet
    wb = openpyxl.load_workbook(layer / "条目模板.xlsx", read_only=True)
    assert wb.sheetnames[1:] == ["政策清单", "职能清单", "综合监督信息清单", "问题清单"]
    assert len(list(wb["问题清单"].iter_rows(values_only=True))) == 1
    assert main(["init", str(layer)]) == 1  # not over a layer that holds files


def test_importing_the_empty_template_says_there_is_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layer = tmp_path / "layer"
    assert main(["init", str(layer)]) == 0
    assert main(["--lang", "zh", "import-items", str(layer / "条目模板.xlsx"), "--into", str(layer)]) == 1
    assert "工作簿中没有条目" in capsys.readouterr().err


def test_a_layer_folder_that_cannot_be_made_is_a_located_problem(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["init", str(blocker / "layer")]) == 1
    assert f"{blocker / 'layer'}: cannot write results" in capsys.readouterr().err
    book = tmp_path / "layer.xlsx"
    assert main(["export-library", "--library", str(LAYER), "--only-layers", "--out", str(book)]) == 0
    capsys.readouterr()
    assert main(["import-items", str(book), "--into", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert f"{blocker}: cannot write results" in err and "--into" in err
