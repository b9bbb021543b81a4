"""An on-disk cache of loaded libraries, keyed by a content hash of every layer file.

Parsing and checking the built-in library takes about a second; reading it back from the cache
takes a small part of that. The key covers this package's version, the source of the modules whose
classes an entry holds, the Python and pydantic versions, and for each layer, in order, the path
errors show for it and the digest of its files' paths and bytes. So any change to any file, any
added or removed file, or another order of layers makes another key: a stale library is never
returned.

Reading every layer file to make the key takes a few milliseconds, a good part of a cold run. So,
as git's index does, the cache also keeps ``<stamp>.key`` files: the key last found for the files
as the file system describes them (path, size, inode, change and modification times, all hashed
into the stamp). When the stamp is one already seen, its key is used without reading the files. A
file changed within ``RACY_SECONDS`` of being stamped makes no stamp, since a second change within
the same tick of the file system's clock would leave its times as they were; the change time, which
no tool can set back, is in the stamp. On Windows, whose change time is the creation time, and
where any file is a link, the files are always read.

An entry is one file, ``<key>.pickle``: a header naming the key, a CRC-32 of the payload, then the
pickled library. The checksum is there to notice damage (a file cut short or changed on disk), not
tampering, which the folder's permissions and the restricted unpickler guard against; a CRC-32
costs next to nothing, where a sha256 was a noticeable part of a cold start of the CLI. An entry is
written to a temporary file in the same folder and moved into place with
``os.replace``, so two processes writing at once each leave a whole file, and a reader sees a whole
file or none. An entry that is truncated, corrupt, for another key or unreadable is ignored (and
replaced). The cache folder is made private to the user (mode 0700); on POSIX systems an entry is
read only from a folder that the user owns and that no one else may write to, because unpickling
runs code named in the file (see docs/security.md). Failing to write the cache never fails a load:
the library is returned all the same.

The folder is ``$CHECKLISTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/checklists``, else
``~/.cache/checklists`` (``%LOCALAPPDATA%\\checklists\\cache`` on Windows).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import VERSION as PYDANTIC_VERSION

from ._layer_files import layer_digest, layer_stats, shown_path
from ._version import __version__

if TYPE_CHECKING:
    from .library import Library

MAGIC = b"checklists-library-cache 4\n"
KEEP = 16
"""Entries kept in the folder, and as many stamps; older ones are removed when a new one is
written."""
RACY_SECONDS = 2
"""A file changed more recently than this is read, not stamped (see above)."""


def default_dir() -> Path:
    """The cache folder used unless another is given."""
    if os.environ.get("CHECKLISTS_CACHE_DIR"):
        return Path(os.environ["CHECKLISTS_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "checklists" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checklists"


_PACKAGE = Path(__file__).resolve().parent
CODE = tuple(_PACKAGE / name for name in (
    "library.py", "_records.py", "errors.py", "_cache.py", "models/common.py", "models/library.py"))
"""The modules whose classes an entry holds. Their source is part of the key: a checkout at another
commit, with the same version number, may have changed a class an entry was pickled with. So is
pydantic's version, whose models an entry holds."""


def _fixed_parts() -> list[str]:
    return [__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", str(pickle.HIGHEST_PROTOCOL),
            PYDANTIC_VERSION]


