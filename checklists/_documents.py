"""Check documents against their JSON Schemas and build the pydantic models.

Every schema violation in a document is reported at once, each mapped back to the file,
line and column it concerns, with the field path and a hint. Only a document that passes
its schema is turned into a model.

The schemas are generated from the models, so a document that the model accepts in strict
JSON mode, by the names the schema uses, passes the schema too: such a document is built at
once, and only a document the model refuses is checked against the schema, for the located
problems. jsonschema, and the schemas with the models behind them, are imported only then.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic

from ._yaml import Document, JsonPath, fullwidth_colon_hint
from .errors import Problem, SchemaError, closest
from .i18n import t
from .models.common import ALIASED_NAMES

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError as JsonSchemaError

T = TypeVar("T")

_ID_HINT = t("use lower-case ASCII letters, digits, '_', '.' and '-', starting with a letter or digit")
_ANY_CASE_ID_HINT = t("use ASCII letters, digits, '_', '.' and '-', starting with a letter or digit")
_NAME_HINT = t("use lower-case ASCII letters, digits and '_', starting with a letter")
_PARAM_NAME_HINT = t("use lower-case ASCII letters, digits and '_', starting with a letter "
                     "(parameters may join such names with '.')")
_JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
    type(None): "null",
}
_TYPE_WORDS = {
    "string": t("text"),
    "integer": t("a whole number"),
    "number": t("a number"),
    "boolean": t("true or false"),
    "array": t("a list"),
    "object": t("a mapping"),
    "null": t("nothing (null)"),
}


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    from . import schemas

    extend: Any = jsonschema.validators.extend  # untyped in jsonschema's stubs
    cls: type[jsonschema.protocols.Validator] = extend(jsonschema.Draft202012Validator, {"pattern": _pattern})
    return cls(schemas.load(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[JsonSchemaError]:
    """The ``pattern`` keyword as the models apply it: in Python a final '$' also matches before a
    line break at the end, so 'village\\n' would pass the schema and then fail the model."""
    from jsonschema.exceptions import ValidationError

    whole = pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern
    if isinstance(instance, str) and not re.search(whole, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def field_name(path: Iterable[str | int]) -> str:
    """A JSON path as a user reads it: ``items[3].basis[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def schema_problems(doc: Document, schema_name: str) -> list[Problem]:
    """Every way ``doc`` breaks the schema ``schema_name``, located."""
    from . import schemas

    validator = _validator(schema_name)
    problems: list[Problem] = []
    for error in validator.iter_errors(doc.data):
        problems.extend(_explain(doc, error, schemas.load(schema_name)))
    return sorted(set(problems), key=lambda p: (p.location.line, p.location.column, p.field))


@cache
def _adapter(model: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(model)


def _json_text(data: Any) -> str | None:
    """``data`` as JSON text, or None when it holds anything JSON cannot say as it is (a key
    that is not text, a number that is not finite) or a key the model would not refuse but the
    schema does (see ``ALIASED_NAMES``)."""

    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and k not in ALIASED_NAMES and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, str | int | float | bool)

    if not plain(data):
        return None
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return None


def _strictly_built(data: Any, model: Any) -> Any:
    """``model`` built from ``data`` when strict validation by schema names accepts it, else None."""
    text = _json_text(data)
    if text is None:
        return None
    try:
        return _adapter(model).validate_json(text, strict=True, by_alias=True, by_name=False)
    except pydantic.ValidationError:
        return None


def build(doc: Document, schema_name: str, model: Any, base: JsonPath = ()) -> Any:
    """Check ``doc`` against its schema, then build ``model`` (a class or a type adapter)."""
    built = _strictly_built(doc.data, model)
    if built is not None:
        return built
    problems = schema_problems(doc, schema_name)
    if problems:
        raise SchemaError(problems)
    return build_unchecked(doc, doc.data, model, base)


def build_unchecked(doc: Document, data: Any, model: Any, base: JsonPath = ()) -> Any:
    """Build ``model`` from ``data`` (at ``base`` in ``doc``), mapping pydantic's errors."""
    try:
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            return model.model_validate(data)
        return pydantic.TypeAdapter(model).validate_python(data)
    except pydantic.ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            if loc and loc[-1] == "[key]":  # a key of a mapping of names (params, attributes)
                path = (*base, *(p for p in loc[:-1] if isinstance(p, str | int)))
                hint = _PARAM_NAME_HINT if "params" in path else _NAME_HINT
                problems.append(Problem(doc.location(path, key=True),
                                        t("{name} is not a valid name", name=_show(path[-1])),
                                        field=field_name(path), hint=hint, code="schema.invalid-name"))
                continue
            path = (*base, *(p for p in loc if isinstance(p, str | int)))
            if err["type"] == "extra_forbidden" and len(loc) == 1 and isinstance(model, type):
                allowed = sorted(getattr(model, "model_fields", {}))  # a key of the model itself, as the schema says it
                close = closest(str(loc[0]), allowed)
                problems.append(Problem(doc.location(path, key=True), t("unknown key '{key}'", key=loc[0]),
                                        field=field_name(path), hint=_key_hint(close, allowed),
                                        code="schema.unknown-key"))
                continue
            said, advice = _pydantic_message(err)
            problems.append(Problem(doc.location(path), said, field=field_name(path), hint=advice,
                                    code=_pydantic_code(err["type"])))
        raise SchemaError(problems) from None


_PYDANTIC_CODES = {"extra_forbidden": "unknown-key", "missing": "missing-field", "literal_error": "unknown-option",
                   "enum": "unknown-option", "string_pattern_mismatch": "bad-format", "too_short": "too-few",
                   "too_long": "too-many", "string_too_short": "too-short", "string_too_long": "too-long",
                   "greater_than": "too-small", "greater_than_equal": "too-small", "less_than": "too-large",
                   "less_than_equal": "too-large", "finite_number": "wrong-type"}


def _pydantic_message(err: Any) -> tuple[str, str]:
    """What pydantic found, said as the schema's problems are (pydantic's own English is never shown)."""
    kind, ctx = err["type"], err.get("ctx") or {}
    shown = _show(err.get("input"))
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = closest(str(err.get("input")), options)
        return _not_one_of(shown, options), t("did you mean '{close}'?", close=close) if close else ""
    if kind == "too_short":
        return t("needs at least {count} item(s)", count=ctx.get("min_length", 1)), ""
    if kind == "too_long":
        return t("has more than {count} items", count=ctx.get("max_length", 0)), ""
    if kind == "string_too_short":
        return t("must not be empty"), ""
    if kind == "string_too_long":
        return t("is longer than {count} characters", count=ctx.get("max_length", 0)), ""
    if kind == "string_pattern_mismatch":
        return _pattern_message_for(str(ctx.get("pattern", "")), shown)
    if kind in ("greater_than", "greater_than_equal"):
        return _below(shown, ctx.get("gt", ctx.get("ge"))), ""
    if kind in ("less_than", "less_than_equal"):
        return _above(shown, ctx.get("lt", ctx.get("le"))), ""
    if kind == "missing":
        return t("missing required field '{field}'", field=err["loc"][-1] if err["loc"] else ""), ""
    return t("{value} is not a valid value here", value=shown), t("see the field in the JSON Schemas (schemas/)")


def _key_hint(close: str | None, allowed: list[str]) -> str:
    """The hint for an unknown key: the allowed key it is most like, or all of them."""
    return t("did you mean '{close}'?", close=close) if close else t("allowed keys: {keys}", keys=allowed)


def _pydantic_code(kind: str) -> str:
    """The code of a problem pydantic reports, named as the schema's problems are."""
    if kind in _PYDANTIC_CODES:
        return f"schema.{_PYDANTIC_CODES[kind]}"
    if kind.endswith(("_type", "_parsing")):
        return "schema.wrong-type"
    return "schema.value-error"


# --------------------------------------------------------------------------- errors
# jsonschema types these attributes loosely; read them through these helpers.


def _schema(error: JsonSchemaError) -> Any:
    return error.schema


def _instance(error: JsonSchemaError) -> Any:
    return error.instance


def _validator_value(error: JsonSchemaError) -> Any:
    return error.validator_value


_CODES = {"type": "wrong-type", "enum": "unknown-option", "const": "unknown-option", "pattern": "bad-format",
          "minLength": "too-short", "maxLength": "too-long", "minItems": "too-few", "maxItems": "too-many",
          "minimum": "too-small", "maximum": "too-large", "exclusiveMinimum": "too-small",
          "exclusiveMaximum": "too-large", "format": "bad-format", "uniqueItems": "repeated-value",
          "minProperties": "empty-mapping", "not": "not-allowed"}
"""Codes of the problems jsonschema reports, by its keyword (``schema.<code>``)."""


def _explain(doc: Document, error: JsonSchemaError, root: dict[str, Any]) -> Iterator[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    kind = error.validator
    if kind in ("oneOf", "anyOf"):
        yield from _explain_union(doc, error, root)
        return
    if kind == "additionalProperties" and isinstance(_instance(error), dict):
        allowed = sorted(_schema(error).get("properties", {}))
        for key in sorted(set(_instance(error)) - set(allowed)):
            yield Problem(
                doc.location((*path, key), key=True),
                t("unknown key '{key}'", key=key),
                field=field_name((*path, key)),
                hint=_key_hint(closest(key, allowed), allowed),
                code="schema.unknown-key")
        return
    if kind == "required":
        missing = str(_validator_value(error))
        names = [k for k in _validator_value(error) if k not in _instance(error)]
        missing = names[0] if names else missing
        yield Problem(
            doc.location(path),
            t("missing required field '{field}'", field=missing),
            field=field_name((*path, missing)),
            hint=t("add '{field}:'", field=missing),
            code="schema.missing-field")
        return
    message, fieldname, hint = _message(error)
    yield Problem(doc.location(path), message, fieldname, hint, code=f"schema.{_CODES.get(str(kind), str(kind))}")


def _message(error: JsonSchemaError) -> tuple[str, str, str]:
    """(message, field, hint) for a leaf error, by the keyword that failed (``_MESSAGES``)."""
    field = field_name(error.absolute_path)
    words = _MESSAGES.get(str(error.validator))
    if words is None:
        return error.message, field, ""
    message, hint = words(error, _instance(error), _show(_instance(error)))
    return message, field, hint


def _type_message(error: JsonSchemaError, value: Any, shown: str) -> tuple[str, str]:
    expected = _validator_value(error)
    expected_list = expected if isinstance(expected, list) else [expected]
    words = _either([_TYPE_WORDS.get(str(name), str(name)) for name in expected_list])
    hint = ""
    if "string" in expected_list and isinstance(value, bool):
        hint = t("quote it: unquoted yes, no, on, off, true and false are read as true or false")
    elif "string" in expected_list and isinstance(value, int | float):
        hint = t('quote it: "{value}"', value=value)
    elif "object" in expected_list and isinstance(value, str):
        hint = fullwidth_colon_hint([value])
    elif expected_list == ["array"] and isinstance(value, str | int | float):
        hint = t("write a list, e.g. [{value}]", value=value)
    return _expected(words, shown), hint


def _expected(words: str, shown: str) -> str:
    return t("expected {expected}, got {value}", expected=words, value=shown)


def _either(words: list[str]) -> str:
    """``words`` joined by 'or', each said in the reader's language."""
    said = words[0] if words else ""
    for word in words[1:]:
        said = t("{one} or {other}", one=said, other=word)
    return said


def _enum_message(error: JsonSchemaError, value: Any, shown: str) -> tuple[str, str]:
    options = [str(v) for v in _validator_value(error)]
    close = closest(str(value), options)
    return _not_one_of(shown, options), t("did you mean '{close}'?", close=close) if close else ""


def _not_one_of(shown: str, options: list[str]) -> str:
    return t("{value} is not one of: {options}", value=shown, options=options)


def _pattern_message(error: JsonSchemaError, value: Any, shown: str) -> tuple[str, str]:
    return _pattern_message_for(str(_validator_value(error)), shown)


def _pattern_message_for(pattern: str, shown: str) -> tuple[str, str]:
    if "a-z0-9" in pattern or "A-Za-z0-9" in pattern:
        hint = _ANY_CASE_ID_HINT if "A-Z" in pattern else _ID_HINT
        return t("{value} is not a valid id", value=shown), hint
    return t("{value} does not match the pattern {pattern}", value=shown, pattern=pattern), ""


def _format_message(error: JsonSchemaError, value: Any, shown: str) -> tuple[str, str]:
    fmt = _validator_value(error)
    if fmt == "date":
        return t("{value} is not a valid date", value=shown), t("write dates as YYYY-MM-DD")
    return t("{value} is not a valid {format}", value=shown, format=fmt), ""


_MESSAGES: dict[str, Any] = {
    "type": _type_message,
    "enum": _enum_message,
    "const": lambda error, value, shown: (_expected(_show(_validator_value(error)), shown), ""),
    "pattern": _pattern_message,
    "format": _format_message,
    "minItems": lambda error, value, shown: (t("needs at least {count} item(s)", count=_validator_value(error)), ""),
    "maxItems": lambda error, value, shown: (t("has more than {count} items", count=_validator_value(error)), ""),
    "minLength": lambda error, value, shown: (t("must not be empty"), ""),
    "maxLength": lambda error, value, shown: (t("is longer than {count} characters", count=_validator_value(error)),
                                              ""),
    "minimum": lambda error, value, shown: (_below(shown, _validator_value(error)), ""),
    "exclusiveMinimum": lambda error, value, shown: (_below(shown, _validator_value(error)), ""),
    "maximum": lambda error, value, shown: (_above(shown, _validator_value(error)), ""),
    "exclusiveMaximum": lambda error, value, shown: (_above(shown, _validator_value(error)), ""),
}
"""How each jsonschema keyword's failure is said: (message, hint) from the error, the value and how
the value is shown."""


def _below(shown: str, limit: Any) -> str:
    return t("{value} is below the minimum {limit}", value=shown, limit=limit)


def _above(shown: str, limit: Any) -> str:
    return t("{value} is above the maximum {limit}", value=shown, limit=limit)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, dict):
        return _TYPE_WORDS["object"]
    if isinstance(value, list):
        return _TYPE_WORDS["array"]
    if value is None:
        return _TYPE_WORDS["null"]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _explain_union(
    doc: Document, error: JsonSchemaError, root: dict[str, Any]
) -> Iterator[Problem]:
    """Explain a failed oneOf/anyOf by the branch the document meant.

    A discriminated union picks the branch named by its discriminator; otherwise the branch
    whose type matches the value (e.g. the non-null branch of an optional field).
    """
    branches: list[Any] = list(_validator_value(error))
    path = tuple(error.absolute_path)
    discriminator = _schema(error).get("discriminator") if isinstance(_schema(error), dict) else None
    if discriminator and isinstance(_instance(error), dict):
        prop = str(discriminator.get("propertyName"))
        options = sorted(discriminator.get("mapping", {}))
        value = _instance(error).get(prop)
        if value is None:
            yield Problem(
                doc.location(path),
                t("missing required field '{field}'", field=prop),
                field=field_name((*path, prop)),
                hint=t("one of: {options}", options=options),
                code="schema.missing-field")
            return
        if value not in options:
            close = closest(str(value), options)
            yield Problem(
                doc.location((*path, prop)),
                _not_one_of(_show(value), options),
                field=field_name((*path, prop)),
                hint=t("did you mean '{close}'?", close=close) if close else "",
                code="schema.unknown-option")
            return
    chosen = _discriminated_branch(error, branches)
    if chosen is None:
        matching = [i for i, b in enumerate(branches) if _type_matches(b, _instance(error), root)]
        if len(matching) == 1:
            chosen = matching[0]
    if chosen is not None:
        sub = [e for e in (error.context or []) if e.schema_path and e.schema_path[0] == chosen]
        if sub:
            for inner in sub:
                yield from _explain(doc, inner, root)
            return
    expected = sorted({w for b in branches for w in _branch_words(b, root)})
    instance = _instance(error)
    yield Problem(
        doc.location(path),
        _expected(_either(expected) if expected else t("another value"), _show(instance)),
        field=field_name(path),
        hint=fullwidth_colon_hint([instance]) if isinstance(instance, str) and "a mapping" in expected else "",
        code="schema.wrong-type")


def _discriminated_branch(error: JsonSchemaError, branches: list[Any]) -> int | None:
    discriminator = _schema(error).get("discriminator") if isinstance(_schema(error), dict) else None
    if not discriminator or not isinstance(_instance(error), dict):
        return None
    prop = discriminator.get("propertyName")
    value = _instance(error).get(prop)
    target = discriminator.get("mapping", {}).get(value)
    for i, branch in enumerate(branches):
        if isinstance(branch, dict) and branch.get("$ref") == target:
            return i
    return None


def _resolve(schema: Any, root: dict[str, Any]) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        ref = str(schema["$ref"])
        if not ref.startswith("#/"):
            break
        node: Any = root
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
    return schema


def _branch_types(branch: Any, root: dict[str, Any]) -> set[str]:
    branch = _resolve(branch, root)
    if not isinstance(branch, dict):
        return set()
    if "type" in branch:
        value = branch["type"]
        return set(value) if isinstance(value, list) else {value}
    if "properties" in branch or "additionalProperties" in branch:
        return {"object"}
    if "anyOf" in branch:
        return {name for b in branch["anyOf"] for name in _branch_types(b, root)}
    return set()


def _branch_words(branch: Any, root: dict[str, Any]) -> set[str]:
    return {_TYPE_WORDS.get(name, name) for name in _branch_types(branch, root)}


def _type_matches(branch: Any, value: Any, root: dict[str, Any]) -> bool:
    types = _branch_types(branch, root)
    actual = _JSON_TYPES.get(type(value), "")
    if actual == "integer" and "number" in types:
        return True
    return actual in types


def located(doc: Document, path: JsonPath, message: str, hint: str = "", code: str = "") -> Problem:
    """A problem (of kind ``code``) about the value at ``path`` in ``doc``."""
    return Problem(doc.location(path), message, field=field_name(path), hint=hint, code=code)

