"""to_torch / from_torch: same weights exactly, outputs, losses and gradients to 1e-12 in float64; clear refusals;
torch imported only when asked, and a missing torch says how to install it."""

from __future__ import annotations

import random
import subprocess
import sys
import warnings

import pytest

from nn import MLP, SGD, Adam, Layer, Neuron, bce_loss, bce_with_logits, cross_entropy, from_torch, hinge_loss, mse_loss, to_torch

torch = pytest.importorskip("torch")
F = torch.nn.functional
X = [[0.3, -1.2, 0.8], [1.5, 0.1, -0.4], [-0.7, 0.9, 0.2], [0.0, 0.5, -2.0]]
_rng = random.Random(0)
MORE = X + [[_rng.uniform(-2, 2) for _ in range(3)] for _ in range(12)]  # enough rows that no ReLU output is dead on all
TOL = {"rel": 1e-12, "abs": 1e-12}  # measured worst case over these models: 3.6e-15 absolute

HIDDEN = ["relu", "tanh", "sigmoid", "linear"]
OUTPUT = ["linear", "sigmoid", "tanh", "relu", "softmax"]
WIDTHS = [([2], True), ([6, 1], False), ([4, 3], True), ([5, 4, 2], False), ([8, 8, 8, 3], True)]  # (layer widths, bias)
CASES = [
    pytest.param(h, o, w, b, id=f"{h}-{o}-{'x'.join(map(str, w))}{'' if b else '-nobias'}")
    for h in HIDDEN
    for o in OUTPUT
    for w, b in WIDTHS
    if not (o == "softmax" and w[-1] == 1)
]
MODULE = {"linear": "Identity", "relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def convert(model):  # type: ignore[no-untyped-def]
    """to_torch, expecting its logits warning exactly when the output is softmax."""
    if model.output_activation == "softmax":
        with pytest.warns(UserWarning, match="CrossEntropyLoss"):
            return to_torch(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return to_torch(model)


def rows_of(model, rows):  # type: ignore[no-untyped-def]
    outs = [model(r) for r in rows]
    return [o if isinstance(o, list) else [o] for o in outs]


def torch_params_order(model):  # type: ignore[no-untyped-def]
    """Our parameters in torch's order: each layer's weight matrix (row per neuron), then its bias vector."""
    out = []
    for layer in model.layers:
        out += [w for n in layer.neurons for w in n.w] + [n.b for n in layer.neurons if n.b is not None]
    return out


def tensor(rows):  # type: ignore[no-untyped-def]
    return torch.tensor(rows, dtype=torch.float64)


@pytest.mark.parametrize(("activation", "output_activation", "widths", "bias"), CASES)
def test_round_trip_keeps_every_weight_exactly(activation: str, output_activation: str, widths: list[int], bias: bool) -> None:
    model = MLP(3, widths, activation=activation, output_activation=output_activation, bias=bias, seed=len(widths))
    seq = convert(model)
    kinds = [m.__class__.__name__ for m in seq]
    acts = [activation] * (len(widths) - 1) + [output_activation]
    assert kinds == [k for a in acts for k in ("Linear", MODULE.get(a)) if k]  # a softmax output ends in its Linear: logits
    assert all(p.dtype == torch.float64 for p in seq.parameters())
    assert [v for p in seq.parameters() for v in p.detach().flatten().tolist()] == [p.data for p in torch_params_order(model)]
    back = from_torch(seq, output_activation="softmax" if output_activation == "softmax" else None)
    want = model.config()
    if len(widths) == 1:  # no hidden layer, so no hidden activation in the Sequential: from_torch gives MLP's default
        want["activation"] = "relu"
    assert back.config() == want
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]


@pytest.mark.parametrize(("activation", "output_activation", "widths", "bias"), CASES)
def test_outputs_loss_and_every_gradient_agree_to_1e_12(activation: str, output_activation: str, widths: list[int], bias: bool) -> None:
    model = MLP(3, widths, activation=activation, output_activation=output_activation, bias=bias, seed=len(widths) + 10)
    seq = convert(model)
    outs = rows_of(model, MORE)
    t_out = seq(tensor(MORE))
    if output_activation == "softmax":
        t_out = torch.softmax(t_out, dim=-1)
    assert [v.data for row in outs for v in row] == pytest.approx(t_out.flatten().tolist(), **TOL)
    targets = [[(-1.0) ** (i + j) for j in range(widths[-1])] for i in range(len(MORE))]
    loss, t_loss = mse_loss(outs, targets), F.mse_loss(t_out, tensor(targets))
    assert loss.data == pytest.approx(t_loss.item(), **TOL)
    loss.backward()
    t_loss.backward()
    grads = [p.grad for p in torch_params_order(model)]
    assert any(g != 0.0 for g in grads)
    assert grads == pytest.approx([g for p in seq.parameters() for g in p.grad.flatten().tolist()], **TOL)


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
    theirs = theirs_fn(seq(tensor(X)), tensor(ys))
    ours.backward()
    theirs.backward()
    assert ours.data == pytest.approx(theirs.item(), **TOL)
    theirs_grads = [g for p in seq.parameters() for g in p.grad.flatten().tolist()]
    assert [p.grad for p in torch_params_order(model)] == pytest.approx(theirs_grads, **TOL)


def test_a_softmax_model_trains_in_torch_with_cross_entropy_loss_on_its_logits() -> None:
    model = MLP(3, [5, 3], activation="tanh", output_activation="softmax", seed=7)
    with pytest.warns(UserWarning, match=r"logits.*CrossEntropyLoss.*torch\.softmax\(out, dim=-1\)"):
        seq = to_torch(model)
    ys = [0, 2, 1, 2]
    probs = rows_of(model, X)
    ours = -sum(probs[i][k].log() for i, k in enumerate(ys)) / len(ys)  # -(1/N) Σ log p_y from stepgrad's softmax
    theirs = torch.nn.CrossEntropyLoss()(seq(tensor(X)), torch.tensor(ys))
    ours.backward()
    theirs.backward()
    assert ours.data == pytest.approx(theirs.item(), **TOL)
    theirs_grads = [g for p in seq.parameters() for g in p.grad.flatten().tolist()]
    assert [p.grad for p in torch_params_order(model)] == pytest.approx(theirs_grads, **TOL)


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
        F.binary_cross_entropy_with_logits(seq(tensor(X)).squeeze(1), tensor(ys)).backward()
        topt.step()
    assert [p.data for p in from_torch(seq).parameters()] == pytest.approx([p.data for p in model.parameters()], **TOL)


def test_neuron_and_layer_convert() -> None:
    n = Neuron(3, "sigmoid", seed=0)
    assert [m.__class__.__name__ for m in to_torch(n)] == ["Linear", "Sigmoid"]
    assert to_torch(n)(tensor([X[0]])).item() == pytest.approx(n(X[0]).data, **TOL)
    assert [m.__class__.__name__ for m in to_torch(Neuron(3, "linear", seed=0))] == ["Linear", "Identity"]
    layer = Layer(3, 2, "relu", seed=0)
    back = from_torch(to_torch(layer))
    assert back.nouts == [2] and back.output_activation == "relu"
    assert [v.data for v in back(X[1])] == [v.data for v in layer(X[1])]


def test_float32_on_request() -> None:
    seq = to_torch(MLP(3, [4, 1], seed=0), dtype=torch.float32)
    assert all(p.dtype == torch.float32 for p in seq.parameters())


def test_from_a_torch_built_sequential() -> None:
    torch.manual_seed(0)
    seq = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Tanh()),
                              torch.nn.Identity(), torch.nn.Linear(8, 1))  # fmt: skip
    model = from_torch(seq, fused=False)
    assert model.config() == {"type": "MLP", "nin": 3, "nouts": [8, 8, 1], "activation": "tanh", "output_activation": "linear",
                              "bias": True, "fused": False}  # fmt: skip
    want = seq(torch.tensor(X, dtype=torch.float32)).squeeze(1).tolist()
    assert [model(r).data for r in X] == pytest.approx(want, rel=1e-5, abs=1e-6)  # torch ran in float32


