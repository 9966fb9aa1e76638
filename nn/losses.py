"""Losses over a batch, built from the lectures' elementary ops, each returning its mean as the Value ``L``.

The pictures read like the notes: MSE is Σ(ŷ − y)² over the outputs (a ``−`` node and a square
per output, one Σ node), divided by N; binary cross-entropy is −(1/N) Σ [y log p + (1 − y) log(1 − p)];
cross-entropy a stable log-softmax; hinge max(0, 1 − y·s); L2 Σ p². The weighted-sum node ``wsum``
belongs to neurons alone. The numbers equal PyTorch's functions of the same names (tests at 1e-12).
Every node is labelled by what it is (``ŷ − y``, ``log(1 − p)``, ``L``) and tagged ``("loss",)``;
the strings are fixed, so labelling costs an assignment per node. Predictions may be Values or
plain numbers; targets are plain numbers (checked by the functions below, which ``fit`` uses too).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Real
from typing import Any

from autograd_core import Value, vsum

from . import checks
from .names import sub

LOSS_TAG = ("loss",)
_LOG_FLOOR = math.exp(-100.0)  # PyTorch's BCELoss clamps log(p) at -100


def _named(v: Value, label: str) -> Value:
    v.label = label
    v.tag = LOSS_TAG
    return v


def _pairs(preds: Any, targets: Any, who: str) -> list[tuple[Any, Any]]:
    ps, ts = checks.ordered(preds, f"{who}: predictions", "a list"), checks.ordered(targets, f"{who}: targets", "a list")
    if len(ps) != len(ts):
        raise ValueError(f"{who}: {len(ps)} predictions but {len(ts)} targets; they must match")
    if not ps:
        raise ValueError(f"{who}: the batch is empty")
    return list(zip(ps, ts))


def _value(v: Any, who: str, where: str) -> Value:
    """A prediction as a Value: a Value as it is, a number as a constant."""
    if isinstance(v, Value):
        return v
    if isinstance(v, bool) or not isinstance(v, Real):
        raise TypeError(f"{who}: prediction {where} must be a Value or a number, not {type(v).__name__}: {v!r}")
    return Value(checks.real(v, f"{who}: prediction {where}"))


def _scalar(p: Any, who: str, i: int) -> Value:
    """A single-output prediction: a Value/number, or a list holding exactly one."""
    if p.__class__ is Value:
        return p
    if checks.is_sequence(p):
        if len(p) != 1:
            raise ValueError(f"{who}: prediction {i} has {len(p)} outputs; this loss needs one per example")
        p = p[0]
    return _value(p, who, str(i))


def _mean(total: Value, n: int, label: str) -> Value:
    """total / N as a node labelled ``label``; no division node for N = 1."""
    return total if n == 1 else _named(total / float(n), label)


# ---- the losses ------------------------------------------------------------------------------------

_DIFF, _SQUARE = "ŷ − y", "(ŷ − y)²"
_DIFFS: list[tuple[str, str]] = []


def _output_labels(j: int) -> tuple[str, str]:
    """``ŷⱼ − yⱼ`` and its square, for output j (1-based) of a multi-output model."""
    while len(_DIFFS) < j:
        k = sub(len(_DIFFS) + 1)
        _DIFFS.append((f"ŷ{k} − y{k}", f"(ŷ{k} − y{k})²"))
    return _DIFFS[j - 1]


def mse_loss(preds: Sequence[Any], targets: Sequence[Any], half: bool = False) -> Value:
    """Mean squared error (1/N) Σ (ŷᵢ − yᵢ)² over every output of every example; ``half=True``
    gives the lectures' ½ as its own factor, ½ · (1/N) Σ (ŷᵢ − yᵢ)². Examples may be scalars or lists."""
    checks.flag(half, "mse_loss: half")
    squares = []
    for i, (p, t) in enumerate(_pairs(preds, targets, "mse_loss")):
        if not checks.is_sequence(p):
            p, t = [p], [t]
        elif not checks.is_sequence(t) or len(t) != len(p):
            raise ValueError(f"mse_loss: prediction {i} has {len(p)} outputs but target {i} is {t!r}")
        for j, (pj, tj) in enumerate(zip(p, t)):
            where = f"{i}[{j}]" if len(p) > 1 else str(i)
            diff, square = _output_labels(j + 1) if len(p) > 1 else (_DIFF, _SQUARE)
            d = _named(_value(pj, "mse_loss", where) - checks.regression_target(tj, f"mse_loss: target {where}"), diff)
            squares.append(_named(d**2.0, square))
    mean = _mean(_named(vsum(squares), "Σ(ŷ − y)²"), len(squares), "Σ(ŷ − y)²/N")
    return _named(0.5 * mean, "L") if half else _named(mean, "L")


