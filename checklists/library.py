"""The library: layers merged in order, references checked, indexed for resolving.

Layers are merged from the built-in one up. A later layer may add a definition, replace
one of the same id (``replace: true``), or patch or remove an item (``changes/``); each such
override is recorded. Duplicate ids within a layer, dangling references and cycles are
errors naming both places. A :class:`Library` is immutable once built and may be shared
between threads.
"""

import fnmatch
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from . import _resources
from ._lru import RecentlyUsed
from ._version import __version__
from .conditions import conjoin, walk
from .errors import ArgumentError, ChecklistsError, LinkError, LoadError, Location, Problem, SchemaError, closest
from .layers import LayerDocs, Source, read_layer
from .models.common import KINDS, Condition, Kind
from .models.inputs import Round, Unit
from .models.library import (
    AnyItemSpec,
    Department,
    Material,
    PolicyItemSpec,
    ProblemItemSpec,
    ProgramSpec,
    SectionSpec,
    Selection,
    SignalTopic,
    SupervisionInfoItemSpec,
    ThemeSpec,
    UnitTypeSpec,
)
from .params import TemplateError
from .params import names as param_names
from .validate import build_unchecked, field_name
from .yamlio import JsonPath

if TYPE_CHECKING:
    from .explain import Explanation
    from .models.layer_files import Change, ProfileSpec
    from .models.pack import Pack

T = TypeVar("T")


class Origin(NamedTuple):
    """Where a definition stands: its layer, file (relative to the layer) and place."""

    layer: str
    rel: str
    location: Location

    @classmethod
    def of(cls, source: Source[Any], path: JsonPath = ()) -> "Origin":
        return cls(source.layer, source.rel, source.doc.location(path))

    def __str__(self) -> str:
        return str(self.location)


class Defined(NamedTuple, Generic[T]):
    """A definition and where it stands."""

    value: T
    origin: Origin


class LibraryItem(NamedTuple):
    """An item as the library holds it, with its fragment's defaults applied."""

    spec: AnyItemSpec
    kind: Kind
    group: str
    section: str
    when: Condition | None
    programs: tuple[str, ...]
    origin: Origin
    order: tuple[int, str, int]
    patched_by: tuple[Origin, ...] = ()
    replaced: Origin | None = None
    patched_at: tuple[tuple[str, Origin], ...] = ()
    """For each field a layer's patch set, where that patch set it (the last patch wins)."""

    @property
    def id(self) -> str:
        return self.spec.id

    def origin_of(self, fieldname: str) -> Origin:
        """Where the value of ``fieldname`` (e.g. ``basis``, ``when.types``) was written: the patch
        that last set it, or the item's own definition."""
        top = fieldname.split(".", 1)[0].split("[", 1)[0]
        for name, origin in reversed(self.patched_at):
            if name == top:
                return origin
        return self.origin


class Override(NamedTuple):
    """A change a later layer made to an earlier definition."""

    op: str  # "replace", "patch" or "remove"
    target: str
    what: str
    origin: Origin
    previous: Origin | None


class ResolvedProfile(NamedTuple):
    """A profile with its ``extends`` chain merged."""

    id: str
    chain: tuple[str, ...]
    sections: Mapping[Kind, tuple[SectionSpec, ...]]
    include: Selection
    exclude: Selection
    params: Mapping[str, Any]


class LayerInfo(NamedTuple):
    name: str
    version: str
    root: Path
    digest: str


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


# =========================================================================== loading


def builtin_path() -> Path:
    """The folder of the built-in library."""
    return _resources.data_dir("library")


