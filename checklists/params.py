"""Safe parameter substitution: ``{name}`` is replaced by a named value, nothing else.

Names are looked up in a flat mapping; there is no attribute access, indexing, format
specification or code. ``{{`` and ``}}`` stand for literal braces. Values are inserted as
they are: braces inside a value are never substituted again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from .i18n import t

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


class TemplateError(ValueError):
    """A text is not a valid template, or names a parameter with no value."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _unmatched(token: str) -> TemplateError:
    return TemplateError(t("unmatched '{token}' in text", token=token),
                         hint=t("write '{{{{' or '}}}}' for a literal brace"))


def names(text: str) -> Iterator[str]:
    """The parameter names ``text`` uses; raises :class:`TemplateError` on bad syntax."""
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise _unmatched(token)
        name = (match.group(1) or "").strip()
        if not NAME.match(name):
            raise TemplateError(
                t("'{token}' is not a parameter name", token=token),
                hint=t("parameters are plain names such as {{unit.name}}; no attributes, indexes or formats"),
            )
        yield name


def substitute(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every ``{name}`` replaced; raises :class:`TemplateError` if one is missing."""
    if "{" not in text and "}" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if token in ("{", "}"):
            raise _unmatched(token)
        name = (match.group(1) or "").strip()
        if not NAME.match(name):
            raise TemplateError(t("'{token}' is not a parameter name", token=token),
                                hint=t("parameters are plain names such as {{unit.name}}"))
        if name not in values:
            raise TemplateError(t("parameter '{name}' has no value", name=name),
                                hint=t("give it in the unit's or round's 'params', or use one of: {known}",
                                       known=sorted(values)))
        return values[name]

    return _TOKEN.sub(replace, text)
