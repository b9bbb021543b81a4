"""Errors: a small hierarchy, each carrying located problems.

Every problem a user can cause is reported as a :class:`Problem` with the file, line,
column and field it concerns, a message and a hint saying how to fix it. One error may
carry many problems, so that a user sees all of them at once.
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .i18n import Lang, tr


class Location(NamedTuple):
    """Where something stands: a file (relative to its layer or as given), line and column.

    Lines and columns count from 1; 0 means unknown.
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


class Problem(NamedTuple):
    """One located problem: ``file:line:column: field: message (hint)``.

    ``code`` names the kind of problem, stable across versions, for systems that act on it
    (``load.syntax``, ``schema.unknown-key``, ``ref.unknown-policy-item``; docs/errors.md lists
    them); the message may be reworded, the code is not.
    """

    location: Location
    message: str
    field: str = ""
    hint: str = ""
    related: Location | None = None
    code: str = ""

    def as_dict(self, severity: str = "error", lang: Lang = "en") -> dict[str, object]:
        """The problem as JSON-ready data: code, severity, file, line, column, field, message, hint,
        the message and hint in ``lang``."""
        return {"code": self.code, "severity": severity, "file": self.location.file, "line": self.location.line,
                "column": self.location.column, "field": self.field, "message": tr(self.message, lang),
                "hint": tr(self.hint, lang)}

    def text(self, lang: Lang = "en") -> str:
        """``file:line:column: field: message (hint)``, the message and hint in ``lang``."""
        text = f"{self.location}: "
        if self.field:
            text += f"{self.field}: "
        text += tr(self.message, lang)
        if self.related is not None:
            text += f"［另见 {self.related}］" if lang == "zh" else f" [see also {self.related}]"
        if self.hint:
            text += f"（{tr(self.hint, lang)}）" if lang == "zh" else f" ({self.hint})"
        return text

    def __str__(self) -> str:
        return self.text("en")


class ChecklistsError(Exception):
    """Base class of every error this library raises for bad input.

    ``problems`` lists every located problem found; ``str(error)`` prints them one a line.
    """

    def __init__(self, problems: Problem | Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    def text(self, lang: Lang = "en") -> str:
        """Every problem, one a line, in ``lang``."""
        return "\n".join(p.text(lang) for p in self.problems)


class LoadError(ChecklistsError):
    """A file could not be read as YAML: missing, too large, wrong encoding, bad syntax."""


class SchemaError(ChecklistsError):
    """A document does not match its schema or the declarations it depends on."""


class LinkError(ChecklistsError):
    """References across documents are broken: dangling ids, duplicates, cycles."""


class ResolveError(ChecklistsError):
    """A pack could not be composed: unknown unit type, missing parameter, and the like."""


def raise_if(problems: Iterable[Problem], error: type[ChecklistsError]) -> None:
    """Raise ``error`` with every problem given, if there are any."""
    found = list(problems)
    if found:
        raise error(found)


class ArgumentError(ChecklistsError, TypeError):
    """A Python caller passed a value of the wrong kind (``None`` for a unit, a number for a round
    file). Also a ``TypeError``, as Python callers expect of a wrong argument."""


class OutputError(ChecklistsError):
    """Results could not be written: the output folder is not empty, or a write failed."""


def closest(value: str, options: Iterable[str]) -> str | None:
    """The option most like ``value``, for a "did you mean" hint; difflib, which is slow to
    import, is imported only when a hint is wanted."""
    import difflib

    close = difflib.get_close_matches(value, list(options), n=1)
    return close[0] if close else None


__all__ = [
    "ArgumentError",
    "ChecklistsError",
    "LinkError",
    "LoadError",
    "Location",
    "OutputError",
    "Problem",
    "ResolveError",
    "SchemaError",
]
