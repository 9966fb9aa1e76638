"""Names and tags as the lectures write them, however a model is assembled, and no ``#k`` for anything nn makes."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from autograd_core import Value, walk
from nn import MLP, Layer, Module, Neuron, l2
from nn.loss_table import LOSSES
from nn.train import _penalised

ACTS = ["linear", "step", "sigmoid", "tanh", "relu"]


def labels(model: Module) -> list[str]:
    return [p.label for p in model.parameters()]


def test_an_mlp_names_layers_from_1_and_units_from_1() -> None:
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    assert labels(model) == ["w¹₁₁", "w¹₁₂", "b¹₁", "w¹₂₁", "w¹₂₂", "b¹₂", "w¹₃₁", "w¹₃₂", "b¹₃", "w²₁₁", "w²₁₂", "w²₁₃", "b²₁"]
    out = model([0.5, -1.0])  # linear output: z itself
    assert out.label == "z²₁" and out.tag == ("output layer", "unit 1")
    a = out.parents[4]  # z's parents: w²₁₁..w²₁₃, a¹₁..a¹₃, b²₁
    assert (a.label, a.parents[0].label, a.tag) == ("a¹₂", "z¹₂", ("hidden layer 1", "unit 2"))
    x1, x2 = a.parents[0].parents[2:4]
    assert (x1.label, x2.label, x1.tag, x2.tag) == ("x₁", "x₂", None, None)  # inputs are never tagged
    assert {p.tag for p in model.layers[0].neurons[1].parameters()} == {("hidden layer 1", "unit 2")}


def test_tags_are_readable_paths_of_layer_and_unit() -> None:
    model = MLP(2, [3, 2], output_activation="softmax", seed=0)
    for name, p in model.named_parameters():  # layers.0.neurons.2.w.1 -> ("hidden layer 1", "unit 3")
        layer, unit = int(name.split(".")[1]), int(name.split(".")[3])
        assert p.tag == ("hidden layer 1" if layer == 0 else "output layer", f"unit {unit + 1}")
    probs = model([0.5, 0.25])
    z = probs[0].parents[0].parents[0].parents[0]  # p = e / Σ, e = exp(z - m)
    assert z.label == "z²₁" and z.tag == ("output layer", "unit 1")
    hidden_a = z.parents[3]  # parents: w0..w2, then the inputs a0..a2, then b
    assert hidden_a.label == "a¹₁" and hidden_a.tag == hidden_a.parents[0].tag == ("hidden layer 1", "unit 1")
    assert {p.tag for p in probs} == {("output layer", "softmax")}
    assert probs[0].parents[1].tag == ("output layer", "softmax")  # the softmax's Σ node belongs to the layer
    shift = probs[0].parents[0].parents[0]
    assert shift.parents[1].tag is None and shift.parents[1].label == ""  # the max m is a number, not a parameter
    assert Neuron(2, seed=0)([1, 2]).tag == ("neuron",)
    assert Layer(2, 3, seed=0)([1, 2])[1].tag == ("unit 2",)


def test_a_layer_alone_and_a_neuron_alone_have_no_layer_index() -> None:
    layer = Layer(2, 3, activation="tanh", seed=0)
    assert labels(layer)[3:6] == ["w₂₁", "w₂₂", "b₂"]
    a = layer([1.0, 2.0])[1]
    assert (a.label, a.parents[0].label, a.tag) == ("a₂", "z₂", ("unit 2",))
    neuron = Neuron(2, activation="sigmoid", seed=0)
    assert labels(neuron) == ["w₁", "w₂", "b"]
    a = neuron([1.0, 2.0])
    assert (a.label, a.parents[0].label, a.tag, neuron.b.tag) == ("a", "z", ("neuron",), ("neuron",))


def test_two_digit_indices_are_separated_by_a_comma() -> None:
    model = MLP(12, [12, 1], seed=0)
    assert model.layers[0].neurons[11].w[2].label == "w¹₁₂,₃"
    assert model.layers[0].neurons[2].w[11].label == "w¹₃,₁₂"
    assert model.layers[0].neurons[2].w[8].label == "w¹₃₉" and model.layers[0].neurons[11].b.label == "b¹₁₂"
    assert model.layers[1].neurons[0].w[11].label == "w²₁,₁₂"


def test_softmax_outputs_are_p_and_the_max_is_an_untagged_number() -> None:
    probs = MLP(2, [3, 2], output_activation="softmax", seed=0)([0.5, 0.25])
    assert [p.label for p in probs] == ["p₁", "p₂"] and {p.tag for p in probs} == {("output layer", "softmax")}
    e, total = probs[1].parents
    shift = e.parents[0]
    assert (e.label, shift.label, total.label) == ("e^(z²₂ − m)", "z²₂ − m", "Σ e^(z − m)")
    m = shift.parents[1]
    zs = [p.parents[0].parents[0].parents[0] for p in probs]  # p = e / Σ, e = exp(z − m)
    assert [z.label for z in zs] == ["z²₁", "z²₂"]
    assert m.op == "" and m.tag is None and m.label == "" and m.data == max(z.data for z in zs)
    assert [p.label for p in Layer(2, 3, activation="softmax", seed=0)([1.0, 2.0])] == ["p₁", "p₂", "p₃"]


def test_unfused_neurons_label_every_product_and_running_sum() -> None:
    neuron = MLP(3, [2, 1], fused=False, seed=0).layers[0].neurons[1]
    a = neuron([1.0, 2.0, 3.0])
    z = a.parents[0]
    assert z.label == "z¹₂" and z.op == "add"
    sum2, p3 = z.parents
    sum1, p2 = sum2.parents
    b, p1 = sum1.parents
    assert (p1.label, p2.label, p3.label) == ("w¹₂₁·x₁", "w¹₂₂·x₂", "w¹₂₃·x₃")
    assert (sum1.label, sum2.label, b.label) == ("b¹₂ + w¹₂₁·x₁", "b¹₂ + … + w¹₂₂·x₂", "b¹₂")
    deeper = MLP(2, [3, 1], activation="tanh", bias=False, fused=False, seed=0)([1.0, 2.0])
    assert deeper.label == "z²₁" and deeper.parents[0].label == "w²₁₁·a¹₁ + w²₁₂·a¹₂" and deeper.parents[1].label == "w²₁₃·a¹₃"
    single = Neuron(1, "linear", bias=False, fused=False, seed=0)([2.0])
    assert single.label == "z" and single.op == "mul"


def test_names_are_made_once_per_neuron_not_per_call() -> None:
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    first, second = model.batch([[0.1, 0.2]])[0], model([0.3, 0.4])
    assert first.label is second.label  # the very same string object: assigned, never formatted per node
    a1, a2 = first.parents[3], second.parents[3]
    assert a1.label is a2.label and a1.parents[0].label is a2.parents[0].label


def test_names_survive_load_config_and_user_modules(tmp_path: Path) -> None:
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    model.save(tmp_path / "m.json")
    want = labels(model)
    for other in (MLP.load(tmp_path / "m.json"), MLP.from_config(model.config()), Module.load(tmp_path / "m.json")):
        assert labels(other) == want and other([1.0, 2.0]).label == "z²₁"

    class Net(Module):
        def __init__(self) -> None:
            self.encoder = MLP(2, [3], activation="tanh", output_activation="tanh", seed=0)
            self.hidden = Layer(3, 2, activation="relu", seed=1)
            self.head = Neuron(2, "linear", seed=2)

        def __call__(self, x: list[float]) -> Value:
            return self.head(self.hidden(self.encoder(x)))

    net = Net()
    assert net.encoder.layers[0].neurons[0].w[0].tag == ("encoder", "output layer", "unit 1")
    assert net.hidden.neurons[1].b.tag == ("hidden", "unit 2") and net.hidden.neurons[1].b.label == "b₂"
    assert net.head.b.tag == ("head",) and net([1.0, 2.0]).tag == ("head",)
    net.head = Neuron(2, "linear", seed=3)  # reassigning a child names it for its new place
    assert net.head.w[1].tag == ("head",) and net.head.w[1].label == "w₂"


def test_names_survive_from_torch() -> None:
    pytest.importorskip("torch")
    from nn import from_torch, to_torch

    model = from_torch(to_torch(MLP(2, [3, 1], activation="tanh", seed=0)))
    assert labels(model) == labels(MLP(2, [3, 1], seed=1)) and model([1.0, 2.0]).tag == ("output layer", "unit 1")


def test_reassigned_weights_take_the_neurons_names() -> None:
    neuron = MLP(2, [3, 1], seed=0).layers[0].neurons[2]
    neuron.w = [Value(1.0), Value(2.0)]
    assert [w.label for w in neuron.w] == ["w¹₃₁", "w¹₃₂"] and neuron.w[0].tag == ("hidden layer 1", "unit 3")


# ---- every node a model's loss graph holds is named (no #k) -----------------------------------------


def targets_for(loss: str, nout: int, n: int) -> list[Any]:
    if loss == "cross_entropy":
        return [i % nout for i in range(n)]
    if loss == "hinge":
        return [(-1.0) ** i for i in range(n)]
    if loss in ("bce", "bce_logits"):
        return [[0.0, 1.0, 0.3][i % 3] for i in range(n)]  # both terms, either term alone
    return [0.5 * i for i in range(n)] if nout == 1 else [[0.5 * i + j for j in range(nout)] for i in range(n)]


def cases() -> list[tuple[str, str, str, bool, bool]]:
    out = []
    for hidden, output, loss, fused, bias in itertools.product(ACTS, [*ACTS, "softmax"], LOSSES, [True, False], [True, False]):
        entry = LOSSES[loss]
        if (entry.needs and output not in entry.needs) or output in entry.refuses:
            continue
        out.append((hidden, output, loss, fused, bias))
    return out


@pytest.mark.parametrize(("hidden", "output", "loss", "fused", "bias"), cases())
def test_every_node_is_labelled_or_an_untagged_number(hidden: str, output: str, loss: str, fused: bool, bias: bool) -> None:
    nout = 1 if LOSSES[loss].outputs == "one" or (loss == "mse" and output != "softmax" and bias) else 3
    model = MLP(2, [3, nout], activation=hidden, output_activation=output, fused=fused, bias=bias, seed=0)
    X = [[0.5, -1.0], [1.5, 0.25], [-0.5, 2.0]]  # noqa: N806
    preds = model.batch(X)
    root = _penalised(LOSSES[loss](preds, targets_for(loss, nout, len(X))), 1e-3, model.parameters(), LOSSES[loss].title)
    nodes = walk(root)
    unnamed = [v for v in nodes if not v.label and not (v.op == "" and v.tag is None)]
    assert not unnamed, f"nodes with no label: {[(v.op, v.data) for v in unnamed[:5]]}"
    tagged_leaves = {v for v in nodes if not v.op and v.tag is not None}
    assert tagged_leaves == set(model.parameters())  # only parameters look like parameters
    assert root.label == "L" and root.parents[0].label == LOSSES[loss].title and root.tag == ("loss",)
    assert all(v.tag == ("loss",) for v in walk(root.parents[1]) if v.op)  # λ·Σ p², its Σ and squares


@pytest.mark.parametrize("output", [*ACTS, "softmax"])
@pytest.mark.parametrize("fused", [True, False])
def test_a_layer_and_a_neuron_alone_leave_nothing_unnamed(output: str, fused: bool) -> None:
    layer = Layer(2, 2, activation=output, fused=fused, seed=0)
    roots = [o for x in ([1.0, 2.0], [0.5, 0.0]) for o in layer(x)] + [l2(layer.parameters())]
    if output != "softmax":
        roots.append(Neuron(2, activation=output, fused=fused, seed=0)([1.0, 2.0]))
    for root in roots:
        assert all(v.label or (not v.op and v.tag is None) for v in walk(root))


def test_the_named_softmax_is_autograd_cores_softmax_bit_for_bit() -> None:
    from autograd_core import softmax

    layer = Layer(3, 4, activation="softmax", seed=5)
    for n, b in zip(layer.neurons, [1000.0, -3.0, 0.5, 999.0], strict=True):
        n.b.data = b  # large scores: the shift by the max is what keeps e^z finite
    x = [0.3, -1.2, 2.0]
    ours, theirs = layer(x), softmax([n(x) for n in layer.neurons])  # the layer's own, named; the engine's on the same z's
    assert [p.data for p in ours] == [p.data for p in theirs]
    (ours[1] * 2.0 + ours[3]).backward()
    mine = [p.grad for p in layer.parameters()]
    layer.zero_grad()
    (theirs[1] * 2.0 + theirs[3]).backward()
    assert mine == [p.grad for p in layer.parameters()]


def test_a_neuron_given_more_weights_than_its_layer_has_inputs_still_names_them() -> None:
    model = MLP(2, [3, 1], fused=False, seed=0)
    neuron = model.layers[1].neurons[0]
    neuron.w = [Value(0.1) for _ in range(4)]  # no longer reads a¹₁..a¹₃: named by position
    assert [w.label for w in neuron.w] == ["w²₁₁", "w²₁₂", "w²₁₃", "w²₁₄"]
    z = neuron([1.0, 2.0, 3.0, 4.0])
    assert z.label == "z²₁" and z.parents[1].label == "w²₁₄·x₄"
