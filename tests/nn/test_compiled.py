"""nn.compile and fit(compile=True): the same numbers as the interpreter for every loss, activation and mode.

Losses and gradients are compared with ``==``: the generated code adds the engine's terms in the
engine's order. Data is chosen so that every data-dependent piece of structure goes both ways:
hinge labels and margins, BCE's clamp, bce_with_logits' sign test, cross-entropy's winning class,
dead ReLUs.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from autograd_core import Value
from nn import MLP, SGD, Adam, Layer, Neuron, fit, mse_loss
from nn import compile as nn_compile
from nn.losses import l2 as l2_penalty
from nn.scoring import prepare

RNG = random.Random(0)
X = [[RNG.uniform(-2, 2), RNG.uniform(-2, 2)] for _ in range(23)]
SIGNS = [1.0 if x[0] * x[1] > 0 else -1.0 for x in X]
BINARY = [1.0 if s > 0 else 0.0 for s in SIGNS]
CLASSES = [(0 if x[0] > 0 else 1) + (1 if x[1] > 0.5 else 0) for x in X]
REAL = [0.3 * x[0] - 0.1 * x[1] ** 2 for x in X]
ONE_HOT = [[1.0 if c == k else 0.0 for k in range(3)] for c in CLASSES]
LOSSES: list[tuple[str, str, list[Any], list[int]]] = [  # loss, output activation, targets, layer widths
    ("mse", "linear", REAL, [4, 3, 1]), ("hinge", "linear", SIGNS, [4, 3, 1]), ("bce", "sigmoid", BINARY, [4, 3, 1]),
    ("bce_logits", "linear", BINARY, [4, 3, 1]), ("cross_entropy", "linear", CLASSES, [4, 3, 3]),
    ("mse", "softmax", ONE_HOT, [4, 3, 3]), ("mse", "tanh", [[r, -r] for r in REAL], [4, 3, 2]),
]  # fmt: skip


def interpreted(model: Any, loss: Any, X: list[list[float]], Y: list[Any], l2: float = 0.0) -> tuple[float, list[float]]:  # noqa: N803
    """What fit's step computes: the model on the batch, the loss, + l2·Σp², backward()."""
    entry, _, ys = prepare(model, X, Y, loss, "interpreted")
    root = entry.function(model.batch(X), ys)
    if l2:
        root = root + l2 * l2_penalty(model.parameters())
    model.zero_grad()
    root.backward()
    return root.data, [p.grad for p in model.parameters()]


def compiled(model: Any, loss: Any, X: list[list[float]], Y: list[Any], l2: float = 0.0, trace_on: Any = None) -> tuple[float, list[float]]:  # noqa: N803
    step = nn_compile(model, *(trace_on or (X, Y)), loss=loss, l2=l2)
    model.zero_grad()
    value = step.step(X, Y)
    return value, [p.grad for p in model.parameters()]


def same(a: tuple[float, list[float]], b: tuple[float, list[float]]) -> bool:
    eq = lambda x, y: x == y or (math.isnan(x) and math.isnan(y))
    return eq(a[0], b[0]) and all(map(eq, a[1], b[1]))


