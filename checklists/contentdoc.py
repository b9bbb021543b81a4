"""Write ``docs/content.md``: what the built-in library covers, generated from the library.

    python -m checklists.contentdoc [--out docs/content.md]

A test fails when the committed file differs from what this module generates, so the
description of the content can never drift from the content.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from fnmatch import fnmatchcase
from pathlib import Path

from .conditions import CHINESE, describe, walk
from .library import Library, LibraryItem, load_library, may_apply
from .models.common import DISCIPLINE_LABELS, KIND_TITLES, KINDS
from .models.library import PolicyItemSpec, ProblemItemSpec
from .resolve import chinese_wording, end_of


def reachable(lib: Library, unit_type: str) -> list[LibraryItem]:
    """Items a unit of ``unit_type`` can get in a regular 巡察 round: its profile's groups and
    items, the policies their problems cite, whatever the unit's subtypes and signals."""
    utype = lib.unit_types[unit_type].value
    profile = lib.profiles[utype.profile or utype.id]
    ids = set(lib.items_in_groups(profile.include.groups)) | set(profile.include.items)
    ids -= set(profile.exclude.items)
    ids = {i for i in ids if not any(fnmatchcase(lib.items[i].group, g) for g in profile.exclude.groups)}
    items = [lib.items[i] for i in ids if may_apply(lib.items[i].when, unit_type)
             and "xuncha" in lib.items[i].programs]
    cited = {b for it in items if isinstance(it.spec, ProblemItemSpec) for b in it.spec.basis}
    for basis in cited:
        for version in lib.policy_versions.get(basis, (basis,)):
            if version not in ids:
                items.append(lib.items[version])
                ids.add(version)
    return sorted(items, key=lambda it: it.order)


def _names_subtype(item: LibraryItem, subtype: str) -> bool:
    return any(subtype in (c.subtypes or ()) for c in walk(item.when))


def render(lib: Library) -> str:
    lines: list[str] = []
    out = lines.append
    out("# 内置内容库说明")
    out("")
    out("<!-- 本文件由 `python -m checklists.contentdoc --out docs/content.md` 根据内容库生成，请勿手工修改。 -->")
    out("")
    layer = lib.layers[0]
    counts = Counter(item.kind for item in lib.items.values())
    documents = {_doc_key(it) for it in lib.items.values() if it.kind == "policy"}
    out(f"内容库版本：{layer.name} {layer.version}。共 {len(lib.items)} 个条目："
        + "，".join(f"{KIND_TITLES[k]} {counts[k]} 条" for k in KINDS)
        + f"；引用文件 {len(documents)} 件。")
    out("")
    out("## 一、按单位类型")
    out("")
    out("下表为一个单位在常规巡察中可能用到的条目数（含通用条目、各分类条目和问题依据所需的政策条目）。")
    out("")
    out("| 单位类型 | 画像 | " + " | ".join(KIND_TITLES[k] for k in KINDS) + " |")
    out("|---|---|" + "---|" * len(KINDS))
    for type_id, defined in lib.unit_types.items():
        items = reachable(lib, type_id)
        per_kind = Counter(it.kind for it in items)
        utype = defined.value
        out(f"| {utype.label}（`{type_id}`） | `{utype.profile or type_id}` | "
            + " | ".join(str(per_kind[k]) for k in KINDS) + " |")
    out("")
    for type_id, defined in lib.unit_types.items():
        utype = defined.value
        if not utype.subtypes:
            continue
        items = reachable(lib, type_id)
        out(f"### {utype.label}的分类")
        out("")
        out("| 分类 | 判定规则 | 专属问题条目 |")
        out("|---|---|---|")
        wording = CHINESE._replace(labels={
            n: f"{a.label}（{a.unit}）" if a.unit else a.label for n, a in utype.attributes.items()})
        for sub in utype.subtypes:
            rule = "；或".join(describe(r, wording) for r in sub.rules) or "由单位文件声明"
            count = sum(1 for it in items if it.kind == "problem" and _names_subtype(it, sub.id))
            out(f"| {sub.label}（`{sub.id}`） | {rule} | {count} |")
        out("")
    out("## 二、专项巡察主题")
    out("")
    if lib.themes:
        out("| 主题 | 说明 | 问题条目 |")
        out("|---|---|---|")
        for theme_id, theme in lib.themes.items():
            n = len([i for i in lib.items_in_groups(theme.value.include.groups) if lib.items[i].kind == "problem"])
            out(f"| {theme.value.label}（`{theme_id}`） | {theme.value.description or ''} | {n} |")
    else:
        out("（暂无）")
    out("")
    out("## 三、监督项目")
    out("")
    out("| 项目 | 适用单位 | 专属问题条目 | 与巡察共有的条目 |")
    out("|---|---|---|---|")
    for pid, program in lib.programs.items():
        own = [i for i in lib.items_in_groups(program.value.include.groups) if lib.items[i].kind == "problem"]
        shared = [it for it in lib.items.values() if pid in it.programs and "xuncha" in it.programs
                  and pid != "xuncha"]
        applies = describe(program.value.applies_to, chinese_wording(lib))
        out(f"| {program.value.label}（`{pid}`） | {applies} | {len(own)} | {len(shared)} |")
    out("")
    out("## 四、引用文件清单")
    out("")
    out("同一文件的不同版本分列，巡察轮次的开始日期决定适用哪一版。只知年份、未注明施行日期的版本，自次年1月1日起引用。")
    out("")
    out("| 文件名称 | 发文机关 | 文号 | 年份 | 施行 | 失效 | 适用单位类型 |")
    out("|---|---|---|---|---|---|---|")
    users: dict[str, set[str]] = defaultdict(set)
    for type_id, defined in lib.unit_types.items():
        for it in reachable(lib, type_id):
            if it.kind == "policy":
                users[it.id].add(defined.value.label)
    policies = [it for it in lib.items.values() if isinstance(it.spec, PolicyItemSpec)]
    for it in sorted(policies, key=lambda it: (_doc_key(it), it.order)):
        assert isinstance(it.spec, PolicyItemSpec)
        c = it.spec.citation
        start, end = c.starts, end_of(lib, it.id)
        types = "、".join(sorted(users.get(it.id, set()))) or "专项/主题"
        out(f"| {c.title} | {c.issuer or ''} | {c.doc_number or ''} | {c.year or ''} | "
            f"{start.isoformat() if start else ''} | {end.isoformat() if end else ''} | "
            f"{types} |")
    out("")
    _papers(lib, out)
    return "\n".join(lines)


