"""The command line: a thin layer over the API.

Exit codes: 0 success, 1 a user error reported with its location, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._argparse import parser_in, say
from ._argparse import sub_parser_class as _sub_parser_class
from ._inputs import RoundInput, check_round, check_unit, read_round, round_from_document, unit_from_document
from ._layer_files import shown_path
from ._round_commands import findings_import, findings_worksheets, generate, ledger, loaded
from ._version import __version__
from ._yaml import load_file
from .conditions import ENGLISH, describe
from .errors import ArgumentError, ChecklistsError, Location, Problem, SchemaError, raise_if
from .i18n import LANGS, Lang, language, t, tr
from .library import Library, builtin_path, load_library
from .models.common import KIND_TITLES
from .models.inputs import Office
from .output import write_file

if TYPE_CHECKING:
    from . import diff



def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language(_lang_given(argv), os.environ)
    parser = _parser(lang)
    args = parser.parse_args(argv)
    args.lang = lang
    if not getattr(args, "command", None) or not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args)
        return code
    except ChecklistsError as exc:
        for problem in exc.problems:
            print(problem.text(lang), file=sys.stderr)
        count = len(exc.problems)
        say(lang, t("{count} problem found", count=count) if count == 1 else t("{count} problems found", count=count),
            sys.stderr)
        return 1
    except KeyboardInterrupt:
        say(lang, t("interrupted"), sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (``| head``): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that exiting flushes nowhere
        return 141


def _lang_given(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the arguments, read before the parser is made in that language."""
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _parser(lang: Lang = "en") -> argparse.ArgumentParser:
    def _(text: str) -> str:
        return tr(text, lang)

    parser = parser_in(lang, prog="checklists",
                       description=_(t("Compose the four pre-inspection checklists for the units of a round.")))
    parser.add_argument("--version", action="version", version=f"checklists {__version__}",
                        help=_(t("show the version and exit")))
    parser.add_argument("--lang", choices=LANGS, metavar="zh|en",
                        help=_(t("the language of messages: zh or en (default: from the locale, LANG or LC_ALL)")))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_sub_parser_class(lang))

    def format_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=("text", "json"), default="text",
                       help=_(t("json: print the problems as a JSON list of {{code, severity, file, line, column, "
                                "field, message, hint}} on standard output (an empty list when there are none)")))

    def command(subs: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                text: str) -> argparse.ArgumentParser:
        return subs.add_parser(name, help=_(text), description=_(text))

    def library_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--library", action="append", default=[], metavar="DIR",
                       help=_(t("a library layer over the built-in one (repeatable, applied in order)")))

    gen = command(sub, "generate", t("write the four checklists for every unit of a round"))
    gen.add_argument("round", type=Path, metavar="ROUND.yaml")
    gen.add_argument("--out", type=Path, required=True, metavar="DIR", help=_(t("folder to write into")))
    gen.add_argument("--format", default="json,md,html,xlsx", metavar="LIST",
                     help=_(t("comma-separated: json, yaml, md, html (a file per unit), docx (a booklet per "
                              "unit and one for the round), xlsx (a workbook for the round), letters (a request "
                              "letter per department), materials (资料需求清单 to each unit, a workbook per unit), "
                              "talks (个别谈话提纲, a document per unit), survey (问卷调查和民主测评表, a document per "
                              "unit); default: json,md,html,xlsx")))
    gen.add_argument("--marking", default=None, metavar="TEXT",
                     help=_(t("marking printed on HTML pages and Word covers (密级/内部); default: the round's "
                              "office's, else 内部资料 注意保存; '' for none")))
    gen.add_argument("--force", action="store_true", help=_(t("replace the contents of a non-empty --out folder")))
    library_option(gen)
    gen.set_defaults(run=generate)

    led = command(sub, "ledger", t("write the round's record workbook (巡察台账) to fill in during and after it"))
    led.add_argument("round", type=Path, metavar="ROUND.yaml")
    led.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    led.add_argument("--force", action="store_true", help=_(t("replace FILE.xlsx if it exists")))
    library_option(led)
    led.set_defaults(run=ledger)

    fnd = command(sub, "findings", t("findings of a round: import a filled ledger"))
    fsub = fnd.add_subparsers(dest="action", metavar="ACTION")
    imp = command(fsub, "import", t("read a filled ledger into a findings file (findings.yaml)"))
    imp.add_argument("ledger", type=Path, metavar="LEDGER.xlsx")
    imp.add_argument("--out", type=Path, required=True, metavar="FINDINGS.yaml")
    imp.add_argument("--force", action="store_true", help=_(t("replace FINDINGS.yaml if it exists")))
    imp.set_defaults(run=findings_import)
    wks = command(fsub, "worksheets", t("write a 问题底稿 per finding, a document per unit of the round"))
    wks.add_argument("round", type=Path, metavar="ROUND.yaml")
    wks.add_argument("findings", type=Path, metavar="FINDINGS.yaml")
    wks.add_argument("--out", type=Path, required=True, metavar="DIR", help=_(t("folder to write into")))
    wks.add_argument("--force", action="store_true", help=_(t("replace the contents of a non-empty --out folder")))
    library_option(wks)
    wks.set_defaults(run=findings_worksheets)

    val = command(sub, "validate", t("check library layers, round files and unit files"))
    val.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                     help=_(t("library folders (layered over the built-in one, in order) and round or "
                              "unit files; none: the built-in library")))
    format_option(val)
    val.set_defaults(run=_validate)

    lnt = command(sub, "lint", t("quality checks: near-identical items, orphan policies, unused entries"))
    library_option(lnt)
    format_option(lnt)
    lnt.set_defaults(run=_lint)

    exp = command(sub, "explain", t("why each item is in, or not in, a unit's pack"))
    exp.add_argument("round", type=Path, metavar="ROUND.yaml")
    exp.add_argument("--unit", required=True, metavar="ID")
    exp.add_argument("--item", metavar="ID")
    library_option(exp)
    exp.set_defaults(run=_explain)

    dif = command(sub, "diff", t("items added, removed and changed between two packs, outputs or libraries"))
    dif.add_argument("before", type=Path, metavar="A",
                     help=_(t("a pack (.json), a folder of packs or a library layer")))
    dif.add_argument("after", type=Path, metavar="B", help=_(t("the same kind of thing as A")))
    dif.add_argument("--format", choices=("text", "json"), default="text")
    dif.set_defaults(run=_diff)

    imp_ = command(sub, "impact", t("what a revised document touches: items, unit types, packs written"))
    imp_.add_argument("--policy", required=True, metavar="ID", help=_(t("the id of any version of the document")))
    imp_.add_argument("--packs", type=Path, metavar="DIR",
                      help=_(t("a folder of packs (generate --format json) to check for packs that cite it and "
                               "were made by another library")))
    library_option(imp_)
    imp_.set_defaults(run=_impact)

    typ = command(sub, "types", t("list unit types, their subtypes and attributes"))
    library_option(typ)
    typ.set_defaults(run=_types)

    ini = command(sub, "init", t("make a new office layer to fill in, with examples and an Excel template"))
    ini.add_argument("folder", type=Path, metavar="DIR")
    ini.add_argument("--name", metavar="NAME", help=_(t("the layer's name (default: from the folder's name)")))
    ini.set_defaults(run=_init)

    srv = command(sub, "serve", t("serve the library over HTTP: a JSON API (OpenAPI) and a page for staff"))
    srv.add_argument("--host", default="127.0.0.1", help=_(t("the address to listen on (default: 127.0.0.1)")))
    srv.add_argument("--port", type=int, default=8000, help=_(t("the port to listen on (default: 8000)")))
    srv.add_argument("--max-units", type=int, default=300, metavar="N", help=_(t("units a round may send")))
    srv.add_argument("--max-body", type=int, default=5_000_000, metavar="BYTES",
                     help=_(t("bytes a request's body may have")))
    srv.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                     help=_(t("seconds a round may take before the request is refused")))
    library_option(srv)
    srv.set_defaults(run=_serve)

    exl = command(sub, "export-library", t("every item of the library as a workbook, a sheet per kind"))
    exl.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    exl.add_argument("--only-layers", action="store_true",
                     help=_(t("only the items the --library layers define, not the built-in ones (to edit and "
                              "import back)")))
    exl.add_argument("--force", action="store_true", help=_(t("replace FILE.xlsx if it exists")))
    library_option(exl)
    exl.set_defaults(run=_export_library)

    imi = command(sub, "import-items", t("read a workbook of items into a layer's fragment files"))
    imi.add_argument("workbook", type=Path, metavar="FILE.xlsx")
    imi.add_argument("--into", type=Path, required=True, metavar="DIR", help=_(t("the layer folder (made if need be)")))
    imi.add_argument("--force", action="store_true", help=_(t("replace fragment files of the same groups")))
    library_option(imi)
    imi.set_defaults(run=_import_items)

    sch = command(sub, "schema", t("write the JSON Schemas"))
    sch.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR")
    sch.set_defaults(run=_schema)
    return parser