def load_library(*paths: str | Path, builtin: bool = True, cache: bool | str | Path = True) -> Library:
    """Load the built-in library and the layers at ``paths`` over it, in that order.

    ``cache``: True keeps loaded libraries in the default cache folder (see
    :mod:`checklists.cache`), a path keeps them there, False reads every file afresh. A cached
    library is used only when every layer file is byte for byte what it was loaded from.
    """
    for p in paths:
        if not isinstance(p, str | PathLike):
            raise ArgumentError(Problem(Location("<library>"), f"a library layer is the path of a folder, "
                                        f"not {'None' if p is None else type(p).__name__}",
                                        hint="pass folder paths, e.g. load_library('my-office-library')",
                                            code="argument.library"))
    roots = ([builtin_path()] if builtin else []) + [Path(p) for p in paths]
    if not roots:
        raise LinkError(Problem(Location("<library>"), "no library layers given", code="load.no-layers"))
    if cache is False:
        return _load(roots)
    from .cache import cached_load, default_dir

    folder = default_dir() if cache is True else Path(cache)
    return cached_load(roots, folder, lambda: _load(roots))


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
                    f"two layers are named '{layer.name}' (the other is {names[layer.name]})",
                    hint="give each layer its own name in its library.yaml",
                code="layer.duplicate-name")
            )
        names[layer.name] = layer.root
    if problems:
        raise LinkError(problems)
    return _Builder(layers).build()


