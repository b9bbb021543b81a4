"""Read one library folder (a layer) into typed documents.

The folder a file stands in decides what it is: ``catalog/``, ``unit_types/``,
``profiles/``, ``programs/``, ``themes/``, ``changes/``, or one of the four kinds
(``policy/``, ``function/``, ``supervision_info/``, ``problem/``) for fragments of items.
``library.yaml`` at the top names the layer. Every YAML file elsewhere is an error, so
that nothing an author wrote is silently left out.
"""

import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from ._documents import build, located
from ._yaml import MAX_FILE_BYTES, Document, decode, load_text, read_bytes, read_capped
from .errors import ChecklistsError, LoadError, Location, Problem, SchemaError
from .i18n import os_reason, t
from .models.common import KINDS

if TYPE_CHECKING:
    from .models.layer_files import Catalog, Changes, ProfileSpec
    from .models.library import ProgramSpec, ThemeSpec, UnitTypeSpec

T = TypeVar("T")

FOLDERS: dict[str, str] = {
    "catalog": "catalog",
    "unit_types": "unit_type",
    "profiles": "profile",
    "programs": "program",
    "themes": "theme",
    "changes": "changes",
    **{kind: "fragment" for kind in KINDS},
}
"""The schema of the documents in each top-level folder of a layer."""
MANIFEST = "library.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 20_000


class Source(NamedTuple, Generic[T]):
    """A document of a layer and the model built from it."""

    layer: str
    layer_index: int
    rel: str
    doc: Document
    model: T


class LayerDocs(NamedTuple):
    """Everything one layer folder holds."""

    name: str
    version: str
    root: Path
    position: int  # in the order of layers, the built-in one 0
    digest: str
    catalogs: "tuple[Source[Catalog], ...]"
    unit_types: "tuple[Source[UnitTypeSpec], ...]"
    profiles: "tuple[Source[ProfileSpec], ...]"
    programs: "tuple[Source[ProgramSpec], ...]"
    themes: "tuple[Source[ThemeSpec], ...]"
    changes: "tuple[Source[Changes], ...]"
    fragments: tuple[Source[Any], ...]


