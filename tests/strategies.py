"""Hypothesis strategies shared by the tests, all read from the op table.

``op_inputs(op)`` draws inputs inside an op's domain (the row's ``domain`` kinds); random
expressions draw their ops from ``TABLE`` itself, so a newly registered op is fuzzed, stepped
and checked against PyTorch with no edit here (tests/autograd_core/test_registration.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from autograd_core import TABLE, Op, Value, apply, softmax

# Finite floats of moderate size: central differences stay accurate and nothing overflows.
moderate = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.2, max_value=3.0)
away_from_zero = st.one_of(st.floats(min_value=0.3, max_value=3.0), st.floats(min_value=-3.0, max_value=-0.3))
EXPONENTS = [-2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0]

KIND_FLOATS: dict[str, st.SearchStrategy[float]] = {
    "real": moderate,
    "positive": positive,
    "nonzero": away_from_zero,
    "kink": away_from_zero,
    "bounded": moderate,
    "exponent": st.sampled_from(EXPONENTS),
}


def op_inputs(op: Op) -> st.SearchStrategy[tuple[float, ...]]:
    """Input tuples where ``op`` is defined and smooth enough for central differences."""
    if op.nary:
        return st.lists(KIND_FLOATS[op.input_domain(0)], min_size=0, max_size=7).map(tuple)
    return st.tuples(*(KIND_FLOATS[op.input_domain(i)] for i in range(op.arity)))


# ---- random expressions: a recipe is a list of (op name, args) over a growing pool of values ----
# An arg is an int (an earlier pool entry: shared subexpressions and reused operands happen) or
# a float (a number operand, on either side of a two-input op; an op's constant exponent).

Step = tuple[str, tuple[Any, ...]]
SOFTMAX = "softmax"  # not an op but a function of ops: fuzzed beside them


def step_names() -> list[str]:
    """Every op in the table now (sorted: deterministic draws), and softmax."""
    return [*sorted(TABLE), SOFTMAX]


@st.composite
def expression_recipes(draw: st.DrawFn, n_inputs: int = 3, max_steps: int = 8) -> tuple[list[float], list[Step]]:
    """Inputs and a list of steps; each step applies an op to earlier pool entries or numbers."""
    inputs = draw(st.lists(st.floats(min_value=-2.0, max_value=2.0), min_size=n_inputs, max_size=n_inputs))
    steps: list[Step] = []
    for k in range(draw(st.integers(min_value=1, max_value=max_steps))):
        pool = st.integers(0, n_inputs + k - 1)
        name = draw(st.sampled_from(step_names()))
        if name == SOFTMAX or TABLE[name].nary:
            args: tuple[Any, ...] = tuple(draw(st.lists(pool, min_size=2 if name == SOFTMAX else 0, max_size=4)))
        else:
            op = TABLE[name]
            has_exponent = "exponent" in op.domain
            number_at = draw(st.sampled_from([None, 0, 1])) if op.arity == 2 and not has_exponent else None
            args = tuple(
                draw(KIND_FLOATS["exponent"] if op.input_domain(i) == "exponent" else moderate) if i == number_at
                or op.input_domain(i) == "exponent" else draw(pool)
                for i in range(op.arity)
            )  # fmt: skip
        steps.append((name, args))
    return inputs, steps


def _into_domain(kind: str, v: Any, f: Callable[[Op, Sequence[Any]], Any]) -> Any:
    """``v`` moved into an op's domain with ops of the table (so torch builds the same graph)."""
    if isinstance(v, float):  # a number operand: plain arithmetic
        return {"positive": v * v + 0.5, "nonzero": v * v + 0.5, "kink": v + 0.1234567, "bounded": math.tanh(v)}.get(kind, v)
    if kind in ("positive", "nonzero"):
        return f(TABLE["add"], [f(TABLE["mul"], [v, v]), 0.5])
    if kind == "kink":
        return f(TABLE["add"], [v, 0.1234567])
    if kind == "bounded":
        return f(TABLE["tanh"], [v])
    return v


def stepgrad_op(op: Op, args: Sequence[Any]) -> Value:
    """The op on stepgrad Values through ``Value``'s own methods where the row names them (so numbers
    stay in the node as the tuned layout keeps them), else through ``apply``."""
    a = args[0] if args else None
    if op.arity == 1 and op.methods:
        return getattr(a, op.methods[0])()
    if op.arity == 2 and isinstance(a, Value) and op.methods:
        return getattr(a, op.methods[0])(args[1])
    if op.arity == 2 and isinstance(args[1], Value) and op.reflected:
        return getattr(args[1], op.reflected[0])(a)
    return apply(op, *args)


def torch_op(op: Op, args: Sequence[Any]) -> Any:
    """The op on torch tensors, from the row's ``torch`` expression."""
    import torch

    names = dict(zip(op.input_names(len(args)), args))
    out = eval(op.torch, {"torch": torch, "sum": sum, "zip": zip, "len": len}, {**names, "xs": tuple(args)})
    return torch.as_tensor(out, dtype=torch.float64)  # a sum of nothing is the float 0.0


def build_expression(xs: list, steps: list[Step], lib: str = "stepgrad") -> Any:
    """Evaluate a recipe with stepgrad Values (lib="stepgrad") or torch tensors (lib="torch"); every
    operand is first moved into its input's domain, so random recipes never leave an op's domain."""
    f = torch_op if lib == "torch" else stepgrad_op
    pool = list(xs)
    for name, args in steps:
        operands = [pool[a] if isinstance(a, int) else a for a in args]
        if name == SOFTMAX:
            if lib == "torch":
                import torch

                r = torch.softmax(torch.stack(operands), 0)[0]
            else:
                r = softmax(operands)[0]
        else:
            op = TABLE[name]
            r = f(op, [_into_domain(op.input_domain(i), v, f) for i, v in enumerate(operands)])
        pool.append(r)
    return pool[-1]


def finite(x: float) -> bool:
    return math.isfinite(x)
