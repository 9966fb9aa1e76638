"""The display vocabulary: numbers that never round into a false whole number, names with occurrences,
formulas as the notes write them (and equal to the partials they stand for), expressions."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_core import Value, walk, wsum
from autograd_core.engine import local_partials
from autograd_core.formula import evaluate
from autograd_core.names import MAX_DIGITS, Names, d_name, expression, fmt, formula_text, is_number, local_formula
from tests.strategies import expression_recipes
from tests.strategies_graphs import labelled_graphs, rebuild, tagged_network


def test_fmt_keeps_whole_numbers_whole_and_never_makes_one() -> None:
    assert [fmt(x) for x in (2.0, -3.0, 0.5, 1e20, -1.235e6)] == ["2.0", "-3.0", "0.5", "1e+20", "-1.235e+06"]
    assert [fmt(x) for x in (math.inf, -math.inf, math.nan, -0.0)] == ["inf", "-inf", "nan", "-0.0"]
    assert fmt(0.99998) == "0.99998" and fmt(1 / (1 + math.exp(-11))) == "0.99998"  # the notes' h1 beside ∂h1/∂z1 = 1.67e-05
    assert fmt(2.0000004, 4) == "2.0000004" and fmt(-0.9999999, 2) == "-0.9999999"
    assert fmt(1.0000000000000002) == "1.0000000000000002"  # past 12 digits: the value's repr
    assert fmt(0.123456, 3) == "0.123" and fmt(1234.5, 4) == "1234.5" and fmt(1235.0, 3) == "1.24e+03"


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(1, MAX_DIGITS + 2))
def test_fmt_prints_a_whole_number_only_for_a_whole_value(x: float, digits: int) -> None:
    text = fmt(x, digits)
    shown = Decimal(text)  # exact (2e+308 is a number, though no float)
    if shown == shown.to_integral_value():
        assert x.is_integer(), (x, digits, text)
    assert abs(shown - Decimal(x)) <= abs(Decimal(x)) * Decimal(10) ** (1 - min(digits, MAX_DIGITS))


def test_names_label_number_anonymous_and_one_line() -> None:
    a = Value(2.0, label="a")
    y = (a * 3.0).tanh()
    blank = Value(1.0, label="\n ")
    root = y * blank
    root.label = "L\n(loss)"
    name = Names(walk(root))
    assert [name(v) for v in walk(root)] == ["L (loss)", "#1", "#2", "a", "3.0", "#5"]  # the blank label names nothing
    assert is_number(Value(1.0)) and is_number(Value(1.0).__class__(2.0)) and not is_number(a)
    tagged = Value(2.0)
    tagged.tag = ("output layer", "softmax")
    assert is_number(tagged)  # a number stays a number, whatever its tag
    odd = Value(1.0, label="bad \ud800 \x07")
    assert Names([odd])(odd) == "bad \ufffd \ufffd"  # characters no file can hold


def test_a_repeated_label_gets_its_occurrence_in_discovery_order() -> None:
    root, _ = tagged_network((2, 3, 1), examples=3)
    name = Names(walk(root))
    zs = [name(v) for v in walk(root) if v.label == "z¹₂"]
    assert zs == ["z¹₂⁽¹⁾", "z¹₂⁽²⁾", "z¹₂⁽³⁾"]
    assert name(root) == "L" and sum(name(v) == "w¹₂₁" for v in walk(root)) == 1  # shared weights occur once
    xs = [name(v) for v in walk(root) if v.label.startswith("x")]
    assert xs[:2] == ["x₁⁽¹⁾", "x₂⁽¹⁾"] and len(set(xs)) == 6


def names_of(root: Value) -> Names:
    return Names(walk(root))


@pytest.mark.parametrize(
    ("build", "i", "text"),
    [
        (lambda d: d**2, 0, "2·d"), (lambda d: d**3, 0, "3·d²"), (lambda d: d**0.5, 0, "0.5·d^(-0.5)"),
        (lambda d: d**-1, 0, "-d^(-2)"), (lambda d: d**1, 0, "1"), (lambda d: d.tanh(), 0, "1 - #0²"),
        (lambda d: d.sigmoid(), 0, "#0·(1 - #0)"), (lambda d: d - 1.0, 1, "-1"), (lambda d: 2.0 * d, 1, "2"),
        (lambda d: d / 4.0, 0, "0.25"), (lambda d: d.relu(), 0, "0 if d ≤ 0 else 1"), (lambda d: d.cos(), 0, "-sin(d)"),
        (lambda d: d * d, 0, "d"), (lambda d: (d * 2.0) ** 2, 0, "2·#1"),
    ],
)  # fmt: skip
def test_formulas_read_like_the_notes(build, i: int, text: str) -> None:
    d = Value(3.0, label="d")
    node = build(d)
    assert formula_text(node, i, names_of(node)) == text


def test_a_labelled_square_and_a_loss_read_as_written() -> None:
    a = Value(0.6, label="a")
    diff = a - 1.0
    diff.label = "ŷ − y"
    sq = diff**2
    sq.label = "(ŷ − y)²"
    name = names_of(sq)
    assert formula_text(sq, 0, name) == "2·(ŷ − y)" and expression(sq, name) == "(ŷ − y)²"
    assert expression(diff, name) == "a - 1.0" and d_name(name(diff)) == "(ŷ − y)" and d_name(name(sq)) == "(ŷ − y)²"
    w, x = [Value(1.0, label="w¹₁₁"), Value(2.0, label="w¹₁₂")], [Value(5.0, label="x₁"), Value(3.0, label="x₂")]
    z = wsum(w, x, Value(0.1, label="b¹₁"))
    assert expression(z, names_of(z)) == "b¹₁ + w¹₁₁·x₁ + w¹₁₂·x₂"
    assert expression(z, names_of(z), limit=2) == "b¹₁ + w¹₁₁·x₁ + …"


def test_formulas_never_raise_where_a_partial_is_infinite() -> None:
    for base in (Value(1e-200), Value(1e-200, label="x")):
        y = base**-1.5
        assert local_partials(y)[0] == -math.inf
        assert formula_text(y, 0, names_of(y)) == ("-1.5·(1e-200)^(-2.5)" if not base.label else "-1.5·x^(-2.5)")


def partial_matches(node: Value, i: int, name: Names) -> None:
    tree, _, data = local_formula(node, i, name)
    local = local_partials(node)[i]
    try:
        value = evaluate(tree, data)
    except OverflowError:
        assert math.isinf(local)  # the engine caps an overflow at ±inf: so does no float evaluation
        return
    except ZeroDivisionError:
        assert math.isinf(local) or local == 0.0  # 0 ** negative: the engine's ±inf
        return
    assert value == pytest.approx(local, rel=1e-9, abs=1e-300, nan_ok=True), (node.op, i, value, local)


@given(expression_recipes(max_steps=10))
def test_every_simplified_formula_evaluates_to_the_ops_local_partial(recipe: tuple) -> None:
    root = rebuild(recipe)
    name = names_of(root)
    for node in walk(root):
        for i in range(len(node.parents) if node.op_entry is not None else 0):
            if i not in node.op_entry.constant:  # type: ignore[union-attr]
                partial_matches(node, i, name)


@given(labelled_graphs())
def test_formulas_over_labelled_graphs_too(root: Value) -> None:
    name = names_of(root)
    for node in walk(root):
        if node.op_entry is not None:
            for i in range(len(node.parents)):
                if i not in node.op_entry.constant:
                    partial_matches(node, i, name)


def test_a_bracketed_or_called_name_needs_no_more_parentheses() -> None:
    from autograd_core.formula import ATOM, COMPARE, POWER, name_precedence

    assert [name_precedence(t) for t in ("Σ[y log p + (1 − y) log(1 − p)]", "log(1 − p)", "(a + b)", "σ(z)")] == [ATOM] * 4
    assert [name_precedence(t) for t in ("(ŷ − y)²", "z¹₂⁽³⁾", "w¹₁₂,₃", "ŷ − y", "(a) + (b)")] == [POWER, ATOM, ATOM, COMPARE, COMPARE]
    total = Value(-0.7, label="Σ[y log p + (1 − y) log(1 − p)]")
    loss = -total
    assert expression(loss, names_of(loss)) == "-Σ[y log p + (1 − y) log(1 − p)]"


def test_a_repeated_label_that_is_not_one_symbol_is_bracketed_before_its_occurrence() -> None:
    a1, a2 = Value(0.6, label="a"), Value(0.2, label="a")
    squares = []
    for a in (a1, a2):
        diff = a - 1.0
        diff.label = "ŷ − y"
        squares.append(diff**2)
        squares[-1].label = "(ŷ − y)²"
    total = squares[0] + squares[1]
    name = names_of(total)
    assert [name(v) for v in walk(total) if v.op] == ["#0", "(ŷ − y)²⁽¹⁾", "(ŷ − y)⁽¹⁾", "(ŷ − y)²⁽²⁾", "(ŷ − y)⁽²⁾"]
    assert expression(squares[0], name) == "(ŷ − y)⁽¹⁾²" and formula_text(squares[0], 0, name) == "2·(ŷ − y)⁽¹⁾"
    assert expression(total, name) == "(ŷ − y)²⁽¹⁾ + (ŷ − y)²⁽²⁾"
