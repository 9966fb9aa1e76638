"""A backward pass as a sequence of pictures, numbered as everywhere: frame 0 is the start (nothing
propagated yet), frame k is the picture after k nodes.

Every frame has one layout (each grad cell as wide as its widest value over the pass), so nodes
stay put from frame to frame. When ``draw()`` was given no ``rankdir``, the frames take the
orientation whose picture fits a 16:9 screen larger: left to right unless top to bottom is
clearly bigger (a network usually is). A caption -- the step's title and explanation, the
stepper's words -- goes under each picture; captioned frames all have the same size.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from typing import TYPE_CHECKING

import graphviz

from ..names import fmt
from . import binary, labels
from .dot import View, build
from .options import Options
from .replay import Frame, Replay

if TYPE_CHECKING:
    from .drawing import Drawing

MAX_STEPS = 100  # one picture per step: a page, a GIF or a folder of frames of more would be too big to use
SCREEN = (16.0, 9.0)  # the box frames are fitted to when choosing an orientation
CLEARLY_BIGGER = 1.1  # top to bottom must fit this much larger to be chosen over left to right
CAPTION_SIZE = 13.0  # points; node text is 11
CAPTION_MIN_WIDTH = 460.0  # points: a tiny graph still gets a caption wide enough to read
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)


def svg_size(svg: str) -> tuple[float, float]:
    """(width, height) in points of an SVG written by the layout program."""
    m = _SIZE.search(svg)
    if m is None:
        raise ValueError("the layout program wrote an SVG without a size in points")
    return float(m[1]), float(m[2])


def fit_scale(size: tuple[float, float], box: tuple[float, float] = SCREEN) -> float:
    """How much a picture of ``size`` is scaled to fit ``box`` (bigger is more readable)."""
    return min(box[0] / size[0], box[1] / size[1]) if size[0] > 0 and size[1] > 0 else 0.0


def layout_options(drawing: Drawing) -> Options:
    """The drawing's options with the orientation its frames use (see the module doc); decided once per drawing."""
    chosen = getattr(drawing, "_frames_options", None)
    if chosen is not None:
        return chosen
    opts = drawing.options
    if not drawing.rankdir_given:
        lr, tb = (dataclasses.replace(opts, rankdir=r) for r in ("LR", "TB"))
        view = Replay(drawing.root, drawing.nodes, opts.digits, explain_steps=()).view(-1)
        svgs = binary.pipe_many([build(drawing.root, drawing.nodes, o, view) for o in (lr, tb)], "svg")
        try:
            scales = [fit_scale(svg_size(s.decode("utf-8"))) for s in svgs]
        except ValueError:  # a layout function (set_layout) whose SVG gives no size in points: left to right
            scales = [1.0, 0.0]
        opts = tb if scales[1] > CLEARLY_BIGGER * scales[0] else lr
    drawing._frames_options = opts  # type: ignore[attr-defined]
    return opts


def check_steps(drawing: Drawing) -> None:
    """A clear error when the pass has more steps than pictures of it are made for."""
    steps = sum(v.op_entry is not None for v in drawing.nodes)
    if steps > MAX_STEPS:
        raise ValueError(
            f"the stepper, frames and GIFs draw one picture per step and this pass has {steps} steps, more than {MAX_STEPS}: "
            "step through a smaller graph, group it (clusters=..., collapse=True), or use .svg for a picture of the whole graph"
        )


def frame_graphs(drawing: Drawing) -> tuple[list[Frame], list[graphviz.Digraph]]:
    """Every frame of a fresh backward pass (start, then one per step) and its graph, all with one layout."""
    check_steps(drawing)
    opts = layout_options(drawing)
    replay = Replay(drawing.root, drawing.nodes, opts.digits)
    frames = replay.frames()
    widths = {v: max(labels.text_width("grad " + fmt(g, opts.digits)) for g in replay.grads_seen(v)) for v in drawing.nodes}
    views = [View(f.view.grads, f.view.current, f.view.final, f.view.received, widths) for f in frames]
    return frames, [build(drawing.root, drawing.nodes, opts, view) for view in views]


def svg_frames(drawing: Drawing) -> list[tuple[Frame, str]]:
    """Each frame with its SVG (no caption)."""
    frames, graphs = frame_graphs(drawing)
    svgs = binary.pipe_many(graphs, "svg")
    return [(frame, svg.decode("utf-8")) for frame, svg in zip(frames, svgs, strict=True)]


# ---- captions ---------------------------------------------------------------------------------


