"""The library: layers merged in order, references checked, indexed for resolving.

Layers are merged from the built-in one up. A later layer may add a definition, replace
one of the same id (``replace: true``), or patch or remove an item (``changes/``); each such
override is recorded. Duplicate ids within a layer, dangling references and cycles are
errors naming both places. A :class:`Library` is immutable once built and may be shared
between threads.
"""

import fnmatch
from collections.abc import Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _resources
from ._build import Builder
from ._checks import may_apply
from ._layer_files import LayerDocs, read_layer
from ._lru import RecentlyUsed
from ._records import Defined, LayerInfo, LibraryItem, Origin, Override, ResolvedProfile
from .errors import ArgumentError, ChecklistsError, LinkError, LoadError, Location, Problem, SchemaError
from .i18n import t
from .models.inputs import Round, Unit
from .models.library import (
    Department,
    Material,
    ProgramSpec,
    SignalTopic,
    ThemeSpec,
    UnitTypeSpec,
)

if TYPE_CHECKING:
    from .explain import Explanation
    from .models.pack import Pack

PLANS_KEPT = 64
"""Plans (and the small things worked out with them) a library keeps: one per profile, round
programs, mode, theme and date in use, so a few per round. Enough for every unit type of several
rounds at once; a host that composes for thousands of distinct rounds keeps no more."""


class Library:
    """A loaded, checked and indexed library. Immutable; safe to share between threads.

    ``copy.copy(library)`` gives the same library with nothing worked out yet (no plans).
    """

    # A class with slots rather than a frozen dataclass, which costs far more to define, at every
    # start of the CLI (docs/performance.md).
    __slots__ = ("_plans", "departments", "digest", "groups", "items", "layers", "materials", "overrides",
                 "policy_versions", "profiles", "programs", "removed", "signal_topics", "themes", "unit_types")

    layers: tuple[LayerInfo, ...]
    items: Mapping[str, LibraryItem]
    unit_types: Mapping[str, Defined[UnitTypeSpec]]
    profiles: Mapping[str, ResolvedProfile]
    programs: Mapping[str, Defined[ProgramSpec]]
    themes: Mapping[str, Defined[ThemeSpec]]
    departments: Mapping[str, Defined[Department]]
    materials: Mapping[str, Defined[Material]]
    signal_topics: Mapping[str, Defined[SignalTopic]]
    overrides: tuple[Override, ...]
    removed: Mapping[str, Origin]
    groups: Mapping[str, tuple[str, ...]]
    policy_versions: Mapping[str, tuple[str, ...]]
    digest: str
    _plans: RecentlyUsed
    """Selection plans worked out so far (see ``resolve``), the most recently used ``PLANS_KEPT``
    of them: derived from the fields above. A plan only ever gains entries, each derived and
    immutable (shared items, filled texts), so sharing it between threads is safe; it is never
    copied or stored in the disk cache."""

    def __init__(
        self,
        *,
        layers: tuple[LayerInfo, ...],
        items: Mapping[str, LibraryItem],
        unit_types: Mapping[str, Defined[UnitTypeSpec]],
        profiles: Mapping[str, ResolvedProfile],
        programs: Mapping[str, Defined[ProgramSpec]],
        themes: Mapping[str, Defined[ThemeSpec]],
        departments: Mapping[str, Defined[Department]],
        materials: Mapping[str, Defined[Material]],
        signal_topics: Mapping[str, Defined[SignalTopic]],
        overrides: tuple[Override, ...],
        removed: Mapping[str, Origin],
        groups: Mapping[str, tuple[str, ...]],
        policy_versions: Mapping[str, tuple[str, ...]],
        digest: str = "",
    ) -> None:
        self.__setstate__({
            "layers": layers, "items": items, "unit_types": unit_types, "profiles": profiles,
            "programs": programs, "themes": themes, "departments": departments, "materials": materials,
            "signal_topics": signal_topics, "overrides": overrides, "removed": removed, "groups": groups,
            "policy_versions": policy_versions, "digest": digest,
        })

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__ if name != "_plans"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_plans", RecentlyUsed(PLANS_KEPT))  # worked out again as needed

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Library is immutable: cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Library is immutable: cannot delete '{name}'")

    def __repr__(self) -> str:
        return f"<Library {self.version} digest={self.digest[:12]} items={len(self.items)}>"

    # ------------------------------------------------------------------ public API

    def generate(
        self, unit: Unit | Mapping[str, Any], round: Round | Mapping[str, Any]
    ) -> "Pack":
        """Compose the pack of four checklists for ``unit`` in ``round``."""
        from .resolve import generate

        return generate(self, unit, round)

    def generate_round(
        self, round: Round | Mapping[str, Any] | str | Path, workers: int = 1
    ) -> "list[Pack]":
        """Compose a pack for every unit of ``round`` (a model, a mapping or a YAML file),
        in the round's order. ``workers`` > 1 composes them on that many threads where threads run
        at once (a free-threaded interpreter with its GIL off), and on this thread under a GIL,
        where threads only take turns (see ``resolve.threads_run_at_once``)."""
        from .resolve import generate_round

        return generate_round(self, round, workers)

    def iter_round(self, round: Round | Mapping[str, Any] | str | Path) -> "Iterator[Pack]":
        """The packs of ``round``'s units one at a time, in the round's order, for a caller that
        writes each pack out and keeps none: the round's packs are never all in memory. The
        round is read and checked when this is called, before the first pack."""
        from .resolve import iter_round

        return iter_round(self, round)

    def explain(
        self,
        unit: Unit | Mapping[str, Any],
        round: Round | Mapping[str, Any],
        item: str | None = None,
    ) -> "Explanation":
        """Why each item is in, or not in, the pack of ``unit`` in ``round``."""
        from .explain import explain

        return explain(self, unit, round, item)

    def lint(self) -> list[Problem]:
        """Quality problems: near-identical texts, orphan policies, a document cited twice,
        unused catalog entries, superseded versions with no end date."""
        from .lint import lint

        return lint(self)

    @property
    def version(self) -> str:
        """The library version: every layer's name and version."""
        return "+".join(f"{layer.name}-{layer.version}" for layer in self.layers)

    def items_in_groups(self, patterns: Iterable[str]) -> list[str]:
        """Ids of the items in the groups matching any of ``patterns``, in library order."""
        seen: dict[str, None] = {}
        for group in self.matching_groups(patterns):
            for item_id in self.groups[group]:
                seen[item_id] = None
        return sorted(seen, key=lambda i: self.items[i].order)

    def matching_groups(self, patterns: Iterable[str]) -> list[str]:
        pats = tuple(patterns)
        return [g for g in self.groups if any(fnmatch.fnmatchcase(g, p) for p in pats)]

    def unit_types_reaching(self, item_id: str) -> tuple[str, ...]:
        """The unit types whose profiles include the item (by its group or id) and do not exclude
        it, and whose type its own condition does not plainly rule out. A theme or a program a
        round carries may add it to other types too."""
        item = self.items[item_id]
        reached = []
        for type_id, defined in self.unit_types.items():
            profile = self.profiles.get(defined.value.profile or type_id)
            if profile is None or not may_apply(item.when, type_id):
                continue
            included = item_id in profile.include.items or any(fnmatch.fnmatchcase(item.group, g)
                                                               for g in profile.include.groups)
            excluded = item_id in profile.exclude.items or any(fnmatch.fnmatchcase(item.group, g)
                                                               for g in profile.exclude.groups)
            if included and not excluded:
                reached.append(type_id)
        return tuple(reached)


