"""Module.load: every bad file is a ValueError naming it, bounded in time and memory; nothing half-loaded."""

from __future__ import annotations

import json
import os
import re
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from nn import MLP, Module
from nn.files import MAX_FILE_BYTES

GOOD = MLP(2, [3, 1], seed=0).state_dict()


def _file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "m.json"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def _load_within(path: object, seconds: float = 20) -> BaseException:
    """The exception ``MLP.load(path)`` raises, from a thread that must finish within ``seconds`` (no hang)."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            MLP.load(path)  # type: ignore[arg-type]
        except BaseException as err:  # handed to the test
            caught.append(err)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"loading {path} hung"
    assert caught, f"loading {path} raised nothing"
    return caught[0]


def _with_first_weight(literal: str) -> str:
    text = json.dumps(GOOD)
    first = json.dumps(GOOD["parameters"]["layers.0.neurons.0.w"][0])
    return text.replace(first, literal, 1)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (_with_first_weight("1" + "0" * 399), r"line 1 column \d+: an integer of 400 digits is too large for a float"),
        (_with_first_weight("-" + "9" * 5000), "an integer of 5000 digits is too large for a float"),
        (_with_first_weight("1e400"), r"line 1 column \d+: '1e400' is too large for a float"),
        ("[" * 100_000, "its JSON is nested too deeply to read"),
        ('{"format": ' + "[" * 900 + "]" * 900 + "}", r"not a stepgrad model: expected 'format': .*, found \[\[\[\[\.\.\.\]\]\]\]"),
        (json.dumps({**GOOD, "format": "x" * 10_000_000}), "found 'xxxxxxxxxxxxxxxxx.*xxx'$"),
        (json.dumps(GOOD).encode("utf-16"), "not UTF-8 text"),
        (b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), "not valid JSON.*BOM"),
    ],
)
def test_a_bad_file_is_a_short_value_error_naming_it(tmp_path: Path, content: str | bytes, match: str) -> None:
    path = _file(tmp_path, content)
    err = _load_within(path)
    assert type(err) is ValueError and str(err).startswith(f"{path}: ")
    assert len(str(err)) < 400 and re.search(match, str(err))


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    err = _load_within(path)
    assert isinstance(err, ValueError)
    assert str(err) == f"{path}: the file is 67,108,865 bytes, more than the 67,108,864 a model file may have"


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: p.mkdir(), "directory"),
        (lambda p: os.mkfifo(p), r"FIFO \(named pipe\)"),
        (lambda p: p.symlink_to("/dev/null"), "character device"),
    ],
)
def test_what_is_not_a_regular_file_is_refused_without_hanging(tmp_path: Path, make: Callable[[Path], None], kind: str) -> None:
    path = tmp_path / "m.json"
    make(path)
    err = _load_within(path)
    assert type(err) is ValueError
    with pytest.raises(ValueError, match=f"^{path}: it is a {kind}, not a model file$"):
        raise err


def test_a_missing_file_is_both_file_not_found_and_value_error(tmp_path: Path) -> None:
    err = _load_within(tmp_path / "nope.json")
    assert isinstance(err, FileNotFoundError) and isinstance(err, ValueError)
    assert str(tmp_path / "nope.json") in str(err)
    with pytest.raises(ValueError, match="cannot load: the path is empty"):
        MLP.load("")


def test_the_architecture_is_checked_against_the_numbers_before_building(tmp_path: Path) -> None:
    """A 200-byte file declaring MLP(1000, [1000]) made main allocate a million parameters (216 MB) first."""
    arch = {"type": "MLP", "nin": 1000, "nouts": [1000], "activation": "relu", "output_activation": "linear", "bias": True}
    state = {"format": "stepgrad.nn", "version": 1, "architecture": arch, "parameters": {"layers.0.neurons.0.w": [0.5] * 7}}
    path = _file(tmp_path, json.dumps(state))
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=f"{path}: its architecture .* has 1,001,000 parameters, but it holds only 7 numbers"):
            MLP.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
    for nouts in ([10**12], [10**300, 1]):
        state["architecture"] = {**arch, "nouts": nouts}
        with pytest.raises(ValueError, match="but it holds only 7 numbers"):
            Module.load(_file(tmp_path, json.dumps(state)))


def test_a_subclass_that_builds_like_mlp_is_checked_too(tmp_path: Path) -> None:
    class BigMLP(MLP):
        pass

    BigMLP(2, [3, 1], seed=0).save(tmp_path / "b.json")
    state = json.loads((tmp_path / "b.json").read_text())
    state["architecture"]["nouts"] = [3000, 1]
    with pytest.raises(ValueError, match="has 12,001 parameters, but it holds only 13 numbers"):
        BigMLP.load(_file(tmp_path, json.dumps(state)))


def test_a_state_dict_with_numbers_no_float_holds_leaves_the_model_untouched() -> None:
    model = MLP(2, [3, 1], seed=4)
    before = [p.data for p in model.parameters()]
    state = json.loads(json.dumps(GOOD))
    state["parameters"]["layers.1.neurons.0.w"][2] = 10**400
    with pytest.raises(ValueError, match=r"parameter 'layers.1.neurons.0.w'\[2\]: an int of 401 digits is too large for a float"):
        model.load_state_dict(state)
    state["architecture"]["nouts"] = [3, 10**5000]
    with pytest.raises(ValueError, match=r"architecture mismatch \(nouts: model \[3, 1\] vs state \[3, an int of about 5001 digits\]\)"):
        model.load_state_dict(state)
    assert [p.data for p in model.parameters()] == before
