"""The loss table: one entry per loss, holding everything ``fit`` and ``evaluate`` need to know about it.

An entry gives the loss function, whether it takes raw scores, which output activation it needs or
refuses, how many outputs the model must have, how one target is checked, and how a prediction
counts as right (for ``accuracy``). ``fit`` and ``evaluate`` only read entries: a new loss is a
function (``losses.py``) and one ``Loss(...)`` line below. A function passed as ``loss=`` becomes
an entry too (``resolve``), with no target check and no accuracy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd_core import Value

from . import checks
from .losses import bce_loss, bce_with_logits, cross_entropy, hinge_loss, mse_loss

LossFn = Callable[[list[Any], list[Any]], Value]
Metric = Callable[[list[Any], list[Any]], float]
SQUASHING = ("sigmoid", "softmax", "step")  # output activations that turn scores into something else


def _regression(t: Any, where: str, nout: int | None) -> Any:
    """A number for a one-output model; a row of ``nout`` numbers for a wider one."""
    if nout is None or nout == 1:
        return checks.regression_target(t, where)
    if not checks.is_sequence(t) or len(t) != nout:
        raise ValueError(f"{where} = {t!r}: the model has {nout} outputs, so each target must be {nout} numbers")
    return [checks.regression_target(v, f"{where}[{j}]") for j, v in enumerate(checks.ordered(t, where))]


def _argmax(o: Sequence[float]) -> int:
    return max(range(len(o)), key=o.__getitem__)


@dataclass(frozen=True)
class Loss:
    """One loss. ``outputs``: "one" (the model has one output), "classes" (two or more), or "any";
    ``target(t, where, nout)`` checks one target and returns it as the loss wants it;
    ``hit(output, target)`` says whether a prediction is right (None: no accuracy for this loss)."""

    name: str
    function: LossFn
    title: str  # what its value is called beside a penalty: L = <title> + λ·Σ p²
    raw_scores: bool
    outputs: str
    target: Callable[[Any, str, int | None], Any]
    hit: Callable[[Any, Any], bool] | None
    needs: tuple[str, ...] = ()  # output activations it needs (empty: any it does not refuse)
    refuses: tuple[str, ...] = ()
    hint: str = ""  # what to do instead, for the error when the model's output activation does not fit

    def __call__(self, preds: list[Any], targets: list[Any]) -> Value:
        return self.function(preds, targets)

    def check_model(self, model: Any) -> None:
        """The model's output activation and output width suit this loss, or a ValueError saying what to change."""
        act, nout = getattr(model, "output_activation", None), getattr(model, "nout", None)
        if act is not None and (self.needs and act not in self.needs or act in self.refuses):
            raise ValueError(f"loss={self.name!r} {self.hint} (the model's output activation is {act!r})")
        if nout is not None and (nout != 1 if self.outputs == "one" else nout < 2 if self.outputs == "classes" else False):
            need = "1 output" if self.outputs == "one" else "at least 2 outputs (one score per class)"
            raise ValueError(f"loss={self.name!r} needs a model with {need}; this model has {nout}")

    def targets(self, ys: list[Any], nout: int | None) -> list[Any]:
        """Every target checked (``y[i]`` named in errors) and converted as the loss wants it."""
        return [self.target(t, f"y[{i}]", nout) for i, t in enumerate(ys)]

    def measures(self, metrics: Any) -> dict[str, Metric]:
        """The metrics to report, by name: ``accuracy`` by default when the loss has an accuracy rule."""
        if metrics is None:
            metrics = ["accuracy"] if self.hit else []
        elif isinstance(metrics, str) or not checks.is_sequence(metrics):
            raise TypeError(f"metrics must be a list such as ['accuracy'] or [my_metric], not {type(metrics).__name__}: {metrics!r}")
        out: dict[str, Metric] = {}
        for i, m in enumerate(metrics):
            if isinstance(m, str) and m == "accuracy":
                if self.hit is None:
                    classifiers = ", ".join(name for name, entry in LOSSES.items() if entry.hit)
                    raise ValueError(f"metric 'accuracy' needs a classification loss ({classifiers}), not {self.name!r}")
                name, f = "accuracy", _accuracy(self.hit)
            elif callable(m):
                name, f = getattr(m, "__name__", f"metric{i}"), m
            else:
                raise ValueError(f"unknown metric {m!r}: use 'accuracy' or a function (outputs, targets) -> float")
            out[name if name not in out else f"{name}_{i}"] = f
        return out


def _accuracy(hit: Callable[[Any, Any], bool]) -> Metric:
    def accuracy(outputs: list[Any], targets: list[Any]) -> float:
        """The fraction of predictions that are right, read the way the loss reads outputs."""
        return sum(map(hit, outputs, targets)) / len(targets)

    return accuracy


_RAW = "expects raw scores: use output_activation='linear'"
LOSSES: dict[str, Loss] = {
    entry.name: entry
    for entry in (
        Loss("mse", mse_loss, "MSE", False, "any", _regression, None),
        Loss("bce", bce_loss, "BCE", False, "one", lambda t, w, n: checks.probability_target(t, w),
             lambda o, y: (o > 0.5) == (y > 0.5), needs=("sigmoid",),
             hint="needs probabilities: use output_activation='sigmoid', or loss='bce_logits' for raw scores"),
        Loss("bce_logits", bce_with_logits, "BCE", True, "one", lambda t, w, n: checks.probability_target(t, w),
             lambda o, y: (o > 0) == (y > 0.5), refuses=SQUASHING, hint=_RAW),
        Loss("cross_entropy", cross_entropy, "cross-entropy", True, "classes",
             lambda t, w, n: checks.class_index(t, w, n), lambda o, y: _argmax(o) == y, refuses=SQUASHING, hint=_RAW),
        Loss("hinge", hinge_loss, "hinge loss", True, "one", lambda t, w, n: checks.hinge_label(t, w),
             lambda o, y: (o > 0) == (y > 0), refuses=SQUASHING, hint=_RAW),
    )
}  # fmt: skip


def resolve(loss: Any) -> Loss:
    """The table's entry for a loss name, an entry as it is, or an entry for a function ``f(preds, targets) -> Value``."""
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, str) and loss in LOSSES:
        return LOSSES[loss]
    if callable(loss) and not isinstance(loss, type):
        return Loss(getattr(loss, "__name__", "custom"), loss, "loss", False, "any", lambda t, w, n: t, None)
    raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)} or pass a function (preds, targets) -> Value")