def _as_json(problems: Sequence[Problem], severity: str, lang: Lang) -> str:
    import json

    return json.dumps([p.as_dict(severity, lang) for p in problems], ensure_ascii=False, indent=2)


def _validate(args: argparse.Namespace) -> int:
    if args.format == "json":
        try:
            _check(args)
        except ChecklistsError as exc:
            print(_as_json(exc.problems, "error", args.lang))
            return 1
        print("[]")
        return 0
    lib, files = _check(args)
    say(args.lang, t("ok: {layers} layer(s), {items} items, {files} file(s) checked", layers=len(lib.layers),
                     items=len(lib.items), files=files))
    return 0


def _check(args: argparse.Namespace) -> tuple[Library, int]:
    """The library loaded and every file given checked (rounds composed); raises with every problem."""
    layers = [p for p in args.paths if p.is_dir()]
    files = [p for p in args.paths if not p.is_dir()]
    if layers and layers[0].resolve() == builtin_path().resolve():
        layers = layers[1:]
    lib = loaded(layers)
    problems = []
    for path in files:
        try:
            doc = load_file(path, shown_path(path))
            if isinstance(doc.data, dict) and "name" in doc.data and not {"id", "type"} & set(doc.data):
                from ._documents import build

                build(doc, "office", Office)
            elif isinstance(doc.data, dict) and "findings" in doc.data:
                from ._documents import build
                from .models.inputs import FindingsFile

                build(doc, "findings", FindingsFile)
            elif isinstance(doc.data, dict) and ("units" in doc.data or "start" in doc.data):
                rin = round_from_document(doc, path.parent)
                found = check_round(lib, rin)
                problems.extend(found or _compose_problems(lib, rin))
            else:
                problems.extend(check_unit(lib, unit_from_document(doc)))
        except ChecklistsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ChecklistsError(problems)
    return lib, len(files)