class _Builder:
    """Merges layers in order and checks everything that spans documents."""

    def __init__(self, layers: Sequence[LayerDocs]) -> None:
        self.layers = layers
        self.problems: list[Problem] = []
        self.overrides: list[Override] = []
        self.removed: dict[str, Origin] = {}
        self.items: dict[str, LibraryItem] = {}
        self.unit_types: dict[str, Defined[UnitTypeSpec]] = {}
        self.profile_specs: dict[str, Defined[ProfileSpec]] = {}
        self.extends_at: dict[str, Location] = {}
        self.programs: dict[str, Defined[ProgramSpec]] = {}
        self.themes: dict[str, Defined[ThemeSpec]] = {}
        self.departments: dict[str, Defined[Department]] = {}
        self.materials: dict[str, Defined[Material]] = {}
        self.signal_topics: dict[str, Defined[SignalTopic]] = {}

    # ------------------------------------------------------------------ merge

    def build(self) -> Library:
        for layer in self.layers:
            self._merge_layer(layer)
        if self.problems:
            raise LinkError(self.problems)
        profiles = self._resolve_profiles()
        groups = self._groups()
        versions = self._policy_versions()
        self._check_references(profiles, groups)
        if self.problems:
            raise LinkError(sorted(set(self.problems), key=_problem_key))
        digest = hashlib.sha256(
            "\n".join([__version__, *(f"{layer.name}:{layer.digest}" for layer in self.layers)]).encode()
        ).hexdigest()
        return Library(
            layers=tuple(LayerInfo(ly.name, ly.version, ly.root, ly.digest) for ly in self.layers),
            items=MappingProxyType(self.items),
            unit_types=MappingProxyType(self.unit_types),
            profiles=MappingProxyType(profiles),
            programs=MappingProxyType(self.programs),
            themes=MappingProxyType(self.themes),
            departments=MappingProxyType(self.departments),
            materials=MappingProxyType(self.materials),
            signal_topics=MappingProxyType(self.signal_topics),
            overrides=tuple(self.overrides),
            removed=MappingProxyType(self.removed),
            groups=MappingProxyType(groups),
            policy_versions=MappingProxyType(versions),
            digest=digest,
        )

    def _merge_layer(self, layer: LayerDocs) -> None:
        for src in layer.catalogs:
            for name, table in (
                ("departments", self.departments),
                ("materials", self.materials),
                ("signal_topics", self.signal_topics),
            ):
                entries: tuple[Any, ...] = getattr(src.model, name)
                for i, entry in enumerate(entries):
                    self._define(table, entry.id, entry, Origin.of(src, (name, i)),
                                 entry.replace, name[:-1].replace("_", " "), layer.position)
        definitions: list[tuple[tuple[Source[Any], ...], dict[str, Defined[Any]], str]] = [
            (layer.unit_types, self.unit_types, "unit type"),
            (layer.profiles, self.profile_specs, "profile"),
            (layer.programs, self.programs, "program"),
            (layer.themes, self.themes, "theme"),
        ]
        for sources, table, what in definitions:
            for source in sources:
                model = source.model
                self._define(table, model.id, model, Origin.of(source, ("id",)), model.replace, what,
                             layer.position)
        for profile in layer.profiles:  # where each profile in force names its parent, for errors about it
            defined = self.profile_specs.get(profile.model.id)
            if defined is not None and defined.value is profile.model and profile.model.extends is not None:
                self.extends_at[profile.model.id] = Origin.of(profile, ("extends",)).location
        for fragment_source in layer.fragments:
            fragment = fragment_source.model
            for i, spec in enumerate(fragment.items):
                self._add_item(fragment_source, fragment, i, spec, layer.position)
        for change_source in layer.changes:
            for i, change in enumerate(change_source.model.changes):
                self._apply_change(change_source, i, change)

    def _define(
        self,
        table: dict[str, Defined[Any]],
        key: str,
        value: Any,
        origin: Origin,
        replace: bool,
        what: str,
        layer_index: int,
    ) -> None:
        existing = table.get(key)
        if existing is None:
            if replace:
                self.problems.append(
                    Problem(origin.location, f"{what} '{key}' replaces nothing: no earlier layer defines it",
                            field="replace", hint="remove 'replace: true'", code="ref.replaces-nothing")
                )
            table[key] = Defined(value, origin)
            return
        same_layer = self._layer_index(existing.origin) == layer_index
        if same_layer or not replace:
            hint = (
                "give one of them another id"
                if same_layer
                else "set 'replace: true' to replace it in this layer, or choose another id"
            )
            self.problems.append(
                Problem(origin.location, f"duplicate {what} id '{key}'", field="id", hint=hint,
                        related=existing.origin.location, code="ref.duplicate-id")
            )
            return
        self.overrides.append(Override("replace", key, what, origin, existing.origin))
        table[key] = Defined(value, origin)

    def _layer_index(self, origin: Origin) -> int:
        for layer in self.layers:
            if layer.name == origin.layer:
                return layer.position
        return -1

    def _add_item(self, src: Source[Any], fragment: Any, i: int, spec: AnyItemSpec,
                  layer_index: int) -> None:
        origin = Origin.of(src, ("items", i))
        section = spec.section or fragment.section
        if section is None:
            self.problems.append(
                Problem(origin.location, f"item '{spec.id}' has no section",
                        field=field_name(("items", i, "section")),
                        hint="set 'section:' on the item or on the fragment", code="schema.no-section")
            )
            return
        item = LibraryItem(
            spec=spec,
            kind=fragment.kind,
            group=fragment.group,
            section=section,
            when=conjoin(fragment.when, spec.when),
            programs=spec.programs if spec.programs is not None else fragment.programs,
            origin=origin,
            order=(layer_index, src.rel, i),
        )
        existing = self.items.get(spec.id)
        if spec.id in self.removed and existing is None:
            self.removed.pop(spec.id)
        if existing is None:
            if spec.replace:
                self.problems.append(
                    Problem(origin.location, f"item '{spec.id}' replaces nothing: no earlier layer defines it",
                            field="replace", hint="remove 'replace: true'", code="ref.replaces-nothing")
                )
            self.items[spec.id] = item
            return
        same_layer = existing.order[0] == layer_index
        if same_layer or not spec.replace:
            hint = ("give one of them another id" if same_layer else
                    "set 'replace: true' on the item to replace it, or choose another id")
            self.problems.append(
                Problem(origin.location, f"duplicate item id '{spec.id}'", field=field_name(("items", i, "id")),
                        hint=hint, related=existing.origin.location, code="ref.duplicate-id")
            )
            return
        if existing.kind != item.kind:
            self.problems.append(
                Problem(origin.location, f"item '{spec.id}' is a {existing.kind} item; it cannot be "
                        f"replaced by a {item.kind} item", related=existing.origin.location, code="ref.kind-mismatch")
            )
            return
        self.overrides.append(Override("replace", spec.id, "item", origin, existing.origin))
        self.items[spec.id] = item._replace(replaced=existing.origin)

    def _apply_change(self, src: Source[Any], i: int, change: "Change") -> None:
        origin = Origin.of(src, ("changes", i))
        target = self.items.get(change.item)
        if target is None:
            if change.item in self.removed:
                done = {"patch": "patched", "remove": "removed"}.get(change.op, change.op)
                message = (f"item '{change.item}' was removed by {self.removed[change.item]}; "
                           f"it cannot be {done} here")
                self.problems.append(Problem(origin.location, message, field="item",
                                             hint=f"drop this {change.op}, or define the item again in this "
                                                  "layer to bring it back",
                                             related=self.removed[change.item].location, code="change.removed-item"))
            else:
                close = closest(change.item, list(self.items))
                self.problems.append(
                    Problem(origin.location, f"no item '{change.item}' to {change.op}", field="item",
                            hint=f"did you mean '{close}'?" if close else "check the id", code="change.unknown-item")
                )
            return
        if change.op == "remove":
            if change.set:
                self.problems.append(Problem(origin.location, "'set' is only for op: patch", field="set",
                    code="change.set-on-remove"))
                return
            del self.items[change.item]
            self.removed[change.item] = origin
            self.overrides.append(Override("remove", change.item, "item", origin, target.origin))
            return
        if not change.set:
            self.problems.append(Problem(origin.location, "a patch needs 'set' with the fields to change",
                                         field="set", code="change.no-set"))
            return
        if "id" in change.set:
            self.problems.append(Problem(src.doc.location(("changes", i, "set", "id"), key=True),
                                         "a patch cannot change an item's id", field="set.id", code="change.set-id"))
            return
        data = target.spec.model_dump(by_alias=True, exclude_defaults=True)
        section_override = change.set.get("section")
        data.update(change.set)
        try:
            spec = build_unchecked(src.doc, data, type(target.spec), ("changes", i, "set"))
        except SchemaError as exc:
            self.problems.extend(exc.problems)
            return
        self.overrides.append(Override("patch", change.item, "item", origin, target.origin))
        self.items[change.item] = target._replace(
            spec=spec,
            section=section_override or target.section,
            when=spec.when if "when" in change.set else target.when,
            programs=spec.programs if "programs" in change.set and spec.programs else target.programs,
            patched_by=(*target.patched_by, origin),
            patched_at=(*target.patched_at, *((key, Origin.of(src, ("changes", i, "set", key)))
                                              for key in change.set)),
        )

    # ------------------------------------------------------------------ profiles

    def _resolve_profiles(self) -> dict[str, ResolvedProfile]:
        resolved: dict[str, ResolvedProfile] = {}
        for pid in self.profile_specs:
            chain = self._chain(pid)
            if chain is None:
                continue
            specs = [self.profile_specs[p].value for p in reversed(chain)]
            sections: dict[Kind, list[SectionSpec]] = {k: [] for k in KINDS}
            params: dict[str, Any] = {}
            include = Selection()
            exclude = Selection()
            for spec in specs:
                for kind, secs in spec.sections.items():
                    current = sections[kind]
                    for sec in secs:
                        at = next((j for j, s in enumerate(current) if s.id == sec.id), None)
                        if at is None:
                            current.append(sec)
                        else:
                            current[at] = sec
                include = Selection(groups=(*include.groups, *spec.include.groups),
                                    items=(*include.items, *spec.include.items))
                exclude = Selection(groups=(*exclude.groups, *spec.exclude.groups),
                                    items=(*exclude.items, *spec.exclude.items))
                params.update(spec.params)
            resolved[pid] = ResolvedProfile(
                id=pid,
                chain=tuple(chain),
                sections=MappingProxyType({k: tuple(v) for k, v in sections.items()}),
                include=include,
                exclude=exclude,
                params=MappingProxyType(params),
            )
        return resolved

    def _chain(self, pid: str) -> list[str] | None:
        chain = [pid]
        while True:
            spec = self.profile_specs[chain[-1]]
            parent = spec.value.extends
            if parent is None:
                return chain
            where = self.extends_at.get(spec.value.id, spec.origin.location)
            if parent not in self.profile_specs:
                close = closest(parent, list(self.profile_specs))
                self.problems.append(
                    Problem(where, f"profile '{spec.value.id}' extends unknown profile "
                            f"'{parent}'", field="extends",
                            hint=f"did you mean '{close}'?" if close else "define it or remove 'extends'",
                                code="ref.unknown-profile")
                )
                return None
            if parent in chain:
                members = chain[chain.index(parent):]
                if pid == min(members) and pid in members:
                    cycle = " -> ".join([*members, parent])
                    self.problems.append(
                        Problem(where, f"profiles extend each other in a cycle: {cycle}",
                                field="extends", hint="break the cycle by removing one 'extends'",
                                related=self.profile_specs[parent].origin.location, code="ref.extends-cycle")
                    )
                return None
            chain.append(parent)

    # ------------------------------------------------------------------ index

    def _groups(self) -> dict[str, tuple[str, ...]]:
        groups: dict[str, list[str]] = {}
        for item in sorted(self.items.values(), key=lambda it: it.order):
            groups.setdefault(item.group, []).append(item.id)
        return {g: tuple(ids) for g, ids in sorted(groups.items())}

    def _policy_versions(self) -> dict[str, tuple[str, ...]]:
        """For every policy item, the ids of all versions of its document, oldest first."""
        successor: dict[str, str] = {}
        for item in self.items.values():
            if isinstance(item.spec, PolicyItemSpec) and item.spec.citation.superseded_by:
                nxt = item.spec.citation.superseded_by
                if nxt in self.items:
                    successor[item.id] = nxt
        back = {newer: older for older, newer in successor.items()}
        versions: dict[str, tuple[str, ...]] = {}
        for item in self.items.values():
            if item.kind != "policy" or item.id in successor:
                continue  # only the newest version starts a chain
            chain = [item.id]
            while chain[0] in back and back[chain[0]] not in chain:
                chain.insert(0, back[chain[0]])
            for vid in chain:
                versions[vid] = tuple(chain)
        for item in self.items.values():
            if item.kind == "policy" and item.id not in versions:
                self.problems.append(
                    Problem(item.origin.location, f"policy '{item.id}' is part of a superseded_by cycle",
                            field="citation.superseded_by", code="ref.superseded-cycle")
                )
        return versions

    # ------------------------------------------------------------------ references

    def _check_references(self, profiles: Mapping[str, ResolvedProfile],
                          groups: Mapping[str, tuple[str, ...]]) -> None:
        add = self.problems.append
        unit_types = self.unit_types
        subtypes = {s.id for t in unit_types.values() for s in t.value.subtypes}
        attributes = {a for t in unit_types.values() for a in t.value.attributes}

        def ref(origin: Origin, fieldname: str, value: str, table: Mapping[str, Any], what: str) -> None:
            if value in table:
                return
            close = closest(value, list(table))
            hint = f"did you mean '{close}'?" if close else f"define the {what} or fix the id"
            if value in self.removed:
                hint = f"it was removed by {self.removed[value]}"
            add(Problem(origin.location, f"unknown {what} '{value}'", field=fieldname, hint=hint,
                        code="ref.unknown-" + what.split(" of ")[0].replace(" ", "-")))

        def check_condition(origin: Origin, fieldname: str, cond: Condition | None) -> None:
            for c in walk(cond):
                for t in c.types or ():
                    ref(origin, f"{fieldname}.types", t, unit_types, "unit type")
                for s in c.subtypes or ():
                    if s not in subtypes:
                        ref(origin, f"{fieldname}.subtypes", s, dict.fromkeys(subtypes), "subtype")
                for a in c.attributes or {}:
                    if a not in attributes:
                        ref(origin, f"{fieldname}.attributes", a, dict.fromkeys(attributes), "attribute")
                for s in c.signals or ():
                    ref(origin, f"{fieldname}.signals", s, self.signal_topics, "signal topic")
                for th in c.themes or ():
                    ref(origin, f"{fieldname}.themes", th, self.themes, "theme")

        def check_selection(origin: Origin, fieldname: str, sel: Selection) -> None:
            for pattern in sel.groups:
                if not any(fnmatch.fnmatchcase(g, pattern) for g in groups):
                    close = closest(pattern, list(groups))
                    add(Problem(origin.location, f"group pattern '{pattern}' matches no group",
                                field=f"{fieldname}.groups",
                                hint=f"did you mean '{close}'?" if close else "check the group names",
                                    code="ref.pattern-matches-nothing"))
            for item_id in sel.items:
                if fieldname == "exclude" and item_id in self.removed:
                    continue  # excluding an item a layer removed changes nothing
                ref(origin, f"{fieldname}.items", item_id, self.items, "item")

        for item in self.items.values():
            spec, at = item.spec, item.origin_of  # a patched field is reported where the patch set it
            for fieldname, text in _texts(spec):
                for code, message, hint in _text_problems(text):
                    add(Problem(at(fieldname).location, f"item '{spec.id}': {message}", field=fieldname, hint=hint,
                                code=code))
            check_condition(at("when"), "when", item.when)
            for p in item.programs:
                ref(at("programs"), "programs", p, self.programs, "program")
            for s in spec.signals:
                ref(at("signals"), "signals", s, self.signal_topics, "signal topic")
            if isinstance(spec, ProblemItemSpec):
                for b in spec.basis:
                    target = self.items.get(b)
                    if target is None:
                        ref(at("basis"), "basis", b, {k: v for k, v in self.items.items() if v.kind == "policy"},
                            "policy item")
                    elif target.kind != "policy":
                        add(Problem(at("basis").location, f"basis '{b}' is a {target.kind} item, not a policy item",
                                    field="basis", related=target.origin.location, code="ref.basis-not-policy"))
                for m in spec.materials:
                    ref(at("materials"), "materials", m, self.materials, "material")
                if spec.template and spec.signals:
                    add(Problem(at("signals").location, "a template item cannot be raised by signals",
                                field="signals", code="schema.template-with-signals"))
            if isinstance(spec, SupervisionInfoItemSpec):
                ref(at("department"), "department", spec.department, self.departments, "department")
            if isinstance(spec, PolicyItemSpec):
                nxt = spec.citation.superseded_by
                if nxt is not None:
                    target = self.items.get(nxt)
                    if target is None or target.kind != "policy":
                        ref(at("citation"), "citation.superseded_by", nxt,
                            {k: v for k, v in self.items.items() if v.kind == "policy"}, "policy item")
        for topic in self.signal_topics.values():
            if topic.value.department:
                ref(topic.origin, "department", topic.value.department, self.departments, "department")
        for ut in unit_types.values():
            pid = ut.value.profile or ut.value.id
            ref(ut.origin, "profile", pid, self.profile_specs, "profile")
            for sub in ut.value.subtypes:
                for rule in sub.rules:
                    for c in walk(rule):
                        for a in c.attributes or {}:
                            if a not in ut.value.attributes:
                                ref(ut.origin, f"subtypes.{sub.id}.rules.attributes", a,
                                    ut.value.attributes, "attribute of this unit type")
            seen: set[str] = set()
            for sub in ut.value.subtypes:
                if sub.id in seen:
                    add(Problem(ut.origin.location, f"duplicate subtype '{sub.id}'", field="subtypes",
                        code="schema.duplicate-subtype"))
                seen.add(sub.id)
        for pdef in self.profile_specs.values():
            check_selection(pdef.origin, "include", pdef.value.include)
            check_selection(pdef.origin, "exclude", pdef.value.exclude)
        for prog in self.programs.values():
            check_condition(prog.origin, "applies_to", prog.value.applies_to)
            check_selection(prog.origin, "include", prog.value.include)
        for theme in self.themes.values():
            check_selection(theme.origin, "include", theme.value.include)
        self._check_sections(profiles, groups)

    def _check_sections(self, profiles: Mapping[str, ResolvedProfile],
                        groups: Mapping[str, tuple[str, ...]]) -> None:
        """Each profile's sections nest at most two deep, and every item a unit type can
        reach has its section in that type's profile."""
        for profile in profiles.values():
            origin = self.profile_specs[profile.id].origin
            for kind, secs in profile.sections.items():
                ids = {s.id: s for s in secs}
                for s in secs:
                    if s.parent is None:
                        continue
                    parent = ids.get(s.parent)
                    if parent is None:
                        self.problems.append(Problem(origin.location, f"section '{s.id}' has unknown parent "
                                                     f"'{s.parent}' in {kind}", field=f"sections.{kind}",
                                                         code="profile.unknown-parent-section"))
                    elif parent.parent is not None:
                        self.problems.append(Problem(origin.location, f"section '{s.id}' nests under "
                                                     f"'{s.parent}', which is itself nested; two levels at most",
                                                     field=f"sections.{kind}", code="profile.section-too-deep"))
        # Items reached through programs and themes are checked when a round uses them
        # (resolve.compose), since a program need not fit every unit type's profile.
        for ut in self.unit_types.values():
            found = profiles.get(ut.value.profile or ut.value.id)
            if found is None:
                continue
            profile = found
            patterns = profile.include.groups
            item_ids = {i for g, ids in groups.items() if any(fnmatch.fnmatchcase(g, p) for p in patterns)
                        for i in ids}
            item_ids |= set(profile.include.items)
            for item_id in sorted(item_ids):
                item = self.items.get(item_id)
                if item is None or not may_apply(item.when, ut.value.id):
                    continue
                if not any(s.id == item.section for s in profile.sections.get(item.kind, ())):
                    self.problems.append(
                        Problem(item.origin_of("section").location,
                                f"section '{item.section}' of {item.kind} item '{item.id}' is not defined in "
                                f"profile '{profile.id}' (used by unit type '{ut.value.id}')",
                                field="section",
                                hint=f"add the section to profile '{profile.id}' or choose one of: "
                                + ", ".join(s.id for s in profile.sections.get(item.kind, ())),
                                    code="profile.unknown-section")
                    )


