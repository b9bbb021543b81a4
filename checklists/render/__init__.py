"""Renderers: one module per output format. Rendering never changes a pack's content."""

from __future__ import annotations

from collections.abc import Callable

from ..models.pack import Pack
from . import html_out, json_out, markdown, yaml_out

RENDERERS: dict[str, tuple[str, Callable[[Pack], str]]] = {
    "json": (".json", json_out.render),
    "yaml": (".yaml", yaml_out.render),
    "md": (".md", markdown.render),
    "html": (".html", html_out.render),
}

__all__ = ["RENDERERS"]