def caption_lines(frame: Frame, width: float, size: float = CAPTION_SIZE) -> list[tuple[str, bool]]:
    """The caption as (line, bold) pairs wrapped to ``width`` points: the title bold, then the explanation."""
    chars = max(20, int(width / (0.56 * size)))
    title, *lines = frame.caption.split("\n")
    out = [(part, True) for part in textwrap.wrap(title, chars, break_on_hyphens=False)]
    for line in lines:
        wrapped = textwrap.wrap(line, chars, break_on_hyphens=False, subsequent_indent="    ")
        out += [(part, False) for part in wrapped]
    return out


def caption_graph(lines: list[tuple[str, bool]], width: float, dpi: int | None = None, size: float = CAPTION_SIZE) -> graphviz.Digraph:
    """A picture of the caption: one plain node holding a left-aligned table ``width`` points wide."""
    rows = "".join(f'<tr><td align="left">{labels.plain_label(text, bold=bold)[1:-1] or " "}</td></tr>' for text, bold in lines)
    table = f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1" width="{int(width)}">{rows}</table>>'
    attrs = {"bgcolor": "white", "margin": "0", "pad": "0.08"} | ({"dpi": str(dpi)} if dpi else {})
    g = graphviz.Digraph("caption", graph_attr=attrs)
    g.node("caption", label=table, shape="plaintext", fontname=labels.FONT, fontsize=f"{size:g}", margin="0")
    return g


def caption_width(graph_sizes: list[tuple[float, float]]) -> float:
    """The captions' width in points: the widest frame's, at least ``CAPTION_MIN_WIDTH``."""
    return max(CAPTION_MIN_WIDTH, *(w for w, _ in graph_sizes)) - 12


def captioned_svgs(drawing: Drawing) -> list[tuple[Frame, str]]:
    """Each frame as one SVG: the picture with its caption under it, every frame the same size."""
    pairs = svg_frames(drawing)
    sizes = [svg_size(svg) for _, svg in pairs]
    width = caption_width(sizes)
    captions = [s.decode("utf-8") for s in binary.pipe_many([caption_graph(caption_lines(f, width), width) for f, _ in pairs], "svg")]
    cap_sizes = [svg_size(c) for c in captions]
    total_w = max(w for w, _ in sizes + cap_sizes)
    graph_h, cap_h = max(h for _, h in sizes), max(h for _, h in cap_sizes)
    out = []
    for (frame, svg), (w, _), caption in zip(pairs, sizes, captions, strict=True):
        rule = f'<line x1="0" y1="{graph_h:.2f}" x2="{total_w:.2f}" y2="{graph_h:.2f}" stroke="#d1d5db" stroke-width="0.75"/>\n'
        body = nested(svg, (total_w - w) / 2, 0.0) + rule + nested(caption, 0.0, graph_h)
        out.append((frame, (
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{total_w:.2f}pt" '
            f'height="{graph_h + cap_h:.2f}pt" viewBox="0 0 {total_w:.2f} {graph_h + cap_h:.2f}">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n{body}</svg>\n'
        )))  # fmt: skip
    return out


def nested(svg: str, x: float, y: float) -> str:
    """``svg`` (a whole SVG document) as an element placed at (x, y) points inside another SVG."""
    body = _PROLOG.sub("", svg)
    return _SIZE.sub(lambda m: f'<svg x="{x:.2f}" y="{y:.2f}" width="{m[1]}" height="{m[2]}"', body, count=1)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def png_parts(drawing: Drawing, dpi: int, max_side: int) -> tuple[list[Frame], list[bytes], list[bytes]]:
    """(frames, each frame's PNG, each frame's caption PNG) at one resolution, for ``gif.compose``.

    ``dpi`` is lowered when a frame would be more than ``max_side`` pixels wide or tall.
    """
    frames, graphs = frame_graphs(drawing)
    for attempt in range(2):
        for g in graphs:
            g.graph_attr.update(dpi=str(dpi))
        pictures = binary.pipe_many(graphs, "png")
        longest = max(max(png_size(p)) for p in pictures)
        if longest <= max_side or attempt:
            break
        dpi = max(1, int(dpi * max_side / longest))
    sizes = [(w * 72 / dpi, h * 72 / dpi) for w, h in map(png_size, pictures)]
    width = caption_width(sizes)
    captions = binary.pipe_many([caption_graph(caption_lines(f, width), width, dpi) for f in frames], "png")
    return frames, pictures, captions
