"""The compiler's parts: names from display labels, Probes and the decisions they record, max/min scans,
the op table's formulas checked against its partials, batch-size rules."""

from __future__ import annotations

import math

import pytest

from autograd_core import TABLE, Op, Value, register, unregister
from autograd_core.compiler.formulas import partial, partial_text
from autograd_core.compiler.names import Namer, identifier
from autograd_core.compiler.probe import Probe, leaf, recording
from autograd_core.compiler.recognize import scans
from autograd_core.compiler.sizes import rules, values_for


@pytest.mark.parametrize("label, name", [
    ("z¹₂", "z_1_2"), ("a¹₂", "a_1_2"), ("w¹₂₁", "w_1_2_1"), ("w¹₁₂,₃", "w_1_12_3"), ("b¹₂", "b_1_2"), ("b¹₁₀", "b_1_10"),
    ("z²₁₂", "z_2_12"), ("b¹₁₀²", "b_1_10_sq"), ("x₁", "x_1"), ("x₁₂", "x_12"),
    ("p₁", "p_1"), ("z₂", "z_2"), ("w₁", "w_1"), ("z²₁⁽³⁾", "z_2_1"), ("ŷ − y", "diff"), ("(ŷ − y)²", "sq"),
    ("log(1 − p)", "log_one_minus_p"), ("max(0, 1 − y·s)", "hinge"), ("L", "loss"), ("h1", "h1"), ("log p", "log_p"),
    ("my value", "my_value"), ("", None), ("∂", None), ("class", None),
])  # fmt: skip
def test_display_names_become_the_lectures_identifiers(label: str, name: str | None) -> None:
    assert identifier(label) == name


def test_names_stay_unique_and_leave_room_for_their_gradients() -> None:
    namer = Namer({"x", "grad_t2"})
    assert [namer.take("z"), namer.take("z"), namer.take("x"), namer.take(None), namer.take(None)] == ["z", "z_2", "x_2", "t1", "t3"]
    assert {"grad_z", "grad_z_2", "grad_t1"} <= namer.used  # t2 was skipped: its gradient's name was taken


def test_probes_record_comparisons_but_not_an_ops_own() -> None:
    with recording() as rec:
        p = leaf(0.3, "p")
        assert (1.0 - p) > 1e-44  # a loss's clamp test: recorded
        q = Value(0.0)
        q.data = p  # an observed value, as the tracer makes a model's output
        assert q.relu().data is p  # relu's own test a <= 0: silent
        c = Value(2.0) - p  # p made a constant node: its provenance
    kinds = [(e.kind, e.op) for e in rec.events]
    assert kinds == [("cmp", ">"), ("const", "")]
    assert rec.events[1].target is c.parents[1]
    assert rec.events[0].left.expr == ("-", 1.0, p) and rec.events[0].outcome is True


def test_a_conversion_to_a_plain_number_pins_the_value() -> None:
    with recording() as rec:
        p = leaf(2.5, "p")
        assert int(p) == 2 and round(p) == 2
    assert [e.kind for e in rec.events] == ["pin", "pin"]


def test_max_and_min_scans_are_recognised_with_their_items_in_order() -> None:
    with recording() as rec:
        xs = [leaf(v, f"s{i}") for i, v in enumerate([0.2, 1.5, -0.3, 1.5])]
        m = max(xs)
        n = min(xs)
    found = scans(rec.events)
    assert [s.kind for s in found] == ["max", "min"]
    assert [x is y for x, y in zip(found[0].items, xs)] == [True] * 4 and found[0].result is m is xs[1]
    assert found[1].result is n is xs[2]
    assert isinstance(m, Probe)


def test_every_formula_of_the_table_is_used_exactly_as_the_engine_computes() -> None:
    for name, op in TABLE.items():
        n = 5 if op.nary else op.arity
        for i in range(n):
            text, exact = partial(op, i, n)
            assert exact, f"{name}: input {i}'s formula {op.formula(i, n)!r} differs from the row's partial"
    assert partial(TABLE["tanh"], 0, 1)[0] == "1.0 - out * out"  # `1 - out**2` rounds differently about once in a thousand


def test_a_formula_that_differs_from_the_rows_partial_becomes_a_call_to_it() -> None:
    sloppy = Op("sloppy_square", "sq", lambda a: a * a, lambda out, a: (2.0 * a + 1e-9,), ("a",), ("2 * a",), ("real",), "a * a")
    register(sloppy)
    try:
        text, exact = partial(sloppy, 0, 1)
        assert not exact and text == "d_sloppy_square(out, a)[0]"
        assert partial_text(sloppy, 0, 1, ["z_1"], "a_1") == "d_sloppy_square(a_1, z_1)[0]"
    finally:
        unregister("sloppy_square")


@pytest.mark.parametrize("v1, v2, rule, at_seven", [
    (100.0, 99.0, ("times", 1.0), 7.0), (200.0, 198.0, ("times", 2.0), 14.0), (1.0 / 100, 1.0 / 99, ("over", 1.0), 1.0 / 7),
    (1e-4, 1e-4, ("fixed", 1e-4), 1e-4), (0.37, 0.5, ("traced", 0.0), None),
])  # fmt: skip
def test_numbers_that_change_with_the_batch_size_follow_a_rule(v1: float, v2: float, rule: tuple, at_seven: float | None) -> None:
    found = rules(100, (v1,), 99, (v2,))
    assert found == [rule]
    got = values_for(7, found)
    assert got == (None if at_seven is None else (at_seven,))
    assert at_seven is None or math.isfinite(at_seven)


def test_a_long_sum_is_checked_once_at_a_small_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """L2 over a 64-wide network is one 4,289-input sum: checking each input's formula at full size
    took time quadratic in it (17 s of codegen); the check at 8 or 9 inputs decides for every size."""
    from autograd_core.compiler import formulas

    checked: list[int] = []
    agrees = formulas._agrees
    monkeypatch.setattr(formulas, "_agrees", lambda op, i, n, text: checked.append(n) or agrees(op, i, n, text))
    monkeypatch.setattr(formulas, "_CHOSEN", {})
    monkeypatch.setattr(formulas, "_NARY_WAY", {})
    assert all(partial(TABLE["vsum"], i, 4289) == ("1.0", True) for i in range(4289))
    assert set(checked) == {9} and len(checked) == 9
