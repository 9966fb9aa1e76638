"""Hypothesis strategies shared by the tests: inputs inside each op's domain, random expressions."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from autograd_core import Op, Value, softmax, vsum, wsum

# Finite floats of moderate size: central differences stay accurate and nothing overflows.
moderate = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.2, max_value=3.0)
away_from_zero = st.one_of(st.floats(min_value=0.3, max_value=3.0), st.floats(min_value=-3.0, max_value=-0.3))
# relu and step are not differentiable at 0: keep their inputs away from the kink.
away_from_kink = away_from_zero


def op_inputs(op: Op) -> st.SearchStrategy[tuple[float, ...]]:
    """Input tuples where ``op`` is defined and smooth enough for central differences."""
    if op.name in ("log",):
        return st.tuples(positive)
    if op.name in ("relu", "step"):
        return st.tuples(away_from_kink)
    if op.name == "div":
        return st.tuples(moderate, away_from_zero)
    if op.name == "pow":
        return st.one_of(
            st.tuples(moderate, st.sampled_from([0.0, 1.0, 2.0, 3.0, -1.0, -2.0])).filter(lambda t: t[1] >= 1 or abs(t[0]) > 0.3),
            st.tuples(positive, st.floats(min_value=-2.0, max_value=2.5)),
        )
    if op.name == "powv":
        return st.tuples(positive, st.floats(min_value=-2.0, max_value=2.5))
    if op.name == "vsum":
        return st.lists(moderate, min_size=0, max_size=6).map(tuple)
    if op.name == "wsum":
        return st.integers(min_value=0, max_value=5).flatmap(
            lambda n: st.tuples(st.lists(moderate, min_size=2 * n, max_size=2 * n), st.booleans())
        ).map(lambda t: tuple(t[0]) + ((0.5,) if t[1] else ()))
    arity = len(op.input_names(0))
    return st.tuples(*([moderate] * arity))


# ---- random expressions: a recipe is a list of (op, operand indices) over a pool of Values ----

UNARY = ["neg", "exp_small", "tanh", "sigmoid", "relu_shift", "step_shift", "log_pos", "square", "cube", "sqrt_pos"]
BINARY = ["add", "sub", "mul", "div_safe", "pow_value", "vsum3", "wsum2", "softmax2"]


@st.composite
def expression_recipes(draw: st.DrawFn, n_inputs: int = 3, max_steps: int = 8) -> tuple[list[float], list[tuple[str, tuple[int, ...]]]]:
    """Inputs and a list of steps; each step applies an op to earlier pool entries (sharing allowed)."""
    inputs = draw(st.lists(st.floats(min_value=-2.0, max_value=2.0), min_size=n_inputs, max_size=n_inputs))
    steps = []
    for k in range(draw(st.integers(min_value=1, max_value=max_steps))):
        pool = n_inputs + k
        name = draw(st.sampled_from(UNARY + BINARY))
        arity = 1 if name in UNARY else 3 if name == "vsum3" else 4 if name == "wsum2" else 2
        steps.append((name, tuple(draw(st.integers(0, pool - 1)) for _ in range(arity))))
    return inputs, steps


def build_expression(xs: list, steps: list[tuple[str, tuple[int, ...]]], lib: str = "stepgrad"):
    """Evaluate a recipe with stepgrad Values (lib="stepgrad") or torch tensors (lib="torch").

    Every op is made safe on any input (log of a square plus 1, exp of a tanh, division by a
    positive denominator) so random recipes never leave an op's domain.
    """
    if lib == "torch":
        import torch

        f = {
            "exp": torch.exp, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "log": torch.log,
            "sum": lambda vs: sum(vs[1:], vs[0]), "wsum": lambda w, x, b: b + w[0] * x[0] + w[1] * x[1],
            "step": lambda v: (v >= 0).double(), "softmax": lambda vs: list(torch.softmax(torch.stack(vs), 0)),
        }  # fmt: skip
    else:
        f = {
            "exp": Value.exp, "tanh": Value.tanh, "sigmoid": Value.sigmoid, "relu": Value.relu, "log": Value.log,
            "sum": vsum, "wsum": wsum, "step": Value.step, "softmax": softmax,
        }  # fmt: skip
    pool = list(xs)
    for name, idx in steps:
        a = [pool[i] for i in idx]
        if name == "neg":
            r = -a[0]
        elif name == "exp_small":
            r = f["exp"](f["tanh"](a[0]))
        elif name in ("tanh", "sigmoid"):
            r = f[name](a[0])
        elif name == "relu_shift":
            r = f["relu"](a[0] + 0.1234567)
        elif name == "step_shift":
            r = f["step"](a[0] + 0.1234567) * a[0]
        elif name == "sqrt_pos":
            r = (a[0] * a[0] + 0.5) ** 0.5
        elif name == "pow_value":
            r = (a[0] * a[0] + 1.0) ** f["tanh"](a[1])
        elif name == "softmax2":
            r = f["softmax"]([a[0], a[1]])[0]
        elif name == "log_pos":
            r = f["log"](a[0] * a[0] + 1.0)
        elif name == "square":
            r = a[0] ** 2
        elif name == "cube":
            r = f["tanh"](a[0]) ** 3
        elif name == "add":
            r = a[0] + a[1]
        elif name == "sub":
            r = a[0] - a[1]
        elif name == "mul":
            r = a[0] * a[1]
        elif name == "div_safe":
            r = a[0] / (a[1] * a[1] + 1.0)
        elif name == "vsum3":
            r = f["sum"](a)
        else:  # wsum2
            r = f["wsum"](a[:2], a[2:], 0.25)
        pool.append(r)
    return pool[-1]


def finite(x: float) -> bool:
    return math.isfinite(x)
