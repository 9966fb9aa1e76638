"""Graduation: the moons model moved to PyTorch agrees to 1e-12 (outputs, loss, gradients); one training step timed on each side."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demos.timing import timed
from nn import MLP, SGD, fit, hinge_loss, l2, moons, to_torch

ALPHA, LR, MOMENTUM = 1e-4, 0.1, 0.9  # as demos/moons.py: hinge + 1e-4·Σ p², SGD with momentum
TOLERANCE = 1e-12


def _stepgrad_loss(model: MLP, X: list[list[float]], y: list[float]) -> Any:  # noqa: N803
    """What fit(loss="hinge", l2=ALPHA) minimises: mean max(0, 1 - y·score) + ALPHA·Σ p² (scores from model.batch, as fit's)."""
    return hinge_loss(model.batch(X), y) + ALPHA * l2(model.parameters())


def _torch_loss(torch: Any, seq: Any, xs: Any, ys: Any) -> Any:
    """The same loss, vectorized: one line where stepgrad builds a graph of thousands of nodes."""
    return torch.relu(1 - ys * seq(xs).squeeze(1)).mean() + ALPHA * sum((p * p).sum() for p in seq.parameters())


def _report(name: str, diff: float) -> None:
    """Print one agreement line and stop the demo if it is not within TOLERANCE."""
    print(f"  {name:<30} {diff:.1e}")
    if not diff <= TOLERANCE:
        raise AssertionError(f"{name}: stepgrad and PyTorch differ by {diff:.3g}, more than {TOLERANCE:g}")


def _max_diff(ours: list[float], theirs: list[float]) -> float:
    assert len(ours) == len(theirs)
    return max(abs(a - b) for a, b in zip(ours, theirs, strict=True))


def _grads_in_torch_order(model: MLP) -> list[float]:
    """Our gradients as torch lays them out: each layer's weight matrix (a row per neuron), then its biases."""
    return [g for layer in model.layers for g in [w.grad for n in layer.neurons for w in n.w] + [n.b.grad for n in layer.neurons]]


def _weights_in_torch_order(model: MLP) -> list[float]:
    return [v for layer in model.layers for v in [w.data for n in layer.neurons for w in n.w] + [n.b.data for n in layer.neurons]]


def _compare(torch: Any, model: MLP, seq: Any, X: list[list[float]], y: list[float]) -> None:  # noqa: N803
    """Forward and backward on both sides, then the largest differences of outputs, loss and gradients."""
    xs, ys = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    ours = _stepgrad_loss(model, X, y)
    model.zero_grad()
    ours.backward()
    theirs = _torch_loss(torch, seq, xs, ys)
    seq.zero_grad()
    theirs.backward()
    scores = [model(x).data for x in X]
    t_scores = seq(xs).squeeze(1).tolist()
    t_grads = [g for p in seq.parameters() for g in p.grad.flatten().tolist()]
    print(f"\nloss {ours.data:.6f} in stepgrad, {theirs.item():.6f} in PyTorch; largest |stepgrad - PyTorch| (float64):")
    _report(f"outputs ({len(scores)} scores)", _max_diff(scores, t_scores))
    _report("loss (hinge + L2)", abs(ours.data - theirs.item()))
    _report(f"gradients ({len(t_grads)} parameters)", _max_diff(_grads_in_torch_order(model), t_grads))
    print(f"all within {TOLERANCE:g}: the same model, the same loss, the same gradients, now vectorized.")


def _race(torch: Any, model: MLP, seq: Any, X: list[list[float]], y: list[float], rounds: int, block: int) -> tuple[float, float]:  # noqa: N803
    """Median seconds per training step (forward, loss, zero_grad, backward, SGD step) of each side.

    The sides take turns, ``block`` steps back to back each (a training loop's steady state), ``rounds``
    times. PyTorch runs on one CPU thread, like stepgrad: at this size a second thread buys nothing and
    makes the timing hostage to whatever else the machine is running.
    """
    xs, ys = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    opt = SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    t_opt = torch.optim.SGD(seq.parameters(), lr=LR, momentum=MOMENTUM)

    def ours() -> None:
        loss = _stepgrad_loss(model, X, y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    def theirs() -> None:
        loss = _torch_loss(torch, seq, xs, ys)
        t_opt.zero_grad()
        loss.backward()
        t_opt.step()

    times: dict[Callable[[], None], list[float]] = {ours: [], theirs: []}
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for i in range(rounds):
            for step in (ours, theirs) if i % 2 == 0 else (theirs, ours):
                times[step] += [timed(step) for _ in range(block)]
    finally:
        torch.set_num_threads(threads)
    return statistics.median(times[ours]), statistics.median(times[theirs])


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    try:
        import torch
    except ImportError:
        print("this demo needs PyTorch, which stepgrad leaves optional: pip install 'stepgrad[torch]' (or pip install torch),")
        print("then run `python -m demos pytorch` again.")
        return []
    X, y = moons(100, noise=0.1, seed=seed, signed=True)  # noqa: N806 -- labels -1 / +1, as hinge loss wants them
    model = MLP(2, [16, 16, 1], seed=seed)
    steps = 5 if quick else 20
    print(f"stepgrad: MLP(2, [16, 16, 1]), {model.num_parameters()} parameters, on two moons ({len(X)} points, labels -1/+1)")
    history = fit(model, X, y, loss="hinge", l2=ALPHA, optimizer=SGD(model.parameters(), lr=LR, momentum=MOMENTUM), epochs=steps,
                  seed=seed, progress=False)  # fmt: skip
    print(f"after {steps} full-batch steps: loss {history.loss[-1]:.4f}, accuracy {history.accuracy[-1]:.0%}")

    seq = to_torch(model)
    print(f"\nseq = nn.to_torch(model)  # the same weights, float64\n{seq}")
    print("the same loss in PyTorch, one line: torch.relu(1 - y * seq(X).squeeze(1)).mean() + 1e-4 * sum((p * p).sum() for p in params)")
    _compare(torch, model, seq, X, y)

    rounds, block = (2, 3) if quick else (10, 5)
    ours, theirs = _race(torch, model, seq, X, y, rounds, block)
    print(f"\none training step on all {len(X)} points (forward, hinge + L2, backward, SGD step), one CPU thread each;")
    print(f"median of {rounds * block} steps per side, taken in alternating blocks of {block}:")
    print(f"  stepgrad (a Value per number)     {ours * 1e3:8.2f} ms")
    print(f"  PyTorch  (float64 tensors)        {theirs * 1e3:8.2f} ms")
    print(f"PyTorch takes the same step {ours / theirs:.0f}× faster: the reason to graduate, measured.")
    drift = _max_diff(_weights_in_torch_order(model), [v for p in seq.parameters() for v in p.detach().flatten().tolist()])
    print(f"after those {rounds * block} steps on each side the weights still agree to {drift:.1e}.")
    return []