def _negated_mean(terms: list[Value]) -> Value:
    """L = −(1/N) Σ terms, for the cross-entropies' per-example y log p + (1 − y) log(1 − p)."""
    total = _named(vsum(terms), "Σ[y log p + (1 − y) log(1 − p)]")
    return _named(-_mean(total, len(terms), "Σ[y log p + (1 − y) log(1 − p)]/N"), "L")


def _scaled(c: float, v: Value, label: str) -> Value:
    """c·v as a node (v itself when c = 1)."""
    return v if c == 1.0 else _named(c * v, label)


def bce_loss(probs: Sequence[Any], targets: Sequence[Any]) -> Value:
    """Binary cross-entropy of probabilities: −(1/N) Σ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)].

    A term whose coefficient is 0 is left out (label 1: −log p). Each log is clamped at −100 (as
    PyTorch), so log never sees 0: the constant −100 takes its place.
    """
    terms = []
    for i, (p, t) in enumerate(_pairs(probs, targets, "bce_loss")):
        p, y = _scalar(p, "bce_loss", i), checks.probability_target(t, f"bce_loss: target {i}")
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(f"bce_loss: prediction {i} is {p.data!r}, not a probability in [0, 1] (for raw scores use bce_with_logits)")
        parts = []  # log is clamped at -100 as PyTorch: the constant -100 where log would be below it
        if y != 0.0:
            log_p = _named(p.log(), "log p") if p.data > _LOG_FLOOR else Value(-100.0)
            parts.append(_scaled(y, log_p, "y·log p"))
        if y != 1.0:
            log_q = _named(_named(1.0 - p, "1 − p").log(), "log(1 − p)") if 1.0 - p.data > _LOG_FLOOR else Value(-100.0)
            parts.append(_scaled(1.0 - y, log_q, "(1 − y)·log(1 − p)"))
        terms.append(parts[0] if len(parts) == 1 else _named(parts[0] + parts[1], "y log p + (1 − y) log(1 − p)"))
    return _negated_mean(terms)


def bce_with_logits(logits: Sequence[Any], targets: Sequence[Any]) -> Value:
    """Binary cross-entropy of raw scores s, σ applied inside, stably: −(1/N) Σ [y log σ(s) + (1 − y) log σ(−s)]
    with each term written so that σ sees a number ≥ 0 (σ then lies in [½, 1]: its log never underflows):
    log σ(s) − (1 − y)·s for s ≥ 0, y·s + log σ(−s) for s < 0. ∂ℓ/∂s = σ(s) − y."""
    terms = []
    for i, (s, t) in enumerate(_pairs(logits, targets, "bce_with_logits")):
        s, y = _scalar(s, "bce_with_logits", i), checks.probability_target(t, f"bce_with_logits: target {i}")
        if s.data >= 0.0:
            log_sig = _named(_named(s.sigmoid(), "σ(s)").log(), "log σ(s)")
            term = log_sig if y == 1.0 else _named(log_sig - _scaled(1.0 - y, s, "(1 − y)·s"), "log σ(s) − (1 − y)·s")
        else:
            log_sig = _named(_named(_named(-s, "−s").sigmoid(), "σ(−s)").log(), "log σ(−s)")
            term = log_sig if y == 0.0 else _named(_scaled(y, s, "y·s") + log_sig, "y·s + log σ(−s)")
        terms.append(term)
    return _negated_mean(terms)


_CLASS_LABELS: list[tuple[str, str, str]] = []


