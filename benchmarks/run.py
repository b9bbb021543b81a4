"""Run every benchmark and print the tables of docs/performance.md (Markdown).

    python benchmarks/run.py            # everything (about ten minutes on two cores)
    python benchmarks/run.py --quick    # smaller sizes, for a check that it all runs

Not part of the test run. The peer comparison needs compliance-trestle 5.2.0 (the ``bench``
extra); without it that row says so. Timings are the best of several repeats (wall clock,
``time.perf_counter``); memory is the peak RSS of a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import nist  # noqa: E402
import synthetic  # noqa: E402

import checklists  # noqa: E402
from checklists._inputs import read_round  # noqa: E402
from checklists.render.json_out import render as json_render  # noqa: E402


@contextlib.contextmanager
def no_shared_skeletons() -> Iterator[None]:
    """Units compose as if no unit had chosen alike before: every pack is worked out in full."""
    from checklists import resolve

    kept, resolve.SKELETONS_PER_PLAN = resolve.SKELETONS_PER_PLAN, 0
    try:
        yield
    finally:
        resolve.SKELETONS_PER_PLAN = kept


def best(fn: Callable[[], Any], number: int = 1, repeat: int = 5) -> float:
    """Best time of ``repeat`` runs of ``number`` calls, per call, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms"


def table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ============================================================================ 1. peer workload


def peer(work: Path) -> str:
    root = work / "nist"
    counts = nist.write_layer(root)
    lib = checklists.load_library(root, builtin=False, cache=False)
    selected = nist.check_selection(lib)
    unit, rnd = nist.unit("moderate"), nist.ROUND
    pack = lib.generate(unit, rnd)
    with no_shared_skeletons():  # the whole pack worked out each time (the plan is warm)
        ours = best(lambda: lib.generate(unit, rnd), number=20)
    again = best(lambda: lib.generate(unit, rnd), number=20)
    serialise = best(lambda: json_render(pack), number=20)
    cache_dir = work / "nist-cache"
    checklists.load_library(root, builtin=False, cache=cache_dir)
    from_cache = best(lambda: checklists.load_library(root, builtin=False, cache=cache_dir).generate(unit, rnd),
                      repeat=5)
    rows = [["checklists: MODERATE pack, library loaded (warm), worked out in full", selected["moderate"], ms(ours)],
            ["checklists: the same unit again (its skeleton reused)", selected["moderate"], ms(again)],
            ["checklists: the same pack serialised to JSON", selected["moderate"], ms(serialise)],
            ["checklists: library from the disk cache, then the pack", selected["moderate"], ms(from_cache)]]
    try:
        workspace = nist.TrestleWorkspace()
    except (ImportError, OSError, subprocess.CalledProcessError) as exc:
        rows.append(["compliance-trestle 5.2.0: not installed (pip install -e '.[bench]')", "", str(exc)[:60]])
        ratio = ""
    else:
        try:
            resolved = workspace.resolve()
            theirs = best(workspace.resolve, repeat=5)
        finally:
            workspace.close()
        rows.append(["compliance-trestle 5.2.0: ProfileResolver, MODERATE", resolved, ms(theirs)])
        ratio = (f"\n\nRatio: trestle's resolve / our warm pack worked out in full = **{theirs / ours:,.0f}x** "
                 f"(target >= 50x); "
                 f"trestle / (our cached load + pack) = {theirs / from_cache:,.1f}x. "
                 f"trestle reads and parses the 3 MB catalog on every resolve; our warm figure does "
                 f"not load the library, the cached one does.")
    head = (f"Catalog as a layer: {counts['controls']:,} controls in {counts['groups']} groups, "
            f"{counts['params']:,} parameters; selected LOW/MODERATE/HIGH = {selected['low']}/"
            f"{selected['moderate']}/{selected['high']} (checked equal to the profiles).\n\n")
    return head + table(["what", "controls", "time"], rows) + ratio + (
        f"\n\nPack / JSON serialisation = {ours / serialise:.1f}x (target <= 3x).")


# ============================================================================ 2. rounds


