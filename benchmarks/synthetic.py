"""Synthetic libraries of any size, written on demand (never committed).

A library of ``n`` items has ``n / 100`` unit types, each with its own profile and its own
100 problem items (half of them conditional on an attribute), and one policy every item cites.
A unit therefore selects the same number of items whatever the library's size, which is what
the growth benchmark needs: per-unit time should follow the items selected, not the library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PER_TYPE = 100
ROUND = {"id": "syn-1", "name": "合成轮次", "start": "2026-03-01"}


def type_id(k: int) -> str:
    return f"s{k:05d}"


def unit(k: int) -> dict[str, Any]:
    return {"id": f"u{k}", "name": f"合成单位{k}", "type": type_id(k), "attributes": {"size": 80}}


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_layer(root: Path, items: int) -> None:
    types = max(1, items // PER_TYPE)
    _dump(root / "library.yaml", {"name": "synthetic", "version": str(items)})
    _dump(root / "programs" / "xuncha.yaml", {"id": "xuncha", "label": "巡察"})
    _dump(root / "policy" / "common.yaml", {
        "kind": "policy", "group": "syn.common", "section": "regs",
        "items": [{"id": "syn.policy", "text": "合成依据。", "citation": {"title": "《合成规定》"}}]})
    for k in range(types):
        tid = type_id(k)
        _dump(root / "unit_types" / f"{tid}.yaml", {
            "id": tid, "label": f"合成类型{k}", "attributes": {"size": {"type": "integer", "label": "规模"}}})
        _dump(root / "profiles" / f"{tid}.yaml", {
            "id": tid, "label": f"合成类型{k}",
            "sections": {"policy": [{"id": "regs", "title": "依据"}],
                         "function": [{"id": "basic_facts", "title": "基本情况"}],
                         "problem": [{"id": "focus", "title": "重点"}, {"id": "other", "title": "其他"}]},
            "include": {"groups": ["syn.common", f"{tid}.*"]}})
        problems = []
        for i in range(PER_TYPE):
            item: dict[str, Any] = {
                "id": f"{tid}.p{i:03d}", "section": "focus" if i % 2 else "other",
                "text": f"{{unit.name}}是否存在第{i}类问题（{k}）。", "basis": ["syn.policy"],
                "methods": ["document_review", "interview"]}
            if i % 2:
                item["when"] = {"attributes": {"size": {"gte": 50 + i % 60}}}
            problems.append(item)
        _dump(root / "problem" / f"{tid}.yaml", {"kind": "problem", "group": f"{tid}.checks", "items": problems})
