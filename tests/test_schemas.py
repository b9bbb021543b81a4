"""The committed JSON Schemas are exactly what the models generate."""

from __future__ import annotations

import json

import jsonschema
import pytest

from checklists import schemas

from .conftest import REPO


@pytest.mark.parametrize("name", schemas.SCHEMA_NAMES)
def test_committed_schema_matches_models(name: str) -> None:
    committed = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schemas.dumps(schemas.generate(name)), (
        f"schemas/{name}.schema.json is out of date: run `checklists schema --out schemas`"
    )


@pytest.mark.parametrize("name", schemas.SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_object_of_every_schema_is_described_for_editors() -> None:
    import json

    from .conftest import REPO

    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        objects = {"(root)": schema, **schema.get("$defs", {})}
        bare = [name for name, node in objects.items() if node.get("type") == "object" and not node.get("description")]
        assert not bare, (path.name, bare)