def key_for(roots: Sequence[Path]) -> str | None:
    """The cache key of the layers at ``roots``, or None when one cannot be read cleanly (the
    ordinary load then reports why)."""
    parts = _fixed_parts()
    code = hashlib.sha256()
    try:
        for path in CODE:
            code.update(path.read_bytes())
    except OSError:
        return None
    parts.append(code.hexdigest())
    for root in roots:
        digest = layer_digest(root)
        if digest is None:
            return None
        parts.append(f"{shown_path(root)}\0{digest}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stamp_for(roots: Sequence[Path]) -> str | None:
    """A digest of what the file system says of every file ``key_for`` reads, or None when that
    cannot stand for their bytes (see the module's notes)."""
    if os.name != "posix":
        return None
    parts = _fixed_parts()
    newest = 0
    try:
        for path in CODE:
            info = os.stat(path)
            parts.append(f"{path}\0{_described(info)}")
            newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
    except OSError:
        return None
    for root in roots:
        stats = layer_stats(root)
        if stats is None:
            return None
        parts.append(shown_path(root))
        for rel, info in stats:
            parts.append(f"{rel}\0{_described(info)}")
            newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
    if newest > time.time_ns() - RACY_SECONDS * 1_000_000_000:
        return None
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _described(info: os.stat_result) -> str:
    return f"{info.st_size} {info.st_dev} {info.st_ino} {info.st_mtime_ns} {info.st_ctime_ns}"


def cached_load(roots: Sequence[Path], folder: Path, load: Callable[[], Library], kind: type[Library]) -> Library:
    """The library at ``roots``: from the cache in ``folder`` when it holds it (an entry that holds
    anything but a ``kind`` is ignored), else ``load()``, which is then stored, provided no file
    changed while it was loading."""
    stamp = stamp_for(roots)
    if stamp:
        known = _stamped_key(folder, stamp)
        found = _read(folder / f"{known}.pickle", known, folder, kind) if known else None
        if found is not None:
            return found
    key = key_for(roots)
    if key is None:
        return load()
    entry = folder / f"{key}.pickle"
    found = _read(entry, key, folder, kind)
    if found is None:
        found = load()
        if key_for(roots) != key:  # a file changed while loading
            return found
        _write(entry, key, found, folder)
    if stamp:
        _write_file(folder / f"{stamp}.key", key.encode(), folder)
    return found


# ---------------------------------------------------------------------------- pickling


# An entry is written and read with this module's own pickling, kept here rather than in the
# models: a mappingproxy is stored as its dict, and a model as its class, its values and the names
# of the fields set (reading one back is one small call, where pydantic's own form was a
# dictionary of four entries to look up). Reading allows only the classes an entry holds.


def _proxy(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(mapping)


_set = object.__setattr__  # as pydantic itself sets the slots of a frozen model


def _model(cls: Any, values: dict[str, Any], fields_set: set[str]) -> Any:
    """A model of the library as the cache stored it (see ``_Pickler``)."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from .models.common import Strict

        if isinstance(obj, Strict):  # no extra fields and no private attributes: values say it all
            return _model, (type(obj), obj.__dict__, obj.__pydantic_fields_set__)
        if type(obj) is MappingProxyType:
            return _proxy, (dict(obj),)
        return NotImplemented


def _dumps(library: Library) -> bytes:
    import io

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(library)
    return buffer.getvalue()


_RECORDS = {"checklists.library": {"Library"},
            "checklists._records": {"LibraryItem", "Origin", "Defined", "Override", "ResolvedProfile", "LayerInfo"},
            "checklists.errors": {"Location"},
            "checklists._cache": {"_proxy", "_model"},
            "datetime": {"date"},
            "pathlib": {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"}}
"""Where an entry's classes and functions come from: anything else in a file is refused."""


class _Unpickler(pickle.Unpickler):
    """Reads only what this module writes: the library's records, its models (subclasses of
    ``Strict`` in ``checklists.models``), dates and paths. A file that names anything else (a
    pickle made to run code when read) is refused, and the library is loaded afresh."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _RECORDS.get(module, ()):
            return super().find_class(module, name)
        if module.startswith("checklists.models."):
            from .models.common import Strict

            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, Strict):
                return found
        raise pickle.UnpicklingError(f"a cache entry may not name {module}.{name}")


def _loads(payload: bytes) -> Any:
    import io

    return _Unpickler(io.BytesIO(payload)).load()


# ---------------------------------------------------------------------------- files


def _trusted(folder: Path) -> bool:
    """Whether entries in ``folder`` may be read: on POSIX, the user owns it and others may not
    write to it."""
    if not hasattr(os, "getuid"):
        return folder.is_dir()
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read(entry: Path, key: str, folder: Path, kind: type[Library]) -> Library | None:
    if not _trusted(folder):
        return None
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    header = MAGIC + key.encode() + b"\n"
    if not raw.startswith(header) or len(raw) < len(header) + 4:
        return None
    checksum, payload = raw[len(header):len(header) + 4], raw[len(header) + 4:]
    if _checksum(payload) != checksum:
        return None
    try:
        library = _loads(payload)
    except Exception:  # any damage means: load afresh
        return None
    return library if isinstance(library, kind) else None


def _stamped_key(folder: Path, stamp: str) -> str | None:
    """The key last found for ``stamp``, if the cache holds one."""
    if not _trusted(folder):
        return None
    try:
        text = (folder / f"{stamp}.key").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None


def _write(entry: Path, key: str, library: Library, folder: Path) -> None:
    try:
        payload = _dumps(library)
    except pickle.PicklingError:
        return
    _write_file(entry, MAGIC + key.encode() + b"\n" + _checksum(payload) + payload, folder)


def _checksum(payload: bytes) -> bytes:
    return zlib.crc32(payload).to_bytes(4, "big")


def _write_file(path: Path, data: bytes, folder: Path) -> None:
    """Write ``data`` to ``path`` in ``folder`` whole or not at all, then remove the oldest files
    of its kind beyond ``KEEP``."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _prune(folder, f"*{path.suffix}")
    except OSError:
        return  # a cache that cannot be written only costs time


def _prune(folder: Path, pattern: str) -> None:
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
