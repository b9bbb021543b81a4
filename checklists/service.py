"""The library as an HTTP service (``checklists serve``), for systems not written in Python and for
offices with no developer: a JSON API described by OpenAPI, and a page for staff at ``/``.

Built on FastAPI (the ``serve`` extra). The library is loaded once and shared by every request: it
is immutable, and the handlers run on the server's threads. Bad input answers 422 with problem
details (RFC 9457) listing every located problem with the codes of ``validate --format json``, in
the language the client asks for (``Accept-Language: zh`` or ``?lang=zh``); a request over a limit
answers 413, one past its time 503. Nothing a client sends makes the service answer 500.
"""

import io
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ._inputs import RoundInput, _refused_file, check_round, read_round, round_from_document
from ._version import __version__
from ._yaml import load_text
from .errors import ChecklistsError, Location, Problem, SchemaError, raise_if
from .i18n import Lang, t, tr
from .models.inputs import Round, Unit
from .models.pack import Pack
from .schemas import SCHEMA_NAMES, load

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

    from .library import Library  # named in quoted annotations

__all__ = ["DEFAULT_FORMATS", "Limits", "make_app"]

DEFAULT_FORMATS = ("json", "docx", "xlsx", "letters")
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
FILE_KEYS = ("unit_files", "previous_findings", "office_file")
"""Keys of a round file that name other files: a round sent to the service gives everything inline."""


class Limits(NamedTuple):
    """What one request may ask: the bytes of its body, the units of a round, the seconds of work."""

    body_bytes: int = 5_000_000
    units: int = 300
    seconds: float = 120.0


class _Refused(Exception):
    """A request refused before or while it is served: the status and the problem to answer with."""

    def __init__(self, status: int, problem: Problem) -> None:
        super().__init__(str(problem))
        self.status = status
        self.problem = problem


def _lang(request: "Request") -> Lang:
    given = request.query_params.get("lang") or request.headers.get("accept-language", "")
    return "zh" if given.lower().startswith("zh") else "en"


def problem_details(status: int, problems: tuple[Problem, ...] | list[Problem], lang: Lang,
                    severity: str = "error") -> dict[str, Any]:
    """An RFC 9457 body: the first problem's code as its type, a title, and every problem."""
    count = len(problems)
    titles = {413: t("the request is too large"), 503: t("the request took too long"),
              404: t("no such resource"), 400: t("the request cannot be read")}
    title = titles.get(status, t("the input has problems"))
    return {
        "type": f"urn:checklists:problem:{problems[0].code or 'input'}" if problems else "about:blank",
        "title": tr(title, lang),
        "status": status,
        "detail": tr(t("{count} problem found", count=count) if count == 1 else
                     t("{count} problems found", count=count), lang),
        "problems": [p.as_dict(severity, lang) for p in problems],
    }


def _answer(status: int, problems: tuple[Problem, ...] | list[Problem], lang: Lang) -> "Response":
    from fastapi.responses import JSONResponse

    return JSONResponse(problem_details(status, problems, lang), status_code=status,
                        media_type="application/problem+json")


def _json(data: Any) -> "Response":
    from fastapi import Response

    return Response(data if isinstance(data, str | bytes) else json.dumps(data, ensure_ascii=False),
                    media_type="application/json")


DEFAULT_LIMITS = Limits()


def make_app(lib: "Library", limits: Limits = DEFAULT_LIMITS) -> "FastAPI":
    """The service over ``lib``."""
    from fastapi import FastAPI

    app = FastAPI(title="checklists", version=__version__, docs_url=None, redoc_url=None,  # those fetch from a CDN
                  description=tr(t("Compose the four pre-inspection checklists for the units of a round."), "en"))
    _answers(app, limits)
    _pack_routes(app, lib, limits)
    _round_routes(app, lib, limits)
    _library_routes(app, lib)
    _page_routes(app)
    _describe_models(app)
    return app


