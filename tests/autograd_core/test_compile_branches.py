"""autograd_core.compile on graphs whose shape depends on the data, and the graphs it refuses.

A branch on a value the loss reads is a guard (a new variant when it flips), a max shift is
computed by the generated code, an exact-zero partial sends nothing even times infinity, a NaN
loss comes out NaN; a graph the compiler does not handle is a clear error, or runs interpreted.
"""

from __future__ import annotations

import math

import pytest

from autograd_core import Value, compile, vsum
from autograd_core.compiler import CompileError
from tests.autograd_core.test_compile import X3, Y3, compiled_step, engine_step, mean, same, squared_error, tanh_neuron


def branchy_loss(outs: list[Value], ys: list[float]) -> Value:
    """A loss whose graph depends on each output's value: |o - y| written as a branch in Python."""
    terms = [(o - y) if o.data >= y else (y - o) for o, y in zip(outs, ys)]
    return vsum(terms) / len(terms)


def test_a_branch_on_a_value_is_guarded_and_retraced_when_it_flips() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, branchy_loss, params, X3, [-1.0, -1.0, -1.0])  # every output above its target
    assert " >= " in step.source
    before = step.stats["traces"]
    flipped = [1.0, -1.0, 1.0]
    assert same(compiled_step(step, params, X3, flipped), engine_step(forward, branchy_loss, params, X3, flipped))
    assert step.stats["traces"] == before + 1 and step.stats["interpreted_steps"] == 0
    assert "elif" in step.source


def shifted_log_sum_exp(outs: list[list[Value]], ys: list[int]) -> Value:
    """log Σ e^(s - m) + m - s_y with m = max(s), m a plain number: the shift is computed by the code."""
    terms = []
    for scores, k in zip(outs, ys):
        m = max(s.data for s in scores)
        terms.append(vsum([(s - m).exp() for s in scores]).log() + m - scores[k])
    return vsum(terms) / len(terms)


def test_a_max_shift_is_computed_by_the_generated_code() -> None:
    w = [Value(v, f"w{i}") for i, v in enumerate([0.3, -0.8, 1.1])]

    def forward(xs: list[Value]) -> list[Value]:
        return [wi * xs[0] for wi in w]

    X = [[1.0], [-2.0], [0.5], [3.0], [-0.1]]  # noqa: N806 -- the argmax moves between examples
    Y = [0, 2, 1, 1, 0]  # noqa: N806
    step = compile(forward, shifted_log_sum_exp, w, X, Y)
    assert "max(" in step.source
    assert same(compiled_step(step, w, X, Y), engine_step(forward, shifted_log_sum_exp, w, X, Y))
    w[1].data = 5.0  # a new argmax for every example: no re-trace needed
    traces = step.stats["traces"]
    assert same(compiled_step(step, w, X, Y), engine_step(forward, shifted_log_sum_exp, w, X, Y))
    assert step.stats["traces"] == traces


def test_an_exact_zero_partial_sends_nothing_even_times_infinity() -> None:
    """relu(-1) ** 0.5: the power's partial at 0 is inf, relu's partial is 0; the engine sends 0, not NaN."""
    w = Value(-1.0, "w")
    forward = lambda xs: (w * xs[0]).relu() ** 0.5
    step = compile(forward, mean, [w], [[1.0], [2.0]], [0.0, 0.0])
    result = compiled_step(step, [w], [[1.0], [2.0]], [0.0, 0.0])
    assert result == (0.0, [0.0]) and same(result, engine_step(forward, mean, [w], [[1.0], [2.0]], [0.0, 0.0]))


def test_a_nan_loss_comes_out_nan_with_the_engines_gradients() -> None:
    w = Value(math.inf, "w")
    forward = lambda xs: w * xs[0] - w
    step = compile(forward, mean, [w], [[1.0], [2.0]], [0.0, 0.0])
    result = compiled_step(step, [w], [[1.0], [2.0]], [0.0, 0.0])
    assert math.isnan(result[0]) and same(result, engine_step(forward, mean, [w], [[1.0], [2.0]], [0.0, 0.0]))


def test_a_loss_mixing_examples_is_refused_with_a_clear_error() -> None:
    forward, params = tanh_neuron()

    def pairwise(outs: list[Value], ys: list[float]) -> Value:
        return outs[0] * outs[1] + outs[2]

    with pytest.raises(CompileError, match="example"):
        compile(forward, pairwise, params, X3, Y3)


def test_a_graph_too_big_is_refused_before_it_is_compiled() -> None:
    forward, params = tanh_neuron()
    with pytest.raises(CompileError, match="max_lines=10"):
        compile(forward, squared_error, params, X3, Y3, max_lines=10)


def test_when_a_batch_cannot_be_compiled_the_interpreter_gives_the_step() -> None:
    forward, params = tanh_neuron()
    step = compile(forward, branchy_loss, params, X3, [-1.0, -1.0, -1.0], max_variants=1)
    flipped = [1.0, -1.0, 1.0]
    assert same(compiled_step(step, params, X3, flipped), engine_step(forward, branchy_loss, params, X3, flipped))
    assert step.stats["interpreted_steps"] == 1


def test_bad_arguments_are_named() -> None:
    forward, params = tanh_neuron()
    with pytest.raises(TypeError, match="leaf Value"):
        compile(forward, squared_error, [params[0] * 2])
    with pytest.raises(TypeError, match="both X and y"):
        compile(forward, squared_error, params, X3)
    with pytest.raises(TypeError, match="callables"):
        compile(None, squared_error, params)  # type: ignore[arg-type]


def test_a_per_example_number_that_depends_on_the_batch_size_is_refused() -> None:
    """Each example's term divided by N before the sum: the same example would need other code per batch size."""
    forward, params = tanh_neuron()

    def divided_first(outs: list[Value], ys: list[float]) -> Value:
        return vsum([(o - y) ** 2 / len(outs) for o, y in zip(outs, ys)])

    with pytest.raises(CompileError, match="batch size"):
        compile(forward, divided_first, params, X3, Y3)
    step = compile(forward, divided_first, params)  # traced on the first step: that batch goes through the interpreter
    assert same(compiled_step(step, params, X3, Y3), engine_step(forward, divided_first, params, X3, Y3))
