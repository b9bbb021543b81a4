"""Read rounds and units (from files, mappings or models) and check them against a library."""

import datetime as dt
import math
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ._documents import build, field_name, located
from ._layer_files import shown_path
from ._yaml import MAX_DEPTH, Document, JsonPath, load_file, too_deep, unwanted_character
from .errors import ArgumentError, ChecklistsError, LoadError, Location, Problem, SchemaError, closest, raise_if
from .i18n import t
from .models.inputs import FindingsFile, Office, PreviousFinding, Round, Unit

if TYPE_CHECKING:
    from .library import Library

class UnitInput(NamedTuple):
    """A unit and where it was written (for located errors and provenance). Findings a round's
    findings files gave the unit follow its own, each with the document and path it stands at."""

    unit: Unit
    doc: Document
    base: JsonPath = ()
    filed: tuple[tuple[Document, JsonPath], ...] = ()  # findings from findings files, in order

    def finding_doc(self, index: int) -> tuple[Document, JsonPath]:
        """Where the unit's ``index``-th previous finding was written."""
        own = len(self.unit.previous_findings) - len(self.filed)
        if index < own:
            return self.doc, (*self.base, "previous_findings", index)
        return self.filed[index - own]

    def location_of(self, *path: str | int) -> tuple[str, int]:
        if len(path) >= 2 and path[0] == "previous_findings" and isinstance(path[1], int):
            doc, at = self.finding_doc(path[1])
            loc = doc.location((*at, *path[2:]))
        else:
            loc = self.doc.location((*self.base, *path))
        return loc.file, loc.line


class RoundInput(NamedTuple):
    round: Round
    doc: Document
    units: tuple[UnitInput, ...] = ()


def _document(data: Any, name: str) -> Document:
    """A document for data given from Python, refusing text a file could not hold either."""
    every: list[str] = []
    plain = _plain(data, every, (), name)
    if unwanted_character("\n".join(every)) is not None:  # one search; the paths only when needed
        problems = []
        for path, text in _texts(plain, ()):
            found = unwanted_character(text)
            if found is not None:
                problems.append(Problem(Location(name), found[1], field=field_name(path), hint=found[2],
                                        code="input.unwanted-character"))
        raise_if(problems, SchemaError)
    return Document(name, plain, {}, {})


def _texts(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every text in ``value`` (keys too) with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, (*path, key))
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))


def _kind(value: Any) -> str:
    """What ``value`` is, in words, for an error."""
    if value is None:
        return "None"
    name = type(value).__name__
    return t("an {name}", name=name) if name[0] in "aeiou" else t("a {name}", name=name)


def _plain(value: Any, texts: list[str], path: JsonPath = (), name: str = "<data>") -> Any:
    """Mappings from Python callers as YAML would give them: dates as ISO text, lists. Every text
    in them (keys too) is added to ``texts``. Nesting deeper than a file may hold is refused."""
    if len(path) > MAX_DEPTH:
        raise SchemaError(too_deep(Location(name), field_name(path[:MAX_DEPTH])))
    if isinstance(value, str):
        texts.append(value)
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        for k in value:
            if not isinstance(k, str):
                raise ArgumentError(Problem(Location("<data>"), t("a key is {kind} ({key}), not text", kind=_kind(k),
                                                                     key=repr(k)),
                                            field=field_name(path), hint=t("write every key as text"),
                                            code="argument.key"))
        texts.extend(value)
        return {k: _plain(v, texts, (*path, k), name) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, texts, (*path, i), name) for i, v in enumerate(value)]
    return value


def read_round(source: Round | Mapping[str, Any] | str | Path) -> RoundInput:
    """Read a round from a YAML file, a mapping or a model; load its unit files."""
    if not isinstance(source, Round | Mapping | str | os.PathLike):
        raise ArgumentError(Problem(Location("<round>"), t("a round is a Round, a mapping or the path of a round "
                                                                "file, not {kind}", kind=_kind(source)),
                                    hint=t("pass the round's path or its data"),
                                    code="argument.round"))
    if isinstance(source, Round):
        doc = _document(source.model_dump(mode="json", by_alias=True), f"<round {source.id}>")
        model = source
    elif isinstance(source, Mapping):
        doc = _document(source, "<round>")
        model = build(doc, "round", Round)
    else:
        path = Path(source)
        return round_from_document(load_file(path, shown_path(path)), path.parent)
    if model.unit_files or model.previous_findings or model.office_file:
        key = "unit_files" if model.unit_files else "previous_findings" if model.previous_findings else "office_file"
        what = {"unit_files": t("unit files"), "previous_findings": t("previous findings"),
                "office_file": t("office file")}[key]
        raise SchemaError(
            located(doc, (key,), t("{what} can only be named in a round file", what=what),
                    hint=t("give the units, their previous findings and the office inline"),
                    code="round.unit-files-in-data")
        )
    return RoundInput(model, doc, tuple(UnitInput(u, doc, ("units", i)) for i, u in enumerate(model.units)))


