"""Benchmarks of issue 16's targets: what a host system and an office's command run can count on.

    python benchmarks/host.py            # every section (about three minutes on two cores)
    python benchmarks/host.py --quick    # smaller sizes

Sections: the Word booklets and letters against the other formats (same round, the command as
an office runs it); the peak memory of the command for large rounds; the memory of a library
composing for many distinct rounds; the cost of a unit as its profile's parameters grow; reading
and checking a round of 10,000 units another system exported. Peak memory is the child process's
own ``VmHWM``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from run import print_sections, scaled_round, table  # noqa: E402

_PEAK = ("import runpy, sys\nsys.argv = ['checklists'] + sys.argv[1:]\ntry:\n"
         "    runpy.run_module('checklists', run_name='__main__')\nexcept SystemExit:\n    pass\n"
         "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')))")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(REPO)}


def _round_file(work: Path, units: int) -> Path:
    path = work / f"round-{units}.yaml"
    if not path.exists():
        path.write_text(json.dumps(scaled_round(units), ensure_ascii=False), encoding="utf-8")
    return path


def _command(work: Path, units: int, formats: str) -> tuple[float, int]:
    """Seconds and peak MB of ``checklists generate`` for a round of ``units``."""
    out = work / "out"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, "generate", str(_round_file(work, units)), "--out", str(out),
                           "--force", "--format", formats], capture_output=True, text=True, env=_env(), check=True)
    took = time.perf_counter() - start
    return took, int(done.stdout.strip().splitlines()[-1]) // 1024


def word(work: Path, units: int, repeat: int) -> str:
    """Word booklets and letters against json, md, html and xlsx, for the same round."""
    _command(work, units, "json")  # fills the library cache
    times: dict[str, list[float]] = {"json,md,html,xlsx": [], "docx,letters": []}
    for _ in range(repeat):  # round by round, so that a slow spell touches both alike
        for formats in times:
            times[formats].append(_command(work, units, formats)[0])
    other, word_ = (statistics.median(times[f]) for f in times)
    rows = [[f, f"{units}", f"{statistics.median(t):.2f} s", f"{min(t):.2f} s"] for f, t in times.items()]
    return (table(["formats", "units", f"median of {repeat}", "fastest"], rows)
            + f"\n\ndocx,letters / json,md,html,xlsx = **{word_ / other:.1f}x** (target <= 4x).")


def memory(work: Path, sizes: list[tuple[int, str, int]]) -> str:
    rows = []
    for units, formats, target in sizes:
        took, peak = _command(work, units, formats)
        rows.append([f"{units:,}", formats, f"{took:.1f} s", f"{peak} MB", f"<= {target} MB",
                     "yes" if peak <= target else "no"])
    return table(["units", "formats", "time", "peak RSS", "target", "met?"], rows)


_PLANS = """
import datetime as dt, sys
import checklists
lib = checklists.load_library()
types = ["village", "community", "township", "hospital", "enterprise", "party_gov_organ", "school", "mass_org"]
marks = {int(n) for n in sys.argv[1:]}
for day in range(1, max(marks) + 1):
    start = (dt.date(2020, 1, 1) + dt.timedelta(days=day)).isoformat()
    for t in types:
        lib.generate({"id": "u", "name": "某单位", "type": t}, {"id": "r", "name": "r", "start": start})
    if day in marks:
        rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
        print(day, rss // 1024)
"""


def plans(marks: list[int]) -> str:
    done = subprocess.run([sys.executable, "-c", _PLANS, *map(str, marks)], capture_output=True, text=True,
                          env=_env(), check=True)
    rows = [[f"{int(day):,}", f"{int(day) * 8:,}", f"{mb} MB"] for day, mb in (line.split() for line in
                                                                              done.stdout.strip().splitlines())]
    return (table(["distinct round dates", "packs (8 unit types each)", "resident memory"], rows)
            + "\n\nA library keeps the plans of the 64 rounds it used most recently (`PLANS_KEPT`).")


_PARAMS = """
import sys, time, pathlib, yaml
import checklists
from checklists.resolve import compose
from checklists._inputs import read_round, read_unit
root, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
profile = yaml.safe_load((pathlib.Path(sys.argv[3]) / "library" / "profiles" / "village.yaml").read_text("utf-8"))
profile["replace"] = True
profile["params"] = {**profile.get("params", {}), **{f"p{i}": f"值{i}" for i in range(n)}}
(root / "profiles").mkdir(parents=True, exist_ok=True)
(root / "library.yaml").write_text("name: many\\nversion: '1'\\n", "utf-8")
(root / "profiles" / "village.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
lib = checklists.load_library(root, cache=False)
rnd = read_round({"id": "r", "name": "r", "start": "2026-03-01"}).round
units = [read_unit({"id": f"u{k}", "name": f"村{k}", "type": "village"}) for k in range(200)]
compose(lib, units[0], rnd, record=False)
times = []
for _ in range(3):
    start = time.perf_counter()
    for unit in units:
        compose(lib, unit, rnd, record=False)
    times.append((time.perf_counter() - start) / len(units))
print(min(times) * 1000)
"""


def parameters(work: Path, counts: list[int]) -> str:
    rows = []
    for n in counts:
        done = subprocess.run([sys.executable, "-c", _PARAMS, str(work / f"params-{n}"), str(n), str(REPO)],
                              capture_output=True, text=True, env=_env(), check=True)
        rows.append([f"{n:,}", f"{float(done.stdout.strip()):.3f} ms"])
    return (table(["profile parameters", "per unit (village, the same items)"], rows)
            + "\n\nTarget: a unit's cost follows the items it selects, not its profile's parameters.")


def exported_round(work: Path, repeats: int) -> str:
    """Reading and checking a 1.3 MB round of 10,000 units in flow style, as another system exports
    it: with the collector running (the library's default) and paused as a host may choose."""
    from checklists import collector_paused, load_library
    from checklists._inputs import check_round, read_round
    from tests.test_hostile import ten_thousand_units  # the same file the hostile-input test checks

    path = work / "exported" / "round.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ten_thousand_units())
    lib = load_library()
    rows = []
    for label, pause in (("running", False), ("paused (`collector_paused()`)", True)):
        reads, checks = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            if pause:
                with collector_paused():
                    round_input = read_round(path)
            else:
                round_input = read_round(path)
            read = time.perf_counter()
            assert check_round(lib, round_input) == []
            reads.append(read - started)
            checks.append(time.perf_counter() - read)
            del round_input
        slowest = max(r + c for r, c in zip(reads, checks, strict=True))
        rows.append([f"{path.stat().st_size / 2**20:.1f} MB, 10,000 units", label, f"{statistics.median(reads):.2f} s",
                     f"{statistics.median(checks):.3f} s", f"{slowest:.2f} s"])
    return (table(["file", "collector", "read (median)", "check (median)", "both (slowest)"], rows)
            + "\n\nTarget: read and checked in under 2 seconds.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="checklists-host-") as folder:
        work = Path(folder)
        os.environ["CHECKLISTS_CACHE_DIR"] = str(work / "cache")
        sections = [
            ("Word booklets and letters against the other formats", lambda: word(work, 80, 1 if args.quick else 3)),
            ("Peak memory of the command", lambda: memory(work, [(300, "docx,letters", 200)] + (
                [] if args.quick else [(2_000, "json,md,html,xlsx", 250)]))),
            ("A library composing for many distinct rounds", lambda: plans([1, 60, 200] if args.quick
                                                                            else [1, 60, 200, 600])),
            ("A unit's cost as its profile's parameters grow", lambda: parameters(work, [0, 1_000, 10_000])),
            ("A round of 10,000 units exported by another system", lambda: exported_round(work, 3 if args.quick
                                                                                          else 7)),
        ]
        print_sections(sections)


if __name__ == "__main__":
    main()
