"""Finding the layout program ($STEPGRAD_DOT, graphviz-pure, system dot) and the graphviz package's hook."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import graphviz
import pytest
from graphviz.backend import dot_command

from autograd_core import draw
from autograd_core.drawing import binary, process
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
    bundle, _ = d._repr_mimebundle_()  # a notebook shows the fix and the DOT source, and runs on
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
    code = "from demos.toy import build; *_, e = build(); print(sorted(__import__('autograd_core').draw(e)._repr_mimebundle_()[0]))"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['image/png', 'image/svg+xml', 'text/plain']"


# ---- running the program: a time limit, no orphans, its output checked -------------------------


def alive(pid: int) -> bool:
    """Whether process ``pid`` is still running (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def sleeper(folder: Path, seconds: int) -> Path:
    """A layout program that notes its pid and its child's, then sleeps (a stand-in for a hung layout)."""
    return script(folder / "slow-dot", f'sleep {seconds} &\necho "$$ $!" >> "{folder}/pids"\nwait')


def pids(folder: Path) -> list[int]:
    return [int(p) for p in (folder / "pids").read_text().split()] if (folder / "pids").exists() else []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the processes")
def test_a_hung_layout_program_is_stopped_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(binary.ENV, str(sleeper(tmp_path, 30)))
    monkeypatch.setenv(process.TIMEOUT_ENV, "0.5")
    *_, e = build()
    with pytest.raises(process.LayoutTimeoutError, match=r"slow-dot took longer than 0.5 s to render svg.*STEPGRAD_LAYOUT_TIMEOUT") as err:
        draw(e).svg()
    assert isinstance(err.value, TimeoutError) and isinstance(err.value, RuntimeError)
    with pytest.raises(process.LayoutTimeoutError):
        draw(e).frames()  # several pictures at once: every one stopped
    assert len(pids(tmp_path)) >= 4 and not any(alive(p) for p in pids(tmp_path))  # the programs and their children
    monkeypatch.setenv(process.TIMEOUT_ENV, "soon")
    with pytest.raises(ValueError, match="STEPGRAD_LAYOUT_TIMEOUT='soon' must be a positive number of seconds"):
        draw(e).svg()


@pytest.mark.skipif(os.name != "posix" or not Path("/proc").is_dir(), reason="sends SIGINT, reads /proc")
def test_an_interrupt_stops_every_layout_program(tmp_path: Path) -> None:
    env = {**os.environ, binary.ENV: str(sleeper(tmp_path, 60)), "PYTHONPATH": str(ROOT)}
    code = "from demos.toy import build; from autograd_core import draw; *_, e = build(); draw(e).frames()"
    child = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while len(pids(tmp_path)) < 4 and time.monotonic() < deadline:  # 2 programs at a time on 2 cores: wait for some
        time.sleep(0.05)
        if child.poll() is not None:
            break
    started = pids(tmp_path)
    assert started, child.stderr.read() if child.stderr else ""
    child.send_signal(signal.SIGINT)  # what Ctrl-C or a notebook's stop button does
    _, stderr = child.communicate(timeout=20)  # not after the sleeps end: they are stopped
    assert b"KeyboardInterrupt" in stderr
    assert not any(alive(p) for p in started)


def test_a_program_that_writes_no_picture_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    *_, e = build()
    monkeypatch.setenv(binary.ENV, "/bin/true")
    with pytest.raises(process.LayoutError, match=r"/bin/true exited 0 but wrote no output when asked for svg"):
        draw(e).svg()
    with pytest.raises(process.LayoutError, match="/bin/true"):
        draw(e).save(tmp_path / "toy.html")
    assert not (tmp_path / "toy.html").exists()
    binary.reset()
    monkeypatch.setenv(binary.ENV, str(script(tmp_path / "echo-dot", "cat")))  # echoes the DOT back: not an SVG
    with pytest.raises(process.LayoutError, match=r"echo-dot exited 0 but wrote \d+ bytes that are not SVG"):
        draw(e).svg()
    with pytest.raises(process.LayoutError, match="not PNG"):
        draw(e).png()


def test_a_failing_program_reports_its_exit_status_and_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(binary.ENV, str(script(tmp_path / "bad" / "dot", "cat > /dev/null\necho 'Error: out of memory' >&2\nexit 3")))
    *_, e = build()
    with pytest.raises(process.LayoutError, match=r"bad/dot failed to render svg \(exit status 3\): Error: out of memory"):
        draw(e).svg()
    binary.reset()
    monkeypatch.setenv(binary.ENV, str(script(tmp_path / "killed" / "dot", "kill -9 $$")))
    with pytest.raises(process.LayoutError, match=r"killed/dot was killed by signal 9"):
        draw(e).svg()