def scaled_round(n: int) -> dict[str, Any]:
    """The example round's unit mix repeated to ``n`` units, each with its own id, name and
    slightly different numbers (so units differ as real ones do)."""
    rin = read_round(REPO / "examples" / "round.yaml")
    base = rin.round.model_dump(mode="json", by_alias=True, exclude={"units", "unit_files"}, exclude_none=True)
    mix = [u.unit.model_dump(mode="json", by_alias=True, exclude_none=True) for u in rin.units]
    units = []
    for i in range(n):
        unit = json.loads(json.dumps(mix[i % len(mix)]))
        unit["id"] = f"{unit['id']}-{i:05d}"
        unit["name"] = f"{unit['name']}{i:05d}"
        factor = 1 + (i % 7) / 10
        unit["attributes"] = {k: (round(v * factor) if isinstance(v, int) and not isinstance(v, bool) else v)
                              for k, v in unit.get("attributes", {}).items()}
        units.append(unit)
    return {**base, "units": units}


def rounds(sizes: list[int], workers: int) -> str:
    import copy

    from checklists import _plan, resolve

    loaded = checklists.load_library()

    def fresh() -> checklists.Library:  # the loaded library with nothing worked out yet
        return copy.copy(loaded)

    rows = []
    for n in sizes:
        data = scaled_round(n)
        lib = fresh()
        start = time.perf_counter()
        with checklists.collector_paused():  # as the command does, and a host may, explicitly
            packs = lib.generate_round(data)
        whole = time.perf_counter() - start
        skeletons = sum(len(p.skeletons) for p in lib._plans.values() if isinstance(p, _plan._Plan))
        items = sum(len(p.checklist(k).items) for p in packs for k in ("policy", "function", "supervision_info",
                                                                      "problem"))
        del packs
        start = time.perf_counter()
        fresh().generate_round(data)  # the library leaves the collector alone: a host's default
        collecting = time.perf_counter() - start
        with no_shared_skeletons(), checklists.collector_paused():  # as if no two units chose alike
            start = time.perf_counter()
            fresh().generate_round(data)
            unshared = time.perf_counter() - start
        start = time.perf_counter()
        with checklists.collector_paused():
            fresh().generate_round(data, workers=workers)
        threaded = time.perf_counter() - start
        rows.append([f"{n:,}", f"{items / n:.0f}", f"{skeletons}", f"{whole:.2f} s", f"{n / whole:,.0f}",
                     f"{collecting:.2f} s", f"{unshared:.2f} s", f"{threaded:.2f} s"])
    how = (f"on {workers} threads" if resolve.threads_run_at_once() else
           "on one thread: this interpreter has a GIL, under which threads only take turns")
    return (table(["units", "items per pack", "distinct choices (skeletons)", "generate_round, 1 thread",
                   "units/s", "the same, collector running", "the same, no skeleton shared", f"workers={workers}"],
                  rows)
            + f"\n\n`generate_round(..., workers={workers})` composed {how}. Every column but \"collector running\" "
            "is timed inside `checklists.collector_paused()`, as the command composes; the library itself "
            "never pauses the collector.")


# ============================================================================ 3. growth


def _measure(script: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(HERE)])}
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                         check=True, timeout=3600)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


GROWTH = """
import json, sys, time
from pathlib import Path
import checklists, synthetic
from checklists import resolve
resolve.SKELETONS_PER_PLAN = 0  # every pack worked out in full: the work grows with the items selected
root, cache = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
lib = checklists.load_library(root, builtin=False, cache=(False if cache == "off" else cache))
load = time.perf_counter() - start
unit = synthetic.unit(0)
lib.generate(unit, synthetic.ROUND)
times = []
for k in range(5):
    s = time.perf_counter()
    for _ in range(20):
        pack = lib.generate(unit, synthetic.ROUND)
    times.append((time.perf_counter() - s) / 20)
# peak RSS of this process since it started (ru_maxrss would count the parent's, inherited on fork)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"load": load, "unit": min(times), "selected": len(pack.problem.items), "rss_mb": peak / 1024}))
"""


