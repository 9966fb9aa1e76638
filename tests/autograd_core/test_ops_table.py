"""Every op-table entry: partials against central differences, formula strings against partials."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_core import TABLE, Op
from autograd_core.op import DOMAINS
from tests.strategies import op_inputs

EPS = 1e-6
finite = st.floats(-1e3, 1e3, allow_nan=False)


def _central(op: Op, xs: tuple[float, ...], i: int) -> float:
    hi = list(xs)
    lo = list(xs)
    hi[i] += EPS
    lo[i] -= EPS
    return (op.forward(*hi) - op.forward(*lo)) / (2 * EPS)


def _close(a: float, b: float, tol: float = 1e-4) -> bool:
    return abs(a - b) <= tol * (1 + abs(b))


def check_partials(op: Op, xs: tuple[float, ...]) -> None:
    """Every partial of ``op`` at ``xs`` (inside its domain) against central differences."""
    local = tuple(op.local(op.forward(*xs), *xs))
    assert len(local) == len(xs)
    for i in range(len(xs)):
        if i in op.constant:
            continue
        assert _close(local[i], _central(op, xs, i)), f"{op.name}: ∂out/∂{op.input_names(len(xs))[i]} at {xs}"


def check_formulas(op: Op, xs: tuple[float, ...]) -> None:
    """Every formula string of ``op``, evaluated with math's functions at ``xs``, equals its partial."""
    out = op.forward(*xs)
    local = tuple(op.local(out, *xs))
    env = {"out": out, **vars(math)}  # a formula may use any of math's functions
    env.update(zip(op.input_names(len(xs)), xs))
    for i in range(len(xs)):
        formula = op.formula(i, len(xs))
        assert eval(formula, {"__builtins__": {}}, env) == pytest.approx(local[i], rel=1e-12, abs=1e-12), formula


def check_expression(op: Op, xs: tuple[float, ...]) -> None:
    """The forward written as an expression (for the compiler) gives the forward's very bits."""
    env = {"out": None, **vars(math), **{o.name: o.forward for o in TABLE.values()}, op.name: op.forward}
    env.update(zip(op.input_names(len(xs)), xs))
    assert eval(op.expression(len(xs)), {"__builtins__": {}}, env) == op.forward(*xs)


@pytest.mark.parametrize("name", sorted(TABLE))
@given(data=st.data())
def test_partials_match_central_differences(name: str, data: st.DataObject) -> None:
    check_partials(TABLE[name], data.draw(op_inputs(TABLE[name])))


@pytest.mark.parametrize("name", sorted(TABLE))
@given(data=st.data())
def test_formula_strings_evaluate_to_the_partials(name: str, data: st.DataObject) -> None:
    check_formulas(TABLE[name], data.draw(op_inputs(TABLE[name])))


@pytest.mark.parametrize("name", sorted(TABLE))
@given(data=st.data())
def test_forward_expressions_equal_the_forward(name: str, data: st.DataObject) -> None:
    check_expression(TABLE[name], data.draw(op_inputs(TABLE[name])))


@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_entry_is_complete(name: str) -> None:
    op = TABLE[name]
    assert op.name == name and op.symbol
    n = 5 if op.name == "wsum" else 3 if op.nary else len(op.input_names(0))
    names = op.input_names(n)
    assert len(names) == n == len(set(names))
    assert all(isinstance(op.formula(i, n), str) and op.formula(i, n) for i in range(n))
    assert all(op.input_domain(i) in DOMAINS for i in range(n))
    assert op.torch and all(isinstance(m, str) for m in (*op.methods, *op.reflected))


@pytest.mark.parametrize("name", sorted(name for name, op in TABLE.items() if op.unpack))
@given(data=st.data())
def test_partials_of_a_node_with_a_shared_row_equal_local(name: str, data: st.DataObject) -> None:
    op = TABLE[name]
    n = data.draw(st.integers(1, 6))
    own = tuple(data.draw(st.lists(finite, min_size=n, max_size=n)) + data.draw(st.lists(finite, max_size=1)))
    row = tuple(data.draw(st.lists(finite, min_size=n, max_size=n)))
    xs = op.unpack(own, row)
    out = op.forward(*xs)
    d_head, d_row, d_last = op.local_rows(out, own, row)
    head = tuple(d for d, _ in zip(d_head, own[:n]))
    tail = () if d_last is None else (d_last,)
    assert len(head) + len(tail) == len(own)
    assert op.unpack(head + tail, tuple(d for d, _ in zip(d_row, row))) == tuple(op.local(out, *xs))


def test_the_table_holds_every_primitive_the_engine_needs() -> None:
    expected = {"add", "sub", "mul", "div", "neg", "pow", "powv", "exp", "log", "tanh", "sigmoid", "relu", "step", "vsum", "wsum",
                "abs", "sin", "cos"}  # fmt: skip
    assert expected <= set(TABLE)


def test_wsum_layout_with_and_without_bias() -> None:
    op = TABLE["wsum"]
    assert op.input_names(5) == ("w0", "w1", "x0", "x1", "b")
    assert op.input_names(4) == ("w0", "w1", "x0", "x1")
    assert op.forward(2.0, 3.0, 5.0, 7.0, 1.0) == 1.0 + 2.0 * 5.0 + 3.0 * 7.0
    assert tuple(op.local(0.0, 2.0, 3.0, 5.0, 7.0, 1.0)) == (5.0, 7.0, 2.0, 3.0, 1.0)


@given(st.lists(st.tuples(finite, finite), max_size=20), finite)
def test_wsum_adds_left_to_right_from_b_like_the_unfused_chain(pairs: list[tuple[float, float]], b: float) -> None:
    from autograd_core.ops import wsum_forward

    z = b
    for w, x in pairs:
        z = z + w * x
    assert wsum_forward([w for w, _ in pairs], [x for _, x in pairs], b) == z  # bit for bit, every Python version
