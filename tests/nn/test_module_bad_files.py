"""Every bad model file or state dict is a clear ValueError, and the model in memory is left untouched."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from nn import MLP, Module


def weights(model: Module) -> list[float]:
    return [p.data for p in model.parameters()]


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


GOOD = MLP(2, [3, 1], seed=0).state_dict()


def _mutated(change) -> str:  # type: ignore[no-untyped-def]
    state = copy.deepcopy(GOOD)
    change(state)
    return json.dumps(state)


BAD_FILES = [
    ("", "the file is empty"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (json.dumps(GOOD)[:-40], "not valid JSON"),
    ("[1, 2, 3]", "must be a JSON object"),
    ('{"weights": [1, 2]}', "not a stepgrad model"),
    (_mutated(lambda s: s.update(version=99)), "unsupported model file version 99"),
    (_mutated(lambda s: s.pop("architecture")), "no 'architecture'"),
    (_mutated(lambda s: s.pop("parameters")), "no 'parameters'"),
    (_mutated(lambda s: s["architecture"].update(type="Transformer")), "holds a 'Transformer' model"),
    (_mutated(lambda s: s["architecture"].update(type="Layer")), "holds a 'Layer' model, not a MLP"),
    (_mutated(lambda s: s["architecture"].update(nouts=[3, 0])), "invalid MLP architecture"),
    (_mutated(lambda s: s["architecture"].update(activation="swish")), "unknown activation"),
    (_mutated(lambda s: s["parameters"].pop("layers.0.neurons.1.w")), "has 13 parameters, but it holds only 11 numbers"),
    (_mutated(lambda s: s["parameters"].update(extra=[1.0])), r"unexpected \['extra'\]"),
    (_mutated(lambda s: s["parameters"]["layers.0.neurons.1.w"].pop()), "has 13 parameters, but it holds only 12 numbers"),
    (_mutated(lambda s: s["parameters"]["layers.0.neurons.1.w"].append(0.5)), "expected 2 numbers, found 3"),
    (_mutated(lambda s: s["parameters"].update(x=s["parameters"].pop("layers.0.neurons.1.w"))), r"missing \['layers.0.neurons.1.w'\]"),
    (_mutated(lambda s: s["parameters"]["layers.0.neurons.1.w"].__setitem__(0, "0.5")), "expected a number, found str"),
    (_mutated(lambda s: s["parameters"]["layers.0.neurons.1.w"].__setitem__(0, True)), "expected a number, found bool"),
    (_mutated(lambda s: s["parameters"].update({"layers.1.neurons.0.b": 0.0})), "expected a list of 1 numbers"),
    (json.dumps(GOOD).replace("[0.0]", "[NaN]", 1), "NaN is not a number JSON allows"),
    (json.dumps(GOOD).replace("[0.0]", "[Infinity]", 1), "Infinity is not a number JSON allows"),
]


@pytest.mark.parametrize(("content", "match"), BAD_FILES)
def test_every_bad_file_is_a_clear_value_error(tmp_path: Path, content: str | bytes, match: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ValueError, match=match) as info:
        MLP.load(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(("content", "match"), BAD_FILES[3:])
def test_bad_state_leaves_the_model_untouched(content: str | bytes, match: str) -> None:
    model = MLP(2, [3, 1], seed=5)
    before = weights(model)
    try:
        state = json.loads(content)
    except ValueError:
        pytest.skip("not JSON: only a file can hold it")
    with pytest.raises(ValueError):
        model.load_state_dict(state)
    assert weights(model) == before


def test_mismatched_architecture_names_the_difference() -> None:
    small, big = MLP(2, [3, 1], seed=0), MLP(2, [4, 1], seed=0)
    before = weights(big)
    with pytest.raises(ValueError, match=r"architecture mismatch \(nouts: model \[4, 1\] vs state \[3, 1\]\)"):
        big.load_state_dict(small.state_dict())
    assert weights(big) == before
    unfused = MLP(2, [3, 1], fused=False, seed=9)
    unfused.load_state_dict(small.state_dict())  # fused only changes the graph, not the function
    assert weights(unfused) == weights(small) and not unfused.fused


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        MLP.load(tmp_path / "nope.json")