def _papers(lib: Library, out: Callable[[str], None]) -> None:
    problems = [it for it in lib.items.values() if isinstance(it.spec, ProblemItemSpec)]
    talks = [it.spec for it in problems if isinstance(it.spec, ProblemItemSpec) and it.spec.interview]
    surveys = [it for it in problems if isinstance(it.spec, ProblemItemSpec) and it.spec.survey]
    out("## 五、谈话问题、测评内容和定性参考")
    out("")
    out(f"需个别谈话了解的问题条目 {len(talks)} 条，共 {sum(len(t.interview.questions) for t in talks if t.interview)} "
        f"个谈话问题；需问卷调查和民主测评的条目 {len(surveys)} 条，各有一项测评内容。")
    out("")
    out("下列条目写明了定性参考。条款号只在核对过条例原文后写入（来源见 sources.md）；巡察轮次只列出开始之日"
        "有效版本的条款，没有条款号的只列纪律类别。")
    out("")
    out("| 条目 | 问题 | 定性 | 条款 |")
    out("|---|---|---|---|")
    for it in problems:
        spec = it.spec
        assert isinstance(spec, ProblemItemSpec)
        q = spec.qualification
        if q is None:
            continue
        articles = "；".join(f"{_title(lib, a.policy)}{a.article}" for a in q.articles) or "（未列条款）"
        out(f"| `{it.id}` | {spec.text} | {DISCIPLINE_LABELS[q.discipline]} | {articles} |")
    out("")


def _title(lib: Library, policy_id: str) -> str:
    spec = lib.items[policy_id].spec
    assert isinstance(spec, PolicyItemSpec)
    return f"{spec.citation.title}（{spec.citation.year}年）"


def _doc_key(item: LibraryItem) -> str:
    assert isinstance(item.spec, PolicyItemSpec)
    return item.spec.citation.title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checklists.contentdoc")
    parser.add_argument("--out", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = render(load_library())
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