def _answers(app: "FastAPI", limits: Limits) -> None:
    """How refused requests are answered: problem details, never a traceback."""
    from fastapi import Request, Response
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    @app.exception_handler(ChecklistsError)
    async def refused_input(request: Request, exc: ChecklistsError) -> Response:
        return _answer(422, exc.problems, _lang(request))

    @app.exception_handler(_Refused)
    async def refused(request: Request, exc: _Refused) -> Response:
        return _answer(exc.status, [exc.problem], _lang(request))

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> Response:
        problem = Problem(Location("<request>"), t("the body is not JSON of the expected shape"),
                          hint=_SHAPE_HINT, code="service.body")
        return _answer(422, [problem], _lang(request))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        problem = Problem(Location(request.url.path), t("no such resource") if exc.status_code == 404 else
                          t("the request cannot be served: {reason}", reason=str(exc.detail)),
                          hint=t("see GET /openapi.json for what the service offers"), code="service.route")
        return _answer(exc.status_code, [problem], _lang(request))

    @app.middleware("http")
    async def body_limit(request: Request, call_next: Callable[[Request], Any]) -> Response:
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > limits.body_bytes:
            return _answer(413, [_too_large(int(size), limits)], _lang(request))
        response: Response = await call_next(request)
        return response


_ALWAYS = t("always (no condition of its own)")
_SHAPE_HINT = t("send a JSON object as the API describes (GET /openapi.json)")


def _too_large(size: int, limits: Limits) -> Problem:
    return Problem(Location("<request>"), t("the body has {size} bytes, more than {limit}", size=size,
                                            limit=limits.body_bytes),
                   hint=t("send fewer units at once"), code="service.too-large")


def _json_body(raw: bytes, limits: Limits) -> Mapping[str, Any]:
    if len(raw) > limits.body_bytes:
        raise _Refused(413, _too_large(len(raw), limits))
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _Refused(400, Problem(Location("<request>"), t("the body is not JSON"),
                                    hint=t("send a JSON object, with Content-Type: application/json"),
                                    code="service.body")) from None
    except RecursionError:  # nested deeper than Python's parser goes
        raise _Refused(400, Problem(Location("<request>"), t("the body is nested too deeply"),
                                    hint=_SHAPE_HINT, code="service.body")) from None
    return _mapping(data)


async def _round_input(request: "Request", lib: "Library", limits: Limits) -> RoundInput:
    """The round a request sends, as JSON or as the YAML of a round file (with its units inline), checked."""
    raw = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in YAML_TYPES:
        if len(raw) > limits.body_bytes:
            raise _Refused(413, _too_large(len(raw), limits))
        doc = load_text(raw.decode("utf-8", errors="replace"), "round.yaml")
        named = [k for k in FILE_KEYS if isinstance(doc.data, dict) and doc.data.get(k)]
        if named:
            from ._documents import located

            raise SchemaError([located(doc, (k,), t("a round sent to the service cannot name other files"),
                                       hint=t("give the units and findings inline"), code="service.files")
                               for k in named])
        rin = round_from_document(doc, Path(tempfile.gettempdir()))
    else:
        data = _json_body(raw, limits)
        rin = _bundle(data) if "files" in data and "start" not in data else read_round(data)
    if len(rin.units) > limits.units:
        raise _Refused(413, Problem(Location("<request>"), t("the round has {count} units, more than {limit}",
                                                             count=len(rin.units), limit=limits.units),
                                    hint=t("send the round in parts"), code="service.too-many-units"))
    raise_if(check_round(lib, rin), SchemaError)
    return rin


