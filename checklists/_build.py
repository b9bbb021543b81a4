"""Merging layers in order: definitions, replacements, patches and removals, profiles with their
``extends`` chains, groups and policy versions; then the checks that span documents (``_checks``).
"""

import hashlib
from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._checks import _problem_key, check_references
from ._documents import build_unchecked, field_name
from ._layer_files import LayerDocs, Source
from ._records import Defined, LayerInfo, LibraryItem, Origin, Override, ResolvedProfile
from ._version import __version__
from .conditions import conjoin
from .errors import LinkError, Location, Problem, SchemaError, closest
from .i18n import t
from .models.common import KINDS, Kind
from .models.library import (
    AnyItemSpec,
    Department,
    Material,
    PolicyItemSpec,
    ProgramSpec,
    SectionSpec,
    Selection,
    SignalTopic,
    ThemeSpec,
    UnitTypeSpec,
)

if TYPE_CHECKING:
    from .models.layer_files import Change, ProfileSpec


def _replaces_nothing(what: str, key: str) -> str:
    return t("{what} '{id}' replaces nothing: no earlier layer defines it", what=what, id=key)


def _duplicate(what: str, key: str) -> str:
    return t("duplicate {what} id '{id}'", what=what, id=key)


class Builder:
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

    def build(self) -> dict[str, Any]:
        """The merged and checked library's fields (``Library(**fields)``); raises with every problem."""
        for layer in self.layers:
            self._merge_layer(layer)
        if self.problems:
            raise LinkError(self.problems)
        profiles = self._resolve_profiles()
        groups = self._groups()
        versions = self._policy_versions()
        check_references(self, profiles, groups)
        if self.problems:
            raise LinkError(sorted(set(self.problems), key=_problem_key))
        digest = hashlib.sha256(
            "\n".join([__version__, *(f"{layer.name}:{layer.digest}" for layer in self.layers)]).encode()
        ).hexdigest()
        return dict(
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
            for name, table, entry_what in (
                ("departments", self.departments, t("department")),
                ("materials", self.materials, t("material")),
                ("signal_topics", self.signal_topics, t("signal topic")),
            ):
                entries: tuple[Any, ...] = getattr(src.model, name)
                for i, entry in enumerate(entries):
                    self._define(table, entry.id, entry, Origin.of(src, (name, i)),
                                 entry.replace, entry_what, layer.position)
        definitions: list[tuple[tuple[Source[Any], ...], dict[str, Defined[Any]], str]] = [
            (layer.unit_types, self.unit_types, t("unit type")),
            (layer.profiles, self.profile_specs, t("profile")),
            (layer.programs, self.programs, t("program")),
            (layer.themes, self.themes, t("theme")),
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
                    Problem(origin.location, _replaces_nothing(what, key), field="replace",
                            hint=t("remove 'replace: true'"), code="ref.replaces-nothing")
                )
            table[key] = Defined(value, origin)
            return
        same_layer = self._layer_index(existing.origin) == layer_index
        if same_layer or not replace:
            hint = (
                t("give one of them another id")
                if same_layer
                else t("set 'replace: true' to replace it in this layer, or choose another id")
            )
            self.problems.append(
                Problem(origin.location, _duplicate(what, key), field="id", hint=hint,
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
                Problem(origin.location, t("item '{id}' has no section", id=spec.id),
                        field=field_name(("items", i, "section")),
                        hint=t("set 'section:' on the item or on the fragment"), code="schema.no-section")
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
                    Problem(origin.location, _replaces_nothing(t("item"), spec.id), field="replace",
                            hint=t("remove 'replace: true'"), code="ref.replaces-nothing")
                )
            self.items[spec.id] = item
            return
        same_layer = existing.order[0] == layer_index
        if same_layer or not spec.replace:
            hint = (t("give one of them another id") if same_layer else
                    t("set 'replace: true' on the item to replace it, or choose another id"))
            self.problems.append(
                Problem(origin.location, _duplicate(t("item"), spec.id), field=field_name(("items", i, "id")),
                        hint=hint, related=existing.origin.location, code="ref.duplicate-id")
            )
            return
        if existing.kind != item.kind:
            self.problems.append(
                Problem(origin.location, t("item '{id}' is a {kind} item; it cannot be replaced by a {other} item",
                                           id=spec.id, kind=existing.kind, other=item.kind),
                        related=existing.origin.location, code="ref.kind-mismatch")
            )
            return
        self.overrides.append(Override("replace", spec.id, "item", origin, existing.origin))
        self.items[spec.id] = item._replace(replaced=existing.origin)

    def _apply_change(self, src: Source[Any], i: int, change: "Change") -> None:
        origin = Origin.of(src, ("changes", i))
        target = self.items.get(change.item)
        if target is None:
            if change.item in self.removed:
                removed_by = str(self.removed[change.item])
                message = (t("item '{id}' was removed by {origin}; it cannot be patched here", id=change.item,
                             origin=removed_by) if change.op == "patch" else
                           t("item '{id}' was removed by {origin}; it cannot be removed here", id=change.item,
                             origin=removed_by))
                self.problems.append(Problem(origin.location, message, field="item",
                                             hint=t("drop this {op}, or define the item again in this layer to "
                                                    "bring it back", op=change.op),
                                             related=self.removed[change.item].location, code="change.removed-item"))
            else:
                close = closest(change.item, list(self.items))
                self.problems.append(
                    Problem(origin.location, t("no item '{id}' to {op}", id=change.item, op=change.op), field="item",
                            hint=t("did you mean '{close}'?", close=close) if close else t("check the id"),
                            code="change.unknown-item")
                )
            return
        if change.op == "remove":
            if change.set:
                self.problems.append(Problem(origin.location, t("'set' is only for op: patch"), field="set",
                                             code="change.set-on-remove"))
                return
            del self.items[change.item]
            self.removed[change.item] = origin
            self.overrides.append(Override("remove", change.item, "item", origin, target.origin))
            return
        if not change.set:
            self.problems.append(Problem(origin.location, t("a patch needs 'set' with the fields to change"),
                                         field="set", code="change.no-set"))
            return
        if "id" in change.set:
            self.problems.append(Problem(src.doc.location(("changes", i, "set", "id"), key=True),
                                         t("a patch cannot change an item's id"), field="set.id",
                                         code="change.set-id"))
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
                    Problem(where, t("profile '{id}' extends unknown profile '{parent}'", id=spec.value.id,
                                     parent=parent), field="extends",
                            hint=(t("did you mean '{close}'?", close=close) if close
                                  else t("define it or remove 'extends'")),
                            code="ref.unknown-profile")
                )
                return None
            if parent in chain:
                members = chain[chain.index(parent):]
                if pid == min(members) and pid in members:
                    cycle = " -> ".join([*members, parent])
                    self.problems.append(
                        Problem(where, t("profiles extend each other in a cycle: {cycle}", cycle=cycle),
                                field="extends", hint=t("break the cycle by removing one 'extends'"),
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
                    Problem(item.origin.location, t("policy '{id}' is part of a superseded_by cycle", id=item.id),
                            field="citation.superseded_by", code="ref.superseded-cycle")
                )
        return versions

    # ------------------------------------------------------------------ references
