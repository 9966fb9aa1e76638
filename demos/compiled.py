"""Compiled backprop: the notes' 2-3-1 network's training step as generated Python, beside the δ recursion; one step timed."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nn
from autograd_core import Value
from demos.lecture import LABEL, NOTES, X, build
from demos.timing import timed
from nn import MLP, hinge_loss, l2, moons

# The notes' recursion (layer L = 2 the output, l = 1 the hidden layer, σ the sigmoid), and the
# generated lines that compute each step of it; {j} and {i} run over units and inputs.
RECURSION = [
    ("J = -log y", "log_p = log(a_2_1)  ...  loss = -mean_log_lik"),
    ("∂J/∂y = -1/y", "grad_a_2_1 = (1.0 / a_2_1) * grad_log_p"),
    ("δ²₁ = ∂J/∂a²₁ · σ'(z²₁)", "grad_z_2_1 = (a_2_1 * (1.0 - a_2_1)) * grad_a_2_1"),
    ("∂J/∂w²₁ⱼ = δ²₁ · a¹ⱼ", "grad_w_2_1_{j} += a_1_{j} * grad_z_2_1"),
    ("δ¹ⱼ = Σᵢ w²ᵢⱼ δ²ᵢ · σ'(z¹ⱼ)", "grad_a_1_{j} = w_2_1_{j} * grad_z_2_1"),
    ("", "grad_z_1_{j} = (a_1_{j} * (1.0 - a_1_{j})) * grad_a_1_{j}"),
    ("∂J/∂w¹ⱼᵢ = δ¹ⱼ · xᵢ", "grad_w_1_{j}_{i} += x_{i} * grad_z_1_{j}"),
]  # fmt: skip


def _training_step(source: str) -> str:
    """The generated training step alone (the source also holds ``predict``)."""
    return source.split("\n\n\ndef predict")[0]


def _show_recursion(source: str) -> None:
    print(f"\n{'the notes: δ recursion':<34}the generated code (every line below is in the listing above)")
    for maths, code in RECURSION:
        first = code.format(j=1, i=1).split("  ...  ")[0]
        assert first in source, f"the generated code has no line {first!r}"
        print(f"  {maths:<32}{code.format(j='j', i='i')}")


def _follow(source: str, model: MLP) -> None:
    """One gradient from the loss to the first-layer weight w¹₂₁ (the notes' dJ/dW12), line by line, with values."""
    chain = ["grad_log_p = grad_sum_log_lik", "grad_a_2_1 = (1.0 / a_2_1) * grad_log_p",
             "grad_z_2_1 = (a_2_1 * (1.0 - a_2_1)) * grad_a_2_1",
             "grad_a_1_2 = w_2_1_2 * grad_z_2_1", "grad_z_1_2 = (a_1_2 * (1.0 - a_1_2)) * grad_a_1_2",
             "grad_w_1_2_1 += x_1 * grad_z_1_2"]  # fmt: skip
    hidden = model.layers[0](X)
    out = model.layers[1](hidden)
    loss = nn.bce_loss([out], [LABEL])
    model.zero_grad()
    loss.backward()
    log_y = next(p for p in loss.parents[0].parents if p.op == "log")
    values = [log_y.grad, out.grad, out.parents[0].grad, hidden[1].grad, hidden[1].parents[0].grad, model.layers[0].neurons[1].w[0].grad]
    print("\nfollow one gradient from the loss to the first-layer weight w¹₂₁ (input 1 -> hidden unit 2):")
    for line, value in zip(chain, values):
        assert line in source, f"the generated code has no line {line!r}"
        print(f"  {line:<55}# = {value:+.8g}")
    print(f"  the notes print dJ/dW12 = {NOTES['dJ/dW12']:.8g} for this weight (input 1 -> unit 2).")


def _race(rounds: int, seed: int) -> None:
    """One full-batch moons step, MLP(2, [16, 16, 1]) with hinge + L2: compiled, interpreted, the hand-written floor."""
    X2, y = moons(100, noise=0.1, seed=seed, signed=True)  # noqa: N806
    model = MLP(2, [16, 16, 1], seed=seed)
    compiled = nn.compile(model, X2, y, loss="hinge", l2=1e-4)

    def interpreted() -> None:
        model.zero_grad()
        (hinge_loss(model.batch(X2), y) + 1e-4 * l2(model.parameters())).backward()

    def generated() -> None:
        model.zero_grad()
        compiled.step(X2, y)

    sides: dict[str, Callable[[], Any]] = {"compiled (generated Python)": generated, "interpreted (backward())": interpreted}
    try:
        from benchmarks import floor

        ws = [[[w.data for w in n.w] for n in layer.neurons] for layer in model.layers]
        bs = [[n.b.data for n in layer.neurons] for layer in model.layers]
        sides["hand-written plain Python"] = lambda: floor.step(ws, bs, X2, y, 1e-4)
    except ImportError:  # the benchmarks live beside the demos in the repository, not in the installed package
        pass
    times: dict[str, list[float]] = {name: [] for name in sides}
    for r in range(rounds):
        for name in list(sides)[r % len(sides) :] + list(sides)[: r % len(sides)]:
            times[name].append(timed(sides[name]))
    print(f"\none full-batch step of MLP(2, [16, 16, 1]) on {len(X2)} moons points, hinge + L2 (median of {rounds}, sides taking turns):")
    base = statistics.median(times.get("hand-written plain Python", times["interpreted (backward())"]))
    for name, ts in times.items():
        print(f"  {name:<30}{statistics.median(ts) * 1e3:8.2f} ms   {statistics.median(ts) / base:5.2f}× the floor")


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    model = build()
    compiled = nn.compile(model, [X], [LABEL], loss="bce")
    source = compiled.source
    print("the notes' 2-3-1 sigmoid network (x = [5, 3], label 1, J = -log y), its training step as generated Python:")
    print("(nn.compile(model, [x], [label], loss='bce').source: a loop over the examples of a batch; N examples)\n")
    print(_training_step(source))
    _show_recursion(source)
    _follow(source, model)
    compiled_grads = [0.0] * len(model.parameters())
    loss, grads, _ = compiled.run([X], [LABEL], compiled_grads)
    model.zero_grad()
    reference = nn.bce_loss(model.batch([X]), [LABEL])
    reference.backward()
    assert grads is not None and loss == reference.data and grads == [p.grad for p in model.parameters()]
    print(f"\nthe compiled step's loss and all {len(grads)} gradients equal backward()'s, bit for bit (J = {loss:.8f}).")
    print("model(x), the stepper and the drawings still build the graph: compiling changes nothing a learner sees.")
    _race(6 if quick else 30, seed)
    assert isinstance(model(X), Value)
    return []
