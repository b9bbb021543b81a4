"""Canonical JSON: the same pack always gives the same bytes."""

from __future__ import annotations

import json

from ..models.pack import Pack


def render(pack: Pack) -> str:
    return json.dumps(pack.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