def test_a_trailing_softmax_module_is_read_as_a_softmax_output() -> None:
    seq = torch.nn.Sequential(torch.nn.Linear(3, 4, dtype=torch.float64), torch.nn.ReLU(), torch.nn.Linear(4, 3, dtype=torch.float64),
                              torch.nn.Softmax(dim=-1))  # fmt: skip
    model = from_torch(seq)
    assert (model.activation, model.output_activation) == ("relu", "softmax")
    assert [v.data for row in rows_of(model, X) for v in row] == pytest.approx(seq(tensor(X)).flatten().tolist(), **TOL)


def test_output_activation_applies_to_logits_only() -> None:
    seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sigmoid())
    assert from_torch(seq, output_activation="sigmoid").output_activation == "sigmoid"  # agreeing is fine
    with pytest.raises(ValueError, match=r"already applies 'sigmoid'; output_activation='softmax' would replace it"):
        from_torch(seq, output_activation="softmax")
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        from_torch(torch.nn.Sequential(torch.nn.Linear(2, 3)), output_activation="gelu")


def _run(code: str) -> list[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()


def test_importing_nn_does_not_import_torch() -> None:
    code = "import sys, nn; m = nn.MLP(2, [3, 1], seed=0); nn.fit(m, *nn.xor(signed=True), loss='hinge', epochs=2, progress=False)\n"
    code += "print('torch' in sys.modules, 'sklearn' in sys.modules)"
    assert _run(code) == ["False False"]


def test_without_torch_both_calls_say_how_to_install_it() -> None:
    code = "import sys; sys.modules['torch'] = None  # as if torch were not installed: `import torch` raises ImportError\n"
    code += "import nn\n"
    code += "for call in (lambda: nn.to_torch(nn.MLP(2, [3, 1], seed=0)), lambda: nn.from_torch(object())):\n"
    code += "    try:\n        call()\n    except ImportError as err:\n        print(err)\n"
    lines = _run(code)
    assert len(lines) == 2
    for who, line in zip(["to_torch", "from_torch"], lines, strict=True):
        assert line.startswith(f"{who} needs PyTorch") and "pip install 'stepgrad[torch]'" in line
