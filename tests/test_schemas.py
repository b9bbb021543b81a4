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


def test_every_description_is_in_chinese_for_editors() -> None:
    from checklists._schema_zh import ZH

    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in schemas.SCHEMA_NAMES:
        walk(schemas.generate(name))
    bilingual = {f"{zh}\n\n{en}" for en, zh in ZH.items() if zh}
    assert [d for d in found if d not in bilingual] == []  # a new description needs its Chinese in _schema_zh
    assert len(found) > 150
