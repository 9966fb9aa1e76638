"""Optimizer steps are whole or nothing: interrupts, NaN/inf gradients, overflow; hyper-parameters checked."""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Callable

import pytest

from autograd_core import Value
from nn import MLP, SGD, Adam, Optimizer

OPTIMIZERS: list[Callable[[list[Value]], Optimizer]] = [
    lambda ps: SGD(ps, lr=0.1),
    lambda ps: SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    lambda ps: Adam(ps, lr=0.01, weight_decay=0.01),
]


class Tripwire(Value):
    """A parameter that runs ``trip`` once, the next time its ``data`` is assigned (then behaves)."""

    trip: Callable[[], None] | None = None

    def __setattr__(self, name: str, value: object) -> None:
        trip = self.trip
        if name == "data" and trip is not None:
            object.__setattr__(self, "trip", None)
            trip()
        super().__setattr__(name, value)


def _params(n: int = 5) -> list[Value]:
    ps: list[Value] = [Tripwire(0.1 * (i + 1) - 0.3, label=f"p{i}") for i in range(n)]
    for i, p in enumerate(ps):
        p.grad = 0.5 - 0.2 * i
    return ps


def _state(opt: Optimizer) -> tuple:
    return tuple(p.data for p in opt.params), repr(sorted((k, v) for k, v in vars(opt).items() if k != "params"))


def test_a_keyboard_interrupt_while_computing_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    opt = Adam(_params(), lr=0.01)
    opt.step()  # some state (moments, step count) to keep as well
    before = _state(opt)
    calls = {"n": 0}

    def interrupted(x: float) -> float:  # Ctrl-C half-way through the parameters' updates
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return math.sqrt(x)

    monkeypatch.setattr("nn.optim.math.sqrt", interrupted)
    with pytest.raises(KeyboardInterrupt):
        opt.step()
    assert _state(opt) == before


@pytest.mark.parametrize("make", OPTIMIZERS)
def test_a_keyboard_interrupt_after_computing_changes_nothing(make: Callable, monkeypatch: pytest.MonkeyPatch) -> None:
    import nn.optim

    opt = make(_params())
    opt.step()
    before = _state(opt)
    checks = {"n": 0}
    finite = nn.optim._finite

    def interrupted(xs: list[float]) -> bool:  # data and gradients pass; Ctrl-C while the new values are checked
        checks["n"] += 1
        if checks["n"] == 3:
            raise KeyboardInterrupt
        return finite(xs)

    monkeypatch.setattr(nn.optim, "_finite", interrupted)
    with pytest.raises(KeyboardInterrupt):
        opt.step()
    assert _state(opt) == before


@pytest.mark.parametrize("make", OPTIMIZERS)
def test_a_keyboard_interrupt_while_writing_puts_every_parameter_back(make: Callable) -> None:
    ps = _params()
    opt = make(ps)
    opt.step()
    before = _state(opt)

    def interrupt() -> None:
        raise KeyboardInterrupt

    ps[3].trip = interrupt  # type: ignore[attr-defined]  # the fourth of five parameters refuses its new value
    with pytest.raises(KeyboardInterrupt):
        opt.step()
    assert _state(opt) == before
    opt.step()  # and the next step is an ordinary one
    assert _state(opt) != before


@pytest.mark.parametrize("make", OPTIMIZERS)
def test_ctrl_c_during_the_writes_lands_after_the_whole_step(make: Callable) -> None:
    """A real SIGINT sent while the third parameter is being written: the step completes, then
    KeyboardInterrupt is raised, and the Ctrl-C handler is the default one again."""
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ps, twin = _params(), _params()
    opt, expected = make(ps), make(twin)
    expected.step()
    ps[2].trip = lambda: os.kill(os.getpid(), signal.SIGINT)  # type: ignore[attr-defined]
    with pytest.raises(KeyboardInterrupt):
        opt.step()
    assert _state(opt) == _state(expected)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_steps_in_another_thread_work_without_touching_signals() -> None:
    ps = _params()
    opt = SGD(ps, lr=0.5)
    done = []
    t = threading.Thread(target=lambda: (opt.step(), done.append(True)))
    t.start()
    t.join(10)
    assert done == [True] and ps[0].data == pytest.approx(-0.2 - 0.25)