# =========================================================================== loading


def builtin_path() -> Path:
    """The folder of the built-in library."""
    return _resources.data_dir("library")


def load_library(*paths: str | Path, builtin: bool = True, cache: bool | str | Path = True) -> Library:
    """Load the built-in library and the layers at ``paths`` over it, in that order.

    ``cache``: True keeps loaded libraries in the default cache folder (see
    :mod:`checklists._cache`), a path keeps them there, False reads every file afresh. A cached
    library is used only when every layer file is byte for byte what it was loaded from.
    """
    for p in paths:
        if not isinstance(p, str | PathLike):
            raise ArgumentError(Problem(Location("<library>"),
                                        t("a library layer is the path of a folder, not {type}",
                                          type="None" if p is None else type(p).__name__),
                                        hint=t("pass folder paths, e.g. load_library('my-office-library')"),
                                        code="argument.library"))
    roots = ([builtin_path()] if builtin else []) + [Path(p) for p in paths]
    if not roots:
        raise LinkError(Problem(Location("<library>"), t("no library layers given"), code="load.no-layers"))
    if cache is False:
        return _load(roots)
    from ._cache import cached_load, default_dir

    folder = default_dir() if cache is True else Path(cache)
    return cached_load(roots, folder, lambda: _load(roots), Library)


def _load(roots: Sequence[Path]) -> Library:
    problems: list[Problem] = []
    layers: list[LayerDocs] = []
    unreadable = False
    for index, root in enumerate(roots):
        try:
            layers.append(read_layer(root, index))
        except ChecklistsError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, LoadError)
    if problems:
        raise (LoadError if unreadable else SchemaError)(problems)  # a file that cannot be read comes first
    names: dict[str, Path] = {}
    for layer in layers:
        if layer.name in names:
            problems.append(
                Problem(
                    Location(str(layer.root)),
                    t("two layers are named '{name}' (the other is {other})", name=layer.name,
                      other=str(names[layer.name])),
                    hint=t("give each layer its own name in its library.yaml"),
                    code="layer.duplicate-name")
            )
        names[layer.name] = layer.root
    if problems:
        raise LinkError(problems)
    return Library(**Builder(layers).build())


__all__ = [
    "PLANS_KEPT",
    "Defined",
    "LayerInfo",
    "Library",
    "LibraryItem",
    "Origin",
    "Override",
    "ResolvedProfile",
    "builtin_path",
    "load_library",
    "may_apply",
]
