"""The PyTorch bridge refuses what a stepgrad model cannot hold: complex dtypes, NaN/inf weights, no data."""

from __future__ import annotations

import math

import pytest

from nn import MLP, Neuron, from_torch, to_torch

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


def _seq(dtype: object = None) -> object:
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(2, 3, dtype=dtype or torch.float64), torch.nn.Tanh(), torch.nn.Linear(3, 1, dtype=dtype or torch.float64)
    )


@pytest.mark.parametrize(("part", "index", "bad"), [("weight", (1, 0), math.nan), ("bias", (0,), math.inf), ("weight", (0, 2), -math.inf)])
def test_from_torch_refuses_non_finite_weights_naming_module_and_index(part: str, index: tuple, bad: float) -> None:
    seq = _seq()
    layer = 2 if len(index) == 2 and index[1] == 2 else 0
    with torch.no_grad():
        getattr(seq[layer], part)[index] = bad
    where = f"module {layer} \\(Linear\\) {part}\\[{', '.join(map(str, index))}\\] is {bad!r}"
    with pytest.raises(ValueError, match=f"from_torch: {where}; a stepgrad model holds finite numbers only"):
        from_torch(seq)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_from_torch_refuses_complex_weights(dtype: str) -> None:
    with pytest.raises(ValueError, match=f"from_torch: module 0 \\(Linear\\) has torch.{dtype} weights; a stepgrad model holds real"):
        from_torch(_seq(getattr(torch, dtype)))


def test_from_torch_refuses_a_model_without_data() -> None:
    seq = torch.nn.Sequential(torch.nn.Linear(2, 1, device="meta"))
    with pytest.raises(ValueError, match=r"module 0 \(Linear\) has no weight values \(it lives on the meta device\)"):
        from_torch(seq)


def test_low_precision_weights_still_come_across() -> None:
    seq = _seq(torch.float16)
    model = from_torch(seq)
    assert model.layers[0].neurons[1].w[0].data == seq[0].weight[1, 0].item()
    assert isinstance(from_torch(to_torch(Neuron(3, "linear", seed=1))), MLP)