@pytest.mark.parametrize("loss, out, Y, widths", LOSSES)
@pytest.mark.parametrize("activation", ["linear", "step", "sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("bias", [True, False])
def test_every_loss_and_activation_gives_the_interpreters_numbers(
    loss: str, out: str, Y: list[Any], widths: list[int], activation: str, fused: bool, bias: bool  # noqa: N803
) -> None:  # fmt: skip
    def make() -> MLP:
        return MLP(2, widths, activation=activation, output_activation=out, fused=fused, bias=bias, seed=1)

    assert same(compiled(make(), loss, X, Y), interpreted(make(), loss, X, Y))


def test_half_mse_and_the_l2_term() -> None:
    half = lambda p, t: mse_loss(p, t, half=True)
    assert same(compiled(MLP(2, [4, 1], seed=2), half, X, REAL, l2=1e-3), interpreted(MLP(2, [4, 1], seed=2), half, X, REAL, l2=1e-3))


@pytest.mark.parametrize("loss, out, Y, widths", LOSSES)
@pytest.mark.parametrize("batch_size", [None, 1, 5])
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_fit_trains_to_the_same_weights(
    loss: str, out: str, Y: list[Any], widths: list[int], batch_size: int | None, optimizer: str  # noqa: N803
) -> None:  # fmt: skip
    """Online, mini-batch (23 = 4·5 + 3: a last, smaller batch) and full batch; the optimizers see the same .grads."""
    results = []
    for compile_ in (False, True):
        model = MLP(2, widths, output_activation=out, seed=3)
        opt = Adam(model.parameters(), lr=0.05) if optimizer == "adam" else SGD(model.parameters(), lr=0.1, momentum=0.9)
        history = fit(model, X, Y, loss=loss, optimizer=opt, epochs=4, batch_size=batch_size, seed=1, progress=False,
                      l2=1e-3 if loss == "hinge" else 0.0, compile=compile_)  # fmt: skip
        results.append((history.loss, history.metrics, [p.data for p in model.parameters()]))
    assert results[0] == results[1]


def test_hinge_labels_and_margins_both_ways() -> None:
    model = MLP(2, [4, 1], seed=4)
    step = nn_compile(model, X, SIGNS, loss="hinge")
    assert "if y == 1.0:" in step.source and "elif y == -1.0:" in step.source or "if y == -1.0:" in step.source
    for scale in (0.01, 1.0, 30.0):  # every margin inside, some, none: examples past it send nothing back
        for p in model.parameters():
            p.data *= scale
        assert same(compiled(model, "hinge", X, SIGNS), interpreted(model, "hinge", X, SIGNS))


def test_bce_clamp_at_saturated_outputs() -> None:
    """p = σ(±800) is exactly 0 or 1: BCE's clamped log is a constant; those batches go through the interpreter."""
    model = MLP(1, [1], output_activation="sigmoid", seed=0)
    neuron = model.layers[0].neurons[0]
    neuron.w[0].data, neuron.b.data = 400.0, 0.0
    xs, ys = [[2.0], [-2.0], [0.001]], [0.0, 1.0, 1.0]  # p = 1 with label 0, p = 0 with label 1
    step = nn_compile(model, [[0.001], [0.002]], [1.0, 0.0], loss="bce")
    model.zero_grad()
    got = (step.step(xs, ys), [p.grad for p in model.parameters()])
    assert same(got, interpreted(model, "bce", xs, ys)) and got[0] == pytest.approx((200.0 + math.log(1.0 + math.exp(-0.4))) / 3)
    assert step.stats["interpreted_steps"] == 1
    assert same(compiled(model, "bce", [[0.01], [0.02]], [1.0, 0.0]), interpreted(model, "bce", [[0.01], [0.02]], [1.0, 0.0]))


def test_bce_with_logits_sign_test_both_ways() -> None:
    model = MLP(1, [1], seed=0)
    model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].b.data = 1.0, 0.0
    step = nn_compile(model, [[1.0], [2.0]], [1.0, 0.0], loss="bce_logits")  # every score ≥ 0
    traces = step.stats["traces"]
    xs, ys = [[-1.0], [3.0], [-2.0], [0.5]], [0.0, 1.0, 1.0, 0.0]  # now some scores are < 0
    model.zero_grad()
    got = (step.step(xs, ys), [p.grad for p in model.parameters()])
    assert same(got, interpreted(model, "bce_logits", xs, ys))
    assert step.stats["traces"] == traces + 1 and step.stats["interpreted_steps"] == 0 and "not (z_1_1 >= 0.0)" in step.source


def test_cross_entropy_max_shift_follows_the_winning_class() -> None:
    model = MLP(2, [3, 3], seed=5)
    step = nn_compile(model, X, CLASSES, loss="cross_entropy")
    assert "max_1 = max(z_2_1, z_2_2, z_2_3)" in step.source
    step.step(X, CLASSES)  # the batch size of the steps below: traced once
    traces = step.stats["traces"]
    for k in range(3):  # make each class the winner for every example in turn, and huge (e^1000 would overflow unshifted)
        model.layers[1].neurons[k].b.data = 1000.0
        assert same(compiled(model, "cross_entropy", X, CLASSES, trace_on=(X, CLASSES)), interpreted(model, "cross_entropy", X, CLASSES))
        model.layers[1].neurons[k].b.data = 0.0
    assert step.stats["traces"] == traces


def test_dead_relus() -> None:
    model = MLP(2, [6, 6, 1], seed=6)
    for n in model.layers[0].neurons[:3]:  # half the first layer dead for every input
        n.b.data = -100.0
    assert same(compiled(model, "mse", X, REAL), interpreted(model, "mse", X, REAL))
    for n in model.layers[0].neurons:  # all dead: nothing flows back into the first layer
        n.b.data = -100.0
    assert same(compiled(model, "mse", X, REAL), interpreted(model, "mse", X, REAL))


def test_a_diverging_fit_stops_the_same_way() -> None:
    errors = []
    for compile_ in (False, True):
        model = MLP(2, [4, 1], seed=1)
        with pytest.raises(FloatingPointError) as err:
            fit(model, X, [1e200 * r for r in REAL], loss="mse", optimizer=SGD(model.parameters(), lr=1.0), epochs=5, progress=False,
                compile=compile_)  # fmt: skip
        errors.append(str(err.value))
    assert errors[0] == errors[1]


def test_lecture_names_in_the_code() -> None:
    source = nn_compile(MLP(2, [3, 1], activation="sigmoid"), X, REAL, loss="mse").source
    for name in ("z_1_2", "a_1_2", "w_1_2_1", "b_1_2", "x_1", "grad_z_1_2", "grad_w_1_2_1", "z_2_1", "grad_a_1_3"):
        assert name in source
    layer = nn_compile(Layer(2, 2, activation="tanh"), X, [[r, r] for r in REAL], loss="mse").source
    assert "z_2 = b_2 + w_2_1 * x_1 + w_2_2 * x_2" in layer and "a_2 = tanh(z_2)" in layer
    neuron = nn_compile(Neuron(2, activation="sigmoid"), X, REAL, loss="mse").source
    assert "z = b + w_1 * x_1 + w_2 * x_2" in neuron and "a = sigmoid(z)" in neuron
    unfused = nn_compile(MLP(2, [2, 1], fused=False), X, REAL, loss="mse").source
    assert "wx_1_1_2 = w_1_1_2 * x_2" in unfused and "z_1_1 = s_1_1_1 + wx_1_1_2" in unfused
    softmax = nn_compile(MLP(2, [3], output_activation="softmax"), X, ONE_HOT, loss="mse").source
    assert "max_1 = max(z_1_1, z_1_2, z_1_3)" in softmax and "zm_1 = z_1_1 - max_1" in softmax and "p_1 = div(e_1, sum_e)" in softmax


def test_compiling_changes_nothing_a_learner_sees() -> None:
    model = MLP(2, [3, 1], seed=7)
    before = [(p.data, p.label, p.tag) for p in model.parameters()]
    out_before = model(X[0])
    nn_compile(model, X, REAL, loss="mse")
    out_after = model(X[0])
    assert [(p.data, p.label, p.tag) for p in model.parameters()] == before
    assert (out_after.data, out_after.label, out_after.tag) == (out_before.data, out_before.label, out_before.tag)
    assert isinstance(out_after.data, float) and type(out_after.data) is float


def test_fit_reuses_the_compiled_step_across_calls() -> None:
    model = MLP(2, [4, 1], seed=8)
    opt = Adam(model.parameters(), lr=0.01)
    fit(model, X, SIGNS, loss="hinge", optimizer=opt, epochs=1, progress=False, compile=True)
    step = nn_compile(model, X, SIGNS, loss="hinge")
    generations = step.stats["generations"]
    fit(model, X, SIGNS, loss="hinge", optimizer=opt, epochs=2, progress=False, compile=True)
    assert step.stats["generations"] == generations


def test_a_custom_loss_function_compiles() -> None:
    def smooth_l1(preds: list[Value], targets: list[float]) -> Value:
        terms = [(d * d * 0.5) if abs(d.data) < 1.0 else (abs(d) - 0.5) for d in (p - t for p, t in zip(preds, targets))]
        return sum(terms, Value(0.0)) / len(terms)

    scaled = [3 * r for r in REAL]
    assert same(compiled(MLP(2, [4, 1], seed=9), smooth_l1, X, scaled), interpreted(MLP(2, [4, 1], seed=9), smooth_l1, X, scaled))


def test_gradients_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    import nn

    model = MLP(2, [8, 8, 1], seed=10)
    value, grads = compiled(model, "hinge", X, SIGNS, l2=1e-4)
    seq = nn.to_torch(model)
    xs = torch.tensor(X, dtype=torch.float64)
    ys = torch.tensor(SIGNS, dtype=torch.float64)
    scores = seq(xs).squeeze(1)
    loss = torch.relu(1 - ys * scores).mean() + 1e-4 * sum((p * p).sum() for p in seq.parameters())
    loss.backward()
    theirs = [g for layer in seq if isinstance(layer, torch.nn.Linear) for w, b in zip(layer.weight.grad.tolist(), layer.bias.grad.tolist())
              for g in (*w, b)]  # fmt: skip
    assert value == pytest.approx(loss.item(), abs=1e-12)
    assert max(abs(a - b) for a, b in zip(grads, theirs)) < 1e-12


def test_a_network_too_big_to_compile_is_refused_before_training() -> None:
    from autograd_core.compiler import CompileError

    model = MLP(2, [120, 120, 1], seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(CompileError, match="max_lines"):
        fit(model, X, SIGNS, loss="hinge", l2=1e-4, epochs=1, progress=False, compile=True)
    assert [p.data for p in model.parameters()] == before


def test_anomaly_mode_runs_the_interpreter() -> None:
    from autograd_core import detect_anomaly

    model = MLP(2, [3, 1], seed=11)
    step = nn_compile(model, X, REAL, loss="mse")
    with detect_anomaly():
        model.zero_grad()
        value = step.step(X, REAL)
    assert step.stats["interpreted_steps"] == 1 and same((value, [p.grad for p in model.parameters()]), interpreted(model, "mse", X, REAL))