def _compose_problems(lib: Library, rin: RoundInput) -> list[Problem]:
    """What composing each unit of a checked round finds (as ``generate`` would), nothing written:
    so that a round that validates also generates."""
    from .resolve import compose

    problems: list[Problem] = []
    for unit in rin.units:
        try:
            compose(lib, unit, rin.round, record=False)
        except ChecklistsError as exc:
            problems.extend(exc.problems)
    return problems


def _lint(args: argparse.Namespace) -> int:
    if args.format == "json":
        try:
            found = loaded(args.library).lint()
        except ChecklistsError as exc:  # the library does not load: those are errors
            print(_as_json(exc.problems, "error", args.lang))
            return 1
        print(_as_json(found, "warning", args.lang))
        return 1 if found else 0
    lib = loaded(args.library)
    problems = lib.lint()
    if problems:
        raise ChecklistsError(problems)
    say(args.lang, t("ok: {items} items in {layers} layer(s), no lint problems", items=len(lib.items),
                     layers=len(lib.layers)))
    return 0


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain_input
    lib = loaded(args.library)
    rin = read_round(args.round)
    raise_if(check_round(lib, rin), SchemaError)
    matches = [u for u in rin.units if u.unit.id == args.unit]
    if not matches:
        say(args.lang, t("checklists explain: no unit '{unit}' in {round} (units: {known})", unit=args.unit,
                         round=args.round, known=[u.unit.id for u in rin.units]), sys.stderr)
        return 1
    say(args.lang, explain_input(lib, matches[0], rin.round, args.item).text(args.lang))
    return 0


