"""Tracing: one batch through the ordinary engine, with Probes where Python code reads values.

``trace(forward, loss, params, X, Y)`` makes input leaves for each example, calls ``forward`` on
them (the model, built by the engine as always), puts Probes on the outputs' data so that the
loss's decisions are recorded, then calls ``loss(outputs, Y)`` for the root. ``observe(values)``
lets a forward mark more values Python reads (a softmax layer's inputs, whose max shifts it).
Nothing here is kept at run time: the compiled code is generated from the trace and the trace is
dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..fast import topological_order  # the engine's order (engine.topological_order), found faster: proven equal
from ..value import Value
from .probe import Event, Probe, leaf, recording

Forward = Callable[[list[Value]], Any]
Loss = Callable[[list[Any], list[Any]], Value]


class CompileError(ValueError):
    """The traced graph has a shape the compiler does not handle (the message says which); the
    interpreter (``backward()``) handles every graph."""


@dataclass
class Trace:
    """One traced batch: the root, each example's input leaves and observed outputs, the events."""

    root: Value
    params: list[Value]
    inputs: list[list[Value]]
    outputs: list[list[Value]]
    single_output: bool
    targets: list[Any]
    events: list[Event]
    observed: dict[int, Value] = field(default_factory=dict)  # id(node) -> node, for every observed node
    order: list[Value] = field(default_factory=list)  # the engine's backward order (root first)
    parents: dict[int, tuple[Value, ...]] = field(default_factory=dict)  # id(interior node) -> its parents, read once
    holders: dict[int, list[Value]] = field(default_factory=dict)  # id(probe) -> the nodes holding it as data


@dataclass
class _Observer:
    params: set[int]
    observed: dict[int, Value] = field(default_factory=dict)


_OBSERVER: ContextVar[_Observer | None] = ContextVar("stepgrad_compile_observer", default=None)


def observe(values: Sequence[Value]) -> None:
    """While a compile traces, make each value's data a Probe, so what Python decides on it is seen
    (a no-op otherwise). Parameters are never observed: they are the compiled code's inputs."""
    obs = _OBSERVER.get()
    if obs is None:
        return
    for v in values:
        if isinstance(v, Value) and id(v) not in obs.params:
            raw = v.data
            v.data = leaf(float.__float__(raw) if isinstance(raw, Probe) else raw, v)
            obs.observed[id(v)] = v


@contextmanager
def _observing(params: Sequence[Value]) -> Any:
    token = _OBSERVER.set(_Observer({id(p) for p in params}))
    try:
        yield _OBSERVER.get()
    finally:
        _OBSERVER.reset(token)


def as_outputs(out: Any) -> tuple[list[Value], bool]:
    """A forward's result as a list of Values, and whether it was a single Value."""
    if isinstance(out, Value):
        return [out], True
    if isinstance(out, list | tuple) and out and all(isinstance(v, Value) for v in out):
        return list(out), False
    raise CompileError(f"the forward must return a Value or a list of Values, not {type(out).__name__}")


def trace(forward: Forward, loss: Loss, params: Sequence[Value], X: Sequence[Sequence[float]], Y: Sequence[Any]) -> Trace:  # noqa: N803
    """Build the batch's graph through the engine, recording Probe events; see the module doc."""
    params = list(params)
    if not X:
        raise CompileError("nothing to trace: the batch is empty")
    with recording() as rec, _observing(params) as obs:
        inputs, outputs, results, single = [], [], [], True
        for row in X:
            xs = [Value(float(v), f"x{i}") for i, v in enumerate(row)]
            outs, single = as_outputs(forward(xs))
            observe(outs)
            inputs.append(xs)
            outputs.append(outs)
            results.append(outs[0] if single else outs)
        root = loss(results, list(Y))
    if not isinstance(root, Value):
        raise CompileError(f"the loss must return a Value, not {type(root).__name__}")
    if not root.op:
        raise CompileError("the loss is a leaf: there is no graph to compile")
    t = Trace(root, params, inputs, outputs, single, list(Y), rec.events, observed=obs.observed)
    t.order = topological_order(root)[::-1]
    t.parents = {id(n): n.parents for n in t.order}
    for node in [*t.order, *(v for v in obs.observed.values() if id(v) not in t.parents)]:  # interior nodes, observed leaves
        if isinstance(node.data, Probe):
            t.holders.setdefault(id(node.data), []).append(node)
    return t
