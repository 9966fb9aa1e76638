"""Losses over a batch, each returning the mean as a Value (as PyTorch's functions of the same name).

Every loss sums its per-example terms with ONE n-ary node (``vsum``/``wsum``), never a chain of
additions, so a batch of 100 adds a handful of nodes per example and one node for the sum.
Predictions may be Values or plain numbers; targets are plain numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from typing import Any

from autograd_core import Value, vsum, wsum

_LOG_FLOOR = math.exp(-100.0)  # PyTorch's BCELoss clamps log(p) at -100


def _value(v: Any, who: str, where: str) -> Value:
    if isinstance(v, Value):
        return v
    if isinstance(v, Real) and not isinstance(v, bool):
        return Value(v)
    raise TypeError(f"{who}: prediction {where} must be a Value or a number, not {type(v).__name__}: {v!r}")


def _number(t: Any, who: str, where: str) -> float:
    if isinstance(t, Value):
        t = t.data
    if isinstance(t, bool) or not isinstance(t, Real) or not math.isfinite(t):
        raise TypeError(f"{who}: target {where} must be a finite number, not {type(t).__name__}: {t!r}")
    return float(t)


def _is_seq(x: Any) -> bool:
    return hasattr(x, "__len__") and hasattr(x, "__getitem__") and not isinstance(x, str | bytes | Value)


def _pairs(preds: Sequence[Any], targets: Sequence[Any], who: str) -> list[tuple[Any, Any]]:
    for name, seq in (("predictions", preds), ("targets", targets)):
        if isinstance(seq, str | bytes) or not isinstance(seq, Sequence | Iterable):
            raise TypeError(f"{who}: {name} must be a list, not {type(seq).__name__}")
    preds, targets = list(preds), list(targets)
    if len(preds) != len(targets):
        raise ValueError(f"{who}: {len(preds)} predictions but {len(targets)} targets; they must match")
    if not preds:
        raise ValueError(f"{who}: the batch is empty")
    return list(zip(preds, targets, strict=True))


def _scalar(p: Any, who: str, i: int) -> Value:
    """A single-output prediction: a Value/number, or a list holding exactly one."""
    if _is_seq(p):
        if len(p) != 1:
            raise ValueError(f"{who}: prediction {i} has {len(p)} outputs; this loss needs one per example")
        p = p[0]
    return _value(p, who, str(i))


def mse_loss(preds: Sequence[Any], targets: Sequence[Any], half: bool = False) -> Value:
    """Mean squared error (1/N) Σ (ŷᵢ - yᵢ)² over every output of every example; ``half=True``
    gives the lectures' ½ factor, (1/2N) Σ (ŷᵢ - yᵢ)². Examples may be scalars or lists (multi-output)."""
    diffs = []
    for i, (p, t) in enumerate(_pairs(preds, targets, "mse_loss")):
        ps, ts = (p, t) if _is_seq(p) else ([p], [t])
        if not _is_seq(ts) or len(ts) != len(ps):
            raise ValueError(f"mse_loss: prediction {i} has {len(ps)} outputs but target {i} is {t!r}")
        for j, (pj, tj) in enumerate(zip(ps, ts, strict=True)):
            where = f"{i}[{j}]" if ps is p else str(i)
            diffs.append(_value(pj, "mse_loss", where) - _number(tj, "mse_loss", where))
    return wsum(diffs, diffs) / (2 * len(diffs) if half else len(diffs))


def bce_loss(probs: Sequence[Any], targets: Sequence[Any]) -> Value:
    """Binary cross-entropy of probabilities: -(1/N) Σ [yᵢ log pᵢ + (1 - yᵢ) log(1 - pᵢ)].

    Each log is clamped at -100 (as PyTorch), so log never sees 0: a constant takes its place.
    """
    coeffs: list[float] = []
    logs: list[Value] = []
    for i, (p, t) in enumerate(_pairs(probs, targets, "bce_loss")):
        p, y = _scalar(p, "bce_loss", i), _number(t, "bce_loss", str(i))
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(f"bce_loss: prediction {i} is {p.data!r}, not a probability in [0, 1] (for raw scores use bce_with_logits)")
        if not 0.0 <= y <= 1.0:
            raise ValueError(f"bce_loss: target {i} is {y!r}; targets must be in [0, 1]")
        if y != 0.0:
            logs.append(p.log() if p.data > _LOG_FLOOR else Value(-100.0))
            coeffs.append(-y)
        if y != 1.0:
            logs.append((1 - p).log() if 1.0 - p.data > _LOG_FLOOR else Value(-100.0))
            coeffs.append(y - 1.0)
    return wsum(coeffs, logs) / len(probs)


