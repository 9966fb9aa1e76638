"""Finding the layout program, and running the ``graphviz`` package through it.

Resolved once per process (a failed search is retried next time, so installing a fix works
without a restart):

1. ``$STEPGRAD_DOT`` -- a path, or a command name looked up on PATH;
2. ``graphviz-pure`` (a pip dependency: a self-contained Graphviz port) in the running
   interpreter's scripts folder -- Jupyter kernels often run without their venv on PATH --
   then on PATH;
3. a system Graphviz ``dot`` on PATH.

Pictures are rendered by running the program directly (``process.py``: a time limit, no
orphans after an interrupt, the output checked).

The ``graphviz`` package reads ``graphviz.backend.dot_command.DOT_BINARY`` each time it runs a
command (internal API: pyproject pins the package's version range, and a test checks the hook);
``use_binary()`` points it at ours for the duration of a call. A function registered with
``layout.set_layout`` (viz.js in a web page) replaces the program altogether.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import sysconfig
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import graphviz
from graphviz.backend import dot_command

from .layout import get_layout, render

ENV = "STEPGRAD_DOT"
PURE = "graphviz-pure"
_LOCK = threading.RLock()


class DotNotFoundError(RuntimeError):
    """No layout program was found: PNG/SVG need one (the DOT text in ``.source`` does not)."""


def _scripts_dirs() -> list[Path]:
    """Where pip put the console scripts of the running interpreter (venv, system, user)."""
    dirs = [Path(sys.executable).parent]
    for scheme in (None, f"{os.name}_user"):
        try:
            path = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        if path:
            dirs.append(Path(path))
    return list(dict.fromkeys(dirs))


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def candidates() -> list[str]:
    """Every place looked at, in order (for error messages and tests)."""
    names = [PURE, PURE + ".exe"] if os.name == "nt" else [PURE]
    places = [str(d / n) for d in _scripts_dirs() for n in names]
    return [f"${ENV}", *places, f"{PURE} on PATH", "dot on PATH"]


@functools.lru_cache(maxsize=1)
def find_binary() -> str:
    """The layout program's path (see the module doc for the order); raises ``DotNotFoundError``."""
    if sys.platform == "emscripten":  # Pyodide: a web page runs no programs
        raise DotNotFoundError(
            "in a browser (Python in Pyodide) no layout program can run, so PNG/SVG need a layout function: "
            "autograd_core.drawing.set_layout(fn) with fn(dot_source, fmt) -> bytes, e.g. one calling viz.js "
            "(Graphviz in WebAssembly). The DOT text in .source works without one."
        )
    override = os.environ.get(ENV)
    if override:
        path = Path(override).expanduser()
        found = str(path) if _executable(path) else shutil.which(override)
        if found is None:
            raise DotNotFoundError(f"{ENV}={override!r} is not an executable file or a command on PATH; fix or unset it")
        return found
    names = [PURE, PURE + ".exe"] if os.name == "nt" else [PURE]
    for folder in _scripts_dirs():
        for name in names:
            if _executable(folder / name):
                return str(folder / name)
    found = shutil.which(PURE) or shutil.which("dot")
    if found is None:
        raise DotNotFoundError(
            "no Graphviz layout program found, so PNG/SVG cannot be made (the DOT text in .source works). "
            f"Fix it either way: `pip install {PURE}` into this interpreter ({sys.executable}), "
            f"or install a system Graphviz (`dot`) or set {ENV}=/path/to/dot. Looked at: " + ", ".join(candidates())
        )
    return found


def reset() -> None:
    """Forget the resolved binary (after changing ``$STEPGRAD_DOT`` or installing one)."""
    find_binary.cache_clear()


@contextmanager
def use_binary() -> Iterator[str]:
    """Point the ``graphviz`` package at our layout program while the block runs."""
    binary = find_binary()
    with _LOCK:
        saved = dot_command.DOT_BINARY
        dot_command.DOT_BINARY = Path(binary)
        try:
            yield binary
        finally:
            dot_command.DOT_BINARY = saved


def pipe(graph: graphviz.Digraph | graphviz.Source, fmt: str) -> bytes:
    """Render ``graph`` to ``fmt`` ("svg", "png", ...) with our binary; its warnings are kept quiet."""
    return pipe_many([graph], fmt)[0]


def pipe_many(graphs: Sequence[graphviz.Digraph | graphviz.Source], fmt: str) -> list[bytes]:
    """Render several graphs, one layout process per core at a time (or through the layout function, if one is set)."""
    custom = get_layout()
    if custom is not None:
        return [render(custom, g.source, fmt) for g in graphs]
    with use_binary() as binary:
        from .process import render_all  # imported here: this module's imports stay as the layout hook has them

        try:
            return render_all(binary, [g.source.encode("utf-8") for g in graphs], fmt, os.cpu_count() or 1)
        except (FileNotFoundError, PermissionError, NotADirectoryError):
            reset()
            raise DotNotFoundError(f"the layout program {binary} has disappeared or cannot be run; run again to search anew") from None
