"""The group's working papers, derived from a unit's pack: the talk outline (个别谈话提纲), the survey
and rating form (问卷调查和民主测评表), and the worksheets of the problems found (问题底稿).

The outline asks each audience the questions of the problem items checked by talks, grouped under
the problem list's sections, each marked with the item it serves. The form lists the statements of
the items checked by survey, to rate 好/较好/一般/差/不了解. A worksheet page per finding holds the
item, its basis in the version in force on the round's date, the materials to consult, the facts,
the 定性参考 and the lines to sign. Pages and fonts are those of the booklets (``docx_out``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .._numbering import chinese_numeral
from ..models.common import AUDIENCE_LABELS, AUDIENCES, Audience, chinese_date
from ..models.inputs import FINDING_STATUS_LABELS, Finding
from ..models.pack import Item, Pack
from ._wordml import _Rows
from .docx_out import _centered, _font, _new_document, _page_break, _save, _table
from .tables import HEADING_FONT

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

RATINGS = ("好", "较好", "一般", "差", "不了解")
"""The columns a respondent marks, one per statement."""


class Question(NamedTuple):
    """A question of the outline, with the outlines of the items it serves."""

    text: str
    items: tuple[str, ...]


class Unworded(NamedTuple):
    """A problem item checked by talks or survey that has no questions or statement of its own."""

    outline: str
    text: str
    method: str  # interview or survey


def _sections(pack: Pack) -> dict[str, str]:
    """The title each problem section is grouped under in the papers: its top section's."""
    by_id = {s.id: s for s in pack.problem.sections}
    return {s.id: (by_id[s.parent] if s.parent else s).title for s in pack.problem.sections}


def questions(pack: Pack) -> dict[Audience, list[tuple[str, list[Question]]]]:
    """Per audience (in the order principal, leadership, staff, public; only those asked), the
    questions under each problem-list heading, in the list's order; a question several items ask
    is asked once, marked with all of them."""
    headings = _sections(pack)
    found: dict[str, dict[str, dict[str, list[str]]]] = {}
    for item in pack.problem.items:
        if item.interview is None:
            continue
        for audience in item.interview.ask:
            under = found.setdefault(audience, {}).setdefault(headings[item.section], {})
            for text in item.interview.questions:
                under.setdefault(text, []).append(item.outline)
    return {a: [(h, [Question(t, tuple(o)) for t, o in qs.items()]) for h, qs in found[a].items()]
            for a in AUDIENCES if a in found}


def statements(pack: Pack) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    """The survey statements under each problem-list heading, each once, with the items it serves."""
    headings = _sections(pack)
    found: dict[str, dict[str, list[str]]] = {}
    for item in pack.problem.items:
        if item.survey is not None:
            found.setdefault(headings[item.section], {}).setdefault(item.survey, []).append(item.outline)
    return [(h, [(s, tuple(o)) for s, o in under.items()]) for h, under in found.items()]


def unworded(pack: Pack) -> list[Unworded]:
    """The problem items checked by talks or survey that the outline or the form cannot ask about,
    because their layer gave them no questions or statement (the built-in library gives every one):
    the outline lists them at its end, and the command says how many the form leaves out."""
    out = []
    for item in pack.problem.items:
        if "interview" in item.methods and item.interview is None:
            out.append(Unworded(item.outline, item.text, "interview"))
        if "survey" in item.methods and item.survey is None:
            out.append(Unworded(item.outline, item.text, "survey"))
    return out


