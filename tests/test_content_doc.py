"""docs/content.md is generated from the library and may not drift from it."""

from __future__ import annotations

import checklists
from checklists.contentdoc import render

from .conftest import REPO


def test_content_doc_is_current(builtin: checklists.Library) -> None:
    committed = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
    assert committed == render(builtin), "docs/content.md is out of date: python -m checklists.contentdoc --out docs/content.md"


def test_content_doc_lists_every_cited_document(builtin: checklists.Library) -> None:
    text = render(builtin)
    for item in builtin.items.values():
        if item.kind == "policy":
            assert item.spec.citation.title in text  # type: ignore[union-attr]
