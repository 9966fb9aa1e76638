"""Shared figure helpers for the demos: matplotlib on Agg (no screen), one style, saving, decision regions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # draw into files, never to a window: the demos run on machines with no screen

import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap

from nn import predict

CLASS_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
plt.rcParams.update({
    "figure.dpi": 110, "savefig.dpi": 110, "font.size": 10, "axes.titlesize": 11, "axes.grid": True,
    "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False, "legend.framealpha": 0.9,
})  # fmt: skip

__all__ = ["CLASS_COLORS", "SLIDE", "accuracy_axis", "decision_regions", "plt", "save", "save_graph", "save_slide"]
SLIDE = (2400, 1350)  # a 16:9 slide's pixels: a graph's PNG fits in it


def accuracy_axis(ax: Any) -> Any:
    """A right-hand axis for accuracy (0 to 1) over ``ax``'s curves, with its own spine: without it the
    style's hidden right spine leaves bare tick marks that read as minus signs (- 0.8)."""
    twin = ax.twinx()
    twin.set(ylabel="accuracy", ylim=(0, 1.05))
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    return twin


def save(fig: Any, out: Path, name: str) -> Path:
    """Lay out ``fig``, write it to ``out/name`` (PNG or SVG by suffix), close it, say where it went."""
    path = Path(out) / name
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    print(f"  wrote {path}")
    return path


def save_graph(drawing: Any, out: Path, stem: str, suffixes: Sequence[str] = (".svg", ".png")) -> list[Path]:
    """Write a computational-graph drawing once per suffix (.svg, .png, .html) as ``out/stem.suffix``."""
    paths = [drawing.save(Path(out) / f"{stem}{suffix}") for suffix in suffixes]
    for path in paths:
        print(f"  wrote {path}")
    return paths


def save_slide(root: Any, out: Path, stem: str, **options: Any) -> list[Path]:
    """A graph for a 16:9 slide: drawn left to right or top to bottom, whichever fits larger, as
    ``out/stem.svg`` and a PNG at 144 dpi -- or less, so that it fits ``SLIDE`` (text stays readable
    down to about 100 dpi; the SVG has no such limit)."""
    from autograd_core import draw
    from autograd_core.drawing.frames import fit_scale, svg_size

    drawings = [draw(root, rankdir=rankdir, **options) for rankdir in ("LR", "TB")]
    svgs = [d.svg() for d in drawings]
    scales = [fit_scale(svg_size(svg), (SLIDE[0] / 2, SLIDE[1] / 2)) for svg in svgs]  # 144 dpi: 2 pixels a point
    best = max(range(2), key=lambda i: scales[i])
    svg_path, png_path = Path(out) / f"{stem}.svg", Path(out) / f"{stem}.png"
    svg_path.write_text(svgs[best], encoding="utf-8")
    dpi = min(144, int(144 * scales[best]))
    drawings[best].save(png_path, dpi=dpi)
    print(f"  wrote {svg_path} and {png_path} ({('left to right', 'top to bottom')[best]}, {dpi} dpi: fits a 16:9 slide)")
    return [svg_path, png_path]


def grid(points: Sequence[Sequence[float]], steps: int, margin: float = 0.25) -> tuple[list[float], list[float], list[list[float]]]:
    """A ``steps`` × ``steps`` grid of points covering the data plus a margin: (xs, ys, rows)."""
    lo = [min(r[k] for r in points) - margin for k in (0, 1)]
    hi = [max(r[k] for r in points) + margin for k in (0, 1)]
    xs = [lo[0] + (hi[0] - lo[0]) * i / (steps - 1) for i in range(steps)]
    ys = [lo[1] + (hi[1] - lo[1]) * j / (steps - 1) for j in range(steps)]
    return xs, ys, [[x, y] for y in ys for x in xs]


def decision_regions(
    ax: Any, model: Any, points: Sequence[Sequence[float]], labels: Sequence[int], steps: int = 80, threshold: float = 0.0, size: float = 22
) -> None:
    """Colour the plane by the class ``model`` predicts there, and scatter the data on top.

    One output: class 1 where the output is above ``threshold`` (0 for raw scores, 0.5 for a
    probability), shaded by how far it is; several outputs: the class with the largest score,
    shaded by its softmax probability (how sure the model is).
    """
    xs, ys, rows = grid(points, steps)
    outs = predict(model, rows)  # no graph is built: forward passes only
    if isinstance(outs[0], list):
        classes = [max(range(len(o)), key=o.__getitem__) for o in outs]
        sure = [1.0 / sum(math.exp(v - max(o)) for v in o) for o in outs]  # the winner's softmax probability
    else:
        classes = [int(o > threshold) for o in outs]
        sure = [min(1.0, abs(o - threshold) / (0.5 if threshold else 1.0)) for o in outs]
    k = max(max(classes), max(labels)) + 1
    cmap = ListedColormap(CLASS_COLORS[:k])
    image = [[classes[j * steps + i] for i in range(steps)] for j in range(steps)]
    alpha = [[0.12 + 0.3 * sure[j * steps + i] for i in range(steps)] for j in range(steps)]
    extent = (xs[0], xs[-1], ys[0], ys[-1])
    ax.imshow(image, origin="lower", extent=extent, cmap=cmap, vmin=-0.5, vmax=k - 0.5, alpha=alpha, aspect="auto", interpolation="nearest")
    for c in range(k):  # the edge of each class's region (for two classes both edges are the same line)
        ax.contour(xs, ys, [[int(v == c) for v in row] for row in image], levels=[0.5], colors="k", linewidths=0.8)
    for c in range(k):
        pts = [r for r, t in zip(points, labels) if t == c]
        ax.scatter(
            [p[0] for p in pts], [p[1] for p in pts], s=size, color=CLASS_COLORS[c], edgecolor="k", linewidth=0.5, label=f"class {c}"
        )
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.grid(False)
