"""The round's loop: ledger out, filled by the group, findings back in, the next round's 回头看."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.utils import get_column_letter

import checklists
from checklists.cli import main

from .conftest import EXAMPLE_ROUND, REPO


def _rows(sheet: object) -> tuple[dict[str, int], dict[str, int]]:
    head = {c.value: c.column for c in sheet[1]}  # type: ignore[index]
    keys = {sheet.cell(r, head["条目编号"]).value: r for r in range(2, sheet.max_row + 1)}  # type: ignore[attr-defined]
    return head, {k: r for k, r in keys.items() if k}


def test_ledger_findings_and_the_next_rounds_follow_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "ledger.xlsx"
    assert main(["ledger", str(EXAMPLE_ROUND), "--out", str(ledger)]) == 0
    packs = checklists.load_library().generate_round(EXAMPLE_ROUND)
    book = openpyxl.load_workbook(ledger)
    sheet = book["台账"]
    head, rows = _rows(sheet)
    # one row per problem item per unit, keyed; the library's columns locked, the sheet protected
    assert len(rows) == sum(len(p.problem.items) for p in packs)
    assert sheet.protection.sheet and sheet.column_dimensions["N"].hidden
    assert sheet.cell(2, head["问题表现"]).protection.locked
    assert not sheet.cell(2, head["问题表述"]).protection.locked
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert any("未整改,整改中,已整改,长期整改" in (f or "") for f in lists.values())
    # the group fills it in, in any order of rows (sorted here by problem text)
    first, second = [k for k in rows if k.startswith("zz|village.sanzi")][:2]
    for key, statement, status, deadline in ((first, "鱼塘发包未经表决，承包费未收缴", "整改中", dt.date(2026, 6, 30)),
                                             (second, "财务公开不全", "已整改", None)):
        r = rows[key]
        sheet.cell(r, head["是否发现问题"]).value = "是"
        sheet.cell(r, head["问题表述"]).value = statement
        sheet.cell(r, head["整改状态"]).value = status
        sheet.cell(r, head["整改时限"]).value = deadline
    extra = sheet.max_row + 1  # a problem not on the list, added by hand
    for title, value in (("单位编号", "zz"), ("是否发现问题", "是"), ("问题表述", "违规出借集体资金20万元"), ("整改状态", "长期整改")):
        sheet.cell(extra, head[title]).value = value
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    findings = tmp_path / "findings.yaml"
    assert main(["findings", "import", str(filled), "--out", str(findings)]) == 0
    data = yaml.safe_load(findings.read_text(encoding="utf-8"))
    assert data["round_id"] == "2026-1"
    got = {f["id"]: (f["unit"], f["status"], f.get("deadline")) for f in data["findings"]}
    assert got[f"2026-1.{first.split('|')[1]}"] == ("zz", "in_progress", "2026-06-30")
    assert got[f"2026-1.{second.split('|')[1]}"] == ("zz", "rectified", None)
    manual = [k for k in got if k.startswith("2026-1.manual-")]
    assert len(manual) == 1 and got[manual[0]] == ("zz", "long_term", None)
    # the next round names the findings file: open findings become 回头看 items, overdue ones flagged,
    # and the one rectified finding is checked again (反向核查)
    round_file = tmp_path / "next.yaml"
    round_file.write_text("id: '2027-1'\nname: 县委2027年第一轮巡察\nstart: 2027-03-01\nprevious_findings: [findings.yaml]\n"
                          "units:\n  - {id: zz, name: 张庄村, type: village}\n  - {id: lw, name: 李洼村, type: village}\n",
                          encoding="utf-8")
    zz, lw = checklists.load_library().generate_round(round_file)
    follow = {i.derived_from: i for i in zz.problem.items if i.derived_from}
    assert set(follow) == {f"previous_finding:2026-1.{first.split('|')[1]}", f"previous_finding:{manual[0]}",
                           f"previous_finding:2026-1.{second.split('|')[1]}"}
    assert "已报整改完成" in follow[f"previous_finding:2026-1.{second.split('|')[1]}"].text
    overdue = follow[f"previous_finding:2026-1.{first.split('|')[1]}"]
    assert "整改时限2026年6月30日已过" in overdue.text and "鱼塘发包未经表决" in overdue.text
    assert "findings.yaml:" in overdue.provenance.rule  # where the finding stands, in its findings file
    assert not any(i.derived_from for i in lw.problem.items)  # findings of another unit stay there
    capsys.readouterr()
    assert main(["validate", str(round_file)]) == 0


def test_a_filled_ledger_with_a_wrong_cell_says_which_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "ledger.xlsx"
    assert main(["ledger", str(EXAMPLE_ROUND), "--out", str(ledger)]) == 0
    book = openpyxl.load_workbook(ledger)
    sheet = book["台账"]
    head, rows = _rows(sheet)
    r = next(iter(rows.values()))
    sheet.cell(r, head["是否发现问题"]).value = "是"
    sheet.cell(r, head["问题表述"]).value = "某问题"
    sheet.cell(r, head["整改状态"]).value = "差不多了"
    sheet.cell(r + 1, head["是否发现问题"]).value = "也许"
    book.save(tmp_path / "filled.xlsx")
    capsys.readouterr()
    assert main(["findings", "import", str(tmp_path / "filled.xlsx"), "--out", str(tmp_path / "f.yaml")]) == 1
    err = capsys.readouterr().err
    status_cell = get_column_letter(head["整改状态"]) + str(r)
    flag_cell = get_column_letter(head["是否发现问题"]) + str(r + 1)
    assert f"filled.xlsx!台账!{status_cell}: 整改状态: '差不多了' is not a status (choose one of: 已整改" in err
    assert f"filled.xlsx!台账!{flag_cell}: 是否发现问题: '也许' is neither 是 nor 否" in err
    assert "Traceback" not in err and not (tmp_path / "f.yaml").exists()


def test_finding_ids_may_be_upper_case_or_numbers() -> None:
    unit = {"id": "zz", "name": "张庄村", "type": "village", "previous_findings": [
        {"id": "XC-2023-001", "text": "账目不清", "status": "not_rectified", "deadline": "2024-06-30"},
        {"id": 17, "text": "公开不及时", "status": "long_term"}]}
    pack = checklists.load_library().generate(unit, {"id": "r", "name": "r", "start": "2026-03-01"})
    derived = sorted(i.derived_from or "" for i in pack.problem.items if i.derived_from)
    assert derived == ["previous_finding:17", "previous_finding:XC-2023-001"]


def test_the_example_loop_round_generates() -> None:
    pack = checklists.load_library().generate_round(REPO / "examples" / "next_round.yaml")[0]
    texts = [i.text for i in pack.problem.items if i.derived_from]
    assert len(texts) == 3 and sum("已报整改完成" in t for t in texts) == 1  # two open, one rectified


def test_an_untouched_ledger_imports_as_no_findings_and_says_why(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ledger, findings = tmp_path / "ledger.xlsx", tmp_path / "findings.yaml"
    assert main(["ledger", str(EXAMPLE_ROUND), "--out", str(ledger)]) == 0
    assert main(["findings", "import", str(ledger), "--out", str(findings)]) == 0
    assert "wrote 0 findings" in capsys.readouterr().out
    assert yaml.safe_load(findings.read_text(encoding="utf-8"))["findings"] == []
    assert main(["findings", "import", str(ledger), "--out", str(findings)]) == 1  # never overwritten unasked
    assert "--force" in capsys.readouterr().err


def test_the_ledger_prints_as_an_office_files_it(tmp_path: Path) -> None:
    """A4 landscape, one page wide, the heading on every page, the hidden key and the spare rows not
    printed, and each row tall enough for its longest text (a spreadsheet would show one line)."""
    ledger = tmp_path / "ledger.xlsx"
    assert main(["ledger", str(EXAMPLE_ROUND), "--out", str(ledger)]) == 0
    sheet = openpyxl.load_workbook(ledger)["台账"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 9, 0)
    assert setup.fitToWidth in (None, 1)  # absent means one page wide
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    columns, _ = _rows(sheet)
    text = columns["问题表现"]  # 1-based
    filled = max(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, text).value)
    assert sheet.print_area == f"'台账'!$A$1:${get_column_letter(len(columns) - 1)}${filled}"
    header = sheet.oddHeader
    assert header is not None and "县委2026年第一轮巡察" in str(header.center.text)
    def length(row: int) -> int:
        return len(str(sheet.cell(row, text).value))

    longest, shortest = max(range(2, filled + 1), key=length), min(range(2, filled + 1), key=length)
    assert sheet.row_dimensions[longest].height > sheet.row_dimensions[shortest].height >= 15


def _village(findings: Sequence[Mapping[str, object]], unit_id: str = "zz") -> dict[str, object]:
    return {"id": unit_id, "name": "张庄村", "type": "village", "previous_findings": findings}


ROUND_2026 = {"id": "r", "name": "r", "start": "2026-03-01"}


def test_a_sample_of_rectified_findings_is_checked_again(builtin: checklists.Library) -> None:
    """反向核查: up to three rectified findings are all checked again, beyond that a third (at least
    three), drawn the same way on every run and whatever their order; open ones are all followed."""
    def followed(findings: Sequence[Mapping[str, object]]) -> dict[str, str]:
        pack = builtin.generate(_village(findings), ROUND_2026)
        return {str(i.derived_from).split(":")[1]: i.text for i in pack.problem.items if i.derived_from}

    closed = [{"id": f"C{n}", "text": f"第{n}项问题", "status": "rectified", "deadline": "2024-06-30"} for n in range(10)]
    opened = [{"id": "O1", "text": "账目不清", "status": "in_progress", "deadline": "2025-12-31"}]
    assert sorted(followed(closed[:3])) == ["C0", "C1", "C2"]
    drawn = followed(closed + opened)
    assert len(drawn) == 4 + 1 and "O1" in drawn
    assert followed(list(reversed(closed + opened))) == drawn
    assert len(followed(closed[:7])) == 3
    sample = next(k for k in drawn if k != "O1")
    assert "已报整改完成，抽查核实是否真改实改" in drawn[sample] and "已过" not in drawn[sample]
    assert "整改时限2025年12月31日已过" in drawn["O1"]


def test_units_with_findings_in_another_order_share_a_skeleton_and_get_their_own(builtin: checklists.Library) -> None:
    """Two villages with one open and one rectified finding, in opposite orders: the second reuses
    the first's skeleton and its pack is the one a library that had seen nothing would give."""
    first = _village([{"id": "a1", "text": "甲问题", "status": "not_rectified"},
                      {"id": "a2", "text": "乙问题", "status": "rectified"}], "v1")
    second = _village([{"id": "b2", "text": "丁问题", "status": "rectified"},
                       {"id": "b1", "text": "丙问题", "status": "reopened"}], "v2")
    lib = copy.copy(builtin)
    lib.generate(first, ROUND_2026)
    reused = lib.generate(second, ROUND_2026)
    alone = copy.copy(builtin).generate(second, ROUND_2026)
    assert reused.model_dump(exclude={"fingerprint"}) == alone.model_dump(exclude={"fingerprint"})
    texts = [i.text for i in reused.problem.items if i.derived_from]
    assert any("丙问题" in t and "整改后反弹" in t for t in texts) and any("丁问题" in t and "已报整改完成" in t
                                                                      for t in texts)


