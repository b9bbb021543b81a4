"""Canonical JSON: the same pack always gives the same bytes (fields in model order, two-space
indent, UTF-8 text as is, a final newline)."""

from __future__ import annotations

from ..models.pack import Pack


def render(pack: Pack) -> str:
    return pack.model_dump_json(indent=2) + "\n"


__all__ = [
    "render",
]
