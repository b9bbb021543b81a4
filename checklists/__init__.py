"""checklists: compose the four pre-inspection checklists for a unit from layered YAML.

    >>> import checklists
    >>> lib = checklists.load_library()
    >>> pack = lib.generate(unit, round={"id": "2026-1", "name": "...", "start": "2026-03-01"})
"""

from ._version import __version__
from .errors import ChecklistsError
from .library import Library, load_library
from .models.inputs import Round, Unit
from .models.pack import Checklist, Item, Pack

__all__ = [
    "Checklist",
    "ChecklistsError",
    "Item",
    "Library",
    "Pack",
    "Round",
    "Unit",
    "__version__",
    "load_library",
]