def round_from_document(doc: Document, folder: Path) -> RoundInput:
    """A round from a loaded round file; its unit files are read relative to ``folder``."""
    model = build(doc, "round", Round)
    units = [UnitInput(u, doc, ("units", i)) for i, u in enumerate(model.units)]
    problems: list[Problem] = []
    unreadable = False
    for i, name in enumerate(model.unit_files):
        refused = _refused_unit_file(folder, name)
        if refused:
            problems.append(located(doc, ("unit_files", i), *refused, code="round.unit-file-refused"))
            continue
        try:
            units.append(read_unit_file(folder / name))
        except ChecklistsError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, LoadError)
    if model.previous_findings:
        try:
            units = _with_findings(doc, folder, model, units)
        except ChecklistsError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, LoadError)
    if model.office_file is not None:
        try:
            model = model.model_copy(update={"office": _office(doc, folder, model)})
        except ChecklistsError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, LoadError)
    if problems:
        raise (LoadError if unreadable else SchemaError)(problems)  # a file that cannot be read comes first
    return RoundInput(model, doc, tuple(units))


def _office(doc: Document, folder: Path, model: Round) -> Office:
    """The office settings file a round names (``office_file``), read relative to its folder."""
    name = model.office_file
    assert name is not None
    if model.office is not None:
        raise SchemaError(located(doc, ("office_file",), t("the round gives both office and office_file"),
                                  hint=t("keep one: the settings inline under office, or in the file"),
                                  code="round.office-twice"))
    refused = _refused_file(folder, name, t("office file"), "office.yaml")
    if refused:
        raise SchemaError(located(doc, ("office_file",), *refused, code="round.office-file-refused"))
    path = folder / name
    office: Office = build(load_file(path, shown_path(path)), "office", Office)
    return office


def read_findings_file(path: Path) -> tuple[FindingsFile, Document]:
    """A findings file (findings.yaml), checked."""
    doc = load_file(path, shown_path(path))
    return build(doc, "findings", FindingsFile), doc


def _with_findings(doc: Document, folder: Path, model: Round, units: list[UnitInput]) -> list[UnitInput]:
    """The units, each with the findings of its own id from the round's findings files appended to
    its own previous findings (回头看). A finding of a unit not in the round is left for another."""
    problems: list[Problem] = []
    filed: dict[str, list[tuple[PreviousFinding, Document, JsonPath]]] = {}
    for i, name in enumerate(model.previous_findings):
        if "\x00" in name or Path(name).is_absolute():
            problems.append(located(doc, ("previous_findings", i),
                                    t("findings file '{name}' is not a relative path", name=name),
                                    hint=t("name findings files relative to the round file, e.g. {example}",
                                           example="../2025-2/findings.yaml"),
                                    code="round.findings-file-refused"))
            continue
        try:
            found, fdoc = read_findings_file(folder / name)
        except ChecklistsError as exc:
            problems.extend(exc.problems)
            continue
        for n, finding in enumerate(found.findings):
            data = finding.model_dump(exclude={"unit", "check", "measures", "responsible"}, exclude_none=True)
            if found.round and "round" not in data:
                data["round"] = found.round
            filed.setdefault(finding.unit, []).append((PreviousFinding(**data), fdoc, ("findings", n)))
    raise_if(problems, SchemaError)
    out = []
    for uin in units:
        extra = filed.get(uin.unit.id, [])
        if extra:
            unit = uin.unit.model_copy(update={
                "previous_findings": (*uin.unit.previous_findings, *(f for f, _, _ in extra))})
            uin = uin._replace(unit=unit, filed=tuple((d, p) for _, d, p in extra))
        out.append(uin)
    return out


