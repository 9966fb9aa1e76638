"""The layout hook: who turns DOT text into a picture.

By default the layout program found by ``binary.find_binary()`` (graphviz-pure, or a system
Graphviz) does it. Where no program can run -- a web page, where Python runs in Pyodide -- pass
a function instead::

    set_layout(lambda source, fmt: my_graphviz(source, fmt))   # DOT text, "svg" -> bytes
    draw(e).svg()                                              # laid out by my_graphviz
    set_layout(None)                                           # back to the layout program

Every picture stepgrad makes (``Drawing.svg()``, ``pipe()``, ``png()``, ``frames()``, ``save()``)
goes through the hook while one is set; the DOT text in ``.source`` never needs one. The
playground registers viz.js (Graphviz compiled to WebAssembly) this way.
"""

from __future__ import annotations

from collections.abc import Callable

Layout = Callable[[str, str], bytes]
"""``fn(dot_source, fmt) -> bytes``: DOT text rendered to ``fmt`` ("svg", and any other format it knows)."""

_current: Layout | None = None


def set_layout(fn: Layout | None) -> None:
    """Lay pictures out with ``fn(dot_source, fmt) -> bytes`` from now on; ``None`` restores the layout program.

    ``fn`` must return the picture as bytes (SVG as UTF-8); whatever it raises reaches the caller.
    """
    global _current
    if fn is not None and not callable(fn):
        raise TypeError(f"set_layout needs a function (dot_source, fmt) -> bytes, or None, not {type(fn).__name__}")
    _current = fn


def get_layout() -> Layout | None:
    """The function set with ``set_layout``, or None while the layout program (graphviz-pure or ``dot``) is used."""
    return _current


def render(fn: Layout, source: str, fmt: str) -> bytes:
    """``fn(source, fmt)``, checked to be bytes, with a clear error naming the function when it is not."""
    out = fn(source, fmt)
    if not isinstance(out, bytes | bytearray):
        name = getattr(fn, "__qualname__", type(fn).__name__)
        raise TypeError(f"the layout function {name} returned {type(out).__name__}, not bytes, for format {fmt!r}")
    return bytes(out)
