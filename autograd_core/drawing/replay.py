"""Replaying a backward pass for pictures: the state of every gradient at each step.

A replay is a *fresh* pass (as after ``zero_grad()``: every gradient starts at 0, the root at 1)
run with the stepper's pass (the reference engine), and afterwards every ``.grad`` is put back
as it was, so drawing a step never disturbs the user's graph.

Memory stays linear in the size of the graph: the replay keeps what each step *changed* (every
node's gradient history, the step at which each gradient became final), not a snapshot per
step; ``Replay.view(k)`` reads the state at step k from them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from ..names import Names, d_name
from ..stepper import Step, explain, moments
from ..value import Value
from .dot import View


class GradsAt(Mapping[Value, float]):
    """Every node's gradient after step ``k`` (k = -1: the start), read from the histories."""

    def __init__(self, replay: Replay, k: int) -> None:
        self.replay, self.k = replay, k

    def __getitem__(self, v: Value) -> float:
        steps = self.replay.changed_at.get(v)
        if steps is None:
            if v not in self.replay.index:
                raise KeyError(v)
            return self.replay.start(v)
        i = bisect_right(steps, self.k)
        return self.replay.start(v) if i == 0 else self.replay.values[v][i - 1]

    def __iter__(self) -> Iterator[Value]:
        return iter(self.replay.index)

    def __len__(self) -> int:
        return len(self.replay.index)


class FinalAt(Collection[Value]):
    """The nodes whose gradient is complete after step ``k``."""

    def __init__(self, replay: Replay, k: int) -> None:
        self.replay, self.k = replay, k

    def __contains__(self, v: object) -> bool:
        return self.replay.final_at.get(v, len(self.replay.index)) <= self.k  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[Value]:
        return (v for v in self.replay.index if v in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Frame:
    """One picture of the pass, numbered as everywhere: ``number`` 0 is the start (``step`` None, only
    the root's gradient set), ``number`` k is after k nodes (``step.index`` is k - 1)."""

    step: Step | None
    view: View
    number: int = 0
    total: int = 0
    root_name: str = ""

    @property
    def title(self) -> str:
        """``start: ∂e/∂e = 1``, or the step's header ``c = a + b: ∂e/∂c = 2.0``."""
        if self.step is None:
            return f"start: ∂{d_name(self.root_name)}/∂{d_name(self.root_name)} = 1"
        return self.step.header()

    @property
    def lines(self) -> list[str]:
        """The explanation: what each input received (the stepper's lines); the last step says it is done."""
        if self.step is None:
            return ["the root is seeded with 1; every other gradient starts at 0"]
        done = ["done: every gradient is final, as backward() gives"] if self.number == self.total else []
        return [*self.step.lines(), *done]

    @property
    def caption(self) -> str:
        """``step k of n: title``, then one line per explanation line."""
        return "\n".join([f"step {self.number} of {self.total}: {self.title}", *self.lines])


class Replay:
    """A fresh pass over ``nodes`` (``walk(root)``), recorded as changes; ``explain``: the steps to explain (None: all)."""

    def __init__(self, root: Value, nodes: list[Value], digits: int = 4, explain_steps: Collection[int] | None = None) -> None:
        self.root = root
        self.index = {v: i for i, v in enumerate(nodes)}
        self.changed_at: dict[Value, list[int]] = {}  # the steps that changed v's gradient, in order
        self.values: dict[Value, list[float]] = {}  # v's gradient after each of those steps
        self.final_at: dict[Value, int] = {root: -1}  # the step after which v's gradient is complete
        self.received: dict[int, frozenset[Value]] = {}
        self.steps: dict[int, Step] = {}
        self.order: list[Value] = []  # the node of each step
        self.total = 0
        self.names = names = Names(nodes, digits)
        self.root_name = root_name = names(root)
        consumers = dict.fromkeys(nodes, 0)
        for u in nodes:
            for p in dict.fromkeys(u.parents):
                consumers[p] += 1
        saved = [v.grad for v in nodes]
        try:
            for v in nodes:
                v.grad = 0.0
            for m in moments(root):
                self.total = m.total
                k = m.index
                self.order.append(m.node)
                got = frozenset(p for p, d in zip(m.node.parents, m.partials, strict=True) if d and m.upstream)
                for p in got:
                    self._record(p, k, p.grad)
                if got:
                    self.received[k] = got
                for p in dict.fromkeys(m.node.parents):
                    consumers[p] -= 1
                    if consumers[p] == 0:
                        self.final_at[p] = k  # every node that uses p has sent its share: p's gradient is complete
                if explain_steps is None or k in explain_steps:
                    self.steps[k] = explain(m, names, root_name)
        finally:
            for v, g in zip(nodes, saved, strict=True):
                v.grad = g

    def _record(self, v: Value, k: int, grad: float) -> None:
        self.changed_at.setdefault(v, []).append(k)
        self.values.setdefault(v, []).append(grad)

    def start(self, v: Value) -> float:
        """v's gradient at the start: 1 for the root, 0 elsewhere."""
        return 1.0 if v is self.root else 0.0

    def view(self, k: int) -> View:
        """The picture's state after step ``k`` (-1: the start)."""
        current = self.order[k] if 0 <= k < len(self.order) else None
        return View(grads=GradsAt(self, k), current=current, final=FinalAt(self, k), received=self.received.get(k, frozenset()))

    def frame(self, k: int) -> Frame:
        """Frame ``k + 1`` of the pass: ``k = -1`` is the start, ``k`` the step at index k."""
        return Frame(self.steps.get(k), self.view(k), k + 1, self.total, self.root_name)

    def frames(self) -> list[Frame]:
        """The start frame, then one frame per step."""
        return [self.frame(k) for k in range(-1, self.total)]

    def grads_seen(self, v: Value) -> list[float]:
        """Every gradient ``v`` shows over the pass (for widths that keep one layout across frames)."""
        return [self.start(v), *self.values.get(v, [])]
