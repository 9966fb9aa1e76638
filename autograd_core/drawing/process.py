"""Running the layout program: with a time limit, never leaving it behind, and checking what it wrote.

Each picture is one run of ``PROGRAM -Kdot -T<format>`` with the DOT text on stdin (the command
the ``graphviz`` package would run). A run that takes longer than ``$STEPGRAD_LAYOUT_TIMEOUT``
seconds (default 60) is stopped; an interrupt (Ctrl-C, a notebook's stop button) stops every run
still going, the program's own children too, before it propagates. A program that fails reports
its exit status and its error output; one that exits 0 but writes no picture (an empty or
foreign output) is an error naming it -- never an empty SVG in a page.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

TIMEOUT_ENV = "STEPGRAD_LAYOUT_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
_POSIX = os.name == "posix"


class LayoutError(RuntimeError):
    """The layout program failed, or wrote something that is not the picture asked for."""


class LayoutTimeoutError(LayoutError, TimeoutError):
    """The layout program ran past the time limit and was stopped."""


def timeout() -> float:
    """Seconds a layout run may take: ``$STEPGRAD_LAYOUT_TIMEOUT`` if set (a positive number), else 60."""
    text = os.environ.get(TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds > 0.0 or seconds != seconds:
        raise ValueError(f"{TIMEOUT_ENV}={text!r} must be a positive number of seconds (e.g. 120); fix or unset it")
    return seconds


def looks_right(data: bytes, fmt: str) -> bool:
    """Whether ``data`` can be a picture in ``fmt``: an SVG element, a PNG signature, or at least something."""
    if fmt == "svg":
        return b"<svg" in data[:4096] and data.rstrip().endswith(b"</svg>")
    if fmt == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    return bool(data.strip())


class Runs:
    """The runs of one batch: started under a lock, all stopped at once on an interrupt."""

    def __init__(self, program: str, fmt: str) -> None:
        self.program, self.fmt = program, fmt
        self.limit = timeout()
        self.live: list[subprocess.Popen[bytes]] = []
        self.stopped = False
        self.lock = threading.Lock()

    def run(self, source: bytes) -> bytes:
        """One picture: the program's output, checked."""
        with self.lock:
            if self.stopped:
                raise LayoutError("stopped: another picture of this batch failed or was interrupted")
            proc = subprocess.Popen(
                [self.program, "-Kdot", f"-T{self.fmt}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, start_new_session=_POSIX,
            )  # fmt: skip
            self.live.append(proc)
        try:
            out, err = proc.communicate(source, timeout=self.limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LayoutTimeoutError(
                f"the layout program {self.program} took longer than {self.limit:g} s to render {self.fmt} and was stopped; "
                f"allow more with {TIMEOUT_ENV}=seconds, or draw less (clusters=... with collapse=True, or a smaller graph)"
            ) from None
        except BaseException:
            _kill(proc)
            raise
        finally:
            with self.lock:
                self.live.remove(proc)
        return self.check(proc.returncode, out, err)

    def check(self, status: int, out: bytes, err: bytes) -> bytes:
        said = err.decode(errors="replace").strip()
        said = f": {said[-2000:]}" if said else " (it printed no error message)"
        if status < 0:
            raise LayoutError(f"the layout program {self.program} was killed by signal {-status} while rendering {self.fmt}{said}")
        if status != 0:
            raise LayoutError(f"the layout program {self.program} failed to render {self.fmt} (exit status {status}){said}")
        if not looks_right(out, self.fmt):
            what = "no output" if not out else f"{len(out)} bytes that are not {self.fmt.upper()}"
            raise LayoutError(
                f"the layout program {self.program} exited 0 but wrote {what} when asked for {self.fmt}: is it Graphviz dot? "
                "Point STEPGRAD_DOT at a Graphviz dot or graphviz-pure, or unset it"
            )
        return out

    def stop(self) -> None:
        """Stop every run still going and start no more."""
        with self.lock:
            self.stopped = True
            live = list(self.live)
        for proc in live:
            _kill(proc)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the program and anything it started (its own session), then reap it."""
    try:
        if _POSIX:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        try:
            if pipe is not None:
                pipe.close()
        except OSError:
            pass


def render_all(program: str, sources: Sequence[bytes], fmt: str, workers: int) -> list[bytes]:
    """Each DOT source rendered by ``program``, at most ``workers`` at a time; any failure or interrupt stops the rest."""
    runs = Runs(program, fmt)
    if len(sources) == 1:
        return [runs.run(sources[0])]
    with ThreadPoolExecutor(max_workers=max(1, min(len(sources), workers))) as pool:
        futures = [pool.submit(runs.run, s) for s in sources]
        try:
            return [f.result() for f in futures]
        except BaseException:
            runs.stop()
            for f in futures:
                f.cancel()
            raise
