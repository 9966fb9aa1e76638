"""The stepper: backward one explained node at a time, ending exactly where backward() ends."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from autograd_core import Step, Value, walk, wsum
from autograd_core.names import fmt
from autograd_core.stepper import backward_steps
from demos.toy import build
from tests.strategies import expression_recipes
from tests.strategies_graphs import rebuild


def same(x: float, y: float) -> bool:
    return x == y or (math.isnan(x) and math.isnan(y))


def test_toy_graph_steps_read_as_the_chain_rule() -> None:
    a, b, c, d, e = build()
    steps = list(e.backward_steps())
    assert [str(s) for s in steps] == [
        "e = c × d: ∂e/∂e = 1.0 → c.grad += d × 1.0 = 2.0 × 1.0 = 2.0; d.grad += c × 1.0 = 3.0 × 1.0 = 3.0",
        "c = a + b: ∂e/∂c = 2.0 → a.grad += 1 × 2.0 = 2.0; b.grad += 1 × 2.0 = 2.0",
        "d = b + 1.0: ∂e/∂d = 3.0 → b.grad += 1 × 3.0 = 3.0, now 5.0",
    ]
    assert (a.grad, b.grad, c.grad, d.grad, e.grad) == (2.0, 5.0, 2.0, 3.0, 1.0)


def test_step_fields_hold_upstream_local_contribution_before_after() -> None:
    a, b, c, d, e = build()
    first, second, third = e.backward_steps()
    assert isinstance(first, Step) and (first.index, first.total) == (0, 3)
    assert first.node is e and first.upstream == 1.0
    t_c, t_d = first.terms
    assert (t_c.parent, t_c.formula, t_c.local, t_c.contribution, t_c.before, t_c.after) == (c, "d", 2.0, 2.0, 0.0, 2.0)
    assert (t_d.parent, t_d.formula, t_d.local, t_d.contribution, t_d.before, t_d.after) == (d, "c", 3.0, 3.0, 0.0, 3.0)
    assert third.node is d and third.upstream == 3.0
    t_b, t_one = third.terms
    assert (t_b.parent, t_b.before, t_b.after, t_b.constant) == (b, 2.0, 5.0, False)
    assert t_one.constant and t_one.parent.data == 1.0  # the number 1 in b + 1: kept in terms, left out of the text
    assert "1.0.grad" not in str(third)


def test_stopping_early_leaves_the_finished_steps_applied_and_nothing_else() -> None:
    a, b, c, d, e = build()
    steps = e.backward_steps()
    assert (a.grad, c.grad) == (0.0, 0.0)  # nothing happens before the first step is asked for
    next(steps)
    assert (e.grad, c.grad, d.grad, a.grad, b.grad) == (1.0, 2.0, 3.0, 0.0, 0.0)
    next(steps)
    assert (a.grad, b.grad) == (2.0, 2.0)
    steps.close()
    assert (a.grad, b.grad, d.grad) == (2.0, 2.0, 3.0)


@given(expression_recipes(max_steps=10))
def test_exhausted_stepper_equals_backward_on_random_graphs(recipe: tuple) -> None:
    by_backward, by_steps = rebuild(recipe), rebuild(recipe)
    by_backward.backward()
    steps = list(by_steps.backward_steps())
    nodes_b, nodes_s = walk(by_backward), walk(by_steps)
    assert len(nodes_b) == len(nodes_s)
    for u, v in zip(nodes_b, nodes_s, strict=True):
        assert same(u.grad, v.grad), (u, v)
    assert len(steps) == sum(v.op_entry is not None for v in nodes_s)  # one step per interior node, skipped ones included
    for step in steps:
        for t in step.terms:
            assert t.parent is step.node.parents[t.position]
            if step.flows and step.node.parents.count(t.parent) == 1:
                assert same(t.after, t.before + t.contribution)
            if not step.flows:
                assert t.after == t.before and t.contribution == 0.0


def test_a_node_whose_gradient_is_zero_says_nothing_flows_back() -> None:
    x = Value(-2.0, label="x")
    r = x.relu()
    r.label = "r"
    y = r * 3.0
    y.label = "y"
    steps = list(y.backward_steps())
    assert str(steps[1]) == "r = ReLU(x): ∂y/∂r = 3.0 → x.grad += (0 if x ≤ 0 else 1) × 3.0 = 0.0 × 3.0 = 0.0"
    y2 = x.relu() * 0.0
    dead = list(y2.backward_steps())[1]
    assert not dead.flows and dead.terms[0].before == dead.terms[0].after
    assert str(dead).endswith("nothing flows back (the gradient is 0)")


def test_a_reused_operand_gets_both_contributions_in_one_line() -> None:
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    (step,) = y.backward_steps()
    assert str(step) == "y = x × x: ∂y/∂y = 1.0 → x.grad += x × 1.0 + x × 1.0 = 3.0 × 1.0 + 3.0 × 1.0, now 6.0"
    assert [t.after for t in step.terms] == [6.0, 6.0]


def test_leaves_accumulate_across_passes_like_backward() -> None:
    a, b, c, d, e = build()
    list(e.backward_steps())
    last = list(e.backward_steps())
    assert (a.grad, b.grad, c.grad) == (4.0, 10.0, 2.0)  # leaves accumulate, interior nodes start afresh
    assert "now 4.0" in str(last[1])


def test_formulas_use_the_parents_names_and_unlabelled_nodes_their_number() -> None:
    w0, w1, x0, x1, bias = (Value(v, label=n) for v, n in [(0.5, "w0"), (-1.0, "w1"), (2.0, "x0"), (3.0, "x1"), (0.1, "b")])
    z = wsum([w0, w1], [x0, x1], bias)
    z.label = "z"
    o = z.tanh()
    (s_o, s_z) = o.backward_steps()
    assert s_o.name == "#0" and s_o.header() == "#0 = tanh(z): ∂#0/∂#0 = 1.0"
    assert s_z.header() == f"z = b + w0·x0 + w1·x1: ∂#0/∂z = {fmt(z.grad)}"
    assert s_o.lines() == [f"z.grad += (1 - #0²) × 1.0 = {fmt(1 - o.data**2)} × 1.0 = {fmt(1 - o.data**2)}"]
    assert [t.formula for t in s_z.terms] == ["x0", "x1", "w0", "w1", "1"]
    assert f"w0.grad += x0 × {fmt(z.grad)} = 2.0 × {fmt(z.grad)}" in str(s_z)


def test_a_leaf_root_has_no_steps_and_is_seeded() -> None:
    x = Value(2.0, label="x")
    assert list(backward_steps(x)) == []
    assert x.grad == 1.0


@pytest.mark.parametrize("digits", [2, 6])
def test_digits(digits: int) -> None:
    x = Value(math.pi, label="x")
    y = x * x
    (step,) = backward_steps(y, digits=digits)
    assert fmt(math.pi, digits) in str(step)
    assert fmt(math.pi, digits) == f"{math.pi:.{digits}g}"
    assert fmt(2.0) == "2.0" and fmt(-3.0) == "-3.0" and fmt(1e20) == "1e+20" and fmt(float("inf")) == "inf"


def test_unlabelled_leaves_are_shown_when_nothing_else_feeds_the_node() -> None:
    y = Value(3.0) * 2  # an unlabelled input and a number: indistinguishable, both numbers
    (step,) = y.backward_steps()
    assert step.lines() == ["(3.0).grad += 2 × 1.0 = 2.0", "(2.0).grad += 3 × 1.0 = 3.0"]  # whole numbers in formulas: 2, not 2.0
    cube = Value(2.0, label="x") ** 3  # the exponent is a constant of the op: never listed
    (step,) = cube.backward_steps()
    assert step.header() == "#0 = x³: ∂#0/∂#0 = 1.0" and step.lines() == ["x.grad += (3·x²) × 1.0 = 12.0 × 1.0 = 12.0"]
    assert step.terms[1].constant and step.terms[1].local == 0.0


def test_the_readme_example_is_what_the_stepper_prints() -> None:
    import doctest
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Drawing and stepping") :]
    block = section[section.index("```python") + len("```python") : section.index("```\n", section.index("```python") + 9)]
    test = doctest.DocTestParser().get_doctest(block, {}, "README: Drawing and stepping", "README.md", 0)
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
    assert result.failed == 0 and result.attempted >= 5


def test_names_stay_on_one_line_and_formulas_are_parenthesised_only_when_needed() -> None:
    z = Value(-0.7, label="z")
    s = z.sigmoid()
    s.label = "σ(z)"
    loss = (s - 1.0) ** 2
    loss.label = "L\n(loss)"
    steps = list(loss.backward_steps())
    assert steps[0].header() == "L (loss) = #1²: ∂(L (loss))/∂(L (loss)) = 1.0"
    assert steps[1].header() == "#1 = σ(z) - 1.0: ∂(L (loss))/∂#1 = -1.336"
    assert steps[2].header().startswith("σ(z): ")  # the name already says what the node is
    assert "z.grad += (σ(z)·(1 - σ(z))) × " in str(steps[2])
    w = Value(2.0, label="w 1")
    (step,) = (w * z).backward_steps()
    assert step.lines()[0] == "(w 1).grad += z × 1.0 = -0.7 × 1.0 = -0.7" and step.lines()[1].startswith("z.grad += (w 1) × 1.0")
