"""Renderers: one module per output format. Rendering never changes a pack's content.

Each renderer's module is imported when it is first used, so that a run writing JSON does not
pay for importing the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models.pack import Pack


def _when_used(module: str) -> Callable[[Pack], str]:
    def render(pack: Pack) -> str:
        function: Callable[[Pack], str] = importlib.import_module(f"{__name__}.{module}").render
        return function(pack)

    render.__qualname__ = render.__name__ = f"{module}.render"
    return render


RENDERERS: dict[str, tuple[str, Callable[[Pack], str]]] = {
    "json": (".json", _when_used("json_out")),
    "yaml": (".yaml", _when_used("yaml_out")),
    "md": (".md", _when_used("markdown")),
    "html": (".html", _when_used("html_out")),
}

__all__ = ["RENDERERS"]
