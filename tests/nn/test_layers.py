"""Neuron, Layer and MLP: shapes, activations, initialisation, tags, fused = unfused, bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_core import Value, gradcheck, no_grad, vsum
from nn import ACTIVATIONS, MLP, Layer, Neuron

from .strategies import mlp_specs, rows_for


def test_mlp_default_is_micrograd_shaped() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    assert [layer.activation for layer in model.layers] == ["relu", "relu", "linear"]
    assert len(model.parameters()) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1 == 337
    neuron = model.layers[0].neurons[3]
    assert len(neuron.w) == 2 and all(isinstance(w, Value) for w in neuron.w) and isinstance(neuron.b, Value)
    out = model([0.5, -1.0])
    assert isinstance(out, Value) and out.op == "wsum"  # linear output: z itself, no identity node


def test_calls_return_a_value_for_one_output_else_a_list() -> None:
    assert isinstance(Neuron(3, seed=0)([1, 2, 3]), Value)
    assert isinstance(Layer(3, 1, seed=0)([1, 2, 3]), Value)
    layer_out = Layer(3, 4, seed=0)([1, 2, 3])
    assert isinstance(layer_out, list) and len(layer_out) == 4
    out = MLP(3, [5, 2], seed=0)([1, 2, 3])
    assert isinstance(out, list) and len(out) == 2


def test_width_one_hidden_layer_works() -> None:
    model = MLP(2, [1, 3, 1, 2], activation="tanh", seed=1)
    out = model([0.3, -0.2])
    assert isinstance(out, list) and len(out) == 2
    (out[0] + out[1]).backward()
    assert all(math.isfinite(p.grad) for p in model.parameters())
    assert any(p.grad != 0.0 for p in model.layers[0].parameters())


def test_single_input_accepts_a_bare_number_and_numpy_scalars() -> None:
    np = pytest.importorskip("numpy")
    model = MLP(1, [4, 1], seed=0)
    assert model(0.5).data == model([0.5]).data == model(np.float64(0.5)).data == model(np.array([0.5])).data


@pytest.mark.parametrize("activation", ["linear", "step", "sigmoid", "tanh", "relu"])
def test_each_activation_computes_its_formula(activation: str) -> None:
    n = Neuron(3, activation=activation, seed=2)
    n.b.data = 0.25
    x = [0.5, -1.5, 2.0]
    z = 0.25 + sum(w.data * xi for w, xi in zip(n.w, x, strict=True))
    want = {
        "linear": z, "step": 1.0 if z >= 0 else 0.0, "sigmoid": 1 / (1 + math.exp(-z)), "tanh": math.tanh(z), "relu": max(0.0, z),
    }[activation]  # fmt: skip
    a = n(x)
    assert a.data == pytest.approx(want, rel=1e-12, abs=1e-15)
    if activation != "linear":
        assert a.label == "a" and a.parents[0].label == "z" and a.parents[0].op == "wsum"


def test_softmax_output_layer_gives_probabilities() -> None:
    model = MLP(4, [6, 3], output_activation="softmax", seed=0)
    probs = model([1.0, -2.0, 0.5, 3.0])
    assert len(probs) == 3 and sum(p.data for p in probs) == pytest.approx(1.0, abs=1e-15)
    assert all(0 < p.data < 1 for p in probs)
    probs[0].backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    huge = Layer(2, 3, activation="softmax", seed=0)
    for n in huge.neurons:
        n.b.data = 1000.0  # e^1000 would overflow without the max shift
    assert sum(p.data for p in huge([1.0, 1.0])) == pytest.approx(1.0)


def test_seeded_initialisation_is_reproducible() -> None:
    a, b, c = MLP(3, [8, 2], seed=7), MLP(3, [8, 2], seed=7), MLP(3, [8, 2], seed=8)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert [p.data for p in a.parameters()] != [p.data for p in c.parameters()]
    assert {p.data for p in MLP(3, [8, 2]).parameters()} != {p.data for p in MLP(3, [8, 2]).parameters()}


@pytest.mark.parametrize(("activation", "gain"), [("relu", math.sqrt(2)), ("tanh", 1.0), ("sigmoid", 1.0), ("linear", 1.0)])
def test_initial_scale_suits_the_activation(activation: str, gain: float) -> None:
    layer = Layer(50, 40, activation=activation, seed=0)
    bound = gain * math.sqrt(3 / 50)
    ws = [w.data for n in layer.neurons for w in n.w]
    assert max(map(abs, ws)) <= bound and max(map(abs, ws)) > 0.9 * bound
    var = sum(w * w for w in ws) / len(ws)
    assert var == pytest.approx(gain**2 / 50, rel=0.1)  # Var(U(-r, r)) = r²/3 = gain²/nin
    assert all(n.b.data == 0.0 for n in layer.neurons)


def test_inputs_are_converted_once_per_call_and_labelled() -> None:
    model = MLP(2, [3, 1], seed=0)
    out = model([0.5, 0.25])
    first_layer_zs = [a.parents[0] for a in out.parents[3:6]]  # output z's parents: w0..w2, a0..a2, b
    xs = {id(x) for z in first_layer_zs for x in z.parents[2:4]}
    assert len(xs) == 2  # every neuron of layer 0 reads the same two input Values
    assert [x.label for x in first_layer_zs[0].parents[2:4]] == ["x₁", "x₂"]


def test_value_inputs_receive_gradients() -> None:
    model = MLP(2, [4, 1], activation="tanh", seed=0)
    x = [Value(0.3), Value(-0.6)]
    model(x).backward()
    assert all(v.grad != 0.0 for v in x)
    assert gradcheck(lambda a, b: model([a, b]), x)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_parameter_gradients_agree_with_central_differences(activation: str) -> None:
    model = MLP(3, [4, 3, 1], activation=activation, output_activation="tanh", seed=5)
    x = [0.9, -0.4, 1.3]
    assert gradcheck(lambda *ps: model(x), model.parameters())


def test_unfused_neuron_has_elementary_nodes() -> None:
    fused, unfused = Neuron(3, "linear", seed=1), Neuron(3, "linear", fused=False, seed=1)
    z1, z2 = fused([1, 2, 3]), unfused([1, 2, 3])
    assert z1.op == "wsum" and len(z1.parents) == 7
    assert z2.op == "add" and z2.parents[1].op == "mul"
    assert z2.parents[0].parents[0].parents[0] is unfused.b  # ((b + w0x0) + w1x1) + w2x2
    assert z1.data == z2.data


@given(mlp_specs(), st.data())
def test_fused_and_unfused_give_identical_numbers(spec: dict, data: st.DataObject) -> None:
    x = data.draw(rows_for(spec["nin"]))
    a, b = MLP(**spec, fused=True, seed=3), MLP(**spec, fused=False, seed=3)
    outs = []
    for model in (a, b):
        out = model(x)
        out = out if isinstance(out, list) else [out]
        root = out[0] if len(out) == 1 else out[0] * 0.5 + out[-1]
        root.backward()
        outs.append([o.data for o in out])
    assert outs[0] == outs[1]  # the forward pass is bit for bit the same
    # A node read by 3+ consumers sums their contributions in the engine's backward order, which
    # differs between the two graphs: gradients agree to the last bit or so.
    ga, gb = [p.grad for p in a.parameters()], [p.grad for p in b.parameters()]
    assert ga == pytest.approx(gb, rel=1e-12, abs=1e-13 * max(map(abs, ga), default=0.0))


def test_a_layers_z_nodes_keep_each_neurons_parameter_tuple_and_one_row() -> None:
    layer = Layer(3, 4, "tanh", seed=2)
    outs = [layer([0.1, 0.2, 0.3]) for _ in range(2)]
    zs = [a.parents[0] for out in outs for a in out]
    assert all(z.op == "wsum" for z in zs)
    for j, n in enumerate(layer.neurons):  # the same tuple in both calls: no copy of the parameters per node
        assert outs[0][j].parents[0]._a is outs[1][j].parents[0]._a
        assert outs[0][j].parents[0].parents == (*n.w, *outs[0][0].parents[0]._b, n.b)
    assert len({id(z._b) for z in zs[:4]}) == 1  # one input row for the layer


def test_replacing_weights_is_seen_by_the_next_call() -> None:
    n = Neuron(2, "linear", seed=0)
    assert isinstance(n.w, tuple)
    before = n([1.0, 1.0])
    n.w = [Value(5.0), Value(6.0)]  # rebinding (w is a tuple, so it cannot change in place)
    n.b = Value(1.0)
    after = n([1.0, 1.0])
    assert after.data == 12.0 and after.parents[:2] == n.w and after.parents[-1] is n.b and before.data != 12.0
    assert [name for name, _ in n.named_parameters()] == ["w.0", "w.1", "b"] and n.w[0].tag == n._tag


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("output_activation", ["linear", "softmax"])
def test_batch_builds_the_same_graph_as_one_call_per_row(fused: bool, output_activation: str) -> None:
    rows = [[0.5, -1.0, 2.0], [0.0, 0.25, -0.75], [1.5, 1.0, 0.5]]
    one, many = (MLP(3, [4, 3], activation="tanh", output_activation=output_activation, fused=fused, seed=5) for _ in range(2))
    singles = [one(r) for r in rows]
    batched = many.batch(rows)
    assert [[v.data for v in out] for out in batched] == [[v.data for v in out] for out in singles]
    assert [[v.label for v in out] for out in batched] == [[v.label for v in out] for out in singles]
    assert [v.tag for v in batched[0]] == [v.tag for v in singles[0]]
    vsum([v * (i + 1) for out in singles for i, v in enumerate(out)]).backward()
    vsum([v * (i + 1) for out in batched for i, v in enumerate(out)]).backward()
    assert [p.grad for p in many.parameters()] == pytest.approx([p.grad for p in one.parameters()], rel=1e-12, abs=1e-15)
    layer = many.layers[0]
    assert [v.data for v in layer.batch(rows)[1]] == [v.data for v in layer(rows[1])]


def test_batch_of_a_single_output_model_gives_values_and_names_a_bad_row() -> None:
    model = MLP(2, [3, 1], seed=0)
    outs = model.batch([[0.1, 0.2], (0.3, 0.4)])
    assert [o.data for o in outs] == [model([0.1, 0.2]).data, model([0.3, 0.4]).data]
    with pytest.raises(ValueError, match=r"MLP.batch row 1: MLP expects 2 inputs, got 3"):
        model.batch([[0.1, 0.2], [1, 2, 3]])
    with pytest.raises(TypeError, match="MLP.batch expects a list of input rows, not float"):
        model.batch(0.5)
    with pytest.raises(TypeError, match=r"Layer.batch row 0: Layer input x₂ must be a number"):
        model.layers[0].batch([[0.1, "x"]])


def test_fused_can_be_toggled_on_a_model() -> None:
    model = MLP(2, [3, 1], seed=0)
    before = model([0.1, 0.2]).data
    model.fused = False
    assert not model.fused and all(not n.fused for layer in model.layers for n in layer.neurons)
    assert model([0.1, 0.2]).data == before and model([0.1, 0.2]).op == "add"


def test_no_grad_calls_build_no_graph() -> None:
    model = MLP(2, [3, 1], seed=0)
    with no_grad():
        out = model([1.0, 2.0])
    assert out.parents == () and out.op == ""


def test_no_bias() -> None:
    model = MLP(2, [3, 1], bias=False, seed=0)
    assert all(n.b is None for layer in model.layers for n in layer.neurons)
    assert len(model.parameters()) == 2 * 3 + 3
    assert MLP(2, [3, 1], bias=False, fused=False, seed=0)([0.5, 0.5]).data == model([0.5, 0.5]).data


def test_reprs() -> None:
    assert repr(MLP(2, [16, 16, 1], seed=0)).splitlines() == [
        "MLP(2 → 16 → 16 → 1, relu, 337 parameters)(",
        "  (layers.0): Layer(2 → 16, relu, 48 parameters)",
        "  (layers.1): Layer(16 → 16, relu, 272 parameters)",
        "  (layers.2): Layer(16 → 1, linear, 17 parameters)",
        ")",
    ]
    assert repr(MLP(2, [3], output_activation="sigmoid", seed=0)).startswith("MLP(2 → 3, relu, sigmoid output, 9 parameters)")
    assert repr(Neuron(3, "tanh", bias=False, fused=False)) == "Neuron(3 inputs, tanh, no bias, unfused)"


def test_architecture_is_read_only() -> None:
    model = MLP(2, [3, 1], seed=0)
    for obj, name in ((model, "activation"), (model, "nouts"), (model.layers[0], "activation"), (model.layers[0].neurons[0], "nin")):
        with pytest.raises(AttributeError):
            setattr(obj, name, "tanh")


def test_activation_names() -> None:
    assert ACTIVATIONS == ("linear", "step", "sigmoid", "tanh", "relu", "softmax")