def bce_with_logits(logits: Sequence[Any], targets: Sequence[Any]) -> Value:
    """Binary cross-entropy of raw scores s, σ applied inside, stably: per example
    ℓ = (1 - y)·s - log σ(s) for s ≥ 0 and ℓ = -y·s - log σ(-s) for s < 0 (σ of a non-negative
    number lies in [½, 1], so the log never underflows and nothing overflows); ∂ℓ/∂s = σ(s) - y."""
    coeffs: list[float] = []
    terms: list[Value] = []
    for i, (s, t) in enumerate(_pairs(logits, targets, "bce_with_logits")):
        s, y = _scalar(s, "bce_with_logits", i), _number(t, "bce_with_logits", str(i))
        if not 0.0 <= y <= 1.0:
            raise ValueError(f"bce_with_logits: target {i} is {y!r}; targets must be in [0, 1]")
        c = 1.0 - y if s.data >= 0.0 else -y
        if c != 0.0:
            terms.append(s)
            coeffs.append(c)
        terms.append((s if s.data >= 0.0 else -s).sigmoid().log())
        coeffs.append(-1.0)
    return wsum(coeffs, terms) / len(logits)


def cross_entropy(logits_batch: Sequence[Sequence[Any]], class_indices: Sequence[int]) -> Value:
    """Multinomial cross-entropy of raw scores with a stable log-softmax; the one-hot target is implied:
    -(1/N) Σᵢ log softmax(sᵢ)[yᵢ] = (1/N) Σᵢ [mᵢ + log Σⱼ e^(sᵢⱼ - mᵢ) - sᵢ,yᵢ] with mᵢ = maxⱼ sᵢⱼ."""
    coeffs: list[float] = []
    terms: list[Value] = []
    shift = 0.0
    width = None
    for i, (row, k) in enumerate(_pairs(logits_batch, class_indices, "cross_entropy")):
        if not _is_seq(row) or len(row) < 2:
            raise ValueError(f"cross_entropy: logits {i} must be a list of at least 2 class scores, not {row!r}")
        if width is not None and len(row) != width:
            raise ValueError(f"cross_entropy: logits {i} has {len(row)} scores, logits 0 has {width}")
        width = len(row)
        if isinstance(k, bool) or not isinstance(k, Integral) or not 0 <= k < width:
            raise ValueError(f"cross_entropy: target {i} must be a class index in 0..{width - 1}, not {k!r}")
        scores = [_value(v, "cross_entropy", f"{i}[{j}]") for j, v in enumerate(row)]
        m = max(v.data for v in scores)
        terms += [vsum([(v - m).exp() for v in scores]).log(), scores[int(k)]]
        coeffs += [1.0, -1.0]
        shift += m
    return wsum(coeffs, terms, shift) / len(logits_batch)


def hinge_loss(scores: Sequence[Any], targets: Sequence[Any]) -> Value:
    """Mean hinge loss (1/N) Σ max(0, 1 - yᵢ·sᵢ) with labels yᵢ in {-1, +1} (micrograd's moons demo)."""
    margins = []
    for i, (s, t) in enumerate(_pairs(scores, targets, "hinge_loss")):
        s, y = _scalar(s, "hinge_loss", i), _number(t, "hinge_loss", str(i))
        if y not in (-1.0, 1.0):
            raise ValueError(f"hinge_loss: target {i} is {y!r}; labels must be -1 or +1 (convert 0/1 labels with 2*y - 1)")
        margins.append((1 - s if y == 1.0 else s + 1).relu())
    return vsum(margins) / len(margins)


def l2(parameters: Iterable[Value]) -> Value:
    """Σ pᵢ² over the parameters, as one node (gradient 2pᵢ); add ``alpha * l2(model.parameters())``."""
    ps = list(parameters)
    for i, p in enumerate(ps):
        if not isinstance(p, Value):
            raise TypeError(f"l2: parameter {i} must be a Value, not {type(p).__name__}")
    return wsum(ps, ps)