@pytest.mark.parametrize(("findings", "named", "where", "message", "hint"), [
    (None, "/etc/findings.yaml", "round.yaml:4:", "findings file '/etc/findings.yaml' is not a relative path",
     "relative to the round file"),
    (None, "missing.yaml", "missing.yaml: ", "cannot read file", "check that the file exists"),
    ("round_id: '2026-1'\nfindings:\n  - {id: a1, unit: zz, text: 账目不清, status: 差不多了}\n", "f.yaml",
     "f.yaml:3:", "findings[0].status: '差不多了' is not one of", "not_rectified"),
    ("findings:\n  - {id: f1, unit: zz, text: 账目不清, status: in_progress}\n", "f.yaml",
     "f.yaml:2:", "previous finding id 'f1' appears twice", "give each finding of a unit its own id"),
])
def test_a_findings_file_a_round_names_is_checked_where_it_stands(
        findings: str | None, named: str, where: str, message: str, hint: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Each problem of a findings file is reported at its own file and line, with a hint."""
    if findings is not None:
        (tmp_path / named).write_text(findings, encoding="utf-8")
    (tmp_path / "round.yaml").write_text(
        "id: '2027-1'\nname: 县委2027年第一轮巡察\nstart: 2027-03-01\n"
        f"previous_findings: ['{named}']\nunits:\n  - id: zz\n    name: 张庄村\n    type: village\n"
        "    previous_findings: [{id: f1, text: 公开不及时, status: not_rectified}]\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "round.yaml")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    line = next(line for line in err.splitlines() if where in line)
    assert message in line and hint in line


def test_the_materials_list_to_each_unit(tmp_path: Path) -> None:
    """资料需求清单: a workbook per unit, each material of its pack once, for the reviewed period,
    due when the round says, with the problem items it serves; printed A4 landscape."""
    out = tmp_path / "out"
    assert main(["generate", str(EXAMPLE_ROUND), "--out", str(out), "--format", "materials"]) == 0
    pack = next(p for p in checklists.load_library().generate_round(EXAMPLE_ROUND) if p.unit.id == "zz")
    sheet = openpyxl.load_workbook(out / "zz-张庄村-资料需求清单.xlsx")["资料需求清单"]
    assert sheet["A1"].value == "县委2026年第一轮巡察资料需求清单" and sheet["A2"].value == "被巡察单位：张庄村"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == [m.label for m in pack.materials]
    assert len({r[1] for r in rows}) == len(rows)  # each material once
    assert {r[2] for r in rows} == {"2023年1月1日至2026年3月1日"} and {r[4] for r in rows} == {"2026年2月20日"}
    outline = {i.id: i.outline for i in pack.problem.items}
    minutes = next(r for r, m in zip(rows, pack.materials, strict=True) if m.id == "party_committee_minutes")
    needed = next(m for m in pack.materials if m.id == "party_committee_minutes").needed_by
    assert str(minutes[5]).split("、") == list(dict.fromkeys(outline[i] for i in needed))
    assert any(v.type == "list" and "原件" in (v.formula1 or "") for v in sheet.data_validations.dataValidation)
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"
