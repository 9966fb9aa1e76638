"""The picture fit's live plot redraws: loss and accuracy per epoch, and what the model computes.

Two inputs and a classification loss: the decision regions (the class the model picks at each
point of a grid, shaded by how sure it is) with the data on top; two inputs and a regression loss:
the output as a heat map; one input and one output: the model's curve through the data. The grid
is evaluated with numpy for nn's own MLP/Layer/Neuron (a forward pass on floats, the same numbers
as ``predict``: a test checks it) and with ``predict`` for any other model, on a coarser grid.

The axes, artists and layout are made once and their data replaced on each redraw (a redraw is then
one ``savefig``, ~0.1 s). matplotlib is imported by ``live_plot.py`` only when a plot is asked for;
nothing here uses pyplot, so a user's figures and backend are left alone.
"""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from .layers import MLP, Layer
from .neuron import Neuron
from .scoring import predict

CLASS_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
FAST_GRID, SLOW_GRID = 60, 24  # grid points per side: numpy forward, or predict (one graph-free pass per point)
MAX_POINTS = 400  # data points drawn on the plane (every k-th beyond that)


def _layers(model: Any) -> list[tuple[Any, Any, str]] | None:
    """(W, b, activation) per layer for nn's own models (exact types, so no overridden forward), else None."""
    if type(model) is Neuron:
        parts = [([model], model.activation)]
    elif type(model) is Layer:
        parts = [(model.neurons, model.activation)]
    elif type(model) is MLP and all(type(layer) is Layer for layer in model.layers):
        parts = [(layer.neurons, layer.activation) for layer in model.layers]
    else:
        return None
    out = []
    for neurons, activation in parts:
        if any(type(n) is not Neuron for n in neurons):
            return None
        w = np.array([[p.data for p in n.w] for n in neurons], dtype=float)
        b = np.array([0.0 if n.b is None else n.b.data for n in neurons], dtype=float)
        out.append((w, b, activation))
    return out


def _activate(z: Any, activation: str) -> Any:
    """nn's activations (activations.py) on arrays: linear, step, sigmoid, tanh, relu, softmax."""
    if activation == "step":
        return np.where(z >= 0.0, 1.0, 0.0)
    if activation == "sigmoid":
        return np.exp(-np.logaddexp(0.0, -z))  # 1 / (1 + e^-z), with no overflow warning for large -z
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return z  # linear


def grid_outputs(model: Any, rows: list[list[float]]) -> Any:
    """The model's outputs at each row as an array (rows × outputs): numpy for nn's models, else ``predict``."""
    layers = _layers(model)
    if layers is None:
        outs = predict(model, rows)
        return np.array([o if isinstance(o, list) else [o] for o in outs], dtype=float)
    a = np.asarray(rows, dtype=float)
    for w, b, activation in layers:
        a = _activate(a @ w.T + b, activation)
    return a


def bounds(rows: list[list[float]], column: int, margin: float = 0.1) -> tuple[float, float]:
    """The data's range in one input, widened by ``margin`` of its width (±0.5 for a constant column)."""
    lo, hi = min(r[column] for r in rows), max(r[column] for r in rows)
    pad = (hi - lo) * margin or 0.5
    return lo - pad, hi + pad


def target_class(t: Any) -> int:
    """A target as a class: a class index as it is; a label 0/1, -1/+1 or a probability by 0.5."""
    return t if isinstance(t, int) and not isinstance(t, bool) and t > 1 else int(float(t) > 0.5)


def picked_classes(outputs: Any, entry: Any) -> tuple[Any, Any]:
    """The class the model picks at each point and how sure (0..1): the argmax and its softmax
    probability, or one output read the loss's way (a probability against 0.5, a score against 0)."""
    if outputs.shape[1] > 1:
        e = np.exp(outputs - outputs.max(axis=1, keepdims=True))
        return outputs.argmax(axis=1), e.max(axis=1) / e.sum(axis=1)
    o = outputs[:, 0]
    picked = np.array([int(entry.hit(v, 1)) for v in o.tolist()])
    sure = np.abs(2.0 * o - 1.0) if not entry.raw_scores else np.tanh(np.abs(o))
    return picked, np.nan_to_num(np.clip(sure, 0.0, 1.0))