def _refused_unit_file(folder: Path, name: str) -> tuple[str, str] | None:
    """Why the unit file ``name`` may not be read for a round in ``folder`` (message, hint), if it
    may not: it must stand in that folder or below it, also once links are followed."""
    return _refused_file(folder, name, t("unit file"), "units/zz.yaml")


def _refused_file(folder: Path, name: str, what: str, example: str) -> tuple[str, str] | None:
    hint = t("keep {what}s in the round file's folder (or below it) and name them relative to it, e.g. {example}",
             what=what, example=example)
    if "\x00" in name:
        return t("{what} name contains a NUL character", what=what), t("remove the '\\0' from the name")
    if Path(name).is_absolute():
        return t("{what} '{name}' is an absolute path", what=what, name=name), hint
    real_folder = os.path.realpath(folder)
    if os.path.commonpath([real_folder, os.path.realpath(folder / name)]) != real_folder:
        return t("{what} '{name}' is outside the round file's folder", what=what, name=name), hint
    return None


def read_unit_file(path: Path) -> UnitInput:
    return unit_from_document(load_file(path, shown_path(path)))


def unit_from_document(doc: Document) -> UnitInput:
    """A unit from a loaded unit file."""
    return UnitInput(build(doc, "unit", Unit), doc)


def read_unit(source: Unit | Mapping[str, Any]) -> UnitInput:
    if not isinstance(source, Unit | Mapping):
        raise ArgumentError(Problem(
            Location("<unit>"), t("a unit is a Unit or a mapping, not {kind}", kind=_kind(source)),
            hint=t("pass one unit's data, e.g. {example}", example="{'id': 'zz', 'name': '张庄村', 'type': 'village'}"),
            code="argument.unit"))
    if isinstance(source, Unit):
        return UnitInput(source, _document(source.model_dump(mode="json"), f"<unit {source.id}>"))
    doc = _document(source, f"<unit {source.get('id', '?')}>")
    return UnitInput(build(doc, "unit", Unit), doc)


# --------------------------------------------------------------------------- checks


def check_round(lib: "Library", rin: RoundInput) -> list[Problem]:
    """Problems of a round against the library ``lib``."""
    rnd, doc = rin.round, rin.doc
    problems: list[Problem] = []
    for i, program in enumerate(rnd.programs):
        if program not in lib.programs:
            problems.append(located(doc, ("programs", i),
                                    t("unknown {what} '{value}'", what=t("program"), value=program),
                                    hint=_did_you_mean(program, lib.programs), code="ref.unknown-program"))
    if rnd.mode == "special" and rnd.theme is None:
        problems.append(located(doc, ("mode",), t("a special round needs a theme"),
                                hint=t("add 'theme:' with one of: {themes}",
                                       themes=list(lib.themes) or t("(none defined)")),
                                code="round.theme-missing"))
    if rnd.theme is not None:
        if rnd.mode != "special":
            problems.append(located(doc, ("theme",), t("a theme is only used by a special round"),
                                    hint=t("set 'mode: special' or remove 'theme'"), code="round.theme-not-special"))
        elif rnd.theme not in lib.themes:
            problems.append(located(doc, ("theme",), t("unknown {what} '{value}'", what=t("theme"), value=rnd.theme),
                                    hint=_did_you_mean(rnd.theme, lib.themes), code="ref.unknown-theme"))
    if rnd.end is not None and rnd.end < rnd.start:
        problems.append(located(doc, ("end",), t("the round ends before it starts"), code="round.ends-before-start"))
    if rnd.review_from is not None and rnd.review_from > rnd.start:
        problems.append(located(doc, ("review_from",), t("the review period starts after the round"),
        code="round.review-after-start"))
    if rnd.requests_due is not None and rnd.end is not None and rnd.requests_due > rnd.end:
        problems.append(located(doc, ("requests_due",), t("information is asked for after the round has ended"),
                                hint=t("set requests_due before the round starts or while it runs"),
                                code="round.requests-after-end"))
    seen: dict[str, UnitInput] = {}
    for uin in rin.units:
        if uin.unit.id in seen:
            first = seen[uin.unit.id].doc.location(seen[uin.unit.id].base)
            problems.append(
                Problem(uin.doc.location((*uin.base, "id")), t("unit id '{id}' appears twice", id=uin.unit.id),
                        field="id", hint=t("give each unit its own id"), related=first, code="unit.duplicate-id")
            )
        seen[uin.unit.id] = uin
        problems.extend(check_unit(lib, uin))
    return problems


