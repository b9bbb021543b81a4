"""Instruction counts, for comparing two versions of the code on a noisy machine.

    python benchmarks/instructions.py

Runs under ``valgrind --tool=callgrind`` (Debian's valgrind) and prints, in millions of
instructions: a cold ``checklists generate`` of one unit (library cache filled, package compiled
to bytecode), ``from pydantic import BaseModel`` alone, a program that imports our two
dependencies and builds and uses one pydantic model (what any program on them pays before doing
its own work: the floor of a cold run), and one unit of the example mix in ``generate_round``
with the library warm. Counts do not vary with the machine's load as times
do; they are not times (a cache miss costs more than an instruction), so confirm a gain in time
with ``run.py`` as well. Takes about two minutes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ROUND_UNITS = 400

FLOOR = """
import yaml
from pydantic import BaseModel, Field
class Model(BaseModel):
    name: str = Field(description="any field")
Model(name="x").model_dump_json()
"""

PER_UNIT = """
import sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
import checklists
from run import scaled_round
lib = checklists.load_library()
lib.generate_round(scaled_round(8))
n = int(sys.argv[1])
if n:
    lib.generate_round(scaled_round(n))
"""


def instructions(*command: str, env: dict[str, str]) -> int:
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                            capture_output=True, text=True, env=env, check=True)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="checklists-instructions-") as folder:
        work = Path(folder)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPATH": str(REPO), "CHECKLISTS_CACHE_DIR": str(work / "cache"), "PYTHONMALLOC": "malloc"}
        subprocess.run([python, "-m", "compileall", "-q", str(REPO / "checklists")], check=True)
        sys.path[:0] = [str(REPO), str(HERE)]
        from run import scaled_round

        one = work / "one.yaml"
        one.write_text(json.dumps(scaled_round(1), ensure_ascii=False), encoding="utf-8")
        cli = [python, "-m", "checklists", "generate", str(one), "--format", "json", "--force", "--out",
               str(work / "out")]
        subprocess.run(cli, check=True, capture_output=True, env=env)  # fills the library cache
        rows = [("cold CLI, one unit", instructions(*cli, env=env)),
                ("from pydantic import BaseModel", instructions(python, "-c", "from pydantic import BaseModel",
                                                                env=env)),
                ("yaml and pydantic imported, one model built and used",
                 instructions(python, "-c", FLOOR, env=env))]
        script = work / "per_unit.py"
        script.write_text(PER_UNIT, encoding="utf-8")
        base = instructions(python, str(script), "0", str(REPO), str(HERE), env=env)
        more = instructions(python, str(script), str(ROUND_UNITS), str(REPO), str(HERE), env=env)
        rows.append(("one unit in generate_round (example mix, warm)", (more - base) // ROUND_UNITS))
    for label, count in rows:
        print(f"{label}: {count / 1e6:,.2f} million instructions")


if __name__ == "__main__":
    main()
