"""The records a loaded library holds: where a definition stands, items with their fragment's
defaults applied, overrides, resolved profiles and layers. Named tuples (immutable, read by field
name), in a module of their own so that the modules that read a library (``resolve``, ``lint``,
``cache``) need not import the one that builds it.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from ._layer_files import Source
from ._yaml import JsonPath
from .errors import Location
from .models.common import Condition, Kind
from .models.library import AnyItemSpec, SectionSpec, Selection

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


__all__ = ["Defined", "LayerInfo", "LibraryItem", "Origin", "Override", "ResolvedProfile"]
