"""Fuzz the loader, the validator and the library builder with mutated real inputs.

    python scripts/fuzz.py --minutes 10 [--seed N]

Seeds are the built-in library's files, the example round and unit files, and the saved
findings in tests/fuzz_corpus/. Each input is a seed mutated a few times (bytes flipped, lines
dropped, doubled or swapped, indentation changed, YAML tokens, tags, anchors, odd characters and
encodings inserted) and then read, checked against its schema and built. Every so often the
mutated file is put into a small layer and the whole library is loaded and a pack generated.

The only acceptable outcomes are success or a ``ChecklistsError`` with a location, within 2 s.
Anything else (another exception, an error without a file, a slow input) is a finding: it is
written to tests/fuzz_corpus/ (replayed by tests/test_fuzz_corpus.py) and the run exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import checklists  # noqa: E402
from checklists._documents import build  # noqa: E402
from checklists._layer_files import FOLDERS  # noqa: E402
from checklists._yaml import decode, load_text  # noqa: E402
from checklists.errors import ChecklistsError  # noqa: E402
from checklists.schemas import INPUT_MODELS  # noqa: E402

CORPUS = REPO / "tests" / "fuzz_corpus"
SLOW = 2.0
TOKENS = [
    b": ", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"<<: *a", b"!!python/object/apply:os.system [ls]",
    b"!!binary aGk=", b"!x ", b"? ", b"|", b">", b"---\n", b"...\n", b"#", b"'", b'"', b"\\", b"\t", b"\r\n",
    b"null", b"~", b"true", b"yes", b"0x1F", b"1e400", b".nan", b"-.inf", b"2026-02-30", b"2026-03-01",
    b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", "\u200b".encode(), "ｉｄ".encode(), "《》".encode(), b"{unit.name}",
    b"{unit.__class__}", b"{0}", b"{{", b"}}", b"%", b"id: x\n", b"kind: problem\n", b"replace: true\n",
    b"when: {not: {not: {}}}\n", b"extends: [a]\n", "张庄村".encode("gbk"), b"\xe4\xb8",
]


def seeds() -> list[tuple[str, bytes]]:
    """(schema name, bytes) of every real input."""
    found = []
    library = REPO / "library"
    for path in sorted(library.rglob("*.yaml")):
        rel = path.relative_to(library)
        schema = "layer" if rel.name == "library.yaml" and len(rel.parts) == 1 else FOLDERS[rel.parts[0]]
        found.append((schema, path.read_bytes()))
    for path in sorted((REPO / "examples").glob("*.yaml")):
        found.append(("round", path.read_bytes()))
    for path in sorted((REPO / "examples" / "units").glob("*.yaml")):
        found.append(("unit", path.read_bytes()))
    for path in sorted(CORPUS.glob("*.yaml")):
        found.append((path.name.split("-", 1)[0], path.read_bytes()))
    return found


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 4)):
        lines = data.split(b"\n")
        choice = rng.randrange(8)
        if choice == 0 and data:  # flip a byte
            i = rng.randrange(len(data))
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
        elif choice == 1 and len(lines) > 1:  # drop a line
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif choice == 2 and lines:  # double a line
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif choice == 3 and len(lines) > 1:  # swap two lines
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif choice == 4 and lines:  # change a line's indentation
            i = rng.randrange(len(lines))
            lines[i] = b" " * rng.choice([0, 1, 2, 3, 4, 8]) + lines[i].lstrip(b" ")
            data = b"\n".join(lines)
        elif choice == 5:  # insert a token
            i = rng.randrange(len(data) + 1)
            data = data[:i] + rng.choice(TOKENS) + data[i:]
        elif choice == 6 and data:  # cut
            data = data[: rng.randrange(len(data))]
        else:  # another encoding
            try:
                data = data.decode("utf-8").encode(rng.choice(["gbk", "gb18030", "utf-16", "latin-1"]),
                                                   errors="ignore")
            except UnicodeDecodeError:
                data = data[::-1]
    return data


def check_file(schema: str, data: bytes) -> None:
    try:
        doc = load_text(decode(data, "fuzz.yaml"), "fuzz.yaml")
        build(doc, schema, INPUT_MODELS[schema])
    except ChecklistsError as exc:
        _located(exc)


def check_layer(schema: str, data: bytes, work: Path) -> None:
    """Put the mutated file into a copy of a small layer, load it, generate a pack."""
    from tests.conftest import MINI, write_layer

    layer = work / "layer"
    shutil.rmtree(layer, ignore_errors=True)
    write_layer(layer, MINI)
    folder = next(f for f, s in FOLDERS.items() if s == schema)
    (layer / folder).mkdir(exist_ok=True)
    (layer / folder / "fuzz.yaml").write_bytes(data)
    try:
        lib = checklists.load_library(layer, builtin=False, cache=False)
        lib.generate({"id": "u", "name": "甲", "type": "t", "attributes": {"size": 500}},
                     {"id": "r", "name": "轮次", "start": "2026-03-01"})
    except ChecklistsError as exc:
        _located(exc)


def _located(exc: ChecklistsError) -> None:
    for problem in exc.problems:
        if not problem.location.file:
            raise AssertionError(f"error without a file: {problem}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    corpus = [(s, d) for s, d in seeds() if s in INPUT_MODELS]
    deadline = time.monotonic() + args.minutes * 60
    runs = findings = 0
    slowest = 0.0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        while time.monotonic() < deadline:
            schema, data = rng.choice(corpus)
            data = mutate(data, rng)
            started = time.perf_counter()
            try:
                if runs % 10 == 0 and schema in FOLDERS.values():
                    check_layer(schema, data, work)
                else:
                    check_file(schema, data)
                problem = None
            except Exception:  # the point of fuzzing: anything but a ChecklistsError is a finding
                problem = traceback.format_exc()
            took = time.perf_counter() - started
            slowest = max(slowest, took)
            if problem is None and took > SLOW:
                problem = f"took {took:.1f} s"
            if problem is not None:
                findings += 1
                name = f"{schema}-{hashlib.sha256(data).hexdigest()[:16]}.yaml"
                CORPUS.mkdir(exist_ok=True)
                (CORPUS / name).write_bytes(data)
                print(f"FINDING {name}:\n{problem}", file=sys.stderr)
            runs += 1
    print(f"seed {seed}: {runs:,} inputs in {args.minutes:g} min, slowest {slowest:.2f} s, {findings} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
