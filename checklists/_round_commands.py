"""The commands that write a round's files: generate (the lists and the group's papers), ledger,
and findings import and worksheets; with the collision-free file names they share."""

from __future__ import annotations

import argparse
import gc
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._argparse import say
from ._documents import located
from ._gc import collector_paused
from ._inputs import RoundInput, check_round, read_round
from .errors import Location, Problem, SchemaError, raise_if
from .i18n import Lang, t
from .library import Library, load_library
from .models.common import KIND_TITLES, KINDS
from .output import AtomicFolder, Progress, write_file

if TYPE_CHECKING:
    from .models.pack import Pack

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

ROUND_FORMATS = ("xlsx", "docx", "letters", "materials", "talks", "survey")


def known_formats() -> tuple[str, ...]:
    """Every format a round can be written in: a file per unit (json, yaml, md, html), or more."""
    from .render import RENDERERS

    return (*RENDERERS, *ROUND_FORMATS)


def split_formats(text: str) -> tuple[list[str], list[str]]:
    """The formats a comma-separated list names, and those of them that are not known."""
    chosen = [f.strip() for f in text.split(",") if f.strip()]
    return chosen, [f for f in chosen if f not in known_formats()]


def _formats(text: str, lang: Lang = "en") -> list[str]:
    formats, unknown = split_formats(text)
    if unknown or not formats:
        say(lang, t("checklists generate: unknown format(s): {unknown}; choose from {known}",
                    unknown=unknown or t("(none)"), known=known_formats()), sys.stderr)
        raise SystemExit(2)
    return formats


