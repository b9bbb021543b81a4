"""Write a folder of results atomically: all files appear together, or none do.

Files are written into a hidden folder beside the target and moved into place only when every
file is written; a failed or interrupted run leaves the target as it was. A target folder that
already holds files is replaced only when the caller says so (``force``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .errors import Location, OutputError, Problem
from .i18n import Lang, os_reason, t, tr


class AtomicFolder:
    """``with AtomicFolder(out, force) as folder: folder.write(name, data)``.

    Every error of the file system (a read-only folder, ``out`` below a regular file, a full disk,
    a file-size limit reached partway) is an :class:`OutputError` naming the path, and leaves
    nothing behind: not the partial files, nor the parent folders this made for ``out``.
    """

    def __init__(self, target: Path, force: bool = False) -> None:
        self.target = target
        self.force = force
        self.written: list[str] = []
        self._tmp: Path | None = None
        self._made: Path | None = None  # the outermost parent folder this made, if any

    def __enter__(self) -> AtomicFolder:
        target = self.target
        try:
            if target.exists() and not target.is_dir():
                raise OutputError(Problem(Location(str(target)), t("output path is a file, not a folder"),
                                          hint=t("choose a folder for --out"), code="output.not-a-folder"))
            if target.is_dir() and any(target.iterdir()) and not self.force:
                raise OutputError(Problem(Location(str(target)), t("output folder is not empty"),
                                          hint=t("choose another folder, or add --force to replace its contents"),
                                          code="output.not-empty"))
            self._made_parents(target.parent)
            self._tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
        except OSError as exc:
            self._clean()
            raise os_error(exc, target, own_path=True) from None
        return self

    def _made_parents(self, folder: Path) -> None:
        missing = []
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        if missing:
            self._made = missing[-1]
            missing[0].mkdir(parents=True)

    def reserve(self, name: str) -> Path:
        """The path at which a writer of its own (one that writes to a file by name) writes ``name``
        into the folder; it counts as written."""
        assert self._tmp is not None, "use AtomicFolder in a with statement"
        self._claim(name)
        self.written.append(name)
        return self._tmp / name

    def _claim(self, name: str) -> None:
        if Path(name).name != name or name in ("", ".", ".."):
            raise OutputError(Problem(Location(name), t("an output file name may not name a folder"),
                                      code="output.bad-name"))
        if name.casefold() in (w.casefold() for w in self.written):
            raise OutputError(Problem(Location(str(self.target / name)), t("two results would be written to the "
                                      "same file (file names that differ only in case are the same file on "
                                      "some systems)"), hint=t("give the units distinct ids or names"),
                                      code="output.same-file"))

    def write(self, name: str, data: bytes | str) -> None:
        """Write the file ``name`` (a plain file name) into the folder."""
        assert self._tmp is not None, "use AtomicFolder in a with statement"
        self._claim(name)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self._tmp / name
        try:
            path.write_bytes(raw)
        except OSError as exc:
            raise os_error(exc, self.target / name) from None
        self.written.append(name)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        tmp = self._tmp
        assert tmp is not None
        if kind is not None:
            self._clean()
            return
        old: Path | None = None
        try:
            if self.target.exists():
                old = tmp.with_name(tmp.name.replace(".partial-", ".old-"))
                self.target.rename(old)
            tmp.rename(self.target)
        except OSError as exc:
            if old is not None and not self.target.exists():
                old.rename(self.target)
            self._clean()
            raise os_error(exc, self.target) from None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _clean(self) -> None:
        """Remove the partial folder and the parents this made."""
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
        if self._made is not None and not self.target.exists():
            shutil.rmtree(self._made, ignore_errors=True)


def write_file(path: Path, data: bytes | str, option: str = "--out") -> None:
    """Write one file whole or not at all (a temporary file beside it, then renamed into place);
    an error of the file system is an OutputError naming the path."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    tmp: str | None = None
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.partial-", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(raw)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise os_error(exc, path, option=option) from None


def os_error(exc: OSError, path: Path, own_path: bool = False, option: str = "--out") -> OutputError:
    """An error of the file system as a located problem: the path (the one the error names, with
    ``own_path``, else ``path``: never the hidden partial folder), what went wrong, what to do
    (``option`` names where the command was given the path)."""
    import errno

    reason = os_reason(exc)
    hints = {
        errno.EACCES: t("check the folder's permissions, or choose another folder for {option}", option=option),
        errno.EPERM: t("check the folder's permissions, or choose another folder for {option}", option=option),
        errno.EROFS: t("the file system is read-only: choose another folder for {option}", option=option),
        errno.ENOSPC: t("free some disk space, or choose a folder on another disk"),
        errno.EFBIG: t("a file reached the size limit of this process or file system"),
        errno.ENOTDIR: t("a part of the path is a file, not a folder: choose another folder for {option}",
                         option=option),
    }
    hints[errno.EEXIST] = hints[errno.ENOTDIR]
    named = exc.filename if isinstance(exc.filename, str) else ""
    where = named if own_path and named and ".partial-" not in named else str(path)
    return OutputError(Problem(Location(where), t("cannot write results: {reason}", reason=reason),
                               hint=hints.get(exc.errno or 0, t("check the path given to {option}", option=option)),
                               code="output.write-failed"))


class Progress:
    """A one-line progress bar on a terminal, redrawn in place; silent when output is not a
    terminal or in CI. Lines the command prints while the bar shows go through :meth:`echo`,
    which clears the bar, prints the line and draws the bar again below it, so that the bar never
    runs into a printed line. Lines are printed in ``lang`` (a message is translated; other text is
    printed as it is)."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None = None, out: TextIO | None = None,
                 lang: Lang = "en") -> None:
        self.total = total
        self.lang: Lang = lang
        self.stream = stream if stream is not None else sys.stderr
        self.out = out if out is not None else sys.stdout
        self.enabled = total > 1 and self.stream.isatty() and not os.environ.get("CI")
        self.done = 0
        self._label = ""
        self._shown = 0  # characters of the bar on the screen now

    def step(self, label: str) -> None:
        self.done += 1
        self._label = label
        if self.enabled:
            if self.done == self.total:
                self._clear()
            else:
                self._draw()

    def echo(self, text: str) -> None:
        """Print ``text`` (a message, in the bar's language) as a line of the command's output, below
        the bar's place."""
        line = tr(text, self.lang)
        if self.enabled and self._shown:
            self._clear()
            print(line, file=self.out, flush=True)
            self._draw()
        else:
            print(line, file=self.out)

    def _draw(self) -> None:
        filled = self.WIDTH * self.done // self.total
        bar = f"[{'#' * filled}{' ' * (self.WIDTH - filled)}] {self.done}/{self.total} {self._label[:30]}"
        self.stream.write("\r" + bar + " " * max(0, self._shown - len(bar)))
        self.stream.flush()
        self._shown = len(bar)

    def _clear(self) -> None:
        self.stream.write("\r" + " " * self._shown + "\r")
        self.stream.flush()
        self._shown = 0


__all__ = [
    "AtomicFolder",
    "Progress",
]
