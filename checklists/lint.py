"""Quality checks over a loaded library that go beyond what makes it loadable.

They find what a careful reviewer would: two items saying nearly the same thing, policy items
no problem rests on, one document cited under two ids, catalog entries nobody uses, and a
superseded version that never stops being in force, and problem items the group's talk outline or
survey form would leave out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from .conditions import walk
from .errors import Problem
from .i18n import t
from .models.library import PolicyItemSpec, ProblemItemSpec

if TYPE_CHECKING:
    from .library import Library, LibraryItem

SIMILAR = 0.9
"""Two texts of one kind at least this similar (after removing punctuation) are reported."""

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def lint(lib: Library) -> list[Problem]:
    """Every quality problem of ``lib``, sorted by place."""
    problems = [
        *_near_duplicates(lib),
        *_orphan_policies(lib),
        *_duplicate_documents(lib),
        *_unused_catalog(lib),
        *_open_ended_versions(lib),
        *_papers_unwritten(lib),
        *_local_documents_everywhere(lib),
    ]
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.message))


def _normal(text: str) -> str:
    return _PUNCT.sub("", text)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _near_duplicates(lib: Library) -> list[Problem]:
    by_kind: dict[str, list[tuple[LibraryItem, str, frozenset[str]]]] = defaultdict(list)
    for item in lib.items.values():
        text = _normal(item.spec.text)
        by_kind[item.kind].append((item, text, _bigrams(text)))
    found = []
    for entries in by_kind.values():
        entries.sort(key=lambda e: len(e[1]))
        for i, (a, text_a, grams_a) in enumerate(entries):
            for b, text_b, grams_b in entries[i + 1 :]:
                if len(text_b) > len(text_a) * 1.25 + 2:
                    break
                union = len(grams_a | grams_b)
                if not union or len(grams_a & grams_b) / union < 0.75:
                    continue
                if SequenceMatcher(None, text_a, text_b, autojunk=False).ratio() >= SIMILAR:
                    first, second = sorted((a, b), key=lambda it: it.order)
                    found.append(Problem(
                        second.origin.location,
                        t("item '{id}' says nearly the same as '{other}'", id=second.id, other=first.id),
                        field="text", hint=t("merge the two items or make each say what only it checks"),
                        related=first.origin.location,
                        code="lint.near-duplicate"))
    return found


def _orphan_policies(lib: Library) -> list[Problem]:
    cited: set[str] = set()
    for item in lib.items.values():
        if isinstance(item.spec, ProblemItemSpec):
            for basis in item.spec.basis:
                cited.update(lib.policy_versions.get(basis, (basis,)))
    return [
        Problem(item.origin.location, t("policy '{id}' is the basis of no problem item", id=item.id),
                field="id", hint=t("cite it in the basis of the problems it supports, or remove it"),
                code="lint.orphan-policy")
        for item in lib.items.values()
        if item.kind == "policy" and item.id not in cited
    ]


def _duplicate_documents(lib: Library) -> list[Problem]:
    by_title: dict[tuple[str, int | None], list[LibraryItem]] = defaultdict(list)
    for item in lib.items.values():
        if isinstance(item.spec, PolicyItemSpec):
            citation = item.spec.citation
            by_title[(_normal(citation.title), citation.year)].append(item)
    found = []
    for items in by_title.values():
        chains = {lib.policy_versions.get(i.id, (i.id,)) for i in items}
        if len(items) > 1 and len(chains) > 1:
            first, *rest = sorted(items, key=lambda it: it.order)
            for other in rest:
                found.append(Problem(
                    other.origin.location,
                    t("policy '{id}' cites the same document as '{other}'", id=other.id, other=first.id),
                    field="citation.title", hint=t("cite '{id}' instead of a second entry", id=first.id),
                    related=first.origin.location,
                    code="lint.document-cited-twice"))
    return found


def _unused_catalog(lib: Library) -> list[Problem]:
    used_materials: set[str] = set()
    used_topics: set[str] = set()
    for item in lib.items.values():
        used_topics.update(item.spec.signals)
        for cond in walk(item.when):
            used_topics.update(cond.signals or ())
        if isinstance(item.spec, ProblemItemSpec):
            used_materials.update(item.spec.materials)
    found = []
    for mid, material in lib.materials.items():
        if mid not in used_materials:
            found.append(Problem(material.origin.location,
                                 t("material '{id}' is requested by no problem item", id=mid),
                                 field="materials", hint=t("use it in an item's materials, or remove it"),
                                 code="lint.unused-material"))
    for tid, topic in lib.signal_topics.items():
        if tid not in used_topics:
            found.append(Problem(topic.origin.location, t("signal topic '{id}' raises no item", id=tid),
                                 field="signal_topics", hint=t("name it in an item's signals, or remove it"),
                                 code="lint.unused-signal-topic"))
    return found


def _open_ended_versions(lib: Library) -> list[Problem]:
    found = []
    for item in lib.items.values():
        spec = item.spec
        if not isinstance(spec, PolicyItemSpec) or not spec.citation.superseded_by or spec.citation.effective_until:
            continue
        successor = lib.items[spec.citation.superseded_by].spec
        if isinstance(successor, PolicyItemSpec) and successor.citation.starts is None:
            found.append(Problem(
                item.origin.location,
                t("policy '{id}' is superseded by '{successor}', but neither says when the change took effect",
                  id=item.id, successor=spec.citation.superseded_by),
                field="citation.effective_until",
                hint=t("give the newer version's effective_from or issued date (or this one's effective_until)"),
                code="lint.open-ended-version"))
    return found


def _papers_unwritten(lib: Library) -> list[Problem]:
    """Problem items a group's talk outline or survey form would leave out or word badly: an item
    checked by talks with no questions, by survey with no statement, a question without ？, a
    statement that is a question (respondents rate a statement, they do not answer it)."""
    found = []
    for item in lib.items.values():
        spec = item.spec
        if not isinstance(spec, ProblemItemSpec) or spec.template is not None:
            continue
        if "interview" in spec.methods and spec.interview is None:
            found.append(Problem(item.origin.location,
                                 t("item '{id}' is checked by talks but has no questions", id=item.id),
                                 field="interview",
                                 hint=t("add interview: {example} so the talk outline (谈话提纲) can ask about it",
                                        example="{ask: [...], questions: [...]}"),
                                 code="lint.no-interview"))
        if "survey" in spec.methods and spec.survey is None:
            found.append(Problem(item.origin.location,
                                 t("item '{id}' is checked by survey but has no statement to rate", id=item.id),
                                 field="survey", hint=t("add survey: a statement respondents rate, for the 测评表"),
                                 code="lint.no-survey"))
        for question in spec.interview.questions if spec.interview else ():
            if "？" not in question and "?" not in question:
                found.append(Problem(item.origin_of("interview").location,
                                     t("item '{id}': a question asks nothing: '{question}'", id=item.id,
                                       question=question), field="interview.questions",
                                     hint=t("write each question as put to the person, with ？"),
                                     code="lint.question-mark"))
        if spec.survey is not None and spec.survey.endswith(("？", "?")):
            found.append(Problem(item.origin_of("survey").location,
                                 t("item '{id}': the survey statement is a question", id=item.id), field="survey",
                                 hint=t("write a statement respondents rate (好/较好/一般/差), e.g. 领导班子团结协作"),
                                 code="lint.survey-question"))
    return found


_PLACE_OR_TYPE = r"省|市|县|区|旗|乡|镇|街道|农村|村|社区|医院|卫生院|学校|高校|企业|公司"
"""Words that tie a document's title to a place or a kind of unit: 《××县村级财务管理办法》."""


def _local_documents_everywhere(lib: Library) -> list[Problem]:
    """Policy items of an office's layer that go into the 政策清单 of several unit types because
    they have no condition, though their title names a place or a kind of unit: a village-only
    document that a hospital's list would print too (docs/zh/编写指南.md)."""
    found = []
    for item in lib.items.values():
        spec = item.spec
        if not isinstance(spec, PolicyItemSpec) or item.origin.layer == "builtin" or item.when is not None:
            continue
        words = re.findall(_PLACE_OR_TYPE, spec.citation.title)
        reached = lib.unit_types_reaching(item.id)
        if words and len(reached) > 1:
            found.append(Problem(
                item.origin.location,
                t("policy '{id}' names {words} in its title but has no condition: it goes into the 政策清单 of "
                  "every unit type its group reaches ({unit_types})", id=item.id,
                  words="、".join(dict.fromkeys(words)), unit_types=reached),
                field="when", hint=t("add a condition such as when: {example}, or put it in a group only that type's "
                                     "profile includes (village.*)", example="{types: [village]}"),
                code="lint.unconditioned-local-document"))
    return found
