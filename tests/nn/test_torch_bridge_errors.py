"""The PyTorch bridge refuses clearly what it cannot carry across: unsupported modules, the step activation,
complex dtypes, NaN/inf weights, weights with no data, wrong types."""

from __future__ import annotations

import math

import pytest

from nn import MLP, Layer, Neuron, from_torch, to_torch

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("dtype", ["complex64", "complex128", "int64", "bool"])
def test_to_torch_refuses_a_dtype_that_is_not_real_floating_point(dtype: str) -> None:
    with pytest.raises(ValueError, match=f"to_torch: dtype torch.{dtype} is not a real floating-point type"):
        to_torch(MLP(2, [3, 1], seed=0), dtype=getattr(torch, dtype))


def test_to_torch_refuses_a_dtype_that_is_not_a_torch_dtype() -> None:
    with pytest.raises(TypeError, match="to_torch: dtype must be a torch dtype such as torch.float32, not str: 'float32'"):
        to_torch(MLP(2, [3, 1], seed=0), dtype="float32")


def test_to_torch_refuses_weights_that_overflow_the_dtype() -> None:
    model = MLP(2, [3, 1], seed=0)
    model.layers[1].neurons[0].w[2].data = 1e6  # float16 holds at most 65504
    with pytest.raises(ValueError, match=r"layer 1's weight\[0, 2\] = 1000000.0 does not fit in torch.float16 \(it becomes inf\)"):
        to_torch(model, dtype=torch.float16)
    assert to_torch(model, dtype=torch.float32)[2].weight[0, 2].item() == 1e6


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_to_torch_refuses_non_finite_weights_naming_the_parameter(bad: float) -> None:
    model = MLP(2, [3, 1], seed=0)
    model.layers[0].neurons[2].b.data = bad  # type: ignore[union-attr]
    with pytest.raises(ValueError, match=f"to_torch: parameter layers.0.neurons.2.b is {bad!r}"):
        to_torch(model)


def _tanh_net(dtype: object = None) -> object:
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(2, 3, dtype=dtype or torch.float64), torch.nn.Tanh(), torch.nn.Linear(3, 1, dtype=dtype or torch.float64)
    )


@pytest.mark.parametrize(("part", "index", "bad"), [("weight", (1, 0), math.nan), ("bias", (0,), math.inf), ("weight", (0, 2), -math.inf)])
def test_from_torch_refuses_non_finite_weights_naming_module_and_index(part: str, index: tuple, bad: float) -> None:
    seq = _tanh_net()
    layer = 2 if len(index) == 2 and index[1] == 2 else 0
    with torch.no_grad():
        getattr(seq[layer], part)[index] = bad
    where = f"module {layer} \\(Linear\\) {part}\\[{', '.join(map(str, index))}\\] is {bad!r}"
    with pytest.raises(ValueError, match=f"from_torch: {where}; a stepgrad model holds finite numbers only"):
        from_torch(seq)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_from_torch_refuses_complex_weights(dtype: str) -> None:
    with pytest.raises(ValueError, match=f"from_torch: module 0 \\(Linear\\) has torch.{dtype} weights; a stepgrad model holds real"):
        from_torch(_tanh_net(getattr(torch, dtype)))


def test_from_torch_refuses_a_model_without_data() -> None:
    seq = torch.nn.Sequential(torch.nn.Linear(2, 1, device="meta"))
    with pytest.raises(ValueError, match=r"module 0 \(Linear\) has no weight values \(it lives on the meta device\)"):
        from_torch(seq)


def test_low_precision_weights_still_come_across() -> None:
    seq = _tanh_net(torch.float16)
    model = from_torch(seq)
    assert model.layers[0].neurons[1].w[0].data == seq[0].weight[1, 0].item()
    assert isinstance(from_torch(to_torch(Neuron(3, "linear", seed=1))), MLP)


def _seq(*mods):  # type: ignore[no-untyped-def]
    return lambda: torch.nn.Sequential(*(m() for m in mods))


L, R, T = torch.nn.Linear, torch.nn.ReLU, torch.nn.Tanh


@pytest.mark.parametrize(
    ("seq", "match"),
    [
        (_seq(lambda: L(2, 3), lambda: torch.nn.Dropout(0.5), lambda: L(3, 1)), r"cannot convert module 1 \(Dropout\)"),
        (_seq(lambda: L(2, 3), lambda: torch.nn.Sequential(R(), torch.nn.GELU())), r"cannot convert module 1\.1 \(GELU\)"),
        (_seq(lambda: L(2, 3), lambda: torch.nn.Conv1d(3, 3, 1)), r"cannot convert module 1 \(Conv1d\)"),
        (lambda: torch.nn.ModuleList([L(2, 1)]), r"cannot convert the module \(ModuleList\)"),
        (_seq(R, lambda: L(2, 1)), r"module 0 \(ReLU\) must follow a Linear layer"),
        (_seq(lambda: L(2, 3), R, T), r"module 2 \(Tanh\) must follow a Linear layer"),
        (_seq(lambda: L(2, 3), lambda: L(4, 1)), r"module 1 \(Linear\) takes 4 inputs but the layer before gives 3"),
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


@pytest.mark.parametrize(
    ("model", "layer"),
    [
        (MLP(2, [3, 1], activation="step", seed=0), 0),
        (MLP(2, [3, 3, 1], activation="tanh", output_activation="step", seed=0), 2),
        (Layer(2, 3, "step", seed=0), 0),
        (Neuron(2, "step", seed=0), 0),
    ],
)
def test_step_is_refused_with_the_layer_and_an_alternative(model, layer: int) -> None:  # type: ignore[no-untyped-def]
    match = rf"layer {layer} uses the 'step' activation, which PyTorch has no module for.*'sigmoid' or 'tanh'"
    with pytest.raises(ValueError, match=match):
        to_torch(model)


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="from_torch expects a torch.nn.Sequential"):
        from_torch([1, 2])
    with pytest.raises(TypeError, match="to_torch converts a Neuron, Layer or MLP"):
        to_torch("model")  # type: ignore[arg-type]
