"""fit / evaluate / predict: the training loop of the lectures, with a progress bar.

One epoch is one sweep through the data in batches: ``batch_size=1`` is online gradient descent,
``None`` full-batch, ``k`` mini-batch. Each batch: forward every example, the batch's mean loss
(+ ``l2``·Σ p²), ``zero_grad``, ``backward``, ``optimizer.step()``.
"""

from __future__ import annotations

import gc
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

from autograd_core import Value, no_grad

from .losses import bce_loss, bce_with_logits, cross_entropy, hinge_loss, mse_loss
from .losses import l2 as l2_penalty
from .optim import Adam

LossFn = Callable[[list[Any], list[Any]], Value]
LOSSES: dict[str, LossFn] = {
    "mse": mse_loss, "bce": bce_loss, "bce_logits": bce_with_logits, "cross_entropy": cross_entropy, "hinge": hinge_loss,
}  # fmt: skip
_RAW_SCORES = ("bce_logits", "cross_entropy", "hinge")  # losses that expect unsquashed outputs


@dataclass
class History:
    """Per-epoch training loss and metrics (``accuracy`` for classification losses), and validation ones.

    Training figures are the mean over the epoch's batches as they were met (before each batch's
    step, and including the ``l2`` term), as Keras reports them; ``evaluate`` gives end-of-training ones.
    """

    loss: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    val_loss: list[float] = field(default_factory=list)
    val_metrics: dict[str, list[float]] = field(default_factory=dict)

    @property
    def accuracy(self) -> list[float]:
        return self.metrics.get("accuracy", [])

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def __repr__(self) -> str:
        if not self.loss:
            return "History(0 epochs)"
        parts = [f"loss {self.loss[0]:.4g} → {self.loss[-1]:.4g}"]
        parts += [f"{k} {v[0]:.4g} → {v[-1]:.4g}" for k, v in self.metrics.items() if v]
        return f"History({self.epochs} epochs, {', '.join(parts)})"


def _accuracy(kind: str) -> Callable[[list[Any], list[Any]], float] | None:
    """The fraction of correct predictions, read the way the loss reads outputs."""
    hit: Callable[[Any, Any], bool]
    if kind == "hinge" or kind == "bce_logits":
        hit = (lambda o, y: (o > 0) == (y > 0)) if kind == "hinge" else (lambda o, y: (o > 0) == (y > 0.5))
    elif kind == "bce":
        hit = lambda o, y: (o > 0.5) == (y > 0.5)
    elif kind == "cross_entropy":
        hit = lambda o, y: max(range(len(o)), key=o.__getitem__) == y
    else:
        return None

    def accuracy(outputs: list[Any], targets: list[Any]) -> float:
        return sum(map(hit, outputs, targets)) / len(targets)

    return accuracy


def _number(v: Any, where: str) -> float:
    if not isinstance(v, Real) or not math.isfinite(v):
        raise TypeError(f"{where} must be a finite number, not {type(v).__name__}: {v!r}")
    return float(v)


def _rows(X: Any, nin: int | None) -> list[list[float]]:  # noqa: N803
    """X as a non-empty list of equal-width rows of floats (the model's input width if known)."""
    if isinstance(X, str | bytes) or not hasattr(X, "__iter__"):
        raise TypeError(f"X must be a list of rows of numbers, not {type(X).__name__}")
    rows = []
    for i, row in enumerate(X):
        cells = [row] if isinstance(row, Real) else None if isinstance(row, str | bytes) or not hasattr(row, "__iter__") else list(row)
        if cells is None:
            raise TypeError(f"X[{i}] must be a row of numbers, not {type(row).__name__}: {row!r}")
        width = nin if nin is not None else len(rows[0]) if rows else len(cells)
        if len(cells) != width:
            raise ValueError(f"X[{i}] has {len(cells)} values but {'the model takes' if nin else 'X[0] has'} {width}")
        rows.append([_number(v, f"X[{i}][{j}]") for j, v in enumerate(cells)])
    if not rows:
        raise ValueError("X is empty: fit needs at least one example")
    return rows


