"""The wheel carries the built-in library and the schemas, and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    (found,) = out.glob("checklists-*.whl")
    return found


def test_wheel_ships_library_schemas_and_types(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "checklists/py.typed" in names
    assert "checklists/_builtin/library/library.yaml" in names
    assert "checklists/_builtin/schemas/pack.schema.json" in names
    library_files = [n for n in names if n.startswith("checklists/_builtin/library/")]
    on_disk = [p for p in (REPO / "library").rglob("*.yaml")]
    assert len(library_files) == len(on_disk)


def test_the_wheels_command_is_the_entry_that_runs_the_cli(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
    lines = archive.read(entry_points).decode().splitlines()
    assert "checklists = checklists.__main__:main" in [line.strip() for line in lines]
    result = subprocess.run([sys.executable, "-c", "from checklists.__main__ import main; raise SystemExit(main())",
                             "--version"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("checklists "), result.stderr


def test_installed_wheel_generates_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "CHECKLISTS_CACHE_DIR": os.environ["CHECKLISTS_CACHE_DIR"]}
    code = ("import checklists, sys; print(checklists.__file__); "
            "sys.exit(checklists.cli.main(['generate', sys.argv[1], '--out', 'out']))")
    result = subprocess.run([sys.executable, "-c", "import checklists.cli\n" + code, str(REPO / "examples" / "round.yaml")],
                            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(target))
    assert len(list((elsewhere / "out").glob("*.json"))) == 4