def _bundle(data: Mapping[str, Any]) -> RoundInput:
    """A round sent as its files, ``{"files": {name: text, ...}, "round": name}``: the round file and the
    unit, findings and office files it names, matched by file name (a browser sends no folders). The
    round file is the one ``round`` names, else the one that has a start date."""
    files = data.get("files")
    if not isinstance(files, dict) or not files or not all(isinstance(v, str) for v in files.values()):
        raise SchemaError(Problem(Location("<request>"), t("files must map each file's name to its text"),
                                  hint=_SHAPE_HINT, code="service.body"))
    by_name = {Path(str(k)).name: v for k, v in files.items()}
    docs = {name: load_text(text, name) for name, text in by_name.items() if name.endswith((".yaml", ".yml"))}
    chosen = data.get("round")
    if not isinstance(chosen, str):
        rounds = [n for n, d in docs.items() if isinstance(d.data, dict) and "start" in d.data]
        if len(rounds) != 1:
            raise SchemaError(Problem(Location("<request>"), t("send one round file (a file with a start date), "
                                                               "found {count}", count=len(rounds)),
                                      hint=t("name it in round"), code="service.files"))
        chosen = rounds[0]
    if Path(chosen).name not in docs:
        raise SchemaError(Problem(Location("<request>"), t("no file '{name}' was sent", name=chosen),
                                  hint=t("send the round file among the files"), code="service.files"))
    doc = docs[Path(chosen).name]
    named = doc.data
    with tempfile.TemporaryDirectory(prefix="checklists-round-") as folder:
        root = Path(folder)
        for key in FILE_KEYS:
            wanted = named.get(key) if isinstance(named, dict) else None
            for rel in [wanted] if isinstance(wanted, str) else wanted if isinstance(wanted, list) else []:
                if isinstance(rel, str) and Path(rel).name in by_name and _refused_file(root, rel, "", "") is None:
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    (root / rel).write_text(by_name[Path(rel).name], encoding="utf-8")
        try:
            return round_from_document(doc, root)  # the round as parsed above; the files it names from here
        except ChecklistsError as exc:  # say where as the sender named the files, not the folder made here
            prefix = str(root) + os.sep
            raise type(exc)([p._replace(location=p.location._replace(file=p.location.file.replace(prefix, "")))
                             for p in exc.problems]) from None


def _deadline(limits: Limits) -> Callable[[], None]:
    """A check to call as work goes on: it refuses the request once its time is up."""
    until = time.monotonic() + limits.seconds

    def check() -> None:
        if time.monotonic() > until:
            raise _Refused(503, Problem(Location("<request>"), t("the round took more than {seconds} s",
                                                                 seconds=limits.seconds),
                                        hint=t("send the round in parts"), code="service.time-limit"))
    return check


def _pack_routes(app: "FastAPI", lib: "Library", limits: Limits) -> None:
    from fastapi import Body, Request, Response
    from starlette.concurrency import run_in_threadpool

    unit_and_round = {"type": "object", "required": ["unit", "round"], "properties": {
        "unit": {"$ref": "#/components/schemas/Unit"}, "round": {"$ref": "#/components/schemas/Round"}}}

    @app.post("/packs", tags=["packs"], summary="One unit's pack",
              responses={200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pack"}}}},
                         422: {"description": "Problem details (RFC 9457)"}},
              openapi_extra={"requestBody": {"required": True,
                                             "content": {"application/json": {"schema": unit_and_round}}}})
    async def packs(request: Request) -> Response:
        data = _json_body(await request.body(), limits)
        pack = await run_in_threadpool(lib.generate, _mapping(data.get("unit")), _mapping(data.get("round")))
        return _json(pack.model_dump_json())

    @app.post("/explain", tags=["packs"], summary="Why each item is in, or not in, a unit's pack")
    async def explain(request: Request, payload: dict[str, Any] = Body(  # noqa: B008  # FastAPI's way
            openapi_examples={"one item": {"value": {"unit": {"id": "zz", "name": "张庄村", "type": "village"},
                                                     "round": {"id": "r", "name": "第一轮", "start": "2026-03-01"},
                                                     "item": "common.leader.unity"}}})) -> Response:
        from ._context import said

        item = payload.get("item")
        found = await run_in_threadpool(lib.explain, _mapping(payload.get("unit")), _mapping(payload.get("round")),
                                        item if isinstance(item, str) else None)
        lang = _lang(request)
        return _json({"unit": found.unit, "profile": list(found.profile), "subtypes": list(found.subtypes),
                      "notices": list(found.notices),
                      "entries": [{"item": e.item, "included": e.included, "where": e.where,
                                   "rule": said(e.rule, lang),
                                   "condition": said(_ALWAYS if e.condition == "always" else e.condition, lang),
                                   "reasons": [said(r, lang) for r in e.reasons]} for e in found.entries],
                      "text": found.text(lang)})