def _class_labels(width: int) -> list[tuple[str, str, str]]:
    """(``sⱼ − m``, ``e^(sⱼ − m)``, ``−log pⱼ``) for classes j = 1..width."""
    while len(_CLASS_LABELS) < width:
        j = sub(len(_CLASS_LABELS) + 1)
        _CLASS_LABELS.append((f"s{j} − m", f"e^(s{j} − m)", f"−log p{j}"))
    return _CLASS_LABELS[:width]


def cross_entropy(logits_batch: Sequence[Sequence[Any]], class_indices: Sequence[Any]) -> Value:
    """Multinomial cross-entropy of raw scores with a stable log-softmax; the one-hot target is implied:
    (1/N) Σᵢ −log softmax(sᵢ)[yᵢ], each −log pᵧ = log Σⱼ e^(sⱼ − m) − (sᵧ − m) with m = maxⱼ sⱼ a plain number."""
    terms = []
    width = None
    for i, (row, k) in enumerate(_pairs(logits_batch, class_indices, "cross_entropy")):
        if not checks.is_sequence(row) or len(row) < 2:
            raise ValueError(f"cross_entropy: logits {i} must be a list of at least 2 class scores, not {row!r}")
        if width is not None and len(row) != width:
            raise ValueError(f"cross_entropy: logits {i} has {len(row)} scores, logits 0 has {width}")
        width = len(row)
        y = checks.class_index(k, f"cross_entropy: target {i}", width)
        labels = _class_labels(width)
        scores = [_value(v, "cross_entropy", f"{i}[{j}]") for j, v in enumerate(row)]
        m = max(v.data for v in scores)
        shifts = [_named(v - m, names[0]) for v, names in zip(scores, labels)]
        total = _named(vsum([_named(d.exp(), names[1]) for d, names in zip(shifts, labels)]), "Σ e^(s − m)")
        terms.append(_named(_named(total.log(), "log Σ e^(s − m)") - shifts[y], labels[y][2]))
    return _named(_mean(_named(vsum(terms), "Σ(−log p)"), len(terms), "Σ(−log p)/N"), "L")


def hinge_loss(scores: Sequence[Any], targets: Sequence[Any]) -> Value:
    """Mean hinge loss (1/N) Σ max(0, 1 − yᵢ·sᵢ) with labels yᵢ in {−1, +1} (micrograd's moons demo)."""
    margins = []
    for i, (s, t) in enumerate(_pairs(scores, targets, "hinge_loss")):
        s, y = _scalar(s, "hinge_loss", i), checks.hinge_label(t, f"hinge_loss: target {i}")
        margin = 1.0 - s if y == 1.0 else s + 1.0
        margin.label, margin.tag = "1 − y·s", LOSS_TAG
        hinge = margin.relu()
        hinge.label, hinge.tag = "max(0, 1 − y·s)", LOSS_TAG
        margins.append(hinge)
    return _named(_mean(_named(vsum(margins), "Σ max(0, 1 − y·s)"), len(margins), "Σ max(0, 1 − y·s)/N"), "L")


_SQUARES: dict[str, str] = {}


def _square_label(label: str) -> str:
    """``(w¹₂₁)²`` for a parameter labelled ``w¹₂₁`` (made once per label), ``p²`` for an unlabelled one."""
    out = _SQUARES.get(label)
    if out is None:
        out = f"({label})²" if label else "p²"
        if len(_SQUARES) < 100_000:
            _SQUARES[label] = out
    return out


def l2(parameters: Iterable[Value]) -> Value:
    """Σ pᵢ² over the parameters: a square node per parameter and one Σ (gradient 2pᵢ);
    add ``alpha * l2(model.parameters())`` to a loss (``fit(..., l2=alpha)`` does)."""
    squares = []
    known = _SQUARES.get
    for i, p in enumerate(parameters):
        if p.__class__ is not Value and not isinstance(p, Value):
            raise TypeError(f"l2: parameter {i} must be a Value, not {type(p).__name__}")
        square = p**2.0
        square.label = known(p.label) or _square_label(p.label)
        square.tag = LOSS_TAG
        squares.append(square)
    return _named(vsum(squares), "Σ p²")
