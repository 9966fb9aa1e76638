"""Reading the Probe events of a trace: ``max``/``min`` scans, guards, and where values came from.

Python's ``max(items)`` compares each next item with the largest so far (``item > best``); a run
of such comparisons, each new item against the running best, is a max scan, and the Probe it
returns is that maximum. A constant made from it afterwards (``x - m``) is then ``max(items)``,
computed by the generated code, and the scan's comparisons are not guards (the code re-computes
the maximum each time instead of assuming the same winner). ``min`` is the same with ``<``.

Every other comparison is a guard on one example (a loss deciding on two examples' values at
once is not compiled), and ``canon`` writes Probe expressions with the nodes they read replaced
by references the code generator names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..value import Value
from .probe import Event, Probe
from .trace import CompileError, Trace

Ref = tuple  # ("m", i) a model node, ("l", i) a loss node, ("x", i) an input, ("p", i) a parameter, ...


@dataclass
class Scan:
    """A max (``kind`` "max") or min scan over ``items``: its result and when it finished."""

    kind: str
    items: list[Probe]
    result: Probe
    end: int
    events: range  # indices of its comparisons in the trace's events


def scans(events: list[Event]) -> list[Scan]:
    """The max/min scans among the events."""
    found: list[Scan] = []
    i = 0
    while i < len(events):
        e = events[i]
        if e.kind != "cmp" or e.op not in (">", "<") or not isinstance(e.right, Probe) or e.left is e.right:
            i += 1
            continue
        kind = "max" if e.op == ">" else "min"
        items, best, j = [e.right, e.left], (e.left if e.outcome else e.right), i + 1
        while j < len(events):
            n = events[j]
            if n.kind != "cmp" or n.op != e.op or n.right is not best or not isinstance(n.left, Probe) or any(n.left is x for x in items):
                break
            items.append(n.left)
            best = n.left if n.outcome else best
            j += 1
        found.append(Scan(kind, items, best, events[j - 1].seq, range(i, j)))
        i = j
    return found


class Reader:
    """Turns Probes into canonical expressions over references, for one trace."""

    def __init__(self, t: Trace, example_of: dict[int, int]) -> None:
        self.t, self.example_of = t, example_of
        self.scans = scans(t.events)
        self.results: dict[int, list[Scan]] = {}
        self.used: set[int] = set()  # ids of scans whose result became a value (their comparisons are not guards)
        for s in self.scans:
            self.results.setdefault(id(s.result), []).append(s)

    def holder(self, p: Probe) -> Value | None:
        """The one node holding ``p`` as its data (None for a Probe made by Python arithmetic)."""
        held = self.t.holders.get(id(p), [])
        if len(held) > 1:
            raise CompileError("the loss decides on a value two nodes share (an op returned its input unchanged): not compiled")
        if held:
            return held[0]
        if p.expr[0] == "leaf":
            return p.expr[1]  # observed but not in the graph
        return None

    def scan_of(self, p: Probe, at: int) -> Scan | None:
        """The latest max/min scan that returned ``p`` before time ``at``."""
        done = [s for s in self.results.get(id(p), []) if s.end < at]
        return done[-1] if done else None

    def examples(self, x: Any, at: int) -> set[int]:
        """The examples whose values ``x`` (a Probe or a number) reads."""
        if not isinstance(x, Probe):
            return set()
        s = self.scan_of(x, at)
        if s is not None:
            return set().union(*(self.examples(item, s.end) for item in s.items))
        node = self.holder(x)
        if node is not None:
            return {self.example_of.get(id(node), -1)}
        return set().union(*(self.examples(a, x.seq) for a in x.expr[1:]))

    def canon(self, x: Any, at: int, ref: Callable[[Value], Ref]) -> Any:
        """``x`` as a nested tuple: ("lit", v), a node reference, ("max", items...), (symbol, operands...)."""
        if not isinstance(x, Probe):
            return ("lit", float(x))
        s = self.scan_of(x, at)
        if s is not None:
            self.used.add(id(s))
            return (s.kind, *(self.canon(item, s.end, ref) for item in s.items))
        node = self.holder(x)
        if node is not None:
            return ref(node)
        return (x.expr[0], *(self.canon(a, x.seq, ref) for a in x.expr[1:]))

    def provenance(self) -> dict[int, tuple[Probe, int]]:
        """The Probe each constant leaf was made from, and when: id(leaf) -> (probe, time)."""
        return {id(e.target): (e.left, e.seq) for e in self.t.events if e.kind == "const"}

    def guards(self) -> dict[int, list[Event]]:
        """Per example, the events its code must check: comparisons (but not those of a max/min scan
        whose result was used: call after ``canon`` has read every constant) and pinned conversions."""
        in_used = {i for s in self.scans if id(s) in self.used for i in s.events}
        per_example: dict[int, list[Event]] = {}
        for i, e in enumerate(self.t.events):
            if e.kind == "const" or i in in_used:
                continue
            owners = self.examples(e.left, e.seq) | self.examples(e.right, e.seq)
            if len(owners) != 1 or min(owners) < 0:
                raise CompileError("the loss decides on values of several examples (or of the whole batch) at once: not compiled")
            per_example.setdefault(owners.pop(), []).append(e)
        return per_example