@pytest.mark.parametrize("make", OPTIMIZERS)
@pytest.mark.parametrize(
    ("spoil", "match"),
    [
        (lambda ps: setattr(ps[2], "grad", math.nan), r"parameter 2 \(label 'p2'\): its gradient is nan"),
        (lambda ps: setattr(ps[4], "grad", -math.inf), r"parameter 4 \(label 'p4'\): its gradient is -inf"),
        (lambda ps: setattr(ps[1], "data", math.nan), r"parameter 1 \(label 'p1'\): it is nan"),
        (lambda ps: setattr(ps[3], "grad", 1e300), r"parameter 3 \(label 'p3'\): the update would make it"),
    ],
)
def test_a_step_that_would_write_nan_or_inf_is_refused_and_changes_nothing(make: Callable, spoil: Callable, match: str) -> None:
    ps = _params()
    opt = make(ps)
    opt.step()
    spoil(ps)
    if isinstance(opt, SGD) and ps[3].grad == 1e300:
        opt.lr = 1e10  # SGD's update overflows only with a large step
    before = _state(opt)
    with pytest.raises(FloatingPointError, match=match + ".*nothing was changed"):
        opt.step()
    assert _state(opt) == before


def test_a_parameter_is_named_by_its_tag_too() -> None:
    model = MLP(2, [2, 1], seed=0)
    opt = SGD(model.parameters(), lr=0.1)
    model.layers[1].neurons[0].w[1].grad = math.nan
    with pytest.raises(FloatingPointError, match=r"parameter 7 \(label 'w²₁₂', in 'output layer / unit 1'\)"):
        opt.step()


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda ps: SGD(ps[0], lr=0.1), TypeError, r"SGD: params must be a list of Values such as model.parameters\(\), not Tripwire"),
        (lambda ps: SGD(MLP(1, [1]), lr=0.1), TypeError, r"not MLP \(pass model.parameters\(\), not the model\)"),
        (lambda ps: SGD("ab", lr=0.1), TypeError, "parameter 0 must be a Value, not str: 'a'"),
        (lambda ps: SGD(iter(ps), lr=10**400), ValueError, "SGD: lr is too large for a float: an int of 401 digits"),
        (lambda ps: SGD(ps, lr=math.inf), ValueError, "lr must be a finite number >= 0, not inf"),
        (lambda ps: SGD(ps, lr=True), TypeError, "lr must be a finite number >= 0, not bool"),
        (lambda ps: SGD(ps, lr=0.1, momentum=math.nan), ValueError, "momentum must be a finite number >= 0, not nan"),
        (lambda ps: SGD(ps, lr=0.1, weight_decay=-(10**400)), ValueError, "weight_decay is too large for a float: a negative int of 401"),
        (lambda ps: SGD(ps, lr=0.1, momentum=0.9, nesterov="yes"), TypeError, "nesterov must be True or False, not str"),
        (lambda ps: Adam(ps, betas=(math.nan, 0.9)), ValueError, r"betas\[0\] must be a finite number >= 0 and < 1, not nan"),
        (lambda ps: Adam(ps, betas=(0.9, -0.1)), ValueError, r"betas\[1\] must be a finite number >= 0 and < 1, got -0.1"),
        (lambda ps: Adam(ps, betas="ab"), TypeError, "betas must be a pair"),
        (lambda ps: Adam(ps, betas=(0.9, 0.99, 0.1)), TypeError, "betas must be a pair"),
        (lambda ps: Adam(ps, eps=math.inf), ValueError, "eps must be a finite number > 0, not inf"),
        (lambda ps: Adam(ps, lr=10**400), ValueError, "Adam: lr is too large for a float: an int of 401 digits"),
    ],
)
def test_bad_parameter_lists_and_hyper_parameters(make: Callable, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        make(_params(2))


def test_hyper_parameters_set_later_are_checked_too() -> None:
    opt = Adam(_params(2), lr=0.01)
    opt.lr = 0.5  # a schedule
    assert opt.lr == 0.5
    for attr, bad in (("lr", math.nan), ("eps", 0.0), ("betas", (1.5, 0.9)), ("weight_decay", -1.0)):
        with pytest.raises(ValueError, match=f"Adam: {attr}"):
            setattr(opt, attr, bad)
    assert (opt.lr, opt.eps, opt.betas, opt.weight_decay) == (0.5, 1e-8, (0.9, 0.999), 0.0)
    sgd = SGD(_params(2), lr=0.1)
    with pytest.raises(ValueError, match="SGD: lr must be a finite number >= 0, not nan"):
        sgd.lr = math.nan