def _heading(document: DocxDocument, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.style = f"Heading{level}"


def _title(document: DocxDocument, pack: Pack, title: str) -> None:
    _centered(document, title, style="Title")
    _centered(document, f"（{pack.round.name}）")
    document.add_paragraph(f"被巡察单位：{pack.unit.name}")


def _form(document: DocxDocument, cells: Sequence[tuple[str, int]], rows: Sequence[Sequence[str]]) -> None:
    """A table of label and blank cells to fill in by hand: (label, width) per column."""
    widths = [w for _, w in cells]
    table = _Rows(_table(document, [label for label, _ in cells], widths), widths)
    for row in rows:
        table.add(row)
    table.flush()


def talk_outline(pack: Pack) -> bytes:
    """The unit's 个别谈话提纲 as .docx bytes: a section per audience, the questions under the
    problem list's headings, each marked with the items it serves (问题清单 一(二)3)."""
    document = _new_document(14)
    _title(document, pack, "个别谈话提纲")
    _form(document, (("谈话对象", 18), ("职务", 18), ("谈话时间", 18), ("地点", 16), ("谈话人", 15),
                     ("记录人", 15)), [("", "", "", "", "", "")])
    document.add_paragraph("说明：问题后括号内为问题清单中对应条目的序号。谈话前告知谈话对象巡察纪律和保密要求，"
                           "谈话中根据对象的岗位和了解的情况选问、追问，如实记录。")
    labels = pack.classification.audiences
    asked = questions(pack)
    n = 0
    for audience, groups in asked.items():
        n += 1
        _heading(document, f"{chinese_numeral(n)}、与{labels.get(audience, AUDIENCE_LABELS[audience])}谈话", 1)
        for m, (heading, qs) in enumerate(groups, start=1):
            _heading(document, f"（{chinese_numeral(m)}）{heading}", 2)
            for k, q in enumerate(qs, start=1):
                document.add_paragraph(f"{k}. {q.text}（{'、'.join(q.items)}）")
    left = [u for u in unworded(pack) if u.method == "interview"]
    if left:
        n += 1
        _heading(document, f"{chinese_numeral(n)}、需谈话了解但未列出问题的条目", 1)
        document.add_paragraph("以下条目需通过个别谈话了解，清单未给出具体问题，请谈话人根据条目内容提问。")
        for k, u in enumerate(left, start=1):
            document.add_paragraph(f"{k}. {u.text}（{u.outline}）")
    if not asked and not left:
        document.add_paragraph("本单位问题清单中没有需要个别谈话了解的条目。")
    return _save(document)


def survey_form(pack: Pack) -> bytes:
    """The unit's 问卷调查和民主测评表 as .docx bytes: a row per statement with a column per rating,
    the respondent's role to tick, and space for opinions. Anonymous; nothing on it names an item."""
    document = _new_document(12)
    _title(document, pack, "问卷调查和民主测评表")
    roles = "　".join(f"□{label}" for label in pack.classification.audiences.values())
    document.add_paragraph(f"您的身份（请在相应“□”内划“√”）：{roles}")
    document.add_paragraph("填表说明：请对下列每项内容作出评价，在相应栏内划“√”，每项只选一栏。本表不记名，"
                           "由巡察组统一收回，请如实填写。")
    widths = (7, 43, 10, 10, 10, 10, 10)
    table = _Rows(_table(document, ("序号", "测评内容", *RATINGS), widths), widths)
    n = 0
    for heading, rows in statements(pack):
        table.heading(heading)
        for statement, _ in rows:
            n += 1
            table.add((n, statement, "", "", "", "", ""))
    table.flush()
    if n == 0:
        document.add_paragraph("本单位问题清单中没有需要问卷调查和民主测评的条目。")
    document.add_paragraph()
    _font(document.add_paragraph().add_run("您认为本单位存在的主要问题和意见建议："), HEADING_FONT, 12)
    for _ in range(6):
        document.add_paragraph()
    return _save(document)


def _basis(pack: Pack, item: Item | None) -> str:
    if item is None:
        return ""
    policies = {p.id: p for p in pack.policy.items}
    lines = []
    for policy_id in item.basis:
        policy = policies.get(policy_id)
        if policy is not None and policy.citation is not None:
            c = policy.citation
            issued = "，".join(str(x) for x in (c.issuer, c.doc_number, c.year) if x)
            lines.append(f"{c.title}" + (f"（{issued}）" if issued else ""))
    return "\n".join(lines)


def _qualification(item: Item | None) -> str:
    if item is None or item.qualification is None:
        return "由巡察组根据查实的事实，对照现行党内法规和法律法规提出。"
    q = item.qualification
    articles = "；".join(f"{a.title}{a.article}" for a in q.articles)
    return q.label + (f"。参考：{articles}" if articles else "") + "。以查实的事实为准。"


def worksheets(pack: Pack, findings: Sequence[Finding]) -> bytes:
    """The unit's 问题底稿 as .docx bytes: a page per finding, with the item of the problem list
    that led to it (or 清单外发现), its basis in force on the round's date, the materials to
    consult, what the ledger recorded, the 定性参考 and the lines to sign."""
    document = _new_document(12)
    items = {i.id: i for i in pack.problem.items}
    materials = {m.id: m for m in pack.materials}
    for n, finding in enumerate(findings):
        if n:
            _page_break(document)
        _centered(document, "巡察问题底稿", style="Title")
        _centered(document, f"（{pack.round.name}）")
        item = items.get(finding.item) if finding.item else None
        if item is not None:
            listed = f"{item.outline} {item.text}"
        elif finding.item:
            listed = f"条目 {finding.item}（不在本单位本轮问题清单中）"
        else:
            listed = "清单外发现的问题"
        consult = [m.label for m in materials.values() if item is not None and item.id in m.needed_by]
        status = FINDING_STATUS_LABELS[finding.status]
        deadline = f"，整改时限{chinese_date(finding.deadline)}" if finding.deadline else ""
        rows: list[tuple[str, str]] = [
            ("被巡察单位", pack.unit.name),
            ("问题编号", str(finding.id)),
            ("问题清单条目", listed),
            ("问题表述", finding.text),
            ("政策依据", _basis(pack, item)),
            ("查阅资料", "\n".join(consult)),
            ("核查情况（事实）", finding.check or "\n\n\n\n"),
            ("证据材料", "\n\n\n"),
            ("定性参考", _qualification(item)),
            ("整改情况", f"{status}{deadline}" + (f"。{finding.measures}" if finding.measures else "")),
            ("承办人（签字）", "　　　　　　　　　　　　年　　月　　日"),
            ("复核人（签字）", "　　　　　　　　　　　　年　　月　　日"),
            ("组长审核意见", "\n\n　　　　　　　　　　　　签字：　　　　年　　月　　日"),
        ]
        widths = (22, 78)
        table = _Rows(_table(document, ("项目", "内容"), widths), widths)
        for row in rows:
            table.add(row)
        table.flush()
    if not findings:
        _centered(document, "巡察问题底稿", style="Title")
        document.add_paragraph(f"{pack.unit.name}在本轮没有记录发现的问题。")
    return _save(document)


__all__ = ["RATINGS", "Question", "Unworded", "questions", "statements", "survey_form", "talk_outline",
           "unworded", "worksheets"]
