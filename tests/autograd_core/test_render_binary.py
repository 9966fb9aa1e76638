"""Finding the layout program ($STEPGRAD_DOT, graphviz-pure, system dot) and the graphviz package's hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import graphviz
import pytest
from graphviz.backend import dot_command

from autograd_core import draw
from autograd_core.drawing import binary
from autograd_core.drawing.binary import DotNotFoundError, find_binary
from demos.toy import build

REAL = Path(sys.executable).parent / "graphviz-pure"  # installed into the test venv with stepgrad
needs_real = pytest.mark.skipif(not REAL.exists(), reason="graphviz-pure is not installed next to this interpreter")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh() -> None:
    binary.reset()
    yield
    binary.reset()


def script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


def logging_wrapper(path: Path, log: Path) -> Path:
    """A layout program that notes its arguments, then runs the real graphviz-pure."""
    return script(path, f'echo "$@" >> "{log}"\nexec "{REAL}" "$@"')


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No layout program anywhere: no override, empty scripts folders, an empty PATH."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.delenv(binary.ENV, raising=False)
    monkeypatch.setattr(sys, "executable", str(empty / "python"))
    monkeypatch.setattr(binary.sysconfig, "get_path", lambda *args, **kwargs: str(empty))
    monkeypatch.setenv("PATH", str(empty))
    return tmp_path


@needs_real
def test_the_override_is_what_the_graphviz_package_runs(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = isolated / "calls.log"
    wrapper = logging_wrapper(isolated / "bin" / "my-dot", log)
    monkeypatch.setenv(binary.ENV, str(wrapper))
    before = dot_command.DOT_BINARY
    *_, e = build()
    svg = draw(e).svg()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert log.read_text().split() == ["-Kdot", "-Tsvg"]  # graphviz.Digraph.pipe ran our binary
    # any graphviz object piped through the hook uses it too, and the hook is undone afterwards
    assert b"<svg" in binary.pipe(graphviz.Source("digraph { a -> b }"), "svg")
    assert len(log.read_text().splitlines()) == 2
    with binary.use_binary() as used:
        assert used == str(wrapper) and dot_command.DOT_BINARY == Path(wrapper)
    assert dot_command.DOT_BINARY == before


def test_the_override_may_name_a_command_on_path(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = script(isolated / "tools" / "mydot", "exit 0")
    monkeypatch.setenv("PATH", str(mine.parent))
    monkeypatch.setenv(binary.ENV, "mydot")
    assert find_binary() == str(mine)


def test_a_wrong_override_is_a_clear_error(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(binary.ENV, str(isolated / "nowhere" / "dot"))
    with pytest.raises(DotNotFoundError, match="STEPGRAD_DOT=.*not an executable"):
        find_binary()


def test_graphviz_pure_next_to_the_interpreter_wins_over_path(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venv_bin = isolated / "venv" / "bin"
    pure = script(venv_bin / "graphviz-pure", "exit 0")
    script(isolated / "usr" / "graphviz-pure", "exit 0")
    script(isolated / "usr" / "dot", "exit 0")
    monkeypatch.setattr(sys, "executable", str(venv_bin / "python"))  # a kernel whose venv is not on PATH
    monkeypatch.setenv("PATH", str(isolated / "usr"))
    assert find_binary() == str(pure)


def test_graphviz_pure_in_the_sysconfig_scripts_folder(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pure = script(isolated / "scripts" / "graphviz-pure", "exit 0")
    monkeypatch.setattr(binary.sysconfig, "get_path", lambda *args, **kwargs: str(pure.parent))
    assert find_binary() == str(pure)


def test_on_path_graphviz_pure_comes_before_a_system_dot(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dot = script(isolated / "sys" / "dot", "exit 0")
    pure = script(isolated / "user" / "graphviz-pure", "exit 0")
    monkeypatch.setenv("PATH", f"{dot.parent}{os.pathsep}{pure.parent}")
    assert find_binary() == str(pure)
    binary.reset()
    monkeypatch.setenv("PATH", str(dot.parent))
    assert find_binary() == str(dot)  # the last resort: a system Graphviz


def test_no_binary_is_a_clear_error_naming_both_fixes_while_source_works(isolated: Path) -> None:
    with pytest.raises(DotNotFoundError) as err:
        find_binary()
    message = str(err.value)
    assert "pip install graphviz-pure" in message and "system Graphviz" in message and "STEPGRAD_DOT" in message
    *_, e = build()
    d = draw(e)
    assert d.source.startswith("digraph stepgrad {")
    assert d.save(isolated / "toy.dot").read_text() == d.source
    with pytest.raises(DotNotFoundError, match="pip install graphviz-pure"):
        d.save(isolated / "toy.svg")
    with pytest.raises(DotNotFoundError):
        d.png()
    bundle = d._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "pip install graphviz-pure" in bundle["text/plain"]


def test_resolved_once_and_a_failed_search_is_retried(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DotNotFoundError):
        find_binary()
    first = script(isolated / "a" / "graphviz-pure", "exit 0")
    monkeypatch.setenv("PATH", str(first.parent))
    assert find_binary() == str(first)  # installing a fix works without a restart
    second = script(isolated / "b" / "graphviz-pure", "exit 0")
    monkeypatch.setenv("PATH", str(second.parent))
    assert find_binary() == str(first)  # cached
    binary.reset()
    assert find_binary() == str(second)


def test_a_failing_binary_reports_its_error(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(binary.ENV, str(script(isolated / "bad" / "dot", 'echo "Error: out of cheese" >&2\nexit 3')))
    *_, e = build()
    with pytest.raises(RuntimeError, match="out of cheese"):
        draw(e).svg()


@needs_real
def test_a_kernel_without_the_venv_on_path_still_draws(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", binary.ENV)}
    env.update(PATH="/usr/bin:/bin", PYTHONPATH=str(ROOT))
    code = "from demos.toy import build; *_, e = build(); print(sorted(__import__('autograd_core').draw(e)._repr_mimebundle_()))"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['image/svg+xml']"
