"""JSON Schemas generated from the pydantic models, which are the single source of truth.

The generated schemas are committed under ``schemas/`` (so that editors can use them) and
shipped with the package; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from . import _resources
from .models.inputs import FindingsFile, Office, Round, Unit
from .models.layer_files import Catalog, Changes, Fragment, LayerManifest, ProfileSpec
from .models.library import ProgramSpec, ThemeSpec, UnitTypeSpec
from .models.pack import Pack

DRAFT = "https://json-schema.org/draft/2020-12/schema"

INPUT_MODELS: dict[str, Any] = {
    "fragment": Fragment,
    "catalog": Catalog,
    "unit_type": UnitTypeSpec,
    "profile": ProfileSpec,
    "program": ProgramSpec,
    "theme": ThemeSpec,
    "changes": Changes,
    "layer": LayerManifest,
    "unit": Unit,
    "round": Round,
    "findings": FindingsFile,
    "office": Office,
}
"""The model (a class, or a type for a TypeAdapter) behind each input schema."""
SCHEMA_NAMES: tuple[str, ...] = (*INPUT_MODELS, "pack")


def generate(name: str) -> dict[str, Any]:
    """Generate the schema ``name`` from its model."""
    if name == "pack":
        body = Pack.model_json_schema(mode="serialization")
    else:
        target = INPUT_MODELS[name]
        if isinstance(target, type) and issubclass(target, BaseModel):
            body = target.model_json_schema(mode="validation")
        else:
            body = TypeAdapter(target).json_schema(mode="validation")
    return {"$schema": DRAFT, "$id": f"{name}.schema.json", **_in_chinese(body)}


def _in_chinese(node: Any) -> Any:
    """``node`` with each description in Chinese first, then in English, for editors to show on
    hover; one with no Chinese stays English only (a test keeps ``_schema_zh`` complete)."""
    from ._schema_zh import ZH

    if isinstance(node, dict):
        return {k: (f"{ZH[v]}\n\n{v}" if k == "description" and isinstance(v, str) and v in ZH
                    else _in_chinese(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_in_chinese(v) for v in node]
    return node


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_NAMES:
        path = folder / f"{name}.schema.json"
        path.write_text(dumps(generate(name)), encoding="utf-8")
        written.append(path)
    return written


@cache
def load(name: str) -> dict[str, Any]:
    """The shipped schema ``name`` (identical to :func:`generate`, as a test ensures)."""
    path = _resources.data_dir("schemas") / f"{name}.schema.json"
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return generate(name)
    return loaded