_CJK_GAP = r"([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
"""Spaces between two Chinese characters. A pattern, not a compiled regex: ``re`` compiles it
when a library is first parsed, not when this module is imported (a cached load never needs it)."""


def _texts(spec: AnyItemSpec) -> list[tuple[str, str]]:
    texts = [("text", spec.text)]
    if isinstance(spec, SupervisionInfoItemSpec) and spec.period:
        texts.append(("period", spec.period))
    return texts


def _text_problems(text: str) -> list[tuple[str, str, str]]:
    """Problems (code, message, hint) of a text an author wrote: template syntax, and spaces
    between Chinese characters (left by YAML line folding)."""
    found = []
    try:
        list(param_names(text))
    except TemplateError as exc:
        found.append(("text.template", exc.message, exc.hint))
    gap = re.search(_CJK_GAP, text)
    if gap:
        found.append(("text.space-between-characters", f"a space stands between Chinese characters: '{gap.group(0)}'",
                      "write the text on one line; YAML turns a line break in a folded text into a space"))
    return found


def may_apply(cond: Condition | None, unit_type: str) -> bool:
    """False only when ``cond`` plainly names other unit types."""
    if cond is None:
        return True
    if cond.types is not None and unit_type not in cond.types:
        return False
    return all(may_apply(c, unit_type) for c in cond.all or ())


def _problem_key(p: Problem) -> tuple[str, int, int, str]:
    return (p.location.file, p.location.line, p.location.column, p.message)
