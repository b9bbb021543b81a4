"""The group's working papers: the talk outline, the survey form and the worksheets of the problems
found, opened as written; and the fields of problem items they are made from."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
import yaml

import checklists
from checklists.cli import main
from checklists.errors import ChecklistsError
from checklists.models.inputs import Finding
from checklists.render.papers_out import RATINGS, questions, statements, survey_form, talk_outline, worksheets

from .conftest import EXAMPLE_ROUND, MINI, REPO, ROUND, write_layer

PAPERS = {
    "problem/papers.yaml": """
        kind: problem
        group: t.papers
        section: focus_b
        items:
          - id: t.pp.talk
            text: 主要负责人是否个人决定重大事项。
            basis: [p.other]
            methods: [interview, survey]
            interview:
              ask: [leadership, staff]
              questions: [重大事项由谁决定？, 班子会上能否充分发表意见？]
            survey: 领导班子坚持集体决策
          - id: t.pp.public
            text: 补助是否发放到户。
            basis: [p.other]
            materials: [books]
            methods: [interview, survey]
            interview: {ask: [public], questions: [您家领到补助了吗？]}
            survey: 补助按时足额发放到户
            qualification:
              discipline: mass
              articles:
                - {policy: p.old, article: 第十条}
                - {policy: p.new, article: 第一百一十二条}
          - id: t.pp.unworded
            text: 账外资金是否存在。
            basis: [p.other]
            methods: [interview, survey]
    """,
}
UNIT = {"id": "a", "name": "甲单位", "type": "t", "attributes": {"size": 120}}


@pytest.fixture()
def lib(tmp_path: Path) -> checklists.Library:
    return checklists.load_library(write_layer(tmp_path / "lib", {**MINI, **PAPERS}), builtin=False)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_outline_asks_each_audience_its_questions_under_the_lists_headings(lib: checklists.Library) -> None:
    pack = lib.generate(UNIT, ROUND)
    asked = questions(pack)
    assert list(asked) == ["leadership", "staff", "public"]  # the fixed order, only those asked
    heading, qs = asked["leadership"][-1]
    assert heading.endswith("聚焦乙")
    outline = {i.id: i.outline for i in pack.problem.items}
    assert qs[0].text == "重大事项由谁决定？" and qs[0].items == (outline["t.pp.talk"],)
    text = _text(talk_outline(pack))
    for label in ("领导班子成员", "中层干部和一般干部", "服务对象和群众"):  # the type names none of its own
        assert f"与{label}谈话" in text
    assert f"您家领到补助了吗？（{outline['t.pp.public']}）" in text
    assert "这个问题在本单位有没有？请举例。" in text  # t.pr.big, of the nested section
    # an item checked by talks with no questions is listed for the group, not dropped
    assert "需谈话了解但未列出问题的条目" in text and f"账外资金是否存在。（{outline['t.pp.unworded']}）" in text


def test_audiences_are_named_as_the_unit_type_names_them(tmp_path: Path) -> None:
    files = {**MINI, **PAPERS}
    files["unit_types/t.yaml"] = MINI["unit_types/t.yaml"].replace(
        "        subtypes:", "        audiences: {public: 村民群众}\n        subtypes:")
    lib = checklists.load_library(write_layer(tmp_path / "lib", files), builtin=False)
    pack = lib.generate(UNIT, ROUND)
    assert pack.classification.audiences["public"] == "村民群众"
    assert "与村民群众谈话" in _text(talk_outline(pack))
    assert "□村民群众" in _text(survey_form(pack))


def test_survey_form_rates_each_statement_once(lib: checklists.Library) -> None:
    pack = lib.generate(UNIT, ROUND)
    document = docx.Document(io.BytesIO(survey_form(pack)))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "测评内容", *RATINGS]
    rated = [r.cells[1].text for r in table.rows[1:] if r.cells[0].text.isdigit()]
    assert rated == ["领导班子坚持集体决策", "补助按时足额发放到户"]
    assert [s for _, group in statements(pack) for s, _ in group] == rated
    assert "账外资金" not in _text(survey_form(pack))  # nothing unworded reaches the respondents


def test_qualification_cites_the_article_of_the_version_in_force(lib: checklists.Library) -> None:
    now = {i.id: i for i in lib.generate(UNIT, ROUND).problem.items}["t.pp.public"].qualification
    assert now is not None and now.label == "违反群众纪律"
    assert [(a.policy, a.title, a.article) for a in now.articles] == [("p.new", "《某条例》", "第一百一十二条")]
    before = {i.id: i for i in lib.generate(UNIT, {**ROUND, "start": "2023-06-01"}).problem.items}
    assert [a.article for a in before["t.pp.public"].qualification.articles] == ["第十条"]  # type: ignore[union-attr]
    assert before["t.pp.talk"].qualification is None


def test_worksheet_per_finding(lib: checklists.Library) -> None:
    pack = lib.generate(UNIT, ROUND)
    found = [Finding(id="F-1", unit="a", text="补助未发放到户12户。", status="in_progress",
                                item="t.pp.public", check="抽查20户，12户未领到。"),
             Finding(id=7, unit="a", text="清单外的问题。", status="not_rectified")]
    document = docx.Document(io.BytesIO(worksheets(pack, found)))
    first, second = ({r.cells[0].text: r.cells[1].text for r in t.rows} for t in document.tables)
    assert first["问题编号"] == "F-1" and first["核查情况（事实）"] == "抽查20户，12户未领到。"
    assert first["问题清单条目"].endswith("补助是否发放到户。")
    assert "《另一规定》" in first["政策依据"] and first["查阅资料"] == "财务账簿"
    assert first["定性参考"].startswith("违反群众纪律。参考：《某条例》第一百一十二条")
    assert second["问题清单条目"] == "清单外发现的问题" and second["政策依据"] == ""
    assert "承办人（签字）" in second and "组长审核意见" in second


def test_checks_refuse_questions_without_the_method_and_parameters(tmp_path: Path) -> None:
    bad = {**MINI, "problem/bad.yaml": """
        kind: problem
        group: t.bad
        section: focus_b
        items:
          - id: t.bad.one
            text: 某问题。
            basis: [p.other]
            methods: [document_review]
            interview: {ask: [staff], questions: [有没有？]}
          - id: t.bad.two
            text: 某问题二。
            basis: [p.other]
            methods: [survey]
            survey: "{unit.name}财务公开"
            qualification: {discipline: work, articles: [{policy: p.none, article: 第三条}]}
    """}
    with pytest.raises(ChecklistsError) as caught:
        checklists.load_library(write_layer(tmp_path / "lib", bad), builtin=False)
    found = {(p.code, p.location.line) for p in caught.value.problems}
    assert ("schema.interview-without-method", 5) in found
    assert ("text.parameter-not-allowed", 10) in found
    assert ("ref.unknown-policy-item", 10) in found


def test_generate_writes_the_papers_of_each_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(EXAMPLE_ROUND), "--out", str(out), "--format", "talks,survey,json"]) == 0
    talks = sorted(out.glob("*-个别谈话提纲.docx"))
    forms = sorted(out.glob("*-问卷调查和民主测评表.docx"))
    assert len(talks) == len(forms) == 4
    village = next(p for p in talks if "张庄村" in p.name)
    pack = checklists.Pack.model_validate(json.loads(next(out.glob("zz-*.json")).read_text(encoding="utf-8")))
    text = _text(village.read_bytes())
    assert "与村“两委”班子成员谈话" in text
    asked = [i for i in pack.problem.items if i.interview is not None]
    assert asked and all(q in text for i in asked for q in i.interview.questions)  # type: ignore[union-attr]
    assert "note: the survey form leaves out" not in capsys.readouterr().out  # the built-in items are all worded


def test_worksheets_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sheets"
    findings = REPO / "examples" / "findings.yaml"
    assert main(["findings", "worksheets", str(EXAMPLE_ROUND), str(findings), "--out", str(out)]) == 0
    written = sorted(out.iterdir())
    assert [p.name for p in written] == ["zz-张庄村-问题底稿.docx"]
    data = yaml.safe_load(findings.read_text(encoding="utf-8"))
    text = _text(written[0].read_bytes())
    assert all(f["text"] in text for f in data["findings"])
    assert f"wrote {len(data['findings'])} worksheets" in capsys.readouterr().out


def test_worksheets_refuse_a_finding_of_a_unit_not_in_the_round(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    findings = tmp_path / "findings.yaml"
    findings.write_text("findings:\n  - id: X-1\n    unit: nobody\n    text: 某问题。\n    status: rectified\n",
                        encoding="utf-8")
    assert main(["findings", "worksheets", str(EXAMPLE_ROUND), str(findings), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "findings.yaml:3" in err and "unit 'nobody', which is not in the round 2026-1" in err
    assert not (tmp_path / "o").exists()


def test_builtin_qualifications_follow_the_round_date(builtin: checklists.Library) -> None:
    unit = {"id": "zz", "name": "张庄村", "type": "village"}
    for start, version in (("2026-03-01", "reg.discipline.2023"), ("2021-03-01", "reg.discipline.2018")):
        pack = builtin.generate(unit, {**ROUND, "start": start})
        item = {i.id: i for i in pack.problem.items}["common.leader.major_decisions"]
        assert item.qualification is not None and item.qualification.label == "违反组织纪律"
        assert [a.policy for a in item.qualification.articles] == [version]
    # every article names a version of the 条例, written as the text numbers it
    for it in builtin.items.values():
        q = getattr(it.spec, "qualification", None)
        for a in q.articles if q else ():
            assert a.policy in builtin.policy_versions["reg.discipline.2023"], it.id
