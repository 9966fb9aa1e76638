"""Numerical gradients by central differences, and ``gradcheck`` against ``backward()``.

∂f/∂xᵢ ≈ (f(x + ε·eᵢ) - f(x - ε·eᵢ)) / 2ε, with error O(ε²).

Checking changes nothing the caller can see: every ``.grad`` in the graph ``f`` builds (a model's
parameters mid-training included, not only the inputs) and every input's ``.data`` are as they
were afterwards, also when ``f`` raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real

from .errors import describe_number
from .fast import backward
from .grad_mode import no_grad
from .graph import walk
from .value import Number, Value


class GradcheckError(AssertionError):
    """Analytic and numeric gradients disagree; the message lists each input that does."""


def _as_values(inputs: Sequence[Value | Number]) -> list[Value]:
    return [x if isinstance(x, Value) else Value(x, label=f"x{i}") for i, x in enumerate(inputs)]


def _tolerance(name: str, value: object, positive: bool = False) -> float:
    """A finite number >= 0 (> 0 with ``positive``), else a ValueError naming the argument."""
    need = f"a finite number {'> 0' if positive else '>= 0'}"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"gradcheck: {name} must be {need}, not {type(value).__name__}: {describe_number(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        raise ValueError(f"gradcheck: {name} must be {need}, not {describe_number(value)}")
    return number


def numerical_grad(f: Callable[..., Value], inputs: Sequence[Value | Number], eps: float = 1e-6) -> list[float]:
    """Central-difference estimate of ∂f/∂xᵢ for each input; inputs are left as they were."""
    eps = _tolerance("eps", eps, positive=True)
    xs = _as_values(inputs)
    grads = []
    with no_grad():
        for x in xs:
            saved = x.data
            try:
                x.data = saved + eps
                hi = f(*xs).data
                x.data = saved - eps
                lo = f(*xs).data
            finally:
                x.data = saved
            grads.append((hi - lo) / (2 * eps))
    return grads


def analytic_grad(f: Callable[..., Value], inputs: Sequence[Value | Number]) -> list[float]:
    """∂f/∂xᵢ from ``backward()`` (0 for an input ``f`` does not use); every gradient in the graph
    ``f`` builds, and each input's, is left as it was."""
    xs = _as_values(inputs)
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, not {type(out).__name__}")
    touched = list({id(v): v for v in (*walk(out), *xs)}.values())
    saved = [v.grad for v in touched]
    try:
        for v in touched:
            v.grad = 0.0
        backward(out)
        return [x.grad for x in xs]
    finally:
        for v, g in zip(touched, saved, strict=True):
            v.grad = g


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[Value | Number],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """True if backward() agrees with central differences for every input, else GradcheckError.

    Agreement: |analytic - numeric| <= atol + rtol·|numeric| (as ``math.isclose`` and PyTorch).
    """
    atol, rtol = _tolerance("atol", atol), _tolerance("rtol", rtol)
    xs = _as_values(inputs)
    analytic = analytic_grad(f, xs)
    numeric = numerical_grad(f, xs, eps)
    bad = [
        f"  input {i} ({x.label or 'unlabelled'}, data={x.data!r}): analytic {a!r}, numeric {n!r}"
        for i, (x, a, n) in enumerate(zip(xs, analytic, numeric, strict=False))
        if not (abs(a - n) <= atol + rtol * abs(n) or (math.isnan(a) and math.isnan(n)))
    ]
    if bad:
        raise GradcheckError(
            f"gradcheck failed for {len(bad)} of {len(xs)} inputs (eps={eps}, atol={atol}, rtol={rtol}):\n" + "\n".join(bad)
        )
    return True