def check_unit(lib: "Library", uin: UnitInput) -> list[Problem]:
    """Problems of a unit against its unit type's declarations."""
    unit, doc, base = uin.unit, uin.doc, uin.base
    problems: list[Problem] = []
    defined = lib.unit_types.get(unit.type)
    if defined is None:
        return [located(doc, (*base, "type"), t("unknown {what} '{value}'", what=t("unit type"), value=unit.type),
                        hint=_did_you_mean(unit.type, lib.unit_types), code="ref.unknown-unit-type")]
    utype = defined.value
    subtype_ids = [s.id for s in utype.subtypes]
    for i, sub in enumerate(unit.subtypes):
        if sub not in subtype_ids:
            problems.append(located(doc, (*base, "subtypes", i),
                                    t("'{subtype}' is not a subtype of {type}", subtype=sub, type=utype.id),
                                    hint=_did_you_mean(sub, subtype_ids, t("subtypes of this type")),
                                    code="ref.unknown-subtype"))
    for name, value in unit.attributes.items():
        path = (*base, "attributes", name)
        spec = utype.attributes.get(name)
        if spec is None:
            problems.append(located(doc, path,
                                    t("unit type {type} has no attribute '{name}'", type=utype.id, name=name),
                                    hint=_did_you_mean(name, utype.attributes, t("attributes")),
                                    code="ref.unknown-attribute"))
            continue
        message = _attribute_problem(spec, value)
        if message:
            problems.append(located(doc, path, message[0], hint=message[1], code="unit.attribute-value"))
    for i, signal in enumerate(unit.signals):
        if signal.topic not in lib.signal_topics:
            problems.append(located(doc, (*base, "signals", i, "topic"),
                                    t("unknown {what} '{value}'", what=t("signal topic"), value=signal.topic),
                                    hint=_did_you_mean(signal.topic, lib.signal_topics),
                                    code="ref.unknown-signal-topic"))
    seen: set[str] = set()
    for i, finding in enumerate(unit.previous_findings):
        if str(finding.id) in seen:
            where, path = uin.finding_doc(i)
            problems.append(located(where, (*path, "id"),
                                    t("previous finding id '{id}' appears twice", id=str(finding.id)),
                                    hint=t("give each finding of a unit its own id"), code="unit.duplicate-finding-id"))
        seen.add(str(finding.id))
    return problems


def _attribute_problem(spec: Any, value: Any) -> tuple[str, str] | None:
    kind, label, got = spec.type, str(spec.label), repr(value)
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return (t("{label} must be a whole number, got {value}", label=label, value=got),
                t("write the number without quotes, e.g. {example}", example="712"))
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return (t("{label} must be a number, got {value}", label=label, value=got),
                t("write the number without quotes, e.g. {example}", example="86.5"))
    if kind == "number" and not math.isfinite(value):
        return (t("{label} must be a finite number, got {value}", label=label, value=got),
                t("write the number, e.g. {example}", example="12.5"))
    if kind == "boolean" and not isinstance(value, bool):
        return (t("{label} must be true or false, got {value}", label=label, value=got),
                t("write true or false, without quotes"))
    if kind in ("string", "enum", "date") and not isinstance(value, str):
        return (t("{label} must be text, got {value}", label=label, value=got),
                t('quote it: "{value}"', value=f"{value}"))
    if kind == "enum" and value not in (spec.values or ()):
        return (t("{value} is not one of: {values}", value=got, values=list(spec.values or ())),
                _did_you_mean(str(value), spec.values or (), t("values")))
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return t("{value} is not a valid date", value=got), t("write dates as YYYY-MM-DD")
    if kind in ("integer", "number"):
        if spec.minimum is not None and value < spec.minimum:
            return t("{value} is below the minimum {minimum}", value=f"{value}", minimum=f"{spec.minimum:g}"), ""
        if spec.maximum is not None and value > spec.maximum:
            return t("{value} is above the maximum {maximum}", value=f"{value}", maximum=f"{spec.maximum:g}"), ""
    return None


def _did_you_mean(value: str, options: Any, what: str | None = None) -> str:
    names = [str(o) for o in options]
    close = closest(value, names)
    if close:
        return t("did you mean '{close}'?", close=close)
    shown = sorted(names)[:12]
    return t("{what}: {shown}", what=what if what is not None else t("known ids"), shown=shown) if shown else ""
