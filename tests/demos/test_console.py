"""After a plain ``pip install`` (not editable, not from the repository's root), the demos run from any
folder: the ``stepgrad`` console command and ``python -m demos``. Installed here into a temporary
prefix from a copy of the sources, and run in a subprocess from another temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from demos.__main__ import DEMOS, main
from tests.demos.test_demos import PICTURES  # what each demo writes

ROOT = Path(__file__).resolve().parents[2]


def importable_from(folder: Path) -> bool:
    """Whether this interpreter imports stepgrad outside the repository (an installed copy, editable or not)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", "import autograd_core"], cwd=folder, env=env, capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the console command, the environment that finds the installed copy): the dependencies come from this venv."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    venv_has_it = importable_from(elsewhere)
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("autograd_core", "nn", "demos", "playground"):  # pyproject's [tool.setuptools.packages.find]
        if (ROOT / package).is_dir():
            shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    target = base / "site"  # --target never touches this venv's own (editable) stepgrad; --prefix would uninstall it
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]  # setuptools as pyproject asks
    done = subprocess.run([*pip, str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PYTHONPATH=str(target), COLUMNS="100")
    assert importable_from(elsewhere) == venv_has_it  # this venv's own stepgrad is left as it was
    return target / "bin" / "stepgrad", env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_console_command_lists_and_runs_demos_from_any_folder(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    command, env = installed
    code = "import demos, nn, playground; print(demos.__file__, nn.__file__, playground.__file__)"
    where = run([sys.executable, "-c", code], env, tmp_path)
    assert where.returncode == 0 and str(ROOT) not in where.stdout, where.stdout + where.stderr  # the installed copy, not the repository
    listing = run([str(command), "list"], env, tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.startswith("stepgrad demos -- run one with: stepgrad demo NAME")
    assert all(f"  {name} " in listing.stdout for name in DEMOS)
    toy = run([str(command), "demo", "toy", "--quick", "--out", "pictures"], env, tmp_path)
    assert toy.returncode == 0, toy.stderr
    assert "∂e/∂b" in toy.stdout and sorted(p.name for p in (tmp_path / "pictures").iterdir()) == sorted(PICTURES["toy"])


def test_python_m_demos_works_from_any_folder_too(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    _, env = installed
    done = run([sys.executable, "-m", "demos", "toy", "--quick"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "toy.svg").is_file()


def test_subcommands_and_their_mistakes(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/somewhere/bin/stepgrad"])
    assert main(["list"]) == 0 and "run one with: stepgrad demo NAME" in capsys.readouterr().out
    assert main(["demo"]) == 2 and "stepgrad demo: which one? choose one of: toy, neuron" in capsys.readouterr().err
    assert main(["demo", "nonesuch"]) == 2 and "unknown demo 'nonesuch'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["list", "toy"])
    assert "list takes no demo name" in capsys.readouterr().err
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert main(["demo", "toy", "--out", str(blocked / "out")]) == 2
    assert "cannot create the output folder" in capsys.readouterr().err
    monkeypatch.setattr(sys, "argv", ["-m"])  # python -m demos: the usage lines say so
    assert main([]) == 0 and "run one with: python -m demos NAME" in capsys.readouterr().out
