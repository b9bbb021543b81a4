"""checklists: compose the four pre-inspection checklists for a unit from layered YAML.

    >>> import checklists
    >>> lib = checklists.load_library()
    >>> pack = lib.generate(unit, round={"id": "2026-1", "name": "...", "start": "2026-03-01"})

The names below are imported when first used, so that ``import checklists`` itself costs next to
nothing and the ``checklists`` command can import the rest with the garbage collector off (see
``checklists.__main__``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._gc import collector_paused
    from .errors import ChecklistsError
    from .library import Library, load_library
    from .models.inputs import Round, Unit
    from .models.pack import Checklist, Item, Pack

_WHERE = {
    "collector_paused": "._gc",
    "ChecklistsError": ".errors",
    "Library": ".library",
    "load_library": ".library",
    "Round": ".models.inputs",
    "Unit": ".models.inputs",
    "Checklist": ".models.pack",
    "Item": ".models.pack",
    "Pack": ".models.pack",
}

__all__ = [
    "Checklist",
    "ChecklistsError",
    "Item",
    "Library",
    "Pack",
    "Round",
    "Unit",
    "__version__",
    "collector_paused",
    "load_library",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'checklists' has no attribute '{name}'")
    value = getattr(import_module(_WHERE[name], __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
