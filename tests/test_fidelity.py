"""Lists right for real units: any round date, joint rounds, leads, program marks, attributes.

These run on the built-in library and the example rounds, and open the files ``generate`` writes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

import checklists
from checklists.cli import main
from checklists.resolve import end_of

from .conftest import EXAMPLE_ROUND, ROUND

TYPES = ("village", "community", "township", "hospital", "enterprise", "party_gov_organ", "school", "mass_org")
JOINT_ROUND = EXAMPLE_ROUND.parent / "joint_round.yaml"


def _round_starts() -> list[dt.date]:
    """The first day of every quarter from 2016 to 2026, and the last day of 2026."""
    return [dt.date(y, m, 1) for y in range(2016, 2027) for m in (1, 4, 7, 10)] + [dt.date(2026, 12, 31)]


@pytest.mark.parametrize("unit_type", TYPES)
def test_every_type_composes_on_every_round_date_citing_only_what_is_in_force(
        builtin: checklists.Library, unit_type: str) -> None:
    unit = {"id": "u", "name": "某单位", "type": unit_type}
    for start in _round_starts():
        pack = builtin.generate(unit, {**ROUND, "start": start.isoformat()})
        for policy in pack.policy.items:
            assert policy.citation is not None
            begins, ends = policy.citation.counts_from, end_of(builtin, policy.id)
            assert begins is None or begins <= start, (start, policy.id, begins)
            assert ends is None or start < ends, (start, policy.id, ends)
        cited = {i.id for i in pack.policy.items}
        for problem in pack.problem.items:
            assert problem.basis and set(problem.basis) <= cited, (start, problem.id)


def test_an_early_round_cites_the_version_then_in_force(builtin: checklists.Library) -> None:
    unit = {"id": "u", "name": "某单位", "type": "community"}
    pack = builtin.generate(unit, {**ROUND, "start": "2020-06-01"})
    titles = {i.citation.title: i.citation.year for i in pack.policy.items if i.citation is not None}
    # the 2022 信访工作条例 and the 2021 审计法 came after the round: neither is cited
    assert titles.get("《信访工作条例》") is None
    assert titles.get("《中华人民共和国审计法》") in (None, 2006)


def test_explain_says_why_an_item_is_out_of_an_early_round(builtin: checklists.Library) -> None:
    unit = {"id": "u", "name": "某村", "type": "village"}
    early = {**ROUND, "start": "2016-03-01"}
    pack_ids = {i.id for i in builtin.generate(unit, early).problem.items}
    late_ids = {i.id for i in builtin.generate(unit, ROUND).problem.items}
    dropped = sorted(late_ids - pack_ids)
    assert dropped
    entries = {e.item: e for e in builtin.explain(unit, early).entries}
    reasons = entries[dropped[0]].reasons
    assert not entries[dropped[0]].included
    assert any(r.startswith("no document of its basis is in force on 2016-03-01: ") for r in reasons), reasons


# --------------------------------------------------------------------------- joint rounds


@pytest.fixture(scope="module")
def joint_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("joint") / "out"
    import contextlib

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["generate", str(JOINT_ROUND), "--out", str(out),
                     "--format", "json,md,html,xlsx,docx,letters"])
    assert code == 0
    return out, buffer.getvalue()


def _pack(out: Path, unit_id: str) -> dict[str, object]:
    (path,) = out.glob(f"{unit_id}-*.json")
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode()


def test_a_program_the_unit_is_outside_is_said_not_dropped(builtin: checklists.Library,
                                                           joint_out: tuple[Path, str]) -> None:
    out, printed = joint_out
    pack = _pack(out, "zfw")
    notices = pack["notices"]
    assert isinstance(notices, list) and notices[0]["code"] == "program_not_applicable"
    assert notices[0]["program"] == "political_supervision"
    assert "“政法系统政治督察”不适用于本单位" in notices[0]["message"]
    assert "政法单位" in notices[0]["message"]  # the scope in words, not ids
    round_info = pack["round"]
    assert isinstance(round_info, dict) and round_info["programs"] == ["xuncha"]
    assert [p["applies"] for p in round_info["named_programs"]] == [True, False]
    # generate prints it, and the booklet's cover lists the programs that apply and says why
    assert "note: 本轮同时开展的“政法系统政治督察”不适用于本单位" in printed
    (booklet,) = out.glob("zfw-*.docx")
    cover = _docx_text(booklet)
    assert "监督项目：巡察" in cover and "说明：本轮同时开展的“政法系统政治督察”不适用于本单位" in cover
    # explain gives the true reason for the program's items
    unit = {"id": "zfw", "name": "县委政法委", "type": "party_gov_organ", "attributes": {"organ_kind": "党委政法委"}}
    rnd = {**ROUND, "programs": ["xuncha", "political_supervision"]}
    explanation = builtin.explain(unit, rnd)
    entry = next(e for e in explanation.entries if e.item.startswith("program.political_supervision."))
    assert not entry.included
    assert entry.reasons[0].startswith("belongs to program political_supervision (政法系统政治督察), which the "
                                       "round carries out but which does not apply to this unit")
    assert explanation.notices and "不适用于本单位" in str(explanation)


def test_every_format_marks_each_item_with_its_programs(joint_out: tuple[Path, str]) -> None:
    out, _ = joint_out
    pack = _pack(out, "fy")
    problems = pack["problem"]
    assert isinstance(problems, dict)
    shared = next(i for i in problems["items"] if set(i["programs"]) == {"xuncha", "political_supervision"})
    only = next(i for i in problems["items"] if i["programs"] == ["xuncha"])
    both, one = "【巡察、政治督察】", "【巡察】"
    md = next(out.glob("fy-*.md")).read_text(encoding="utf-8")
    assert "监督项目：巡察、政治督察" in md and "political_supervision" not in md.split("<!--")[0]
    html = next(out.glob("fy-*.html")).read_text(encoding="utf-8")
    assert shared["text"] + both in html and only["text"] + one in html
    docx_text = _docx_text(next(out.glob("fy-*.docx")))
    assert both in docx_text and "监督项目：巡察、政法系统政治督察（联合开展）" in docx_text
    round_booklet = _docx_text(next(out.glob("*-汇编.docx")))
    assert "监督项目：巡察、政法系统政治督察（联合开展）" in round_booklet
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    texts = [row[5] for row in book["问题清单"].iter_rows(min_row=2, values_only=True) if row[0] == "fy"]
    assert shared["text"] + both in texts and only["text"] + one in texts
    letter = _docx_text(next(out.glob("*商请函-纪委监委.docx")))
    assert "开展巡察，同步开展政法系统政治督察" in letter


def test_no_lead_is_lost(joint_out: tuple[Path, str]) -> None:
    out, printed = joint_out
    pack = _pack(out, "fy")
    leads = pack["leads"]
    assert isinstance(leads, list) and [lead["topic"] for lead in leads] == [
        "political_legal.enforcement_supervision", "petition.land_compensation"]
    matched, unmatched = leads
    assert matched["raised"] or matched["added"]
    assert not unmatched["raised"] and not unmatched["added"]
    notices = pack["notices"]
    assert isinstance(notices, list)
    assert [n["lead"] for n in notices if n["code"] == "lead_unmatched"] == [1]
    assert "note: 线索“征地拆迁补偿类信访”（群众反映征地补偿款纠纷案件判决后迟迟未执行到位）未对应" in printed
    summary, source, date = "群众反映征地补偿款纠纷案件判决后迟迟未执行到位。", "县信访局", "2026-06-02"
    md = next(out.glob("fy-*.md")).read_text(encoding="utf-8")
    html = next(out.glob("fy-*.html")).read_text(encoding="utf-8")
    docx_text = _docx_text(next(out.glob("fy-*.docx")))
    for text in (md, html, docx_text):
        assert "线索及对应条目" in text
        assert summary in text and source in text and date in text
        assert "未对应到清单条目" in text
    assert "3件" in md and "2件" in md
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    rows = [row for row in book["线索"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[4], r[5], r[6], r[7]) for r in rows] == [
        ("fy", matched["summary"], "县委政法委", 3, "2026-05-18"),
        ("fy", summary, source, 2, date),
    ]
    assert str(rows[0][8]).startswith(("重点关注：问题清单", "据此加列："))
    assert rows[1][8] == "未对应到清单条目，请巡察组研判是否专门核查"


def test_two_signals_of_one_topic_are_two_leads(builtin: checklists.Library) -> None:
    signals = [{"topic": "petition.land_compensation", "summary": "甲事"},
               {"topic": "petition.land_compensation", "summary": "乙事"}]
    pack = builtin.generate({"id": "v", "name": "某村", "type": "village", "signals": signals}, ROUND)
    assert [lead.summary for lead in pack.leads] == ["甲事", "乙事"]
    assert pack.leads[0].raised + pack.leads[0].added == pack.leads[1].raised + pack.leads[1].added != ()
    raised = next(i for i in pack.problem.items if i.raised_by)
    assert [r.summary for r in raised.raised_by] == ["甲事", "乙事"]


# --------------------------------------------------------------------------- validate composes


def test_validate_of_a_round_composes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layer = tmp_path / "office"
    (layer / "problem" / "local").mkdir(parents=True)
    (layer / "library.yaml").write_text("name: office\nversion: '1'\n", encoding="utf-8")
    (layer / "problem" / "local" / "a.yaml").write_text(
        "kind: problem\ngroup: village.local\nsection: focus_policy\nitems:\n"
        "  - id: office.village.local\n    text: 是否落实{local_rule}的要求。\n"
        "    basis: [reg.discipline.2023]\n    methods: [document_review]\n", encoding="utf-8")
    round_file = tmp_path / "round.yaml"
    round_file.write_text("id: r\nname: 某轮巡察\nstart: 2026-03-01\nunits:\n"
                          "  - {id: v, name: 某村, type: village}\n", encoding="utf-8")
    # the layer and the round are each valid, but composing needs a value for {local_rule}
    assert main(["validate", str(layer)]) == 0
    capsys.readouterr()
    assert main(["validate", str(layer), str(round_file)]) == 1
    err = capsys.readouterr().err
    assert "a.yaml:5" in err and "local_rule" in err
    assert main(["generate", str(round_file), "--library", str(layer), "--out", str(tmp_path / "o")]) == 1


# --------------------------------------------------------------------------- attributes respected precisely


def _problem_ids(lib: checklists.Library, unit_type: str, attributes: dict[str, object],
                 subtypes: tuple[str, ...] = ()) -> set[str]:
    unit = {"id": "u", "name": "某单位", "type": unit_type, "attributes": attributes, "subtypes": list(subtypes)}
    pack = lib.generate(unit, ROUND)
    return {i.id for kind in ("policy", "problem") for i in pack.checklist(kind).items}


MINING = {"village.resource.illegal_mining", "village.resource.eco_restoration", "law.village.mineral.2024"}


def test_mining_items_only_where_the_unit_has_mining(builtin: checklists.Library) -> None:
    tourism = _problem_ids(builtin, "village", {"tourism_resources": True})
    land = _problem_ids(builtin, "village", {"land_resources": True, "mineral_resources": False})
    mining = _problem_ids(builtin, "village", {"mineral_resources": True})
    stated = _problem_ids(builtin, "village", {}, ("resource_rich",))  # the office says so, without why
    assert not MINING & tourism and not MINING & land
    assert MINING.issubset(mining) and MINING.issubset(stated)
    assert "village.resource.land_transfer" in land and "village.resource.land_transfer" not in mining
    assert "village.resource.income" in tourism and "village.resource.income" in mining  # any resource


def test_subtype_items_follow_the_rule_that_made_the_subtype(builtin: checklists.Library) -> None:
    by_income = _problem_ids(builtin, "village", {"collective_operating_income": 3, "weak_party_org": False})
    by_weak_org = _problem_ids(builtin, "village", {"collective_operating_income": 50, "weak_party_org": True})
    assert "village.lagging.county_township_duty" not in by_income and "village.lagging.county_township_duty" in by_weak_org
    assert "village.lagging.income_inflation" in by_income and "village.lagging.income_inflation" not in by_weak_org
    by_petitions = _problem_ids(builtin, "village", {"petitions": 12})
    by_clan = _problem_ids(builtin, "village", {"clan_or_gang_issue": True})
    assert "village.complex.gang_assets" not in by_petitions and "village.complex.gang_assets" in by_clan
    assert "village.complex.petition_backlog" in by_petitions and "village.complex.petition_backlog" in by_clan
    outskirts = _problem_ids(builtin, "community", {"location": "城乡结合部", "land_acquisition": False})
    converted = _problem_ids(builtin, "community", {"village_to_community": True})
    assert "community.sub.compensation" not in outskirts and "community.sub.transition" not in outskirts
    assert "community.sub.transition" in converted
