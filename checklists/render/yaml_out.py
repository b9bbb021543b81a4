"""YAML, for people who read packs in an editor."""

from __future__ import annotations

import yaml

from ..models.pack import Pack

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it: the same bytes as the pure-Python one (a test compares
them), several times faster (docs/performance.md)."""


def dump(data: object) -> str:
    """``data`` (JSON-like) as YAML, keys in their order, Chinese as it is."""
    text: str = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    return text


def render(pack: Pack) -> str:
    return dump(pack.model_dump(mode="json"))


__all__ = [
    "dump",
    "render",
]
