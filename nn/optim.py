"""Optimizers: SGD (momentum, Nesterov, weight decay) and Adam, update for update as ``torch.optim``.

Each reads ``p.grad`` (filled by ``loss.backward()``) and changes ``p.data`` in place::

    opt = SGD(model.parameters(), lr=0.1)
    opt.zero_grad(); loss.backward(); opt.step()

A step is applied whole or not at all. It first computes every new value (and the optimizer's
new state: momentum buffers, Adam's moments and step count), then checks them, then commits
them in one short stretch during which Ctrl-C is held back (``commit.py``). So an interrupt
never leaves some parameters moved and others not, and a NaN or infinite gradient -- or an
update that overflows -- is a ``FloatingPointError`` naming the parameter, with nothing changed
(PyTorch would write the NaN into the weights). Hyper-parameters are checked when set, also
later (``opt.lr = 0.01`` for a schedule): finite numbers in range, never NaN or ``10**400``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from autograd_core import Value

from . import checks
from .checks import describe
from .commit import commit


class Hyper:
    """A hyper-parameter attribute, checked on every assignment: a finite number in [low, high]."""

    def __init__(self, low: float = 0.0, high: float = math.inf, low_open: bool = False, high_open: bool = False) -> None:
        self.bounds = (low, high, low_open, high_open)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name, self.slot = name, "_" + name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        return self if obj is None else getattr(obj, self.slot)

    def __set__(self, obj: Any, value: object) -> None:
        setattr(obj, self.slot, checks.number(value, f"{type(obj).__name__}: {self.name}", *self.bounds))


def _parameters(params: object, who: str) -> list[Value]:
    """The parameter list: Values, each once, at least one."""
    if isinstance(params, Value) or not isinstance(params, Iterable) or hasattr(params, "named_parameters"):
        hint = " (pass model.parameters(), not the model)" if hasattr(params, "parameters") else ""
        raise TypeError(f"{who}: params must be a list of Values such as model.parameters(), not {type(params).__name__}{hint}")
    ps = list(params)
    if not ps:
        raise ValueError(f"{who}: got an empty parameter list")
    seen: set[int] = set()
    for i, p in enumerate(ps):
        if not isinstance(p, Value):
            raise TypeError(f"{who}: parameter {i} must be a Value, not {type(p).__name__}: {describe(p)}")
        if id(p) in seen:
            raise ValueError(f"{who}: parameter {i} appears more than once in the parameter list")
        seen.add(id(p))
    return ps


_DATA, _GRAD = attrgetter("data"), attrgetter("grad")
_STATE = {"_buf": "momentum buffer", "_m": "first moment m", "_v": "second moment v"}


def _finite(xs: Sequence[float]) -> bool:
    total = sum(xs)  # one pass in C; NaN or inf anywhere makes the sum NaN or inf
    return total - total == 0.0 or all(x - x == 0.0 for x in xs)  # a finite sum may overflow: look closer


class Optimizer:
    """Holds the parameters; ``zero_grad()`` clears their gradients, ``step()`` updates them."""

    lr = Hyper()

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.params = _parameters(params, type(self).__name__)
        self.lr = lr

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (``backward()`` accumulates into parameters)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """One update of every parameter, whole or not at all (see the module docstring)."""
        params = self.params
        data, grads = list(map(_DATA, params)), list(map(_GRAD, params))
        for values, what in ((data, "it is"), (grads, "its gradient is")):
            if not _finite(values):
                self._refuse(values, what)
        new, state = self._update(data, grads)
        checks = [(new, "the update would make it")]
        checks += [(v, f"the update would make its {_STATE[k]}") for k, v in state.items() if k in _STATE]
        for values, what in checks:
            if not _finite(values):
                self._refuse(values, what)
        commit(params, data, new, lambda: self.__dict__.update(state))

    def _update(self, data: list[float], grads: list[float]) -> tuple[list[float], dict[str, Any]]:
        """(new data, new state attributes): computed only, nothing assigned."""
        raise NotImplementedError

    def _refuse(self, values: Sequence[float], what: str) -> None:
        i = next(i for i, x in enumerate(values) if not x - x == 0.0)
        p = self.params[i]
        where = " / ".join(map(str, p.tag)) if isinstance(p.tag, tuple) else p.tag  # ("output layer", "unit 1")
        name = ", ".join(f"{k} {v!r}" for k, v in (("label", p.label), ("in", where)) if v)
        raise FloatingPointError(
            f"{type(self).__name__}.step: parameter {i}{f' ({name})' if name else ''}: {what} {values[i]!r} "
            f"(data {p.data!r}, grad {p.grad!r}); nothing was changed"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr})"


class SGD(Optimizer):
    """Stochastic gradient descent, per parameter p with gradient g:

    g ← g + λ·p (weight decay λ); with momentum μ: b ← g on the first step, then b ← μ·b + g,
    and g ← g + μ·b (Nesterov) or g ← b; finally p ← p - η·g.
    """

    momentum = Hyper()
    weight_decay = Hyper()

    def __init__(
        self, params: Iterable[Value], lr: float, momentum: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False
    ) -> None:
        super().__init__(params, lr)
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.nesterov = checks.flag(nesterov, "SGD: nesterov")
        if nesterov and self.momentum == 0.0:
            raise ValueError("SGD: nesterov=True needs a momentum above 0")
        self._buf: list[float | None] = [None] * len(self.params)

    def _update(self, data: list[float], grads: list[float]) -> tuple[list[float], dict[str, Any]]:
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        if wd:
            grads = [g + wd * x for x, g in zip(data, grads)]
        state: dict[str, Any] = {}
        if mu:
            bufs = state["_buf"] = [g if b is None else mu * b + g for g, b in zip(grads, self._buf)]
            grads = [g + mu * b for g, b in zip(grads, bufs)] if self.nesterov else bufs
        return [x - lr * g for x, g in zip(data, grads)], state


class Adam(Optimizer):
    """Adam (Kingma & Ba), at step t with gradient g (plus λ·p with weight decay λ):

    m ← m + (1 - β₁)(g - m),  v ← β₂·v + (1 - β₂)·g²,
    p ← p - (η / (1 - β₁ᵗ)) · m / (√v / √(1 - β₂ᵗ) + ε).
    """

    eps = Hyper(low_open=True)
    weight_decay = Hyper()

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay
        self.t = 0
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    @property
    def betas(self) -> tuple[float, float]:
        """(β₁, β₂), each in [0, 1)."""
        return self._betas

    @betas.setter
    def betas(self, betas: object) -> None:
        if isinstance(betas, str | bytes) or not isinstance(betas, Sequence) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), not {describe(betas)}")
        b1, b2 = (checks.number(b, f"Adam: betas[{i}]", 0.0, 1.0, high_open=True) for i, b in enumerate(betas))
        self._betas = (b1, b2)

    def _update(self, data: list[float], grads: list[float]) -> tuple[list[float], dict[str, Any]]:
        t = self.t + 1
        b1, b2 = self.betas
        step_size = self.lr / (1.0 - b1**t)
        root2 = math.sqrt(1.0 - b2**t)
        eps, wd, sqrt, c1, c2 = self.eps, self.weight_decay, math.sqrt, 1.0 - b1, 1.0 - b2
        if wd:
            grads = [g + wd * x for x, g in zip(data, grads)]
        ms = [m + c1 * (g - m) for g, m in zip(grads, self._m)]
        vs = [v * b2 + c2 * g * g for g, v in zip(grads, self._v)]
        new = [x + -step_size * (m / (sqrt(v) / root2 + eps)) for x, m, v in zip(data, ms, vs)]
        return new, {"_m": ms, "_v": vs, "t": t}