def _diff(args: argparse.Namespace) -> int:
    import json

    from . import diff

    before, after = args.before, args.after
    for path in (before, after):
        if not path.exists():
            raise ArgumentError(Problem(Location(str(path)), t("no such file or folder"),
                                        hint=t("give two packs (.json), two output folders or two library layers"),
                                        code="diff.arguments"))
    if before.is_file() and after.is_file():
        changes = diff.diff_packs(diff.read_pack(before), diff.read_pack(after))
        units = [diff.UnitDiff("", "", "changed" if changes else "same", tuple(changes))]
    elif before.is_dir() and after.is_dir() and (_has_json(before) or _has_json(after)):
        units = diff.diff_outputs(before, after)
    elif before.is_dir() and after.is_dir():
        old, new = load_library(before), load_library(after)
        changes = diff.diff_libraries(old, new)
        if args.format == "text":
            _library_diff(changes, diff.by_unit_type(changes, old, new), args.lang)
            return 0
        units = [diff.UnitDiff("", "", "changed" if changes else "same", tuple(changes))]
    else:
        raise ArgumentError(Problem(Location(f"{before} {after}"), t("one is a file and the other a folder"),
                                    hint=t("give two packs (.json), two output folders or two library layers"),
                                    code="diff.arguments"))
    if args.format == "json":
        print(json.dumps([{**u._asdict(), "changes": [c._asdict() for c in u.changes]} for u in units],
                         ensure_ascii=False, indent=2))
        return 0
    for u in units:
        summary = _status(u.status) if u.status in ("added", "removed") else diff.summary(u.changes, args.lang)
        say(args.lang, t("{what}: {status}", what=f"{u.unit} {u.name}", status=summary) if u.unit else summary)
        for line in diff.as_lines(u.changes, lang=args.lang):
            print(line)
    return 0


def _status(status: str) -> str:
    """A unit's or a unit type's status in a diff, as a message."""
    return t("added") if status == "added" else t("removed") if status == "removed" else status


def _library_diff(changes: Sequence[diff.ItemChange], types: Sequence[diff.UnitDiff], lang: Lang) -> None:
    from . import diff

    say(lang, diff.summary(changes, lang))
    for typed in types:
        if typed.status == "same":
            continue
        head = (f"{typed.unit} {typed.name}" if typed.unit else t("reached by no unit type's profile (programs, "
                                                                   "themes)"))
        status = _status(typed.status) if typed.status in ("added", "removed") and not typed.changes else None
        say(lang, t("{what}: {status}", what=head, status=status or diff.summary(typed.changes, lang)))
        for line in diff.as_lines(typed.changes, lang=lang):
            print(line)


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from .service import Limits, make_app
    except ImportError:
        raise ArgumentError(Problem(Location("serve"), t("serve needs FastAPI and uvicorn"),
                                    hint=t("pip install 'checklists[serve]'"), code="output.missing-package")) from None
    lib = loaded(args.library)
    app = make_app(lib, Limits(body_bytes=args.max_body, units=args.max_units, seconds=args.timeout))
    say(args.lang, t("serving {library} on http://{host}:{port}/ (Ctrl-C stops)", library=lib.version,
                     host=args.host, port=args.port))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _init(args: argparse.Namespace) -> int:
    from .scaffold import init_layer

    written = init_layer(args.folder, args.name)
    say(args.lang, t("made the layer {folder} ({count} files); fill in its files, then: checklists validate "
                     "{folder}", folder=args.folder, count=len(written)))
    return 0


