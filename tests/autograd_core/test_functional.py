"""n-ary nodes and layers refuse what is not a Value or a number, and rows of different widths."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from autograd_core import Value, apply, linear, linear_rows, softmax, vsum, wsum
from autograd_core.ops import ADD


@dataclass
class LooksLikeAValue:
    """Has a ``.data`` float, and is not a Value: it must never reach a graph."""

    data: float = 1.0


def test_ragged_rows_are_refused_rather_than_reading_a_bias_as_a_weight() -> None:
    w = (Value(0.5), Value(-0.5), Value(0.1))  # two weights and a bias
    with pytest.raises(ValueError, match="row 1 has 3 inputs but row 0 has 2"):
        linear_rows([w], [(Value(1.0), Value(2.0)), (Value(1.0), Value(2.0), Value(3.0))])


@pytest.mark.parametrize(
    "make",
    [
        lambda bad: wsum([Value(1.0)], [bad]),
        lambda bad: wsum([bad], [Value(1.0)]),
        lambda bad: wsum([Value(1.0)], [Value(1.0)], bad if bad is not None else "no bias"),
        lambda bad: linear([(Value(1.0), Value(0.0))], [bad]),
        lambda bad: linear([(bad, Value(0.0))], [Value(1.0)]),
        lambda bad: linear_rows([(Value(1.0),)], [(Value(1.0),), (bad,)]),
        lambda bad: vsum([Value(1.0), bad]),
        lambda bad: softmax([Value(1.0), bad]),
        lambda bad: apply(ADD, Value(1.0), bad),
    ],
)
@pytest.mark.parametrize("bad", [LooksLikeAValue(), "1.0", None, [1.0]])
def test_objects_that_are_not_values_or_numbers_never_reach_a_graph(make, bad) -> None:
    with pytest.raises(TypeError, match=r"item \d+ must be a Value or a number, not (str|" + type(bad).__name__ + ")"):
        make(bad)


def test_numbers_are_lifted_everywhere_a_value_is_taken() -> None:
    z = linear_rows([(0.5, Value(2.0), 1.0)], [(2, 3.0)])[0][0]
    assert z.data == 1.0 + 0.5 * 2 + 2.0 * 3.0 and len(z.parents) == 5
    assert vsum([1, 2.5, Value(0.5)]).data == 4.0
    assert math.isclose(sum(p.data for p in softmax([0, 1.0])), 1.0)
