"""to_torch / from_torch: same weights, outputs and gradients both ways; torch only when asked."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nn import MLP, SGD, Adam, Layer, Neuron, bce_loss, bce_with_logits, cross_entropy, from_torch, hinge_loss, mse_loss, to_torch

torch = pytest.importorskip("torch")
X = [[0.3, -1.2, 0.8], [1.5, 0.1, -0.4], [-0.7, 0.9, 0.2], [0.0, 0.5, -2.0]]


def torch_out(seq, rows):  # type: ignore[no-untyped-def]
    xs = torch.tensor(rows, dtype=torch.float64)
    return seq(xs)


def flat(rows):  # type: ignore[no-untyped-def]
    return [v for row in rows for v in row]


def our_rows(model, rows):  # type: ignore[no-untyped-def]
    outs = [model(r) for r in rows]
    return [o if isinstance(o, list) else [o] for o in outs]


@pytest.mark.parametrize(
    ("activation", "output_activation", "bias"),
    [
        ("relu", "linear", True),
        ("tanh", "sigmoid", True),
        ("sigmoid", "softmax", False),
        ("linear", "tanh", True),
        ("step", "linear", True),
    ],
)
def test_same_outputs_and_gradients(activation: str, output_activation: str, bias: bool) -> None:
    model = MLP(3, [5, 4, 2], activation=activation, output_activation=output_activation, bias=bias, seed=1)
    seq = to_torch(model)
    assert all(p.dtype == torch.float64 for p in seq.parameters())
    outs = our_rows(model, X)
    t_out = torch_out(seq, X)
    assert [v.data for row in outs for v in row] == pytest.approx(flat(t_out.tolist()), rel=1e-12, abs=1e-14)
    loss = mse_loss(outs, [[1.0, -1.0]] * len(X))
    t_loss = torch.nn.functional.mse_loss(t_out, torch.tensor([[1.0, -1.0]] * len(X), dtype=torch.float64))
    loss.backward()
    t_loss.backward()
    for layer, lin in zip(model.layers, [m for m in seq if isinstance(m, torch.nn.Linear)], strict=True):
        w_grad = [w.grad for n in layer.neurons for w in n.w]
        assert w_grad == pytest.approx(flat(lin.weight.grad.tolist()), rel=1e-10, abs=1e-13)
        if bias:
            assert [n.b.grad for n in layer.neurons] == pytest.approx(lin.bias.grad.tolist(), rel=1e-10, abs=1e-13)


F = torch.nn.functional
LOSSES = {  # ours, torch's, targets, output activation, output width
    "mse": (mse_loss, lambda o, t: F.mse_loss(o.squeeze(1), t), [0.5, -1.0, 2.0, 0.0], "linear", 1),
    "bce": (bce_loss, lambda o, t: F.binary_cross_entropy(o.squeeze(1), t), [1.0, 0.0, 0.3, 1.0], "sigmoid", 1),
    "bce_logits": (bce_with_logits, lambda o, t: F.binary_cross_entropy_with_logits(o.squeeze(1), t), [1.0, 0.0, 1.0, 0.7], "linear", 1),
    "cross_entropy": (cross_entropy, lambda o, t: F.cross_entropy(o, t.long()), [0, 2, 1, 2], "linear", 3),
    "hinge": (hinge_loss, lambda o, t: torch.clamp(1 - t * o.squeeze(1), min=0).mean(), [1.0, -1.0, -1.0, 1.0], "linear", 1),
}


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("seed", range(3))
def test_random_mlps_and_each_loss_agree_with_torch(loss: str, seed: int) -> None:
    ours_fn, theirs_fn, ys, out_act, nout = LOSSES[loss]
    activation = ["relu", "tanh", "sigmoid"][seed]
    model = MLP(3, [6, 5, nout], activation=activation, output_activation=out_act, seed=seed)
    seq = to_torch(model)
    ours = ours_fn([model(r) for r in X], ys)
    theirs = theirs_fn(torch_out(seq, X), torch.tensor(ys, dtype=torch.float64))
    ours.backward()
    theirs.backward()
    assert ours.data == pytest.approx(theirs.item(), rel=1e-12)
    theirs_grads = [g for p in seq.parameters() for g in p.grad.flatten().tolist()]
    ours_grads = []
    for layer in model.layers:  # torch's order: each layer's weight matrix, then its bias vector
        ours_grads += [w.grad for n in layer.neurons for w in n.w] + [n.b.grad for n in layer.neurons]
    assert ours_grads == pytest.approx(theirs_grads, rel=1e-10, abs=1e-13)


@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
def test_training_steps_match_torch_optim_on_an_mlp(optimizer: str) -> None:
    model = MLP(3, [6, 1], activation="tanh", seed=4)
    seq = to_torch(model)
    kwargs = {"lr": 0.05, "momentum": 0.9, "nesterov": True} if optimizer == "SGD" else {"lr": 0.02, "weight_decay": 1e-3}
    opt = {"SGD": SGD, "Adam": Adam}[optimizer](model.parameters(), **kwargs)
    topt = getattr(torch.optim, optimizer)(seq.parameters(), **kwargs, foreach=False)
    ys = [1.0, 0.0, 1.0, 0.0]
    for _ in range(5):
        opt.zero_grad()
        bce_with_logits([model(r) for r in X], ys).backward()
        opt.step()
        topt.zero_grad()
        F.binary_cross_entropy_with_logits(torch_out(seq, X).squeeze(1), torch.tensor(ys, dtype=torch.float64)).backward()
        topt.step()
    assert [p.data for p in from_torch(seq).parameters()] == pytest.approx([p.data for p in model.parameters()], rel=1e-10, abs=1e-13)


def test_round_trip_through_torch() -> None:
    model = MLP(3, [4, 2], activation="tanh", output_activation="softmax", seed=3)
    back = from_torch(to_torch(model))
    assert back.config() == model.config()
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]


def test_neuron_and_layer_convert() -> None:
    n = Neuron(3, "sigmoid", seed=0)
    assert [m.__class__.__name__ for m in to_torch(n)] == ["Linear", "Sigmoid"]
    assert to_torch(n)(torch.tensor([X[0]], dtype=torch.float64)).item() == pytest.approx(n(X[0]).data, rel=1e-12)
    layer = Layer(3, 2, "relu", seed=0)
    back = from_torch(to_torch(layer))
    assert back.nouts == [2] and back.output_activation == "relu"
    assert [v.data for v in back(X[1])] == [v.data for v in layer(X[1])]


def test_from_a_torch_built_sequential() -> None:
    torch.manual_seed(0)
    seq = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Tanh()),
                              torch.nn.Identity(), torch.nn.Linear(8, 1))  # fmt: skip
    model = from_torch(seq, fused=False)
    assert model.config() == {"type": "MLP", "nin": 3, "nouts": [8, 8, 1], "activation": "tanh", "output_activation": "linear",
                              "bias": True, "fused": False}  # fmt: skip
    want = seq(torch.tensor(X, dtype=torch.float32)).squeeze(1).tolist()
    assert [model(r).data for r in X] == pytest.approx(want, rel=1e-5, abs=1e-6)  # torch ran in float32


def _seq(*mods):  # type: ignore[no-untyped-def]
    return lambda: torch.nn.Sequential(*(m() for m in mods))


L, R, T = torch.nn.Linear, torch.nn.ReLU, torch.nn.Tanh


@pytest.mark.parametrize(
    ("seq", "match"),
    [
        (_seq(lambda: L(2, 3), lambda: torch.nn.Dropout(0.5), lambda: L(3, 1)), r"cannot convert module 1 \(Dropout\)"),
        (_seq(R, lambda: L(2, 1)), "must follow a Linear layer"),
        (_seq(lambda: L(2, 3), R, T), "must follow a Linear layer"),
        (_seq(lambda: L(2, 3), lambda: L(4, 1)), "module 1 takes 4 inputs but the layer before gives 3"),
        (_seq(lambda: L(2, 3), R, lambda: L(3, 3), T, lambda: L(3, 1)), "hidden layers share one activation"),
        (_seq(lambda: L(2, 3), R, lambda: L(3, 1, bias=False)), "some Linear layers have a bias"),
        (_seq(lambda: L(2, 3), lambda: torch.nn.Softmax(dim=0)), r"Softmax\(dim=0\)"),
        (_seq(lambda: L(2, 3), lambda: torch.nn.Softmax(dim=-1), lambda: L(3, 1)), "output-layer option"),
        (_seq(), "no Linear layer"),
    ],
)
def test_unsupported_torch_models_are_a_clear_error(seq, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=match):
        from_torch(seq())


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="from_torch expects a torch.nn.Sequential"):
        from_torch([1, 2])
    with pytest.raises(TypeError, match="to_torch converts a Neuron, Layer or MLP"):
        to_torch("model")  # type: ignore[arg-type]


def test_importing_nn_does_not_import_torch() -> None:
    code = "import sys, nn; m = nn.MLP(2, [3, 1], seed=0); nn.fit(m, *nn.xor(signed=True), loss='hinge', epochs=2, progress=False)\n"
    code += "print('torch' in sys.modules, 'sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == ["False", "False"]