def _export_library(args: argparse.Namespace) -> int:
    from ._round_commands import refuse_existing
    from .render.library_out import render

    refuse_existing(args.out, args.force)
    lib = loaded(args.library)
    names = {layer.name for layer in lib.layers[1:]} if args.only_layers else None
    write_file(args.out, render(lib, names))
    count = sum(1 for it in lib.items.values() if names is None or it.origin.layer in names)
    say(args.lang, t("wrote {count} items to {out}", count=count, out=args.out))
    return 0


def _import_items(args: argparse.Namespace) -> int:
    from .items_import import import_items

    done = import_items(args.workbook, args.into, args.library, force=args.force)
    counts = [f"{KIND_TITLES[k]} {n}" for k, n in done.counts.items()]
    files = len(done.files)
    if files == 1:
        said = t("wrote {files} fragment file ({counts}) to {into}; check them with checklists validate {into}",
                 files=files, counts=counts, into=args.into)
    else:
        said = t("wrote {files} fragment files ({counts}) to {into}; check them with checklists validate {into}",
                 files=files, counts=counts, into=args.into)
    say(args.lang, said)
    return 0


def _impact(args: argparse.Namespace) -> int:
    from .impact import impact, stale_packs

    lib = loaded(args.library)
    found = impact(lib, args.policy, args.lang)
    say(args.lang, t("{title} ({versions})", title=found.title, versions=" -> ".join(found.versions)))
    say(args.lang, t("{count} item(s) rest on it; unit types: {types}", count=len(found.citing),
                     types=found.unit_types or t("none")))
    for c in found.citing:
        say(args.lang, t("  {kind:<16} {item}  [{types}]  when: {condition}", kind=c.kind, item=c.item,
                         types=c.unit_types or t("no type by profile"), condition=c.condition))
    if args.packs is not None:
        if not args.packs.is_dir():
            raise ArgumentError(Problem(Location(str(args.packs)), t("not a folder"),
                                        hint=t("give the folder generate --format json wrote"), code="impact.packs"))
        stale = stale_packs(lib, found, args.packs)
        say(args.lang, t("{count} pack(s) in {folder} cite it and were made by another library", count=len(stale),
                         folder=args.packs))
        for s in stale:
            say(args.lang, t("  {file}  ({unit} {name}; cites {cites}; made by {made_by})", file=s.file, unit=s.unit,
                             name=s.name, cites=s.cites, made_by=s.made_by))
    return 0


def _has_json(folder: Path) -> bool:
    return any(folder.glob("*.json"))


def _types(args: argparse.Namespace) -> int:
    from .resolve import chinese_wording

    lib: Library = loaded(args.library)
    for defined in lib.unit_types.values():
        utype = defined.value
        wording = ENGLISH
        if args.lang == "zh":  # this type's own labels before those of other types' attributes of the same name
            wording = chinese_wording(lib)
            own = {name: spec.label for name, spec in utype.attributes.items()}
            wording = wording._replace(labels={**wording.labels, **own, **{s.id: s.label for s in utype.subtypes}})
        say(args.lang, t("{id}  {label}  (profile {profile})", id=utype.id, label=utype.label,
                         profile=utype.profile or utype.id))
        for name, spec in utype.attributes.items():
            say(args.lang, t("    attribute {name}: {type}{unit}{values}  {label}", name=name, type=spec.type,
                             unit=t(", in {unit}", unit=spec.unit) if spec.unit else "",
                             values=t(", one of: {values}", values=spec.values) if spec.values else "",
                             label=spec.label))
        for sub in utype.subtypes:
            rules = ("；或" if args.lang == "zh" else " | ").join(describe(r, wording) for r in sub.rules)
            rules = rules or t("stated only")
            say(args.lang, t("    subtype {id}  {label}: {rules}", id=sub.id, label=sub.label, rules=rules))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from . import schemas

    for path in schemas.write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
