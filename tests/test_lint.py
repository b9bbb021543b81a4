"""The library lint, on small layers where the expected findings are known."""

from __future__ import annotations

from pathlib import Path

import checklists

from .conftest import MINI, write_layer


def lint_messages(tmp_path: Path, extra: dict[str, str]) -> list[str]:
    root = write_layer(tmp_path / "lib", {**MINI, **extra})
    return [p.message for p in checklists.load_library(root, builtin=False).lint()]


def test_mini_layer_is_clean(tmp_path: Path) -> None:
    assert lint_messages(tmp_path, {}) == []


def test_findings(tmp_path: Path) -> None:
    found = lint_messages(tmp_path, {
        "problem/more.yaml": """
            kind: problem
            group: t.more
            section: focus_a
            items:
              - {id: t.pr.copy, text: 是否存在某问题！, basis: [p.other], methods: [interview, survey],
                 interview: {ask: [staff], questions: [请谈谈这方面的情况。]}, survey: 是否公开？}
              - {id: t.pr.silent, text: 单位账目是否清楚。, basis: [p.other], methods: [interview, survey]}
        """,
        "policy/more.yaml": """
            kind: policy
            group: t.more_policy
            section: regs
            items:
              - {id: p.lonely, text: 无人引用。, citation: {title: 《孤立文件》, year: 2020}}
              - {id: p.twice, text: 重复引用。, citation: {title: 《另一规定》, year: 2019}}
              - {id: p.open, text: 没有截止日期。, citation: {title: 《旧办法》, year: 2010, superseded_by: p.lonely}}
        """,
        "catalog/more.yaml": "materials:\n  - {id: unused, label: 没人要的资料}\nsignal_topics:\n  - {id: petition.none, label: 无用信号}\n",
    })
    assert "item 't.pr.always' says nearly the same as 't.pr.copy'" in found
    assert "policy 'p.lonely' is the basis of no problem item" in found
    assert "policy 'p.other' cites the same document as 'p.twice'" in found
    assert "policy 'p.open' is superseded by 'p.lonely', but neither says when the change took effect" in found
    assert "material 'unused' is requested by no problem item" in found
    assert "signal topic 'petition.none' raises no item" in found
    assert "policy 'p.open' is the basis of no problem item" in found
    assert "policy 'p.twice' is the basis of no problem item" in found
    assert "item 't.pr.copy': a question asks nothing: '请谈谈这方面的情况。'" in found
    assert "item 't.pr.copy': the survey statement is a question" in found
    assert "item 't.pr.silent' is checked by talks but has no questions" in found
    assert "item 't.pr.silent' is checked by survey but has no statement to rate" in found
    assert len(found) == 12



def test_a_local_document_without_a_condition_is_flagged(tmp_path: Path) -> None:
    """The trap of the authoring guide: a village document in a common group reaches every type."""
    document = """
        kind: policy
        group: common.local_documents
        section: local_rules
        items:
          - id: county.doc.village_finance
            text: 规定村级财务审批权限和公开要求。
            citation: {title: 《××县村级财务管理办法》, issuer: ××县人民政府, year: 2024}
    """
    layer = write_layer(tmp_path / "office", {"library.yaml": "name: office\nversion: '1'\n", "policy/d.yaml": document})
    found = [p for p in checklists.load_library(layer).lint() if p.code == "lint.unconditioned-local-document"]
    assert len(found) == 1 and found[0].location.file.endswith("policy/d.yaml") and found[0].location.line == 5
    assert "names 县、村 in its title" in found[0].message and "village" in found[0].message
    assert "hospital" in found[0].message
    fixed = write_layer(tmp_path / "fixed", {"library.yaml": "name: office\nversion: '1'\n",
                                             "policy/d.yaml": document.replace("section: local_rules",
                                                                               "section: local_rules\n        when: {types: [village]}")})
    assert [p for p in checklists.load_library(fixed).lint() if p.code.startswith("lint.unconditioned")] == []
