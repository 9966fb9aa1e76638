"""Models pickle (multiprocessing needs it): weights, architecture, tags and labels come back working."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from pathlib import Path

import pytest

from autograd_core import Value, walk
from nn import MLP, SGD, Layer, Module, Neuron, mse_loss


class Scaled(Module):
    """A user model: an MLP body, a neuron head and a loose parameter (importable, so it pickles)."""

    def __init__(self) -> None:
        self.body = MLP(2, [4], activation="tanh", output_activation="tanh", seed=0)
        self.head = Neuron(4, "sigmoid", seed=1)
        self.scale = Value(2.0, label="scale")

    def __call__(self, x: list[float]) -> Value:
        return self.head(self.body(x)) * self.scale  # type: ignore[arg-type]


def _predict(model: Module, x: list[float]) -> list[float]:
    out = model(x)  # type: ignore[operator]
    return [v.data for v in out] if isinstance(out, list) else [out.data]


def _graph(model: Module, x: list[float]) -> list[tuple[str, object, float, float]]:
    """Every node of the model's graph on x, after backward: (label, tag, data, grad)."""
    out = model(x)  # type: ignore[operator]
    root = out if isinstance(out, Value) else out[0]
    model.zero_grad()
    root.backward()
    return [(v.label, v.tag, v.data, v.grad) for v in walk(root)]


MODELS = [
    lambda: MLP(2, [4, 3, 1], seed=0),
    lambda: MLP(2, [3, 2], activation="tanh", output_activation="softmax", fused=False, seed=1),
    lambda: MLP(2, [3, 1], bias=False, output_activation="sigmoid", seed=2),
    lambda: Layer(2, 3, "step", seed=3),
    lambda: Neuron(2, "relu", seed=4),
    Scaled,
]


@pytest.mark.parametrize("make", MODELS)
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_a_pickled_model_comes_back_whole(make: type, protocol: int) -> None:
    model = make()
    back = pickle.loads(pickle.dumps(model, protocol))
    assert type(back) is type(model) and back.config() == model.config()
    assert back.state_dict() == model.state_dict()
    assert [(n, p.tag, p.label) for n, p in back.named_parameters()] == [(n, p.tag, p.label) for n, p in model.named_parameters()]
    assert _graph(back, [0.3, -0.8]) == _graph(model, [0.3, -0.8])  # same labels, tags, values and gradients
    assert repr(back) == repr(model)
    assert not set(map(id, back.parameters())) & set(map(id, model.parameters()))  # a copy, not shared


def test_an_unpickled_model_trains_saves_and_keeps_its_packed_parameters(tmp_path: Path) -> None:
    model = MLP(2, [3, 1], seed=0)
    back = pickle.loads(pickle.dumps(model))
    neuron = back.layers[0].neurons[1]
    assert all(a is b for a, b in zip(neuron._packed(), (*neuron.w, neuron.b), strict=True))
    before = model.state_dict()
    opt = SGD(back.parameters(), lr=0.1)
    loss = mse_loss([back([1.0, 2.0])], [0.5])
    opt.zero_grad()
    loss.backward()
    opt.step()
    assert model.state_dict() == before and back.state_dict() != before
    back.save(tmp_path / "m.json")
    assert MLP.load(tmp_path / "m.json").state_dict() == back.state_dict()


def test_deepcopy_agrees_with_pickle() -> None:
    model = Scaled()
    assert copy.deepcopy(model).state_dict() == pickle.loads(pickle.dumps(model)).state_dict() == model.state_dict()


def test_a_model_holding_a_computed_node_is_refused_with_a_way_out() -> None:
    model = MLP(2, [2, 1], seed=0)
    model.last = model([1.0, 1.0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"cannot pickle MLP: attribute last holds a computed node \(wsum\).*model.save\(path\)"):
        pickle.dumps(model)


def test_models_go_to_worker_processes() -> None:
    models = [MLP(2, [3, 1], seed=0), Scaled()]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        results = pool.starmap(_predict, [(m, [0.25, -0.5]) for m in models])
    assert results == [_predict(m, [0.25, -0.5]) for m in models]
