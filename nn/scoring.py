"""predict and evaluate: a model's outputs and its loss on data, with no graph built; and the pieces
``fit`` shares with them (running the model on rows, checking X and y against the model and the loss)."""

from __future__ import annotations

import math
from typing import Any

from autograd_core import Value, no_grad

from . import checks
from .loss_table import Loss, LossFn, Metric, resolve


def output_data(out: Value | list[Value]) -> Any:
    return [v.data for v in out] if isinstance(out, list) else out.data


def finite(outputs: list[Any]) -> bool:
    """Whether every output is a finite number (a sum is finite only if every term is; if it overflowed, look closer)."""
    flat = [v for o in outputs for v in o] if outputs and isinstance(outputs[0], list) else outputs
    return math.isfinite(sum(flat)) or all(map(math.isfinite, flat))


def run_model(model: Any, rows: list[list[float]]) -> list[Any]:
    """The model on every row: its ``batch`` (a Module's, layer by layer for Layer and MLP) or one call per row."""
    batch = getattr(model, "batch", None)
    return batch(rows) if callable(batch) else [model(x) for x in rows]


def prepare(model: Any, X: Any, y: Any, loss: Any, who: str) -> tuple[Loss, list[list[float]], list[Any]]:  # noqa: N803
    """The loss's table entry, X's rows and y's targets, each checked against the model and the loss."""
    entry = resolve(loss)
    entry.check_model(model)
    rows = checks.table(X, getattr(model, "nin", None), who)
    return entry, rows, entry.targets(checks.column(y, len(rows)), getattr(model, "nout", None))


@no_grad()
def predict(model: Any, X: Any) -> list[Any]:  # noqa: N803
    """The model's outputs for each row of X as floats (lists of floats for several outputs); no graph is built."""
    checks.model(model, "predict")
    return [output_data(p) for p in run_model(model, checks.table(X, getattr(model, "nin", None), "predict"))]


@no_grad()
def evaluate(model: Any, X: Any, y: Any, loss: str | LossFn = "mse", metrics: Any = None) -> dict[str, float]:  # noqa: N803
    """``{"loss": mean loss, **metrics}`` on (X, y) (``accuracy`` by default for classification losses); no graph.

    The loss of a model whose outputs are not finite numbers is NaN (a hinge of +inf would read 0).
    """
    checks.model(model, "evaluate")
    entry, rows, ys = prepare(model, X, y, loss, "evaluate")
    return evaluate_checked(model, rows, ys, entry, entry.measures(metrics), "evaluate")


@no_grad()
def evaluate_checked(
    model: Any, rows: list[list[float]], ys: list[Any], entry: Loss, measures: dict[str, Metric], who: str
) -> dict[str, float]:
    """``evaluate`` on rows and targets already checked (``fit`` validates once, then scores every epoch)."""
    preds = run_model(model, rows)
    outputs = [output_data(p) for p in preds]
    value = entry.function(preds, ys)
    loss = checks.real(value.data if isinstance(value, Value) else value, f"{who}: the value of loss {entry.name}")
    return {"loss": loss if finite(outputs) else math.nan, **{name: f(outputs, ys) for name, f in measures.items()}}
