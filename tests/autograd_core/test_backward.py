"""The backward contract: seeding, recomputed interior grads, accumulating leaves, reuse, depth."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from autograd_core import Value, vsum


def test_reused_operand_gets_the_total_derivative() -> None:
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert (b.grad, a.grad) == (2.0, 4.0)
    d = Value(2.0)
    e = d * d * d  # d³: derivative 3d² = 12
    e.backward()
    assert d.grad == 12.0


def test_root_is_seeded_with_one_and_interior_grads_are_recomputed() -> None:
    a = Value(2.0)
    c = a * 3
    e = c + 1
    e.backward()
    e.backward()
    assert (e.grad, c.grad) == (1.0, 1.0)  # interior: the same after two calls
    assert a.grad == 6.0  # leaf: accumulated twice


def test_leaves_accumulate_until_zero_grad() -> None:
    w = Value(0.5)
    for _ in range(3):
        loss = (w * 2) ** 2
        loss.backward()
    assert w.grad == 3 * 8 * 0.5
    loss.zero_grad()
    assert w.grad == 0.0 and loss.grad == 0.0


def test_backward_on_a_leaf_accumulates_one() -> None:
    a = Value(1.0)
    a.backward()
    a.backward()
    assert a.grad == 2.0


def test_a_million_node_chain_runs_at_the_default_recursion_limit() -> None:
    assert sys.getrecursionlimit() <= 10_000
    x = Value(1.0)
    y = x
    for _ in range(500_000):
        y = y * 1.0000001 + 0.0
    y.backward()
    assert abs(y.data - 1.0000001**500_000) < 1e-9
    assert abs(x.grad - 1.0000001**500_000) < 1e-9


def test_independent_branches_not_reachable_from_the_root_are_untouched() -> None:
    a = Value(1.0)
    other = a * 5
    other.backward()
    root = a + 1
    root.backward()
    assert other.grad == 1.0 and a.grad == 6.0


def test_the_graph_is_freed_by_reference_counting_alone() -> None:
    gc.disable()
    try:
        xs = [Value(float(i)) for i in range(10)]
        h = [x.tanh() * x for x in xs]
        loss = vsum(h) ** 2
        loss.backward()
        refs = [weakref.ref(v) for v in (*h, loss)]
        del h, loss
        assert all(r() is None for r in refs)
    finally:
        gc.enable()


def test_backward_restores_the_gc_state() -> None:
    a = Value(1.0)
    (a * 2).backward()
    assert gc.isenabled()
    gc.disable()
    try:
        (a * 2).backward()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_zero_upstream_skips_nothing_that_matters() -> None:
    # a dead ReLU sends nothing back; its parents still get correct (zero) gradients
    x = Value(-1.0)
    w = Value(2.0)
    y = (x * w).relu() + w
    y.backward()
    assert (x.grad, w.grad) == (0.0, 1.0)


def test_number_operands_become_one_constant_leaf_each_with_its_gradient() -> None:
    x = Value(3.0, label="x")
    y = (2.5 - x) * 4.0 + x / 2.0  # floats on the left and on the right
    y.backward()  # before anyone has looked at the constants
    (left, four), (_, half) = y.parents[0].parents, y.parents[1].parents
    two_and_a_half = left.parents[0]
    assert (two_and_a_half.data, four.data, half.data) == (2.5, 4.0, 2.0)
    assert two_and_a_half.op == "" and two_and_a_half.grad == 4.0  # ∂y/∂2.5 = 4
    assert four.grad == 2.5 - 3.0 and half.grad == -3.0 / 4.0  # ∂y/∂4 = 2.5 - x, ∂y/∂2 = -x/2²
    assert y.parents[0].parents[1] is four  # made once: the same leaf every time it is asked for
    y.backward()
    assert four.grad == 2 * (2.5 - 3.0)  # leaves accumulate, constants too


def test_a_constant_first_seen_after_backward_has_its_gradient() -> None:
    x = Value(2.0)
    y = x * 3.0
    y.backward()
    assert y.parents[1].grad == 2.0 and x.grad == 3.0


def test_a_float_operand_is_not_one_more_gc_tracked_object() -> None:
    x = Value(1.0)
    paused = gc.isenabled()
    gc.disable()
    try:
        before = len(gc.get_objects())
        y = x
        for _ in range(1_000):
            y = y * 1.5 + 0.5
        made = len(gc.get_objects()) - before
    finally:
        if paused:
            gc.enable()
    assert made <= 2_000 + 50  # the two op nodes per step; the numbers stay floats until needed
    y.backward()
    assert x.grad == pytest.approx(1.5**1_000, rel=1e-12)
