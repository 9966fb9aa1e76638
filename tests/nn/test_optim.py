"""SGD and Adam: hand-computed updates, torch.optim agreement step for step, bad arguments."""

from __future__ import annotations

import math
import random

import pytest

from autograd_core import Value
from nn import MLP, SGD, Adam, mse_loss


def test_sgd_step_by_hand() -> None:
    p = Value(1.0)
    p.grad = 0.5
    SGD([p], lr=0.1).step()
    assert p.data == 1.0 - 0.1 * 0.5


def test_sgd_momentum_nesterov_and_weight_decay_by_hand() -> None:
    p = Value(2.0)
    opt = SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01, nesterov=True)
    p.grad = 1.0
    opt.step()  # g = 1 + 0.01·2 = 1.02, b = g, g ← g + 0.9·b = 1.938
    assert p.data == pytest.approx(2.0 - 0.1 * 1.938, rel=1e-15)
    p1 = p.data
    p.grad = 1.0
    opt.step()
    g = 1.0 + 0.01 * p1
    b = 0.9 * 1.02 + g
    assert p.data == pytest.approx(p1 - 0.1 * (g + 0.9 * b), rel=1e-15)


def test_adam_first_step_moves_each_parameter_by_about_lr() -> None:
    ps = [Value(1.0), Value(-1.0), Value(0.0)]
    for p, g in zip(ps, [3.0, -0.001, 0.0], strict=True):
        p.grad = g
    Adam(ps, lr=0.01).step()  # bias-corrected m/√v = sign(g) on the first step
    assert ps[0].data == pytest.approx(0.99, rel=1e-6)
    assert ps[1].data == pytest.approx(-0.99, rel=1e-4)
    assert ps[2].data == 0.0


def test_zero_grad() -> None:
    model = MLP(2, [3, 1], seed=0)
    opt = SGD(model.parameters(), lr=0.1)
    model([1.0, 2.0]).backward()
    assert any(p.grad for p in model.parameters())
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


@pytest.mark.parametrize("make", [lambda ps: SGD(ps, lr=0.1, momentum=0.9), lambda ps: Adam(ps, lr=0.02)])
def test_training_reduces_the_loss(make) -> None:  # type: ignore[no-untyped-def]
    model = MLP(1, [8, 1], activation="tanh", seed=0)
    xs = [[x / 10] for x in range(-10, 11)]
    ys = [math.sin(3 * x[0]) for x in xs]
    opt = make(model.parameters())
    losses = []
    for _ in range(30):
        loss = mse_loss([model(x) for x in xs], ys)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.data)
    assert losses[-1] < 0.5 * losses[0]


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda ps: SGD([], lr=0.1), ValueError, "empty parameter list"),
        (lambda ps: SGD([1.0], lr=0.1), TypeError, "parameter 0 must be a Value"),
        (lambda ps: SGD(ps + ps[:1], lr=0.1), ValueError, "appears more than once"),
        (lambda ps: SGD(ps, lr=-1), ValueError, "SGD: lr must be a finite number >= 0, got -1"),
        (lambda ps: SGD(ps, lr="fast"), TypeError, "lr must be a finite number >= 0, not str"),
        (lambda ps: SGD(ps, lr=math.nan), ValueError, "lr must be a finite number >= 0, not nan"),
        (lambda ps: SGD(ps, lr=0.1, nesterov=True), ValueError, "nesterov=True needs a momentum"),
        (lambda ps: SGD(ps, lr=0.1, momentum=-0.5), ValueError, "momentum must be a finite number >= 0, got -0.5"),
        (lambda ps: Adam(ps, betas=(0.9, 1.0)), ValueError, r"betas\[1\] must be a finite number >= 0 and < 1, got 1.0"),
        (lambda ps: Adam(ps, betas=0.9), TypeError, "betas must be a pair"),
        (lambda ps: Adam(ps, eps=0.0), ValueError, "eps must be a finite number > 0, got 0.0"),
        (lambda ps: Adam(ps, weight_decay=-1e-4), ValueError, "weight_decay must be a finite number >= 0, got -0.0001"),
    ],
)
def test_bad_arguments(make, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        make([Value(1.0), Value(2.0)])


# ---- torch.optim, float64 --------------------------------------------------------------------

CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.2, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.05}),
]


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS)
def test_matches_torch_optim_step_for_step(name: str, kwargs: dict) -> None:
    torch = pytest.importorskip("torch")
    rng = random.Random(len(str(kwargs)))
    start = [rng.uniform(-2, 2) for _ in range(6)]
    ours = [Value(x) for x in start]
    theirs = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = {"SGD": SGD, "Adam": Adam}[name](ours, **kwargs)
    topt = getattr(torch.optim, name)([theirs], **kwargs, foreach=False)

    def loss_ours() -> Value:  # a non-quadratic function so gradients change from step to step
        return sum(((p - 0.3 * i) ** 2 * (1 + (p * 0.5).tanh() ** 2) for i, p in enumerate(ours)), Value(0.0))

    for _ in range(8):
        opt.zero_grad()
        loss_ours().backward()
        opt.step()
        topt.zero_grad()
        i = torch.arange(6, dtype=torch.float64)
        ((theirs - 0.3 * i) ** 2 * (1 + torch.tanh(theirs * 0.5) ** 2)).sum().backward()
        topt.step()
        assert [p.grad for p in ours] == pytest.approx(theirs.grad.tolist(), rel=1e-12, abs=1e-14)
        assert [p.data for p in ours] == pytest.approx(theirs.detach().tolist(), rel=1e-13, abs=1e-15)
