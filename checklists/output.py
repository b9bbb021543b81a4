"""Write a folder of results atomically: all files appear together, or none do.

Files are written into a hidden folder beside the target and moved into place only when every
file is written; a failed or interrupted run leaves the target as it was. A target folder that
already holds files is replaced only when the caller says so (``force``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .errors import Location, OutputError, Problem


class AtomicFolder:
    """``with AtomicFolder(out, force) as folder: folder.write(name, data)``."""

    def __init__(self, target: Path, force: bool = False) -> None:
        self.target = target
        self.force = force
        self.written: list[str] = []
        self._tmp: Path | None = None

    def __enter__(self) -> AtomicFolder:
        target = self.target
        if target.exists() and not target.is_dir():
            raise OutputError(Problem(Location(str(target)), "output path is a file, not a folder",
                                      hint="choose a folder for --out"))
        if target.is_dir() and any(target.iterdir()) and not self.force:
            raise OutputError(Problem(Location(str(target)), "output folder is not empty",
                                      hint="choose another folder, or add --force to replace its contents"))
        target.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
        return self

    def write(self, name: str, data: bytes | str) -> None:
        assert self._tmp is not None, "use AtomicFolder in a with statement"
        if name in self.written or Path(name).name != name:
            raise ValueError(f"bad or repeated output file name: {name!r}")
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (self._tmp / name).write_bytes(raw)
        self.written.append(name)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        tmp = self._tmp
        assert tmp is not None
        if kind is not None:
            shutil.rmtree(tmp, ignore_errors=True)
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
            shutil.rmtree(tmp, ignore_errors=True)
            raise OutputError(Problem(Location(str(self.target)), f"cannot write results: {exc.strerror}")) from None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


class Progress:
    """A one-line progress bar on a terminal; silent when output is not a terminal or in CI."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 1 and self.stream.isatty() and not os.environ.get("CI")
        self.done = 0

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} {label[:30]:<30}")
        if self.done == self.total:
            self.stream.write("\r" + " " * (width + 45) + "\r")
        self.stream.flush()
