"""Numerical gradients by central differences, and ``gradcheck`` against ``backward()``.

∂f/∂xᵢ ≈ (f(x + ε·eᵢ) - f(x - ε·eᵢ)) / 2ε, with error O(ε²).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .fast import backward
from .grad_mode import no_grad
from .graph import zero_grad
from .value import Number, Value


class GradcheckError(AssertionError):
    """Analytic and numeric gradients disagree; the message lists each input that does."""


def _as_values(inputs: Sequence[Value | Number]) -> list[Value]:
    return [x if isinstance(x, Value) else Value(x, label=f"x{i}") for i, x in enumerate(inputs)]


def numerical_grad(f: Callable[..., Value], inputs: Sequence[Value | Number], eps: float = 1e-6) -> list[float]:
    """Central-difference estimate of ∂f/∂xᵢ for each input; inputs are left as they were."""
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
    """∂f/∂xᵢ from ``backward()``; the inputs' own ``grad`` is left as it was."""
    xs = _as_values(inputs)
    saved = [x.grad for x in xs]
    try:
        out = f(*xs)
        if not isinstance(out, Value):
            raise TypeError(f"gradcheck: f must return a Value, not {type(out).__name__}")
        zero_grad(out)
        backward(out)
        return [x.grad for x in xs]
    finally:
        for x, g in zip(xs, saved, strict=False):
            x.grad = g


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
