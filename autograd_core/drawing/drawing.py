"""``draw(root)`` and the ``Drawing`` it returns: DOT text, SVG/PNG/HTML files, Jupyter display."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..graph import walk
from ..names import fmt
from ..stepper import Step
from ..value import Value
from . import binary, display, labels
from .dot import View, build, check_size
from .options import Grouping, Options, check_step, options
from .replay import Frame, Replay

SUFFIXES = (".svg", ".png", ".dot", ".gv", ".html")


class Drawing:
    """A picture of a Value graph (its data and gradients as they were when drawn).

    ``source``: DOT text (needs no layout program); ``svg()``/``png()``: the picture;
    ``save(path)``: by suffix (.svg, .png, .dot/.gv, .html -- a page stepping through backward);
    in Jupyter it shows itself as SVG and PNG (as text and DOT source if it cannot).
    ``step``: the ``Step`` shown, when drawn with ``step=k``.
    """

    def __init__(self, root: Value, options: Options, step: int | None = None) -> None:
        self.root = root
        self.options = options
        self.nodes = walk(root)
        self.step: Step | None = None
        check_size(self.nodes, options)  # before any replay: a too-big graph costs nothing
        view = View()
        if step is not None:
            total = sum(v.op_entry is not None for v in self.nodes)
            if total == 0:
                raise ValueError(f"step={step}: this graph has no backward steps (its root is a leaf); draw it without step=")
            if not -total <= step < total:
                raise IndexError(f"step={step} is out of range: this backward pass has {total} steps (0 to {total - 1})")
            k = step % total
            replay = Replay(root, self.nodes, options.digits, explain_steps={k})
            self.step, view = replay.steps[k], replay.view(k)
        self.graph = build(root, self.nodes, options, view)

    @property
    def source(self) -> str:
        """The DOT text."""
        return self.graph.source

    def pipe(self, fmt: str) -> bytes:
        """The picture in any format the layout program knows ("svg", "png", "json", ...)."""
        if not isinstance(fmt, str) or not re.fullmatch(r"[a-z][a-z0-9_:]*", fmt):
            raise ValueError(f"fmt must be an output format name such as 'svg' or 'png', not {fmt!r}")
        return binary.pipe(self.graph, fmt)

    def svg(self) -> str:
        """The picture as SVG text."""
        return self.pipe("svg").decode("utf-8")

    def png(self, dpi: int = 144, max_side: int = 8000) -> bytes:
        """The picture as PNG bytes at ``dpi``, scaled down to fit ``max_side`` pixels each way.

        The cap keeps a PNG of a big graph from taking gigabytes; use SVG to zoom into one.
        """
        for option, value, top in (("dpi", dpi, 2400), ("max_side", max_side, 32000)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise ValueError(f"{option} must be an int from 1 to {top}, not {value!r}")
        g = self.graph.copy()
        inches = max_side / dpi
        g.graph_attr.update(dpi=str(dpi), size=f"{inches:.2f},{inches:.2f}")
        return binary.pipe(g, "png")

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the picture; the suffix picks the format (.svg, .png, .dot or .gv, .html)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ValueError(f"cannot save {path.name!r}: the suffix must be one of {', '.join(SUFFIXES)}")
        if suffix == ".html":
            from .html_page import page

            data: bytes = page(self).encode("utf-8")
        elif suffix in (".dot", ".gv"):
            data = self.source.encode("utf-8")
        else:
            data = self.png() if suffix == ".png" else self.pipe("svg")
        _write(path, data)
        return path

    def frames(self) -> list[tuple[Frame, str]]:
        """Every frame of a fresh backward pass (start, then one per step) with its SVG.

        Each grad cell is given the width of its widest value over the pass, so the layout --
        and every node's place on the page -- stays the same from frame to frame.
        """
        replay = Replay(self.root, self.nodes, self.options.digits)
        frames = replay.frames()
        widths = {v: max(labels.text_width("grad " + fmt(g, self.options.digits)) for g in replay.grads_seen(v)) for v in self.nodes}
        views = [View(f.view.grads, f.view.current, f.view.final, f.view.received, widths) for f in frames]
        svgs = binary.pipe_many([build(self.root, self.nodes, self.options, view) for view in views], "svg")
        return [(frame, svg.decode("utf-8")) for frame, svg in zip(frames, svgs, strict=True)]

    # display in Jupyter and at the prompt (display.py): these never raise, so "Run all" never stops here
    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: Any
    ) -> tuple[dict[str, str], dict[str, Any]]:
        """SVG and PNG with a one-line text, or (no layout program, a failed layout) the fix and the DOT source."""
        return display.bundle(self.svg, lambda dpi, side: self.png(dpi, side), repr(self), lambda: self.source, include, exclude)

    def _repr_svg_(self) -> str | None:
        return display.quietly(self.svg)

    def _repr_png_(self) -> bytes | None:
        return display.quietly(lambda: self.png(display.DPI, display.MAX_SIDE))

    def __repr__(self) -> str:
        ops = sum(v.op_entry is not None for v in self.nodes)
        shown = "" if self.step is None else f", step {self.step.index + 1} of {self.step.total}"
        return f"<Drawing of {len(self.nodes)} values ({ops} computed){shown}; .source, .svg(), .png(), .save(path)>"


def draw(
    root: Value, *, derivatives: bool = False, rankdir: str = "LR", digits: int = 4,
    clusters: Grouping = None, collapse: bool | int = False, max_nodes: int | None = 1000,
    legend: bool = True, parameters: Iterable[Value] | None = None, step: int | None = None,
) -> Drawing:  # fmt: skip
    """Draw the graph under ``root``: one record per Value (name, data, grad), one small node per op.

    - ``derivatives``: label each edge with its local partial, formula and value (``∂e/∂c = d = 2.0``);
    - ``rankdir``: "LR" (left to right) or "TB" (top to bottom); ``digits``: significant digits;
    - ``clusters``: a function or mapping from Value to a group name (a tuple nests: ("hidden layer 1",
      "unit 2")), or None for no group; e.g. ``clusters=lambda v: v.tag`` draws a network as its
      layers left to right, each a box of its units in order (siblings by data flow, then naturally);
    - ``collapse``: draw each group as one box (True), or only groups at depth ``collapse`` (an int:
      1 is one box per layer);
    - ``max_nodes``: refuse graphs with more values (after collapsing) -- None lifts the limit;
    - ``parameters``: the Values coloured as parameters (default: labelled leaves with a ``tag``;
      an unlabelled leaf is a number, never a parameter);
    - ``step``: show step ``step`` of a fresh backward pass (0 is the root's step): its node and
      edges in red, and which gradients are final yet. Your Values' gradients are left untouched.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() needs a Value, not {type(root).__name__}")
    opts = options(derivatives, rankdir, digits, clusters, collapse, max_nodes, legend, parameters)
    return Drawing(root, opts, check_step(step))


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, or an OSError of the same kind that says which folder is wrong."""
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise FileNotFoundError(f"cannot save {str(path)!r}: the folder {str(folder)!r} {what}; create it first")
    try:
        path.write_bytes(data)
    except PermissionError:
        raise PermissionError(f"cannot save {str(path)!r}: no permission to write there; choose another folder") from None
    except IsADirectoryError:
        raise IsADirectoryError(f"cannot save {str(path)!r}: it is a folder; add a file name such as graph.svg") from None