def shown_path(path: Path) -> str:
    """A path as errors show it: relative to the working folder when it is below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_layer(root: Path, index: int) -> LayerDocs:
    """Read and check every document of the layer at ``root``; report all problems at once."""
    # imported here: a library read from the cache is never parsed, and does without them
    from .models.layer_files import LayerManifest
    from .schemas import INPUT_MODELS

    root_shown = shown_path(root)
    if not root.is_dir():
        raise LoadError(
            Problem(Location(root_shown), t("library folder not found"), hint=t("give an existing folder"),
                    code="load.folder-not-found")
        )
    listing = list_layer(root)
    problems = list(listing.problems)
    unreadable = listing.unreadable
    digest = hashlib.sha256()
    buckets: dict[str, list[Source[Any]]] = {name: [] for name in FOLDERS}
    manifest: LayerManifest | None = None
    for rel, on_disk in listing.files:
        path = Path(on_disk)
        shown = _shown_in(root_shown, rel)
        top = rel.split("/", 1)[0]
        try:
            raw = read_bytes(path, shown)
            digest.update(_digest_entry(rel, raw))
            doc = load_text(decode(raw, shown), shown)
            if rel == MANIFEST:
                manifest = build(doc, "layer", LayerManifest)
                continue
            schema_name = FOLDERS[top]
            built = build(doc, schema_name, INPUT_MODELS[schema_name])
            if schema_name == "fragment" and built.kind != top:
                problems.append(
                    located(doc, ("kind",),
                            t("a '{kind}' fragment stands in the '{folder}/' folder", kind=built.kind, folder=top),
                            hint=t("move the file to {kind}/ or set kind: {folder}", kind=built.kind, folder=top),
                            code="layer.kind-mismatch")
                )
                continue
        except ChecklistsError as exc:
            problems.extend(exc.problems)
            unreadable = unreadable or isinstance(exc, LoadError)
            continue
        buckets[top].append(Source("", index, rel, doc, built))  # named below, once the manifest is read

    if problems:
        raise (LoadError if unreadable else SchemaError)(problems)  # a file that cannot be read comes first
    name = manifest.name if manifest else _default_name(root)
    version = manifest.version if manifest else "0"
    named = {k: tuple(Source(name, index, s.rel, s.doc, s.model) for s in v) for k, v in buckets.items()}
    return LayerDocs(
        name=name,
        version=version,
        root=root,
        position=index,
        digest=digest.hexdigest(),
        catalogs=named["catalog"],
        unit_types=named["unit_types"],
        profiles=named["profiles"],
        programs=named["programs"],
        themes=named["themes"],
        changes=named["changes"],
        fragments=tuple(s for kind in KINDS for s in named[kind]),
    )


def _digest_entry(rel: str, raw: bytes) -> bytes:
    return rel.encode() + b"\0" + hashlib.sha256(raw).digest()


class LayerListing(NamedTuple):
    """The YAML files of a layer and why its layout is refused, if it is."""

    files: list[tuple[str, str]]  # (path within the layer, path on disk), by the first
    problems: list[Problem]
    unreadable: bool  # a folder could not be listed


def list_layer(root: Path) -> LayerListing:
    """Every YAML file of the layer at ``root``, sorted by its path within the layer so that the
    order on disk never matters, and a problem for each thing of the layout that is refused: a
    linked folder (links to folders are not followed), a linked file that leads outside the
    layer, a folder that cannot be listed, more than ``MAX_FILES`` files, a file outside the
    folders a layer has. Files and folders whose names start with a dot are not part of the layer.

    ``read_layer`` reads these files and the cache hashes or stats them, so both see the same
    layer. This runs on every cached load, so it lists folders with ``os.scandir``, whose entries
    say without asking the file system again whether they are folders or links, and works on
    plain path strings, which costs much less than ``os.walk`` with ``Path`` objects.
    """
    root_shown = shown_path(root)
    real_root: Path | None = None  # found when a link needs it
    files: list[tuple[str, str]] = []
    problems: list[Problem] = []
    unreadable = False

    def refuse(rel: str, message: str, hint: str, code: str) -> None:
        problems.append(Problem(Location(_shown_in(root_shown, rel)), message, hint=hint, code=code))

    pending = [("", os.fspath(root))]  # folders still to list: (path within the layer, path on disk)
    while pending:
        inner, folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    rel = f"{inner}/{entry.name}" if inner else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((rel, entry.path))
                    elif entry.is_symlink() and _links_to_folder(entry):
                        refuse(rel, t("folder is a link; links are not followed"),
                               t("copy the folder into the library instead of linking to it"),
                               code="layer.linked-folder")
                    elif entry.name.endswith(YAML_SUFFIXES):
                        if entry.is_symlink():
                            real_root = real_root or root.resolve()
                            if _leads_outside(entry.path, real_root):
                                refuse(rel, t("file links to a place outside the library folder"),
                                       t("copy the file into the library instead of linking to it"),
                                       code="layer.link-outside")
                                continue
                        files.append((rel, entry.path))
        except OSError as exc:
            refuse(inner, t("folder cannot be listed: {reason}", reason=os_reason(exc)),
                   t("check that the folder exists and may be read"), code="load.folder-unlistable")
            unreadable = True
        if len(files) > MAX_FILES:
            refuse("", t("more than {count} YAML files", count=f"{MAX_FILES:,}"),
                   t("split the library into several layers"), code="layer.too-many-files")
            break
    files.sort()
    placed = []
    for rel, on_disk in files:
        if rel == MANIFEST or (rel.split("/", 1)[0] in FOLDERS and "/" in rel):
            placed.append((rel, on_disk))
        else:
            refuse(rel, t("file is not in a folder the library knows"),
                   t("move it into one of: {folders}/ (or name it {manifest})", folders=list(FOLDERS),
                     manifest=MANIFEST),
                   code="layer.stray-file")
    problems.sort(key=lambda problem: problem.location)  # by place, whatever order folders were listed in
    return LayerListing(placed, problems, unreadable)


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a loop of links: reading the file reports it
        return False


def _leads_outside(path: str, real_root: Path) -> bool:
    """Whether the link at ``path`` leads outside the layer (a loop of links stays put)."""
    return not Path(os.path.realpath(path)).is_relative_to(real_root)


def _shown_in(root_shown: str, rel: str) -> str:
    """A path within the layer as errors show it."""
    return os.path.join(root_shown, *rel.split("/")) if rel else root_shown


def layer_digest(root: Path) -> str | None:
    """The digest ``read_layer`` would give the layer at ``root`` (its files' paths and bytes),
    without parsing anything; None when reading it would report a problem."""
    listing = list_layer(root)
    if listing.problems:
        return None
    digest = hashlib.sha256()
    for rel, path in listing.files:
        try:
            info = os.stat(path)  # a link that leads outside is not listed
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            with open(path, "rb") as stream:
                raw = read_capped(stream, info.st_size)
        except (OSError, ValueError):
            return None
        if len(raw) > MAX_FILE_BYTES:
            return None
        digest.update(_digest_entry(rel, raw))
    return digest.hexdigest()


def layer_stats(root: Path) -> list[tuple[str, os.stat_result]] | None:
    """What the file system says of each file ``layer_digest`` reads (``lstat``), with its path
    within the layer; None when a file is a link or not a plain file: only reading it tells then."""
    listing = list_layer(root)
    if listing.problems:
        return None
    found = []
    for rel, path in listing.files:
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        found.append((rel, info))
    return found


def _default_name(root: Path) -> str:
    cleaned = "".join(c if c.isalnum() and c.isascii() else "-" for c in root.resolve().name.lower())
    return cleaned.strip("-") or "layer"