def _targets(y: Any, n: int, kind: str | None, nout: int | None) -> list[Any]:
    """y checked against the loss: ±1 for hinge, [0, 1] for bce, class indices for cross_entropy."""
    if isinstance(y, str | bytes) or not hasattr(y, "__iter__"):
        raise TypeError(f"y must be a list of targets, not {type(y).__name__}")
    ys = list(y)
    if len(ys) != n:
        raise ValueError(f"X has {n} rows but y has {len(ys)} targets; they must match")
    if kind is None:
        return ys
    if nout is not None and (nout < 2 if kind == "cross_entropy" else nout != 1 and kind != "mse"):
        need = "at least 2 outputs (one score per class)" if kind == "cross_entropy" else "1 output"
        raise ValueError(f"loss={kind!r} needs a model with {need}; this model has {nout}")
    out: list[Any] = []
    for i, t in enumerate(ys):
        if kind == "cross_entropy":
            if isinstance(t, bool) or not isinstance(t, Integral) or not 0 <= t < (nout or math.inf):
                raise ValueError(f"y[{i}] = {t!r}: cross_entropy targets are class indices 0..{(nout or 0) - 1}")
            out.append(int(t))
        elif kind == "mse" and nout is not None and nout > 1:
            if isinstance(t, str | bytes) or not hasattr(t, "__len__") or len(t) != nout:
                raise ValueError(f"y[{i}] = {t!r}: the model has {nout} outputs, so each target must be {nout} numbers")
            out.append([_number(v, f"y[{i}][{j}]") for j, v in enumerate(t)])
        else:
            v = _number(t, f"y[{i}]")
            if kind == "hinge" and v not in (-1.0, 1.0):
                raise ValueError(f"y[{i}] = {t!r}: hinge labels must be -1 or +1 (convert 0/1 labels with 2*y - 1)")
            if kind in ("bce", "bce_logits") and not 0.0 <= v <= 1.0:
                raise ValueError(f"y[{i}] = {t!r}: {kind} targets must be in [0, 1]")
            out.append(v)
    return out


def _resolve(model: Any, loss: str | LossFn) -> tuple[str | None, LossFn]:
    if callable(loss):
        return None, loss
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)} or pass a function (preds, targets) -> Value")
    out_act = getattr(model, "output_activation", None)
    if loss == "bce" and out_act not in (None, "sigmoid"):
        raise ValueError(f"loss='bce' needs probabilities: use output_activation='sigmoid', or loss='bce_logits' (got {out_act!r})")
    if loss in _RAW_SCORES and out_act in ("sigmoid", "softmax", "step"):
        raise ValueError(f"loss={loss!r} expects raw scores, but the model's output activation is {out_act!r}: use 'linear'")
    return loss, LOSSES[loss]


def _metrics(kind: str | None, metrics: Sequence[Any] | None) -> dict[str, Callable[[list[Any], list[Any]], float]]:
    names = (["accuracy"] if _accuracy(kind or "") else []) if metrics is None else list(metrics)
    out = {}
    for i, m in enumerate(names):
        if m == "accuracy":
            acc = _accuracy(kind or "")
            if acc is None:
                raise ValueError(f"metric 'accuracy' needs a classification loss (hinge, bce, bce_logits, cross_entropy), not {kind!r}")
            out["accuracy"] = acc
        elif callable(m):
            out[getattr(m, "__name__", f"metric{i}")] = m
        else:
            raise ValueError(f"unknown metric {m!r}: use 'accuracy' or a function (outputs, targets) -> float")
    return out


def _data(out: Value | list[Value]) -> Any:
    return [v.data for v in out] if isinstance(out, list) else out.data


def fit(
    model: Any, X: Any, y: Any, loss: str | LossFn = "mse", optimizer: Any = None, epochs: int = 100,  # noqa: N803
    batch_size: int | None = None, shuffle: bool = True, seed: int | None = None, progress: bool = True,
    metrics: Sequence[Any] | None = None, l2: float = 0.0, validation_data: tuple[Any, Any] | None = None,
    compile: bool = False,
) -> History:  # fmt: skip
    """Train ``model`` on (X, y); everything is checked before the first step (the model is untouched on error).

    ``loss``: "mse", "bce", "bce_logits", "cross_entropy", "hinge" or f(preds, targets) -> Value;
    ``optimizer`` defaults to Adam(lr=0.01); ``l2`` adds l2·Σ p² (micrograd's alpha);
    ``progress`` shows a tqdm bar with the running loss in a terminal or notebook; ``compile=True``
    runs each step as generated Python (``nn/compiled.py``: the same numbers, several times faster).
    """
    kind, loss_fn = _resolve(model, loss)
    rows = _rows(X, getattr(model, "nin", None))
    ys = _targets(y, len(rows), kind, getattr(model, "nout", None))
    val = None if validation_data is None else _validation(model, validation_data, kind)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, not {epochs!r}")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"batch_size must be None (full batch) or a positive int, not {batch_size!r}")
    alpha = _number(l2, "l2")
    if alpha < 0:
        raise ValueError(f"l2 must be >= 0, not {l2!r}")
    measures = _metrics(kind, metrics)
    params = model.parameters()
    opt = Adam(params, lr=0.01) if optimizer is None else optimizer
    if not (callable(getattr(opt, "step", None)) and callable(getattr(opt, "zero_grad", None))):
        raise TypeError(f"optimizer must have step() and zero_grad(), not {type(opt).__name__}")

    n, size = len(rows), min(batch_size or len(rows), len(rows))
    step = _step
    if compile:  # the same step as generated code: nn/compiled.py
        from .compiled import compiled_step

        step = compiled_step(model, loss_fn, alpha, params, rows, ys, size)
    order, rng, history = list(range(n)), random.Random(seed), History()
    bar = _bar(epochs, progress)
    try:
        for epoch in range(epochs):
            if shuffle and size < n:
                rng.shuffle(order)
            total, outputs, targets = 0.0, [], []
            for start in range(0, n, size):
                batch_y = [ys[i] for i in order[start : start + size]]
                value, outs = step(model, [rows[i] for i in order[start : start + size]], batch_y, loss_fn, alpha, params, opt)
                if value is None:
                    raise FloatingPointError(f"fit: the loss became {outs} at epoch {epoch + 1}; try a smaller learning rate")
                total += value * len(batch_y)
                outputs += outs
                targets += batch_y
            history.loss.append(total / n)
            for name, f in measures.items():
                history.metrics.setdefault(name, []).append(f(outputs, targets))
            if val is not None:
                scores = evaluate(model, val[0], val[1], loss, metrics=list(measures.values()) if metrics else None)
                history.val_loss.append(scores.pop("loss"))
                for name, v in scores.items():
                    history.val_metrics.setdefault(name, []).append(v)
            bar.set_postfix({"loss": f"{history.loss[-1]:.4g}", **{k: f"{v[-1]:.3g}" for k, v in history.metrics.items()}}, refresh=False)
            bar.update(1)
    finally:
        bar.close()
    return history


