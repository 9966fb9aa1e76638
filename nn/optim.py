"""Optimizers: SGD (momentum, Nesterov, weight decay) and Adam, update for update as ``torch.optim``.

Each reads ``p.grad`` (filled by ``loss.backward()``) and changes ``p.data`` in place::

    opt = SGD(model.parameters(), lr=0.1)
    opt.zero_grad(); loss.backward(); opt.step()
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real

from autograd_core import Value


def _real(name: str, value: object, who: str, low: float = 0.0, high: float = math.inf, high_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise TypeError(f"{who}: {name} must be a finite number, not {value!r}")
    if value < low or value > high or (high_open and value == high):
        bound = f"< {high}" if high_open else f"<= {high}"
        raise ValueError(f"{who}: {name} must be >= {low}{'' if high == math.inf else f' and {bound}'}, got {value!r}")
    return float(value)


class Optimizer:
    """Holds the parameters; ``zero_grad()`` clears their gradients, ``step()`` updates them."""

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        who = type(self).__name__
        ps = list(params)
        if not ps:
            raise ValueError(f"{who}: got an empty parameter list")
        seen: set[int] = set()
        for i, p in enumerate(ps):
            if not isinstance(p, Value):
                raise TypeError(f"{who}: parameter {i} must be a Value, not {type(p).__name__}")
            if id(p) in seen:
                raise ValueError(f"{who}: parameter {i} appears more than once in the parameter list")
            seen.add(id(p))
        self.params = ps
        self.lr = _real("lr", lr, who)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (``backward()`` accumulates into parameters)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr})"


class SGD(Optimizer):
    """Stochastic gradient descent, per parameter p with gradient g:

    g ← g + λ·p (weight decay λ); with momentum μ: b ← g on the first step, then b ← μ·b + g,
    and g ← g + μ·b (Nesterov) or g ← b; finally p ← p - η·g.
    """

    def __init__(
        self, params: Iterable[Value], lr: float, momentum: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _real("momentum", momentum, "SGD")
        self.weight_decay = _real("weight_decay", weight_decay, "SGD")
        if nesterov and self.momentum == 0.0:
            raise ValueError("SGD: nesterov=True needs a momentum above 0")
        self.nesterov = bool(nesterov)
        self._buf: list[float | None] = [None] * len(self.params)

    def step(self) -> None:
        """One update of every parameter (see the class docstring for the formula)."""
        lr, mu, wd, buf = self.lr, self.momentum, self.weight_decay, self._buf
        for i, p in enumerate(self.params):
            g = p.grad
            if wd:
                g = g + wd * p.data
            if mu:
                b = g if buf[i] is None else mu * buf[i] + g  # type: ignore[operator]
                buf[i] = b
                g = g + mu * b if self.nesterov else b
            p.data -= lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba), at step t with gradient g (plus λ·p with weight decay λ):

    m ← m + (1 - β₁)(g - m),  v ← β₂·v + (1 - β₂)·g²,
    p ← p - (η / (1 - β₁ᵗ)) · m / (√v / √(1 - β₂ᵗ) + ε).
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), not {betas!r}")
        self.betas = tuple(_real(f"betas[{i}]", b, "Adam", high=1.0, high_open=True) for i, b in enumerate(betas))
        self.eps = _real("eps", eps, "Adam")
        if self.eps == 0.0:
            raise ValueError("Adam: eps must be above 0 (it keeps m / (√v + ε) finite while v is 0)")
        self.weight_decay = _real("weight_decay", weight_decay, "Adam")
        self.t = 0
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    def step(self) -> None:
        """One update of every parameter (see the class docstring for the formula)."""
        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1.0 - b1**self.t)
        root2 = math.sqrt(1.0 - b2**self.t)
        eps, wd, ms, vs = self.eps, self.weight_decay, self._m, self._v
        for i, p in enumerate(self.params):
            g = p.grad
            if wd:
                g = g + wd * p.data
            m = ms[i] = ms[i] + (1.0 - b1) * (g - ms[i])
            v = vs[i] = vs[i] * b2 + (1.0 - b2) * g * g
            p.data = p.data + -step_size * (m / (math.sqrt(v) / root2 + eps))
