"""Module: parameter names, zero_grad, state_dict, atomic JSON save/load, every bad file or dict."""

from __future__ import annotations

import gc
import json
import os
import weakref
from pathlib import Path

import pytest
from hypothesis import given

from autograd_core import Value
from nn import MLP, Layer, Module, Neuron, hinge_loss, l2

from .strategies import mlp_specs


def weights(model: Module) -> list[float]:
    return [p.data for p in model.parameters()]


def test_named_parameters_are_dotted_paths_in_a_fixed_order() -> None:
    model = MLP(2, [3, 1], seed=0)
    names = [n for n, _ in model.named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.0.b" and len(names) == 13
    assert [p for _, p in model.named_parameters()] == model.parameters()
    assert [n for n, _ in Neuron(2, seed=0).named_parameters()] == ["w.0", "w.1", "b"]
    assert [n for n, _ in model.named_parameters(prefix="net")][0] == "net.layers.0.neurons.0.w.0"
    assert [name for name, _ in model.children()] == ["layers.0", "layers.1"]


@pytest.mark.parametrize(
    "model", [MLP(2, [3, 2], seed=0), MLP(3, [2, 1], bias=False, seed=0), Layer(3, 2, seed=0), Neuron(2, seed=0), Neuron(2, bias=False)]
)
def test_parameters_fast_path_matches_named_parameters(model: Module) -> None:
    assert model.parameters() == [p for _, p in model.named_parameters()]
    assert model.num_parameters() == len(model.parameters())


def test_user_modules_compose_like_pytorch() -> None:
    class Net(Module):
        def __init__(self) -> None:
            self.body = MLP(2, [4], activation="tanh", output_activation="tanh", seed=0)
            self.head = Neuron(4, "linear", seed=1)
            self.scale = Value(2.0)

        def __call__(self, x: list[float]) -> Value:
            return self.head(self.body(x)) * self.scale

    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names[0] == "body.layers.0.neurons.0.w.0" and names[-1] == "scale" and len(names) == 12 + 5 + 1
    assert net.body.layers[0].neurons[2].w[0].tag == ("body", "output layer", "unit 3")  # nn's tags: readable paths
    assert net.head([1.0, 2.0, 3.0, 4.0]).tag == ("head",)
    assert net.scale.tag == "net"
    net([0.5, 0.5]).backward()
    net.zero_grad()
    assert all(p.grad == 0.0 for p in net.parameters())
    state = net.state_dict()
    assert state["architecture"] == {"type": "Net"}
    other = Net()
    other.scale.data = 5.0
    other.load_state_dict(state)
    assert weights(other) == weights(net)


def test_shared_parameters_are_listed_once() -> None:
    shared = Neuron(2, seed=0)

    class Twice(Module):
        def __init__(self) -> None:
            self.a, self.b = shared, shared

    assert len(Twice().parameters()) == 3


def test_zero_grad() -> None:
    model = MLP(2, [3, 1], seed=0)
    model([1.0, -1.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_state_dict_is_plain_json_data() -> None:
    model = MLP(2, [3, 1], output_activation="sigmoid", seed=0)
    state = model.state_dict()
    assert state["format"] == "stepgrad.nn" and state["version"] == 1
    assert state["architecture"] == {
        "type": "MLP", "nin": 2, "nouts": [3, 1], "activation": "relu", "output_activation": "sigmoid", "bias": True, "fused": True,
    }  # fmt: skip
    assert state["parameters"]["layers.0.neurons.2.w"] == [w.data for w in model.layers[0].neurons[2].w]
    assert state["parameters"]["layers.1.neurons.0.b"] == [0.0]
    assert json.loads(json.dumps(state)) == state


@pytest.mark.parametrize(
    "model",
    [
        MLP(2, [4, 3], activation="tanh", output_activation="softmax", seed=1),
        MLP(3, [2, 1], bias=False, fused=False, seed=2),
        Layer(3, 2, "sigmoid", seed=3),
        Neuron(4, "step", seed=4),
    ],
)
def test_save_load_round_trip(tmp_path: Path, model: Module) -> None:
    path = tmp_path / "m.json"
    model.save(path)
    loaded = type(model).load(path)
    assert type(loaded) is type(model) and loaded.config() == model.config()
    assert weights(loaded) == weights(model)  # exact: JSON keeps every float's repr
    x = [0.3, -0.7, 1.1, 0.2][: model.config()["nin"]]
    out, again = model(x), loaded(x)
    assert [v.data for v in (out if isinstance(out, list) else [out])] == [v.data for v in (again if isinstance(again, list) else [again])]
    assert type(Module.load(path)) is type(model)  # the base class reads any model type
    assert os.listdir(tmp_path) == ["m.json"]  # no temporary file left behind


def test_saved_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    mask = os.umask(0)
    os.umask(mask)
    MLP(2, [3, 1], seed=0).save(tmp_path / "m.json")
    assert (tmp_path / "m.json").stat().st_mode & 0o777 == 0o666 & ~mask
    os.chmod(tmp_path / "m.json", 0o600)
    MLP(2, [3, 1], seed=1).save(tmp_path / "m.json")
    assert (tmp_path / "m.json").stat().st_mode & 0o777 == 0o600


@given(mlp_specs())
def test_state_dict_round_trips_any_architecture(spec: dict) -> None:
    source, target = MLP(**spec, seed=1), MLP(**spec, seed=2)
    target.load_state_dict(json.loads(json.dumps(source.state_dict())))
    assert weights(target) == weights(source)
    assert MLP.from_config(source.config()).config() == source.config()


def test_save_is_atomic_and_refuses_non_finite_weights(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    good = MLP(2, [3, 1], seed=0)
    good.save(path)
    before = path.read_bytes()
    bad = MLP(2, [3, 1], seed=1)
    bad.layers[0].neurons[1].w[0].data = float("nan")
    with pytest.raises(ValueError, match="cannot save: parameter layers.0.neurons.1.w.0 is nan"):
        bad.save(path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["m.json"]

    class Unwritable:
        def __repr__(self) -> str:
            return "Unwritable()"

    class Odd(Module):  # a config json cannot write: the failure happens before the file is touched
        def __init__(self) -> None:
            self.w = [Value(1.0)]

        def config(self) -> dict:
            return {"type": "Odd", "thing": Unwritable()}

    with pytest.raises(TypeError):
        Odd().save(path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["m.json"]


def test_graphs_are_freed_by_reference_counting_alone() -> None:
    model = MLP(2, [4, 4, 1], seed=0)
    gc.disable()
    try:
        preds = [model([0.1 * i, -0.2 * i]) for i in range(5)]
        loss = hinge_loss(preds, [1, -1, 1, -1, 1]) + 1e-4 * l2(model.parameters())
        loss.backward()
        probes = [weakref.ref(v) for v in (loss, preds[0], preds[0].parents[5], loss.parents[0])]
        del preds, loss
        assert all(r() is None for r in probes)
    finally:
        gc.enable()


def test_subclasses_save_and_load_under_their_own_name(tmp_path: Path) -> None:
    class WideMLP(MLP):
        pass

    model = WideMLP(2, [5, 1], seed=0)
    model.save(tmp_path / "w.json")
    loaded = WideMLP.load(tmp_path / "w.json")
    assert type(loaded) is WideMLP and weights(loaded) == weights(model)
    with pytest.raises(ValueError, match="holds a 'WideMLP' model, not a Layer"):
        Layer.load(tmp_path / "w.json")


def test_a_user_class_named_mlp_does_not_hijack_loading(tmp_path: Path) -> None:
    MLP(2, [3, 1], seed=0).save(tmp_path / "m.json")

    def define() -> type:
        class MLP(Module):  # a user's own class that happens to share the name
            pass

        return MLP

    assert define().__name__ == "MLP"
    assert type(Module.load(tmp_path / "m.json")) is MLP


def test_a_save_that_fails_midway_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.json"
    MLP(2, [3, 1], seed=0).save(path)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:  # the new text is half on disk in the temporary file when this hits
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        MLP(2, [3, 1], seed=1).save(path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["m.json"]  # old file kept, no temporary left
    assert MLP.load(path).state_dict() == MLP(2, [3, 1], seed=0).state_dict()