def growth(sizes: list[int], work: Path) -> str:
    rows = []
    for n in sizes:
        root = work / f"syn-{n}"
        synthetic.write_layer(root, n)
        cache = work / f"syn-cache-{n}"
        cold = _measure(GROWTH, str(root), "off")
        _measure(GROWTH, str(root), str(cache))  # fills the cache
        warm = _measure(GROWTH, str(root), str(cache))
        rows.append([f"{n:,}", f"{cold['load']:.2f} s", f"{warm['load']:.3f} s",
                     f"{warm['load'] / cold['load']:.2f}", cold["selected"], ms(warm["unit"]),
                     f"{cold['rss_mb']:.0f} MB", f"{warm['rss_mb']:.0f} MB"])
    return table(["library items", "load, parsing", "load, from cache", "cache / parse", "items selected",
                  "per unit (warm, worked out in full)", "peak RSS, parsing", "peak RSS, cached"], rows)


# ============================================================================ 4. cold start


RUNS = 15
"""Whole processes timed per row: the median is taken, since the machine may be busy now and then."""


def installed_as_users_install(work: Path) -> Path | None:
    """The ``checklists`` command of a fresh virtual environment holding only this package and
    its dependencies, as ``pip install`` leaves it (modules compiled); None when pip cannot make
    one (no package index). The benchmarks' own environment also holds trestle and its
    dependencies, whose metadata pydantic reads when it looks for plugins at the first model it
    builds."""
    venv = work / "user-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO)], capture_output=True)
    if installed.returncode:
        return None
    subprocess.run([str(python), "-m", "compileall", "-q", str(venv)], check=True, capture_output=True)
    return python.with_name("checklists")


def cold_start(work: Path) -> str:
    one = work / "one.yaml"
    data = scaled_round(1)
    one.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    args = ["generate", str(one), "--format", "json", "--force", "--out", str(work / "cold-out")]
    cli = [sys.executable, "-m", "checklists", *args]
    # as pip installs a package: its modules compiled to bytecode (some environments, this
    # project's build machine among them, set PYTHONDONTWRITEBYTECODE, which would make every
    # run compile the package afresh)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "checklists")], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(REPO)}
    user_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    command = installed_as_users_install(work)
    rows: list[tuple[str, list[str], dict[str, str]]] = [
        ("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"], env),
        ("python -c 'from pydantic import BaseModel' (our main dependency alone)",
         [sys.executable, "-c", "from pydantic import BaseModel"], env),
        ("python -c 'import yaml; from pydantic import BaseModel, Field' (both dependencies)",
         [sys.executable, "-c", "import yaml; from pydantic import BaseModel, Field"], env),
        ("python -c 'from checklists import load_library' (the API imported)",
         [sys.executable, "-c", "from checklists import load_library"], env),
        ("python -m checklists generate, one unit, JSON, library cache filled (this checkout, in the "
         "benchmarks' environment)", cli, env),
    ]
    if command is not None:
        rows.append(("checklists generate, one unit, JSON, library cache filled (installed with pip in a fresh "
                     "virtual environment)", [str(command), *args], user_env))
    for _, cmd, cmd_env in rows[4:]:
        subprocess.run(cmd, check=True, capture_output=True, env=cmd_env)  # fills the library cache
    # files changed in the last seconds are read on every load, not stamped (see checklists._cache):
    # wait until a fresh install is as old as any a user runs
    time.sleep(3)
    times: dict[str, list[float]] = {label: [] for label, _, _ in rows}
    uncached: list[float] = []
    for n in range(RUNS):  # round by round, so that a busy spell of the machine touches every row alike
        for label, cmd, cmd_env in rows:
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=cmd_env)
            times[label].append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True, env={**env, "CHECKLISTS_CACHE_DIR": str(
            work / f"fresh-cache-{n}")})
        uncached.append(time.perf_counter() - start)
    times["python -m checklists generate, one unit, JSON, empty cache: parses the library and fills the cache"
          ] = uncached
    heavy = "('docx', 'xlsxwriter', 'openpyxl', 'jsonschema')"
    loaded = subprocess.run([sys.executable, "-c", "import sys, checklists; [getattr(checklists, n) for n in "
                             "checklists.__all__]; print(sorted(m for m in sys.modules if "
                             f"m.split('.')[0] in {heavy} or m == 'checklists.cli'))"],
                            capture_output=True, text=True, env=env, check=True).stdout.strip()
    table_rows = [[label, ms(statistics.median(found)), ms(min(found))] for label, found in times.items()]
    note = "" if command else "\n\npip could not install the package in a fresh environment: that row is left out."
    return (table(["process", f"median wall time of {RUNS}", "fastest"], table_rows) + note
            + "\n\nModules of docx, xlsxwriter, openpyxl, jsonschema and the CLI that `import checklists` and every "
            "name it exports load: "
            + loaded)


