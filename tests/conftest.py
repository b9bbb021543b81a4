from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

import checklists
from checklists.errors import ChecklistsError
from checklists.i18n import Msg
from checklists.library import Library

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_ROUND = REPO / "examples" / "round.yaml"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the library cache of the test run (and its subprocesses) out of the user's home; and
    watch every error raised in the run for a problem said in English only (see below)."""
    folder = tempfile.mkdtemp(prefix="checklists-test-cache-")
    os.environ["CHECKLISTS_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    made = ChecklistsError.__init__

    def watched(self: ChecklistsError, problems: Any) -> None:
        made(self, problems)
        for p in self.problems:
            for part in (p.message, p.hint):
                if part and not isinstance(part, Msg):
                    _UNTRANSLATED.setdefault(f"{p.code}: {part}", None)

    ChecklistsError.__init__ = watched  # type: ignore[method-assign]  # for this test run only


_UNTRANSLATED: dict[str, None] = {}
"""Messages and hints of problems the run raised that were not made with t(): every test that makes
bad input is also a check that its problem can be read in Chinese."""


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _UNTRANSLATED:
        print("\nproblems said in English only (make them with checklists.i18n.t):", *_UNTRANSLATED, sep="\n  ")
        session.exitstatus = 1


def write_layer(root: Path, files: dict[str, str]) -> Path:
    """Write a library layer: {relative path: YAML text (dedented)}."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def builtin() -> Library:
    return checklists.load_library()


ROUND = {"id": "t-1", "name": "测试轮次", "start": "2026-03-01"}


# A small self-contained layer used by tests that must not depend on built-in content.
MINI = {
    "library.yaml": "name: mini\nversion: '1'\n",
    "catalog/c.yaml": """
        departments:
          - {id: dept, label: 某部门}
        materials:
          - {id: minutes, label: 会议记录}
          - {id: books, label: 财务账簿}
        signal_topics:
          - {id: petition.x, label: 某类信访, department: dept}
    """,
    "unit_types/t.yaml": """
        id: t
        label: 测试单位
        attributes:
          size: {type: integer, label: 规模, unit: 人}
          rich: {type: boolean, label: 资源丰富}
          kind: {type: enum, label: 类别, values: [甲, 乙]}
        subtypes:
          - id: big
            label: 大单位
            rules:
              - attributes: {size: {gte: 100}}
          - id: stated_only
            label: 仅声明
    """,
    "profiles/t.yaml": """
        id: t
        label: 测试画像
        sections:
          policy:
            - {id: regs, title: 党内法规}
          function:
            - {id: basic_facts, title: 基本情况}
            - {id: main_functions, title: 主要职能}
            - {id: internal_bodies, title: 内设机构}
            - {id: subordinate_units, title: 下属单位}
          supervision_info:
            - {id: asks, title: 商请事项}
          problem:
            - {id: focus_a, title: 聚焦甲}
            - {id: sub_a, title: 甲下分节, parent: focus_a}
            - {id: focus_b, title: 聚焦乙}
        include:
          groups: [t.*]
    """,
    "programs/xuncha.yaml": "id: xuncha\nlabel: 巡察\n",
    "policy/t.yaml": """
        kind: policy
        group: t.policy
        section: regs
        items:
          - id: p.old
            text: 旧版要点。
            citation: {title: 《某条例》, issuer: 某机关, year: 2017, effective_until: 2024-02-08, superseded_by: p.new}
          - id: p.new
            text: 新版要点。
            citation: {title: 《某条例》, issuer: 某机关, year: 2024, issued: 2024-02-08}
          - id: p.other
            text: 另一文件要点。
            citation: {title: 《另一规定》, issuer: 某机关, year: 2019}
    """,
    "function/t.yaml": """
        kind: function
        group: t.function
        items:
          - {id: t.fn.typical, section: main_functions, text: 一般负责某项工作。}
          - {id: t.fn.facts, section: basic_facts, text: "{unit.name}的人员情况。"}
    """,
    "supervision_info/t.yaml": """
        kind: supervision_info
        group: t.info
        section: asks
        items:
          - {id: t.si.a, department: dept, text: "{unit.name}的信访件。", period: "{review.period}"}
    """,
    "problem/t.yaml": """
        kind: problem
        group: t.problem
        section: focus_a
        items:
          - id: t.pr.always
            text: 是否存在某问题。
            basis: [p.old]
            materials: [minutes, books]
            methods: [document_review]
          - id: t.pr.big
            section: sub_a
            text: 大单位是否存在某问题。
            when: {subtypes: [big]}
            basis: [p.other]
            materials: [minutes]
            methods: [interview]
            interview: {ask: [leadership, staff], questions: [这个问题在本单位有没有？请举例。]}
          - id: t.pr.signal
            section: focus_b
            text: 是否存在信访反映的问题。
            when: {attributes: {rich: true}}
            signals: [petition.x]
            basis: [p.new]
            materials: [books]
            methods: [petition]
          - id: t.pr.followup
            section: focus_b
            template: previous_finding
            text: 上轮反馈的“{finding.text}”（{finding.status}）是否整改到位。
            basis: [p.new]
            materials: [minutes]
            methods: [spot_check]
    """,
}


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    return write_layer(tmp_path / "mini", MINI)
