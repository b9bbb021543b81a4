"""Where the data shipped with the package lives: the built-in library and the schemas.

An installed wheel carries them under ``checklists/_builtin``; a source checkout keeps them
at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``library`` or ``schemas``, installed or in the checkout."""
    installed = _PACKAGE / "_builtin" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