def command_rounds(sizes: list[int], work: Path) -> str:
    """``checklists generate`` for a whole round, every default format (JSON, Markdown and HTML
    per unit, the round's Excel workbook), as the office runs it: one process, library cached."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(REPO)}
    rows = []
    for n in sizes:
        round_file = work / f"command-round-{n}.yaml"
        round_file.write_text(json.dumps(scaled_round(n), ensure_ascii=False), encoding="utf-8")
        out = work / f"command-out-{n}"
        command = [sys.executable, "-m", "checklists", "generate", str(round_file), "--out", str(out), "--force"]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        took = time.perf_counter() - start
        files = [f for f in out.iterdir() if f.is_file()]
        workbook = sum(f.stat().st_size for f in files if f.suffix == ".xlsx")
        rows.append([f"{n:,}", f"{took:.2f} s", f"{took / n * 1000:.1f} ms", f"{len(files):,}",
                     f"{sum(f.stat().st_size for f in files) / 2**20:,.0f} MB", f"{workbook / 2**20:,.1f} MB"])
    return table(["units", "whole command", "per unit", "files", "written", "of it the workbook"], rows)


def papers() -> str:
    """The group's papers of each unit of the example round, made from its pack: the time per unit
    at the best of five, and the size written (the 资料需求清单 for comparison)."""
    from checklists.render.materials_out import render as materials_list
    from checklists.render.papers_out import survey_form, talk_outline

    packs = checklists.load_library().generate_round(REPO / "examples" / "round.yaml")
    rows = []
    for name, make in (("个别谈话提纲 (docx)", talk_outline), ("问卷调查和民主测评表 (docx)", survey_form),
                       ("资料需求清单 (xlsx)", materials_list)):
        took = best(lambda make=make: [make(p) for p in packs]) / len(packs)  # type: ignore[misc]
        sizes = [len(make(p)) // 1024 for p in packs]
        rows.append([name, ms(took), f"{min(sizes)}–{max(sizes)} KiB"])
    return table(["paper", "per unit", "size"], rows)


# ============================================================================ main


def print_sections(sections: list[tuple[str, Callable[[], str]]]) -> None:
    """Run each section and print its table under its title, with the time it took."""
    for title, make in sections:
        start = time.perf_counter()
        body = make()
        print(f"## {title}\n\n{body}\n\n_(section took {time.perf_counter() - start:.0f} s)_\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    args = parser.parse_args()
    round_sizes = [100, 1_000] if args.quick else [100, 1_000, 10_000]
    growth_sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="checklists-bench-") as folder:
        work = Path(folder)
        os.environ["CHECKLISTS_CACHE_DIR"] = str(work / "cache")
        print(f"# Benchmarks: checklists {checklists.__version__}\n")
        print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{platform.system()} {platform.release()}; command: `python benchmarks/run.py"
              f"{' --quick' if args.quick else ''}`\n")
        sections: list[tuple[str, Callable[[], str]]] = [
            ("1. Peer workload (NIST SP 800-53 rev5, MODERATE)", lambda: peer(work)),
            ("2. Rounds of the example unit mix", lambda: rounds(round_sizes, workers)),
            ("3. Growth with library size", lambda: growth(growth_sizes, work)),
            ("4. Cold start", lambda: cold_start(work)),
            ("5. A round from the command line", lambda: command_rounds(round_sizes[:2], work)),
            ("6. The group's papers of a unit", papers),
        ]
        print_sections(sections)


if __name__ == "__main__":
    main()
