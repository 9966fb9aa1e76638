"""``draw(root)`` and the ``Drawing`` it returns: DOT text, SVG/PNG/HTML files, Jupyter display."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..graph import walk
from ..stepper import Step
from ..value import Value
from . import binary, display, gif
from .dot import View, build, check_size
from .options import Grouping, Options, check_step, options
from .replay import Frame, Replay

if TYPE_CHECKING:
    from .inline import Stepper

SUFFIXES = (".svg", ".png", ".dot", ".gv", ".html", ".gif")


class Drawing:
    """A picture of a Value graph (its data and gradients as they were when drawn).

    ``source``: DOT text (needs no layout program); ``svg()``/``png()``: the picture;
    ``save(path)``: by suffix (.svg, .png, .dot/.gv, .html -- a page stepping through backward, .gif
    -- the pass animated); ``save_frames(folder)``: one captioned picture per step; ``frames()``: the
    frames' data; ``stepper()``: the page's stepper inline in Jupyter. In Jupyter it shows itself as
    SVG and PNG (as text and the DOT source if it cannot: ``display.py``). Drawn with ``step=k``:
    ``step`` (the ``Step`` shown; None at the start) and ``caption``.
    """

    def __init__(self, root: Value, options: Options, step: int | None = None, rankdir_given: bool = True) -> None:
        self.root = root
        self.options = options
        self.rankdir_given = rankdir_given  # False: frames, GIFs and the stepper choose the orientation
        self.nodes = walk(root)
        self.step: Step | None = None
        self.frame: Frame | None = None
        check_size(self.nodes, options)  # before any replay: a too-big graph costs nothing
        view = View()
        if step is not None:
            total = sum(v.op_entry is not None for v in self.nodes)
            if total == 0:
                raise ValueError(f"step={step}: this graph has no backward steps (its root is a leaf); draw it without step=")
            if not -(total + 1) <= step <= total:
                raise IndexError(
                    f"step={step} is out of range: this backward pass has {total} steps, so step is 0 (the start, nothing "
                    f"propagated yet) to {total} (after the last node); -1 is the last"
                )
            k = step % (total + 1)
            replay = Replay(root, self.nodes, options.digits, explain_steps={k - 1})
            self.frame = replay.frame(k - 1)
            self.step, view = self.frame.step, self.frame.view
        self.graph = build(root, self.nodes, options, view)

    @property
    def caption(self) -> str | None:
        """For a drawing of one step (``step=k``): ``step k of n: …`` and the step's explanation, else None."""
        return None if self.frame is None else self.frame.caption

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

    def save(self, path: str | os.PathLike[str], dpi: int | None = None, *, seconds: float | None = None) -> Path:
        """Write the picture; the suffix picks the format.

        .svg, .png (``dpi``: dots per inch, default 144), .dot or .gv (the DOT text), .html (a page
        stepping through backward), .gif (the backward pass animated: one captioned frame per step,
        the start first, ``seconds`` each, default 2.5; ``dpi`` default 96; needs Pillow).
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ValueError(f"cannot save {path.name!r}: the suffix must be one of {', '.join(SUFFIXES)}")
        if dpi is not None and suffix not in (".png", ".gif"):
            raise ValueError(f"dpi is for .png and .gif files, not {suffix} (leave dpi=None)")
        if seconds is not None and suffix != ".gif":
            raise ValueError(f"seconds (per frame) is for .gif files, not {suffix} (leave seconds=None)")
        if suffix == ".html":
            from .html_page import page

            data: bytes = page(self).encode("utf-8")
        elif suffix == ".gif":
            data = gif.gif_bytes(self, dpi, 2.5 if seconds is None else seconds)
        elif suffix in (".dot", ".gv"):
            data = self.source.encode("utf-8")
        else:
            data = self.png(gif.check_dpi(dpi)) if suffix == ".png" else self.pipe("svg")
        _write(path, data)
        return path

    def save_frames(self, folder: str | os.PathLike[str], format: str = "png", *, dpi: int | None = None, stem: str = "step") -> list[Path]:
        """One file per frame of a fresh backward pass, each with its caption, all the same size.

        ``folder/step_00.png`` is the start (nothing propagated yet), ``step_01.png`` the picture after
        the first node, and so on; ``format`` "png" (``dpi``, default 144; needs Pillow) or "svg".
        """
        files = gif.frame_files(self, Path(folder), format, dpi, stem)
        for path, data in files:
            _write(path, data)
        return [path for path, _ in files]

    def frames(self) -> list[tuple[Frame, str]]:
        """Every frame of a fresh backward pass with its SVG: frame 0 is the start, frame k after k nodes.

        ``frame.caption`` is its explanation (``step 1 of 3: e = c × d: …``). Each grad cell has the
        width of its widest value over the pass, so the layout -- every node's place -- stays the same.
        """
        from .frames import svg_frames

        return svg_frames(self)

    def stepper(self) -> Stepper:
        """The backward pass to step through inline in Jupyter: ``_repr_html_`` is the stepper of the HTML page."""
        from .inline import Stepper

        return Stepper(self)

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
        frame = self.frame
        shown = "" if frame is None else f", step {frame.number} of {frame.total}" + (" (the start)" if frame.step is None else "")
        return f"<Drawing of {len(self.nodes)} values ({ops} computed){shown}; .source, .svg(), .png(), .save(path)>"


def draw(
    root: Value, *, derivatives: bool = False, rankdir: str | None = None, digits: int = 4,
    clusters: Grouping = None, collapse: bool | int = False, max_nodes: int | None = 1000,
    legend: bool = True, parameters: Iterable[Value] | None = None, step: int | None = None,
) -> Drawing:  # fmt: skip
    """Draw the graph under ``root``: one record per Value (name, data, grad), one small node per op.

    - ``derivatives``: label each edge with its local partial, formula and value (``∂e/∂c = d = 2.0``);
    - ``rankdir``: "LR" (left to right) or "TB" (top to bottom); None: left to right for a picture, and
      for the frames, the GIF and the steppers whichever fits a 16:9 screen larger; ``digits``: significant digits;
    - ``clusters``: a function or mapping from Value to a group name (a tuple nests: ("hidden layer 1",
      "unit 2")), or None for no group; e.g. ``clusters=lambda v: v.tag`` draws a network as its
      layers left to right, each a box of its units in order (siblings by data flow, then naturally);
    - ``collapse``: draw each group as one box (True), or only groups at depth ``collapse`` (an int:
      1 is one box per layer);
    - ``max_nodes``: refuse graphs with more values (after collapsing) -- None lifts the limit;
    - ``parameters``: the Values coloured as parameters (default: labelled leaves with a ``tag``;
      an unlabelled leaf is a number, never a parameter);
    - ``step``: show the picture after ``step`` nodes of a fresh backward pass (0: the start, nothing
      propagated yet; -1: the last): the step's node and edges in red, which gradients are final yet,
      and ``.caption`` explaining it. Your Values' gradients are left untouched.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() needs a Value, not {type(root).__name__}")
    opts = options(derivatives, "LR" if rankdir is None else rankdir, digits, clusters, collapse, max_nodes, legend, parameters)
    return Drawing(root, opts, check_step(step), rankdir_given=rankdir is not None)


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
