"""What a revised or superseded document touches: the items that rest on it, the unit types whose
profiles reach them, and the packs already written that cite it and were made by another library.

A document is named by the id of any of its versions; every version of it counts (a problem item's
basis names one version and the pack cites whichever is in force on the round's date). Unit types
are found from their profiles (the groups and items they include and exclude, and an item's own
``types`` condition); a theme or a program a round carries may add an item to other types too.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ._context import chinese_wording
from .conditions import describe
from .diff import read_packs
from .errors import ArgumentError, Location, Problem, closest
from .i18n import Lang, t
from .library import Library

__all__ = ["Citing", "Impact", "StalePack", "impact", "stale_packs"]


class Citing(NamedTuple):
    """An item whose basis names a version of the document."""

    item: str
    kind: str
    group: str
    condition: str  # the item's own condition, in words (of the language impact() was asked for)
    unit_types: tuple[str, ...]  # the unit types whose profiles reach it


class Impact(NamedTuple):
    """The document's versions (oldest first) and the items that rest on them."""

    policy: str
    title: str
    versions: tuple[str, ...]
    citing: tuple[Citing, ...]

    @property
    def unit_types(self) -> tuple[str, ...]:
        return tuple(sorted({t for c in self.citing for t in c.unit_types}))


class StalePack(NamedTuple):
    """A pack written earlier that cites the document and was made by a library other than this one."""

    file: str
    unit: str
    name: str
    cites: tuple[str, ...]  # the versions it cites
    made_by: str  # the layers (name-version) it was made by


def impact(lib: Library, policy_id: str, lang: Lang = "en") -> Impact:
    """The items of ``lib`` that rest on any version of the document ``policy_id`` names; their
    conditions in words of ``lang`` (in Chinese with the library's labels for ids)."""
    item = lib.items.get(policy_id)
    if item is None or item.kind != "policy":
        close = closest(policy_id, [i for i, it in lib.items.items() if it.kind == "policy"])
        raise ArgumentError(Problem(Location("--policy"), t("no policy item '{id}'", id=policy_id),
                                    hint=t("did you mean '{close}'?", close=close) if close else
                                    t("give the id of a policy item (checklists explain shows the ids in a pack)"),
                                    code="impact.unknown-policy"))
    versions = lib.policy_versions.get(policy_id, (policy_id,))
    citing = []
    for other in lib.items.values():
        basis = getattr(other.spec, "basis", ())
        if not set(basis) & set(versions):
            continue
        condition = describe(other.when, chinese_wording(lib)) if lang == "zh" else describe(other.when)
        citing.append(Citing(other.id, other.kind, other.group, condition,
                             lib.unit_types_reaching(other.id)))
    title = getattr(item.spec, "citation", None)
    return Impact(policy_id, title.title if title is not None else "", versions, tuple(citing))


def stale_packs(lib: Library, found: Impact, folder: Path) -> list[StalePack]:
    """The packs in ``folder`` (``generate --format json``) that cite a version of the document and
    were made by other layers than ``lib``'s (another library version or an edited layer)."""
    current = {(layer.name, layer.digest) for layer in lib.layers}
    stale = []
    for path, data in read_packs(folder):
        unit, policies = data["unit"], data["policy"]["items"]
        layers = [layer for layer in data.get("layers") or () if isinstance(layer, dict)]
        made = {(layer.get("name"), layer.get("digest")) for layer in layers}
        cites = tuple(p["id"] for p in policies if isinstance(p, dict) and p.get("id") in found.versions)
        if cites and made != current:
            stale.append(StalePack(path.name, str(unit.get("id")), str(unit.get("name")), cites,
                                   "+".join(f"{layer.get('name')}-{layer.get('version')}" for layer in layers)))
    return stale
