"""autograd_core.compile: generated code gives backward()'s numbers, bit for bit, on any graph it accepts.

Every test compares the compiled step with the engine on the same graph: the loss with ``==`` and
every parameter's gradient with ``==`` (the generated code adds the same terms in the same order).
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core import Value, compile, vsum
from autograd_core.compiler import observe
from autograd_core.compiler.trace import Forward, Loss
from tests.strategies import SOFTMAX, build_expression, expression_recipes


def engine_step(forward: Forward, loss: Loss, params: list[Value], X: list[list[float]], Y: list[Any]) -> tuple[float, list[float]]:  # noqa: N803
    """The reference: the graph built by the engine, ``backward()`` on it."""
    for p in params:
        p.grad = 0.0
    root = loss([forward([Value(v) for v in x]) for x in X], Y)
    root.backward()
    return root.data, [p.grad for p in params]


def compiled_step(step: Any, params: list[Value], X: list[list[float]], Y: list[Any]) -> tuple[float, list[float]]:  # noqa: N803
    for p in params:
        p.grad = 0.0
    loss = step.step(X, Y)
    return loss, [p.grad for p in params]


def same(a: tuple[float, list[float]], b: tuple[float, list[float]]) -> bool:
    """Equal, NaN equal to NaN."""
    def eq(x: float, y: float) -> bool:
        return x == y or (math.isnan(x) and math.isnan(y))

    return eq(a[0], b[0]) and len(a[1]) == len(b[1]) and all(map(eq, a[1], b[1]))


def mean(outs: list[Value], ys: list[Any]) -> Value:
    return vsum(outs) / len(outs)


def tanh_neuron() -> tuple[Callable[[list[Value]], Value], list[Value]]:
    w1, w2, b = Value(0.5, "w1"), Value(-0.3, "w2"), Value(0.1, "b")
    return (lambda xs: (w1 * xs[0] + w2 * xs[1] + b).tanh()), [w1, w2, b]


def squared_error(outs: list[Value], ys: list[float]) -> Value:
    return vsum([(o - y) ** 2 for o, y in zip(outs, ys)]) / len(outs)


X3 = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.3]]
Y3 = [0.2, -0.4, 0.9]


def test_a_tanh_neuron_with_squared_error_gives_the_engines_bits() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, squared_error, params, X3, Y3)
    assert same(compiled_step(step, params, X3, Y3), engine_step(forward, squared_error, params, X3, Y3))
    assert "tanh(" in step.source and "grad_w1 +=" in step.source and "1.0 - t5 * t5" in step.source.replace("out", "t5")


def test_gradients_accumulate_like_backward() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, squared_error, params, X3, Y3)
    for p in params:
        p.grad = 0.25
    step.step(X3, Y3)
    compiled = [p.grad for p in params]
    for p in params:
        p.grad = 0.25
    squared_error([forward([Value(v) for v in x]) for x in X3], Y3).backward()
    assert compiled == [p.grad for p in params]


def test_other_batch_sizes_and_a_batch_of_one_reuse_the_code() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, squared_error, params, X3, Y3)
    for X, Y in [(X3[:1], Y3[:1]), (X3 * 3, Y3 * 3), (X3[:2], Y3[:2])]:  # noqa: N806
        assert same(compiled_step(step, params, X, Y), engine_step(forward, squared_error, params, X, Y))
    assert step.stats["interpreted_steps"] == 0 and step.stats["traces"] == 2  # the first compile traces two batch sizes
    assert "loss = div(t6, N)" in step.source  # the batch size is passed in: no trace for a batch of a new size


def pythons_sum(outs: list[Value], ys: list[float]) -> Value:
    """micrograd's way: Python's sum, a chain of + nodes through the examples, then a product by 1/N."""
    return sum(((o - y) ** 2 for o, y in zip(outs, ys)), Value(0.0)) * (1.0 / len(outs))


def test_pythons_sum_over_the_examples_is_a_running_total() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, pythons_sum, params, X3, Y3)
    assert re.search(r"^ +(t\d+) = \1 \+ t\d+$", step.source, re.M)  # the running total, in the example loop
    for X, Y in [(X3, Y3), (X3[:1], Y3[:1]), (X3 * 2, Y3 * 2)]:  # noqa: N806
        assert same(compiled_step(step, params, X, Y), engine_step(forward, pythons_sum, params, X, Y))
    assert step.stats["interpreted_steps"] == 0


def test_predict_is_the_forward() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, squared_error, params, X3, Y3)
    assert step.predict(X3) == [forward([Value(v) for v in x]).data for x in X3]


def test_the_compiled_step_holds_no_node_objects() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, squared_error, params, X3, Y3)
    assert "Value" not in step.source and ".data" not in step.source and ".grad" not in step.source
    assert step.fn is not None and not any(isinstance(c, Value) for c in step.fn.__code__.co_consts)


def test_compiling_reads_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pyodide has no files to import generated code from: the source is compiled from a string."""

    def no_files(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the compiler opened a file")

    forward, params = tanh_neuron()
    monkeypatch.setattr(builtins, "open", no_files)
    step = compile(forward, squared_error, params, X3, Y3)
    assert step.step(X3, Y3) == pytest.approx(0.334054119578862)


def expression_forward(steps: list, w: Value) -> Forward:
    """One example: its two inputs and the parameter ``w`` through a recipe of random ops."""

    def forward(values: list[Value]) -> Value:
        observe(values)  # softmax reads its operands' values: let the trace see them
        out = build_expression([values[0], values[1], w], steps)
        return out if isinstance(out, Value) else Value(float(out))

    return forward


@settings(max_examples=40)
@given(recipe=expression_recipes(n_inputs=3, max_steps=6), xs=st.lists(st.floats(-2.0, 2.0), min_size=6, max_size=6))
def test_random_expressions_give_the_engines_numbers(recipe: tuple, xs: list[float]) -> None:
    """Any op of the table, shared subexpressions, softmax (a max shift): compiled, or refused and
    interpreted, the step's numbers are the engine's."""
    inputs, steps = recipe
    w = Value(inputs[2], "w")
    forward = expression_forward(steps, w)
    X = [xs[0:2], xs[2:4], xs[4:6]]  # noqa: N806
    try:
        want = engine_step(forward, mean, [w], X, [0.0] * 3)
    except (ArithmeticError, ValueError):
        return  # outside an op's domain: the engine raises too
    step = compile(forward, mean, [w])  # traced on the first step; a refused shape runs interpreted
    assert same(compiled_step(step, [w], X, [0.0] * 3), want)


@pytest.mark.parametrize("steps", [
    [("mul", (0, 2)), ("sin", (3,)), ("add", (4, 1)), ("exp", (5,))],
    [("mul", (0, 2)), ("mul", (1, 2)), (SOFTMAX, (3, 4)), ("log", (5,))],
    [("tanh", (0,)), ("powv", (3, 2)), ("div", (4, 1)), ("abs", (5,)), ("vsum", (6, 3, 2))],
    [("wsum", (0, 1, 2, 2, 0)), ("sigmoid", (3,)), ("pow", (4, 3.0)), ("neg", (5,)), ("cos", (6,))],
])  # fmt: skip
def test_expressions_of_every_kind_compile_without_the_interpreter(steps: list) -> None:
    w = Value(0.7, "w")
    forward = expression_forward(steps, w)
    X = [[0.3, -1.2], [1.5, 0.4], [-0.6, 0.9]]  # noqa: N806
    step = compile(forward, mean, [w], X, [0.0] * 3)
    assert same(compiled_step(step, [w], X, [0.0] * 3), engine_step(forward, mean, [w], X, [0.0] * 3))
    assert step.stats["interpreted_steps"] == 0
