"""Compile a training step to straight-line Python generated from the op table.

``compile(forward, loss, params, X, y)`` traces one batch through the ordinary engine and writes
the step's forward, loss and backward as Python source (``.source``): one line per op, the
forward from each row's expression and the backward from each row's partial formulas, looped
over the examples, with the lectures' names (``z_1_2``, ``grad_z_1_2``, ``w_1_2_1``). It runs with
``exec`` on plain floats and lists -- no node objects at run time -- and gives the numbers
``loss.backward()`` gives: the same operations in the same order (tests check every gradient
with ``==``).

What the engine decides per example while it builds a graph is handled at run time:

* a branch on the label (hinge's ``1 - s`` or ``s + 1``): one *variant* of the example code per
  shape, chosen by the label (``if y == 1.0:``);
* a branch on a value the loss or model reads (a clamped log, the sign test of a stable
  ``bce_with_logits``): those values are traced as ``Probe`` numbers (``probe.py``), their
  comparisons become guards, and an example whose guard comes out the other way is traced again
  and gets its own variant;
* a number computed from values (cross-entropy's and softmax's max shift): computed by the
  generated code (``max(z_2_1, z_2_2, ...)``);
* a dead ReLU needs nothing: its formula gives 0, and the parameters' lines are skipped.

Limits (a ``CompileError`` names each): the loss must add up its examples with sum nodes (n-ary,
each example's values together); a batch whose graph has another shape, a formula that raises, or a
gradient that is not finite goes through the interpreter for that step (same numbers); decisions
made through ``math`` functions of a value are not seen (they read a Probe as a plain float); the
generated source is capped at ``max_lines`` (60,000 by default: two hidden layers of about 115 units
with an L2 term), estimated after the first trace so that a network too big is refused at once.
Pure Python with ``compile``/``exec`` of a string: it runs in Pyodide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..value import Value
from .program import Retrace
from .runtime import MAX_LINES, MAX_VARIANTS, CompiledStep
from .trace import CompileError, Forward, Loss, observe

__all__ = ["MAX_LINES", "CompileError", "CompiledStep", "Retrace", "compile", "observe"]


def compile(  # the name the design gives it; Python's builtin is used as builtins.compile inside
    forward: Forward, loss: Loss, params: Sequence[Value], X: Sequence[Sequence[float]] | None = None,  # noqa: N803
    y: Sequence[Any] | None = None, *, names: Callable[[Value], str | None] | None = None, max_lines: int = MAX_LINES,
    max_variants: int = MAX_VARIANTS,
) -> CompiledStep:  # fmt: skip
    """A ``CompiledStep`` for ``loss([forward(x) for x in X], y)`` with gradients for ``params``.

    ``forward(inputs)`` gets one example's inputs as Values and returns a Value or a list of them;
    ``loss(outputs, targets)`` returns the batch's loss. With ``X`` and ``y`` the step is traced
    and generated now (``.source`` is ready); otherwise on the first ``step``. ``names(value)`` may
    name values for the code (None: use the label, else ``t1``, ``t2``...).
    """
    if not callable(forward) or not callable(loss):
        raise TypeError("compile(forward, loss, params, ...): forward and loss must be callables")
    ps = list(params)
    for i, p in enumerate(ps):
        if not isinstance(p, Value) or p.op:
            raise TypeError(f"compile: parameter {i} must be a leaf Value, not {p!r}")
    if (X is None) != (y is None):
        raise TypeError("compile: give both X and y to trace now, or neither")
    step = CompiledStep(forward, loss, ps, names=names, max_lines=max_lines, max_variants=max_variants)
    if X is not None and y is not None:
        step.learn(list(X), list(y))
        step.source  # noqa: B018 -- written now: a graph the compiler refuses raises here, not at the first step
    return step