def safe_name(text: str) -> str:
    """A file name that every common file system accepts."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:80] or "_"


def unit_stems(units: Sequence[tuple[str, str]], taken: Sequence[str] = ()) -> list[str]:
    """The file name stem of each (id, name) unit: ``<id>-<name>`` made safe. Where two units'
    stems would be the same (``a-b``/``c`` and ``a``/``b-c``; or the same but for case, which some
    file systems do not tell apart; or cut to the same 80 characters), or a stem is one of
    ``taken`` (the round's own file names), each of those units' stems ends with ``-`` and eight
    hex digits of the SHA-256 of its id, which stay the same whatever else the round holds."""
    import hashlib

    stems = [safe_name(f"{uid}-{name}") for uid, name in units]
    counts: dict[str, int] = {}
    for stem in [*stems, *taken]:
        counts[stem.casefold()] = counts.get(stem.casefold(), 0) + 1
    return [stem if counts[stem.casefold()] == 1 else
            f"{stem[:71]}-{hashlib.sha256(uid.encode()).hexdigest()[:8]}"
            for stem, (uid, _) in zip(stems, units, strict=True)]


def loaded(layers: Sequence[Path]) -> Library:
    """The library, for a process that keeps it to the end. It is read with the collector paused
    and then frozen (``gc.freeze``), so that no collection walks its objects: one set off between
    the two walked all of them once more (docs/performance.md has the figures)."""
    with collector_paused():
        lib = load_library(*layers)
        gc.freeze()
    return lib


def generate(args: argparse.Namespace) -> int:
    formats = _formats(args.format, args.lang)
    lib = loaded(args.library)
    with collector_paused():  # the command's choice: reading and composing make no cycles
        rin = read_round(args.round)
    raise_if(check_round(lib, rin), SchemaError)
    written = write_round(lib, rin, formats, args.out, args.marking, Progress(len(rin.units), lang=args.lang),
                          force=args.force)
    say(args.lang, t("wrote {files} files for {units} units to {out}", files=written, units=len(rin.units),
                     out=args.out))
    return 0


def write_round(lib: Library, rin: RoundInput, formats: Sequence[str], out: Path, marking: str | None,
                progress: Progress, force: bool = False, before_unit: Callable[[], None] | None = None) -> int:
    """Write the files of ``formats`` for every unit of the checked round ``rin`` into the folder
    ``out`` (all of them or none), telling ``progress``; the number of files written.
    ``before_unit`` is called before each unit is composed: it may raise to stop (a time limit)."""
    from .resolve import compose

    packs = []
    round_stem = safe_name(f"{rin.round.id}-{rin.round.name}")
    stems = unit_stems([(u.unit.id, u.unit.name) for u in rin.units], taken=(round_stem, f"{round_stem}-汇编"))
    with AtomicFolder(out, force=force) as folder:
        workbook = None
        if "xlsx" in formats:  # written as the units come, to temporary files: any round, the same memory
            from .render.xlsx_out import STREAM_FROM, RoundWorkbook

            workbook = RoundWorkbook(str(folder.reserve(f"{round_stem}.xlsx")), shown=out / f"{round_stem}.xlsx",
                                     streaming=len(rin.units) >= STREAM_FROM)
        for unit, stem in zip(rin.units, stems, strict=True):
            if before_unit is not None:
                before_unit()
            with collector_paused():  # not while writing: python-docx and lxml make cycles
                pack = compose(lib, unit, rin.round, record=False)[0]
            _write_unit(folder, stem, pack, formats, marking, progress)
            if workbook is not None:
                workbook.add(pack)
            if set(formats) & {"docx", "letters"}:
                packs.append(pack)
            counts = [f"{KIND_TITLES[k]} {len(pack.checklist(k).items)}" for k in KINDS]
            progress.echo(t("{id} {name}: {counts}", id=pack.unit.id, name=pack.unit.name, counts=counts))
            for notice in pack.notices:
                progress.echo(t("  note: {message}", message=notice.message))
            progress.step(pack.unit.name)
        if workbook is not None:
            workbook.close()
        if "docx" in formats and packs:
            from .render.docx_out import round_booklet

            folder.write(f"{round_stem}-汇编.docx", round_booklet(packs, marking))
        if "letters" in formats:
            from .render.docx_out import request_letters

            for label, letter in request_letters(packs).items():
                folder.write(safe_name(f"{round_stem}-商请函-{label}") + ".docx", letter)
    return len(folder.written)


def _write_unit(folder: AtomicFolder, stem: str, pack: Pack, formats: Sequence[str], marking: str | None,
                progress: Progress) -> None:
    """The files of one unit: a file per unit format, its booklet, materials list and papers."""
    from .render import RENDERERS

    for fmt in formats:
        if fmt == "html":
            from .render.html_out import render as html_page

            folder.write(f"{stem}.html", html_page(pack, marking))
        elif fmt in RENDERERS:
            suffix, render = RENDERERS[fmt]
            folder.write(f"{stem}{suffix}", render(pack))
    if "docx" in formats:
        from .render.docx_out import unit_booklet

        folder.write(f"{stem}.docx", unit_booklet(pack, marking))
    if "materials" in formats:
        from .render.materials_out import render as materials_list

        folder.write(f"{stem}-资料需求清单.xlsx", materials_list(pack))
    if "talks" in formats or "survey" in formats:
        _papers(folder, stem, pack, formats, progress)


def _papers(folder: AtomicFolder, stem: str, pack: Pack, formats: Sequence[str], progress: Progress) -> None:
    from .render.papers_out import survey_form, talk_outline, unworded

    if "talks" in formats:
        folder.write(f"{stem}-个别谈话提纲.docx", talk_outline(pack))
    if "survey" in formats:
        folder.write(f"{stem}-问卷调查和民主测评表.docx", survey_form(pack))
        left = [u.outline for u in unworded(pack) if u.method == "survey"]
        if left:
            progress.echo(t("  note: the survey form leaves out {count} item(s) checked by survey that have no "
                            "statement to rate ({items}); give them survey: in their layer",
                            count=len(left), items="、".join(left)))


def findings_worksheets(args: argparse.Namespace) -> int:
    from ._inputs import read_findings_file
    from .render.papers_out import worksheets
    from .resolve import compose

    lib = loaded(args.library)
    with collector_paused():
        rin = read_round(args.round)
        found, doc = read_findings_file(args.findings)
    raise_if(check_round(lib, rin), SchemaError)
    units = {u.unit.id for u in rin.units}
    strays = [located(doc, ("findings", i, "unit"), t("finding {finding} is of unit '{unit}', which is not in "
                      "the round {round}", finding=f.id, unit=f.unit, round=rin.round.id),
                      hint=t("give the round the findings were made in, or correct the unit id"),
                      code="findings.unknown-unit")
              for i, f in enumerate(found.findings) if f.unit not in units]
    raise_if(strays, SchemaError)
    stems = unit_stems([(u.unit.id, u.unit.name) for u in rin.units])
    written = 0
    with AtomicFolder(args.out, force=args.force) as folder:
        for unit, stem in zip(rin.units, stems, strict=True):
            own = [f for f in found.findings if f.unit == unit.unit.id]
            if not own:
                continue
            with collector_paused():
                pack = compose(lib, unit, rin.round, record=False)[0]
            folder.write(f"{stem}-问题底稿.docx", worksheets(pack, own))
            written += len(own)
    files = len(folder.written)
    say(args.lang, t("wrote {worksheets} (问题底稿) for {units} to {out}",
                     worksheets=t("{count} worksheet", count=written) if written == 1
                     else t("{count} worksheets", count=written),
                     units=t("{count} unit", count=files) if files == 1 else t("{count} units", count=files),
                     out=args.out))
    return 0


def refuse_existing(path: Path, force: bool) -> None:
    from .errors import OutputError

    if path.exists() and not force:
        raise OutputError(Problem(Location(str(path)), t("the file exists"),
                                  hint=t("choose another name, or add --force"), code="output.not-empty"))


def ledger(args: argparse.Namespace) -> int:
    from .render.ledger_out import render
    from .resolve import compose

    refuse_existing(args.out, args.force)
    lib = loaded(args.library)
    with collector_paused():
        rin = read_round(args.round)
    raise_if(check_round(lib, rin), SchemaError)
    with collector_paused():
        packs = [compose(lib, unit, rin.round, record=False)[0] for unit in rin.units]
    write_file(args.out, render(packs))
    rows = sum(len(p.problem.items) for p in packs)
    say(args.lang, t("wrote the ledger of {units} units, {rows} problem items, to {out}", units=len(packs),
                     rows=rows, out=args.out))
    return 0


def findings_import(args: argparse.Namespace) -> int:
    from .findings import read_ledger, write_findings

    refuse_existing(args.out, args.force)
    found = read_ledger(args.ledger)
    write_findings(found, args.out)
    counts: dict[str, int] = {}
    for finding in found.findings:
        counts[finding.status] = counts.get(finding.status, 0) + 1
    if not found.findings:
        say(args.lang, t("wrote 0 findings to {out}: no row of the ledger says 是 under 是否发现问题 or states a "
                         "problem under 问题表述 (fill those in as the group finds problems)", out=args.out))
        return 0
    say(args.lang, t("wrote {count} findings ({statuses}) to {out}", count=len(found.findings),
                     statuses=[f"{k} {v}" for k, v in sorted(counts.items())], out=args.out))
    return 0


