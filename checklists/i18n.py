"""Messages in the language of the people who read them: English or Chinese.

Every message a user sees is written where it arises as ``t("unknown {what} '{value}'", what=...,
value=...)``: a :class:`Msg`, which is the English text (a ``str``, so code that only wants English
needs nothing more) and remembers its template and values. :func:`tr` gives it in another language
from the catalog (``checklists._catalog_zh``), keyed by the English template; values that are
themselves messages are translated too, and the rest (ids, file names, what a user wrote) are kept
as they are. A test reads every ``t(...)`` in the package and fails when a template has no Chinese,
or when the Chinese names other values than the English.

The language is the caller's choice (:func:`tr`, ``Problem.text(lang)``); the command line takes it
from ``--lang`` or the locale (:func:`language`). Nothing here changes state of the process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

__all__ = ["LANGS", "Lang", "Msg", "language", "os_reason", "t", "tr"]


class Msg(str):
    """A message: its English text, with the template and values it was made from."""

    __slots__ = ("args", "template")
    template: str
    args: Mapping[str, Any]

    def __new__(cls, template: str, args: Mapping[str, Any]) -> Msg:
        self = super().__new__(cls, template.format_map({k: _shown(v, "en") for k, v in args.items()}))
        self.template = template
        self.args = args
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg, (self.template, dict(self.args)))


def t(template: str, /, **args: Any) -> Msg:
    """The message of ``template`` (English, with ``{name}`` fields) filled with ``args``. A value
    that is a list or tuple is joined (', ' in English, '、' in Chinese)."""
    return Msg(template, args)


def tr(text: str, lang: Lang) -> str:
    """``text`` in ``lang``: a message translated (its values too); any other text as it is."""
    if lang == "en" or not isinstance(text, Msg):
        return str(text)
    zh = _catalog().get(text.template)
    if zh is None:
        return str(text)
    return zh.format_map({k: _shown(v, lang) for k, v in text.args.items()})


def _shown(value: Any, lang: Lang) -> str:
    if isinstance(value, Msg):
        return tr(value, lang)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ("、" if lang == "zh" else ", ").join(_shown(v, lang) for v in value)
    return str(value)


@functools.cache
def _catalog() -> Mapping[str, str]:
    from ._catalog_zh import MESSAGES

    return MESSAGES


def language(given: str | None, environ: Mapping[str, str]) -> Lang:
    """The language to speak: ``given`` (``--lang``) where given, else Chinese when the locale
    (LC_ALL, LC_MESSAGES, LANG, in that order, as POSIX reads them) is a Chinese one, else English."""
    if given in LANGS:
        return given
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, as a message for the errors offices meet (the wording of
    Linux's strerror), else the system's own words."""
    import errno

    said = {
        errno.ENOENT: t("No such file or directory"),
        errno.EACCES: t("Permission denied"),
        errno.EPERM: t("Operation not permitted"),
        errno.EISDIR: t("Is a directory"),
        errno.ENOTDIR: t("Not a directory"),
        errno.ENOSPC: t("No space left on device"),
        errno.EROFS: t("Read-only file system"),
        errno.EFBIG: t("File too large"),
        errno.EEXIST: t("File exists"),
        errno.ENAMETOOLONG: t("File name too long"),
        errno.ELOOP: t("Too many levels of symbolic links"),
        errno.ENOTEMPTY: t("Directory not empty"),
        errno.EXDEV: t("Invalid cross-device link"),
        errno.EIO: t("Input/output error"),
    }.get(exc.errno or 0)
    return said if said is not None else (exc.strerror or str(exc))
