"""Replaying a backward pass for pictures: the state of every gradient before and after each step.

A replay is a *fresh* pass (as after ``zero_grad()``: every gradient starts at 0, the root at 1)
run with the real stepper, and afterwards every ``.grad`` is put back as it was, so drawing a
step never disturbs the user's graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..stepper import Step, backward_steps
from ..value import Value
from .dot import View


@dataclass(frozen=True)
class Frame:
    """One picture of the pass: ``step`` is None for the start (only the root's gradient set)."""

    step: Step | None
    view: View


def replay(root: Value, nodes: list[Value], digits: int = 4) -> list[Frame]:
    """The start frame, then one frame per step; ``nodes`` is ``walk(root)``."""
    consumers = dict.fromkeys(nodes, 0)
    for u in nodes:
        for p in dict.fromkeys(u.parents):
            consumers[p] += 1
    saved = [v.grad for v in nodes]
    final = {root}
    try:
        for v in nodes:
            v.grad = 0.0
        start = dict.fromkeys(nodes, 0.0)
        start[root] = 1.0
        frames = [Frame(None, View(grads=start, final=frozenset(final)))]
        for step in backward_steps(root, digits):
            for p in dict.fromkeys(step.node.parents):
                consumers[p] -= 1
                if consumers[p] == 0:
                    final.add(p)  # every node that uses p has sent its share: p's gradient is complete
            received = frozenset(t.parent for t in step.terms if t.contribution != 0.0)
            grads = {v: v.grad for v in nodes}
            frames.append(Frame(step, View(grads=grads, current=step.node, final=frozenset(final), received=received)))
    finally:
        for v, g in zip(nodes, saved, strict=True):
            v.grad = g
    return frames