def _step(
    model: Any, xs: list[list[float]], ys: list[Any], loss_fn: LossFn, alpha: float, params: list[Value], opt: Any
) -> tuple[Any, Any]:
    """One optimisation step on one batch: (loss, output data), or (None, loss) if the loss is not finite.

    The batch's graph lives only inside this call, freed by reference counting when it returns; the
    cyclic GC is paused meanwhile, since it would only walk the tens of thousands of fresh nodes
    (which hold no reference cycles) again and again.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        preds = _outputs(model, xs)
        objective = loss_fn(preds, ys)
        if alpha:
            objective = objective + alpha * l2_penalty(params)
        if not math.isfinite(objective.data):
            return None, objective.data
        opt.zero_grad()
        objective.backward()
        opt.step()
        return objective.data, [_data(p) for p in preds]
    finally:
        if paused:
            gc.enable()


def _outputs(model: Any, rows: list[list[float]]) -> list[Any]:
    """The model on every row: its ``batch`` (a Module's, layer by layer for Layer and MLP) or one call per row."""
    batch = getattr(model, "batch", None)
    return batch(rows) if callable(batch) else [model(x) for x in rows]


def _validation(model: Any, data: Any, kind: str | None) -> tuple[list[list[float]], list[Any]]:
    if not isinstance(data, tuple | list) or len(data) != 2:
        raise TypeError("validation_data must be a pair (X_val, y_val)")
    rows = _rows(data[0], getattr(model, "nin", None))
    return rows, _targets(data[1], len(rows), kind, getattr(model, "nout", None))


def _bar(epochs: int, progress: bool) -> Any:
    """tqdm's bar, shown in a terminal or a Jupyter notebook (tqdm.auto's widget), hidden in logs and pipes."""
    import tqdm.auto  # first: it imports autonotebook with its notebook-mode warning silenced
    from tqdm import autonotebook, std

    show = progress and (autonotebook.tqdm is not std.tqdm or sys.stderr.isatty())  # a notebook, or a terminal
    return tqdm.auto.tqdm(total=epochs, desc="fit", unit="epoch", disable=not show, dynamic_ncols=True)


@no_grad()
def predict(model: Any, X: Any) -> list[Any]:  # noqa: N803
    """The model's outputs for each row of X as floats (lists of floats for several outputs); no graph is built."""
    return [_data(p) for p in _outputs(model, _rows(X, getattr(model, "nin", None)))]


@no_grad()
def evaluate(
    model: Any,
    X: Any,  # noqa: N803 -- the design's name
    y: Any,
    loss: str | LossFn = "mse",
    metrics: Sequence[Any] | None = None,
) -> dict[str, float]:
    """``{"loss": mean loss, **metrics}`` on (X, y) (``accuracy`` by default for classification losses); no graph."""
    kind, loss_fn = _resolve(model, loss)
    rows = _rows(X, getattr(model, "nin", None))
    ys = _targets(y, len(rows), kind, getattr(model, "nout", None))
    preds = _outputs(model, rows)
    outputs = [_data(p) for p in preds]
    return {"loss": loss_fn(preds, ys).data, **{name: f(outputs, ys) for name, f in _metrics(kind, metrics).items()}}
