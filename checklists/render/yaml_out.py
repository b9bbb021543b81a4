"""YAML, for people who read packs in an editor."""

from __future__ import annotations

import yaml

from ..models.pack import Pack


def render(pack: Pack) -> str:
    return yaml.safe_dump(
        pack.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=100
    )