class TrainingFigure:
    """One figure: the training curves, and beside them the input plane (2 inputs) or the model's curve (1)."""

    def __init__(self, model: Any, rows: list[list[float]], ys: list[Any], entry: Any, epochs: int, dpi: int = 90) -> None:
        self.model, self.entry, self.epochs, self.dpi = model, entry, epochs, dpi
        nin, nout = len(rows[0]), getattr(model, "nout", None)
        one_output = nout == 1 or (nout is None and not isinstance(ys[0], list))
        self.kind = "plane" if nin == 2 else "line" if nin == 1 and one_output else None
        self.figure = Figure(figsize=(11, 4.2) if self.kind else (6.5, 4.2), dpi=dpi)  # saved at this dpi: text layouts stay cached
        FigureCanvasAgg(self.figure)  # an Agg canvas of its own: no pyplot, no backend switch
        self.curves = self.figure.add_subplot(1, 2 if self.kind else 1, 1)
        self.twin: Any = None
        self.lines = {name: self.curves.plot([], [], style, color="#d62728", label=label)[0]
                      for name, style, label in (("loss", "-", "training loss"), ("val_loss", "--", "validation loss"))}  # fmt: skip
        self.curves.set(xlabel="epoch", ylabel="loss", title="training", xlim=(1, max(epochs, 2)))
        self.legend_size = 0
        # a fixed layout (room for the legend under the curves): no layout pass on each redraw
        self.figure.subplots_adjust(left=0.07 if self.kind else 0.11, right=0.97 if self.kind else 0.88, bottom=0.25, top=0.86, wspace=0.33)
        if self.kind:
            self.side = self.figure.add_subplot(1, 2, 2)
            self.box = [bounds(rows, k) for k in range(nin)]
            self._setup_side(rows, ys)

    def _setup_side(self, rows: list[list[float]], ys: list[Any]) -> None:
        ax, step = self.side, max(1, len(rows) // MAX_POINTS)
        rows, ys = rows[::step], ys[::step]
        size = 60 if len(rows) <= 50 else 18  # a few points drawn big
        if self.kind == "line":
            (x0, x1), = self.box  # fmt: skip
            self.xs = np.linspace(x0, x1, 200)
            self.curve = ax.plot(self.xs, np.zeros_like(self.xs), color="#d62728", label="the model")[0]
            self.targets = [float(t) for t in ys]
            ax.scatter([r[0] for r in rows], self.targets, s=size * 0.8, color="k", zorder=3, label="data")
            ax.set(xlim=(x0, x1), xlabel="x", ylabel="output", title="what the model computes")
            ax.legend(loc="best", fontsize=8)
            return
        (x0, x1), (y0, y1) = self.box
        self.n = FAST_GRID if _layers(self.model) is not None else SLOW_GRID
        self.grid = [[x, y] for y in np.linspace(y0, y1, self.n).tolist() for x in np.linspace(x0, x1, self.n).tolist()]
        px, py, blank = [r[0] for r in rows], [r[1] for r in rows], np.zeros((self.n, self.n))
        if self.entry.hit is None:  # regression: the output as a heat map, the targets in the same colours
            self.image = ax.imshow(blank, origin="lower", extent=(x0, x1, y0, y1), cmap="RdBu_r", aspect="auto")
            self.targets = [float(t[0] if isinstance(t, list) else t) for t in ys]
            self.dots = ax.scatter(px, py, c=self.targets, cmap="RdBu_r", s=size, edgecolor="k", linewidth=0.4)
            ax.set_title("the output over the input plane")
        else:
            classes = [target_class(t) for t in ys]
            k = max(getattr(self.model, "nout", 1) or 1, 2, max(classes) + 1)
            self.image = ax.imshow(blank, origin="lower", extent=(x0, x1, y0, y1), cmap=ListedColormap((CLASS_COLORS * 2)[:k]),
                                   vmin=-0.5, vmax=k - 0.5, aspect="auto", interpolation="nearest")  # fmt: skip
            ax.scatter(px, py, c=[CLASS_COLORS[c % len(CLASS_COLORS)] for c in classes], s=size, edgecolor="k", linewidth=0.4)
            ax.set_title("decision regions (shade: how sure)")
        ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="x₁", ylabel="x₂")

    def _update_side(self) -> None:
        if self.kind == "line":
            values = grid_outputs(self.model, [[x] for x in self.xs.tolist()])[:, 0]
            self.curve.set_ydata(values)
            finite = [v for v in (*values.tolist(), *self.targets) if math.isfinite(v)]
            lo, hi = min(finite, default=-1.0), max(finite, default=1.0)
            self.side.set_ylim(lo - 0.1 * (hi - lo or 1.0), hi + 0.1 * (hi - lo or 1.0))
            return
        outputs = grid_outputs(self.model, self.grid)
        if self.entry.hit is None:
            values = outputs[:, 0].reshape(self.n, self.n)
            self.image.set_data(values)
            finite = [v for v in (*values.ravel().tolist(), *self.targets) if math.isfinite(v)]
            self.image.set_clim(min(finite, default=0.0), max(finite, default=1.0))
            self.dots.set_clim(*self.image.get_clim())
        else:
            picked, sure = picked_classes(outputs, self.entry)
            self.image.set_data(picked.reshape(self.n, self.n))
            self.image.set_alpha((0.12 + 0.35 * sure).reshape(self.n, self.n))

    def _update_curves(self, history: Any) -> None:
        steps = list(range(1, len(history.loss) + 1))
        self.lines["loss"].set_data(steps, history.loss)
        self.lines["val_loss"].set_data(steps[: len(history.val_loss)], history.val_loss)
        values = [v for v in (*history.loss, *history.val_loss) if math.isfinite(v)]
        top, low = max(values, default=1.0), min(values, default=0.0)
        if low > 0 and top > 50 * low:  # a loss falling by orders of magnitude reads best on a log scale
            self.curves.set(yscale="log", ylim=(low / 1.5, top * 1.5))
        else:
            self.curves.set(yscale="linear", ylim=(0, top * 1.08 or 1.0))
        accuracy = (history.accuracy, history.val_metrics.get("accuracy", []))
        if self.twin is None and history.accuracy:
            self.twin = self.curves.twinx()
            self.twin.set(ylim=(0, 1.05), ylabel="accuracy")
            self.twin.spines["right"].set_visible(True)  # a style hiding right spines would leave bare ticks (- 0.8)
            self.accuracy = [self.twin.plot([], [], style, color="#1f77b4", label=label)[0]
                             for style, label in (("-", "training accuracy"), ("--", "validation accuracy"))]  # fmt: skip
        if self.twin is not None:
            for line, values in zip(self.accuracy, accuracy):
                line.set_data(steps[: len(values)], values)

    def render(self, history: Any, epoch: int) -> bytes:
        """The figure after ``epoch`` (0: before training) as PNG bytes."""
        self._update_curves(history)
        if self.kind:
            self._update_side()
        words = [f"epoch {epoch} of {self.epochs}" if epoch else f"before training ({self.epochs} epochs to go)"]
        words += [f"loss {history.loss[-1]:.4g}"] if history.loss else []
        words += [f"accuracy {history.accuracy[-1]:.1%}"] if history.accuracy else []
        self.figure.suptitle(" · ".join(words), fontsize=11)
        shown = [line for line in self.curves.lines + (self.twin.lines if self.twin else []) if len(line.get_xdata())]
        if len(shown) != self.legend_size:  # a legend for the curves drawn so far (validation and accuracy may come later)
            self.curves.legend(handles=shown, loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=8, frameon=False)
            self.legend_size = len(shown)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi="figure")  # not rcParams["savefig.dpi"]: the layout is made for this dpi
        return buffer.getvalue()
