"""YAML, for people who read packs in an editor."""

from __future__ import annotations

import yaml

from ..models.pack import Pack

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it: the same bytes as the pure-Python one (a test compares
them), several times faster (docs/performance.md)."""


def render(pack: Pack) -> str:
    text: str = yaml.dump(pack.model_dump(mode="json"), Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                          width=100)
    return text


__all__ = [
    "render",
]