def _round_routes(app: "FastAPI", lib: "Library", limits: Limits) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    @app.post("/rounds/packs", tags=["packs"], summary="The packs of every unit of a round (JSON or YAML)",
              responses={200: {"description": "A JSON list of packs"}}, openapi_extra={"requestBody": _round_body()})
    async def round_packs(request: Request) -> Response:
        rin = await _round_input(request, lib, limits)
        check = _deadline(limits)

        def made() -> list[Any]:
            from .resolve import compose

            out = []
            for unit in rin.units:
                check()
                out.append(compose(lib, unit, rin.round, record=False)[0].model_dump(mode="json"))
            return out

        return _json(await run_in_threadpool(made))

    @app.post("/rounds", tags=["files"], summary="The files of a round, as a zip",
              responses={200: {"content": {"application/zip": {}}}}, openapi_extra={"requestBody": _round_body()})
    async def rounds(request: Request, formats: str = ",".join(DEFAULT_FORMATS),
                     marking: str | None = None) -> Response:
        from ._round_commands import write_round
        from .output import Progress

        chosen = _formats(formats)
        rin = await _round_input(request, lib, limits)

        def made() -> bytes:
            with tempfile.TemporaryDirectory(prefix="checklists-service-") as folder:
                out = Path(folder) / "out"
                quiet = Progress(len(rin.units), stream=io.StringIO(), out=io.StringIO())
                write_round(lib, rin, chosen, out, marking, quiet, before_unit=_deadline(limits))
                return _zipped(out)

        data = await run_in_threadpool(made)
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": f"attachment; filename=\"{rin.round.id}.zip\""})


def _library_routes(app: "FastAPI", lib: "Library") -> None:
    from fastapi import Response

    @app.get("/types", tags=["library"], summary="Unit types, their attributes and subtypes; signal topics")
    def types() -> Response:
        return _json(_types(lib))

    @app.get("/schemas/{name}", tags=["library"], summary="A JSON Schema of the library's formats")
    def schema(name: str) -> Response:
        if name.removesuffix(".schema.json") not in SCHEMA_NAMES:
            raise _Refused(404, Problem(Location(f"/schemas/{name}"), t("no schema '{name}'", name=name),
                                        hint=t("one of: {options}", options=list(SCHEMA_NAMES)), code="service.route"))
        return _json(load(name.removesuffix(".schema.json")))

    @app.get("/healthz", tags=["service"], summary="Whether the service is up, and its library")
    def healthz() -> Response:
        return _json({"status": "ok", "version": __version__, "library": lib.version, "items": len(lib.items)})


def _page_routes(app: "FastAPI") -> None:
    """The page for staff at /, and its files (no build step, nothing fetched from elsewhere)."""
    from fastapi import Response
    from fastapi.responses import FileResponse, HTMLResponse
    from fastapi.staticfiles import StaticFiles

    page = Path(__file__).parent / "_page"

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return HTMLResponse((page / "index.html").read_text(encoding="utf-8"))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(page / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=page), name="static")


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise SchemaError(Problem(Location("<request>"), t("expected a JSON object, got {value}",
                                                          value=type(value).__name__),
                                  hint=t("send a JSON object as the API describes (GET /openapi.json)"),
                                  code="service.body"))
    return value


def _formats(text: str) -> list[str]:
    from ._round_commands import known_formats, split_formats

    chosen, unknown = split_formats(text)
    if unknown or not chosen:
        raise SchemaError(Problem(Location("?formats"), t("unknown format(s): {formats}", formats=unknown or "-"),
                                  hint=t("choose from {options}", options=list(known_formats())),
                                  code="service.formats"))
    return chosen


def _zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def _round_body() -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Round"}},
                                          "application/yaml": {"schema": {"type": "string"}}}}


def _types(lib: "Library") -> dict[str, Any]:
    return {
        "unit_types": [{"id": d.value.id, "label": d.value.label,
                        "attributes": {k: a.model_dump(mode="json", exclude_none=True)
                                       for k, a in d.value.attributes.items()},
                        "subtypes": [{"id": s.id, "label": s.label} for s in d.value.subtypes]}
                       for d in lib.unit_types.values()],
        "signal_topics": [{"id": k, "label": v.value.label} for k, v in lib.signal_topics.items()],
        "themes": [{"id": k, "label": v.value.label} for k, v in lib.themes.items()],
        "programs": [{"id": k, "label": v.value.label} for k, v in lib.programs.items()],
    }


def _describe_models(app: "FastAPI") -> None:
    """Put the input and pack models' schemas into the OpenAPI document, from the same pydantic models."""
    from pydantic.json_schema import models_json_schema

    made = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = made()
            _, defs = models_json_schema([(Unit, "validation"), (Round, "validation"), (Pack, "serialization")],
                                         ref_template="#/components/schemas/{model}")
            document.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the document
