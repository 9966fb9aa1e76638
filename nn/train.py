"""fit / evaluate / predict: the training loop of the lectures, with a progress bar.

One epoch is one sweep through the data in batches: ``batch_size=1`` is online gradient descent,
``None`` full-batch, ``k`` mini-batch. Each batch: forward every example, the batch's mean loss
(+ ``l2``·Σ p²), ``zero_grad``, ``backward``, ``optimizer.step()``. What a loss needs (targets,
output activation, accuracy) comes from its entry in the loss table (``loss_table.py``); every
argument is checked by the shared validators (``checks.py``) before the first step.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from autograd_core import Value
from autograd_core.gc_pause import paused_gc

from . import checks, live_plot
from .loss_table import LOSSES, Loss, LossFn
from .losses import LOSS_TAG
from .losses import l2 as l2_penalty
from .optim import Adam
from .progress import bar as progress_bar
from .scoring import evaluate, evaluate_checked, finite, output_data, predict, prepare, run_model

__all__ = ["LOSSES", "History", "evaluate", "fit", "predict"]
_DATA = attrgetter("data")


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




def fit(
    model: Any, X: Any, y: Any, loss: str | LossFn = "mse", optimizer: Any = None, epochs: int = 100,  # noqa: N803
    batch_size: int | None = None, shuffle: bool = True, seed: int | None = None, progress: bool = True,
    metrics: Any = None, l2: float = 0.0, validation_data: tuple[Any, Any] | None = None, compile: bool = False,
    plot: bool | str | os.PathLike[str] = False, callback: Callable[[int, History], Any] | None = None,
) -> History:  # fmt: skip
    """Train ``model`` on (X, y); everything is checked before the first step (the model is untouched on error).

    ``loss``: "mse", "bce", "bce_logits", "cross_entropy", "hinge" or f(preds, targets) -> Value;
    ``optimizer`` defaults to Adam(lr=0.01); ``l2`` adds l2·Σ p² (micrograd's alpha);
    ``progress``: a tqdm bar with the running loss (plain text in a notebook without ipywidgets);
    ``compile=True`` runs each step as generated Python (``nn/compiled.py``: the same numbers, faster);
    ``plot=True`` redraws loss, accuracy and (2 inputs) decision regions every few epochs, in place in
    Jupyter, else into training.png; ``plot="run.png"``/``"run.gif"``: the last figure / an animation
    (``live_plot.py``, matplotlib); ``callback(epoch, history)`` runs after every epoch.
    X and y may be lists, numpy arrays or pandas objects (y may be a column, shape (n, 1)).
    """
    checks.model(model, "fit", train=True)
    entry, rows, ys = prepare(model, X, y, loss, "fit")
    val = None if validation_data is None else _validation(model, validation_data, entry)
    checks.integer(epochs, "epochs", low=1)
    if batch_size is not None:
        checks.integer(batch_size, "batch_size (None for full batch)", low=1)
    checks.flag(shuffle, "shuffle")
    checks.flag(progress, "progress")
    checks.flag(compile, "compile")
    rng = checks.rng(seed)
    alpha = checks.number(l2, "l2")
    if alpha < 0:
        raise ValueError(f"l2 must be >= 0, not {l2!r}")
    measures = entry.measures(metrics)
    params = model.parameters()
    opt = Adam(params, lr=0.01) if optimizer is None else optimizer
    if not (callable(getattr(opt, "step", None)) and callable(getattr(opt, "zero_grad", None))):
        raise TypeError(f"optimizer must have step() and zero_grad(), not {type(opt).__name__}")

    n, size = len(rows), min(batch_size or len(rows), len(rows))
    compiled = None
    if compile:  # the same step as generated code (a network too big to compile is refused here, model untouched)
        from .compiled import build

        try:
            compiled = build(model, entry.function, alpha, params, rows, ys, batch_size=size)
        except ArithmeticError:  # the first trace already overflows: the interpreter's first step says so
            compiled = None
    order, history = list(range(n)), History()
    watch = live_plot.watcher(plot, callback, model, rows, ys, entry, epochs, history)
    bar = progress_bar(epochs, progress)
    try:
        for epoch in range(1, epochs + 1):
            if shuffle and size < n:
                rng.shuffle(order)
            total, outputs, targets = 0.0, [], []
            for start in range(0, n, size):
                batch_y = [ys[i] for i in order[start : start + size]]
                batch_x = [rows[i] for i in order[start : start + size]]
                value, outs = _step(model, batch_x, batch_y, entry, alpha, params, opt, epoch, compiled)
                total += value * len(batch_y)
                outputs += outs
                targets += batch_y
            history.loss.append(total / n)
            for name, f in measures.items():
                history.metrics.setdefault(name, []).append(f(outputs, targets))
            if val is not None:
                scores = evaluate_checked(model, *val, entry, measures, "fit")
                history.val_loss.append(scores.pop("loss"))
                for name, v in scores.items():
                    history.val_metrics.setdefault(name, []).append(v)
            bar.set_postfix({"loss": f"{history.loss[-1]:.4g}", **{k: f"{v[-1]:.3g}" for k, v in history.metrics.items()}}, refresh=False)
            bar.update(1)
            if watch is not None:
                watch(epoch, history)
    finally:
        bar.close()
    if watch is not None:
        watch.close()  # the plot's file, if one was asked for
    return history


def _step(
    model: Any, xs: list[list[float]], ys: list[Any], entry: Loss, alpha: float, params: list[Value], opt: Any, epoch: int,
    compiled: Any = None,
) -> tuple[float, list[Any]]:
    """One optimisation step on one batch: (loss, output data). A loss or output that is not finite
    stops before the step; a step that makes a weight non-finite is undone: the model keeps its last
    good weights. With ``compiled``, the gradients come from the generated code (the same numbers).

    The batch's graph lives only inside this call, freed by reference counting when it returns; the
    cyclic GC is paused meanwhile, since it would only walk the tens of thousands of fresh nodes
    (which hold no reference cycles) again and again.
    """
    with paused_gc():  # the batch's graph holds no cycles: refcounting frees it, the GC would only walk it
        ran = _run_compiled(compiled, xs, ys, params)
        if ran is not None:
            value, grads, outs = ran
            _check_finite(value, outs, epoch)
            opt.zero_grad()
            for p, g in zip(params, grads):
                p.grad = g
        else:
            value, outs = _interpreted(model, xs, ys, entry, alpha, params, opt, epoch)
        before = list(map(_DATA, params))
        try:
            opt.step()  # stepgrad's optimizers refuse a step that would make a weight inf/nan, changing nothing
        except FloatingPointError as err:
            raise FloatingPointError(f"fit: the step at epoch {epoch} was refused ({err}); try a smaller learning rate") from None
        if not math.isfinite(sum(map(_DATA, params))):
            _undo_if_diverged(model, params, before, epoch)
        return value, outs


def _run_compiled(compiled: Any, xs: list[list[float]], ys: list[Any], params: list[Value]) -> tuple[float, list[float], list[Any]] | None:
    """(loss, gradients, outputs) from the generated code; None where it hands over to the interpreter."""
    if compiled is None:
        return None
    from autograd_core.compiler import CompileError

    try:
        value, grads, outs = compiled.run(xs, ys, [0.0] * len(params))
    except CompileError:  # a structure the code was not written for: the interpreter, the same numbers
        return None
    return None if grads is None else (value, grads, outs)


def _interpreted(
    model: Any, xs: list[list[float]], ys: list[Any], entry: Loss, alpha: float, params: list[Value], opt: Any, epoch: int
) -> tuple[float, list[Any]]:
    """The batch's graph, its loss checked, and backward: the parameters' gradients filled."""
    try:
        preds = run_model(model, xs)
        objective = entry.function(preds, ys)
    except OverflowError as err:  # a power or an exp too large for a float (Python's rule, see README "Errors")
        raise FloatingPointError(f"fit: the loss became inf at epoch {epoch} ({err}); try a smaller learning rate") from None
    if not isinstance(objective, Value):
        raise TypeError(f"fit: the loss function {entry.name} returned {type(objective).__name__}, not a Value: "
                        "build it from the predictions (Values) so that backward() reaches the weights")  # fmt: skip
    outs = [output_data(p) for p in preds]
    if alpha:
        objective = _penalised(objective, alpha, params, entry.title)
    _check_finite(objective.data, outs, epoch)
    opt.zero_grad()
    objective.backward()
    return objective.data, outs


def _check_finite(value: float, outs: list[Any], epoch: int) -> None:
    if not math.isfinite(value):
        raise FloatingPointError(f"fit: the loss became {value} at epoch {epoch}; try a smaller learning rate")
    if not finite(outs):  # a hinge of +inf reads 0: the loss of non-finite outputs is not a number
        why = "the model's outputs are no longer finite"
        raise FloatingPointError(f"fit: the loss became nan at epoch {epoch} ({why}); try a smaller learning rate")


def _penalised(loss: Value, alpha: float, params: list[Value], title: str) -> Value:
    """L = loss + λ·Σ p², its nodes labelled (the loss itself keeps its own name, e.g. "hinge loss")."""
    scaled = alpha * l2_penalty(params)
    scaled.label, scaled.tag = "λ·Σ p²", LOSS_TAG
    if loss.label == "L":
        loss.label = title
    total = loss + scaled
    total.label, total.tag = "L", LOSS_TAG
    return total


def _undo_if_diverged(model: Any, params: list[Value], before: list[float], epoch: int) -> None:
    """If the step made a weight NaN or infinite, put every weight back and say which one it was."""
    bad = next((i for i, p in enumerate(params) if not math.isfinite(p.data)), None)
    if bad is None:
        return  # only their sum overflowed
    value = params[bad].data
    for p, x in zip(params, before):
        p.data = x
    names = {id(p): name for name, p in model.named_parameters()} if callable(getattr(model, "named_parameters", None)) else {}
    which = names.get(id(params[bad]), params[bad].label or f"number {bad}")
    raise FloatingPointError(
        f"fit: the step at epoch {epoch} made parameter {which} {value}, so the loss would become nan/inf; the step was undone "
        "(the model keeps its last finite weights); try a smaller learning rate"
    )


def _validation(model: Any, data: Any, entry: Loss) -> tuple[list[list[float]], list[Any]]:
    if not isinstance(data, tuple | list) or len(data) != 2:
        raise TypeError("validation_data must be a pair (X_val, y_val)")
    rows = checks.table(data[0], getattr(model, "nin", None), "validation_data")
    return rows, entry.targets(checks.column(data[1], len(rows)), getattr(model, "nout", None))
