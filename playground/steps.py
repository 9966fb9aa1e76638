"""A graph's backward pass as the page shows it: one frame per step, with a gradient table filling in.

Everything comes from the engine's stepper (``backward_steps``): each step's explanation, and for
each input the gradient before and after. Frame 0 is the start (the root seeded with 1); frame k
is the state after step k.
"""

from __future__ import annotations

from typing import Any

from autograd_core import Value
from autograd_core.graph import walk_at_most
from autograd_core.names import fmt

from .limits import MAX_VALUES, LimitError
from .teardown import postorder


def discover(root: Value, cap: int = MAX_VALUES) -> list[Value] | None:
    """The values under ``root`` in order of discovery (root first), or None past ``cap`` of them.

    None rather than an exception: a traceback would keep this frame's lists alive, and the
    graph would then be freed by whichever reference happens to go last (see teardown.py).
    """
    return walk_at_most(root, cap)


def too_big(cap: int = MAX_VALUES) -> LimitError:
    return LimitError(
        f"this graph has more than {cap} values; the graph lab draws at most {cap} (a bigger picture is "
        "unreadable and slow to lay out). Make it smaller: fewer units, fewer points, a shorter chain"
    )


def estimated_sizes(root: Value) -> dict[str, tuple[float, float]]:
    """The picture's size in points laid out left to right and top to bottom, guessed from its ranks.

    A value's rank is its longest distance from the root; each rank of values is a column (LR) or
    a row (TB) of records about 150 × 30 points, with an op node and two gaps between ranks.
    """
    level = {root: 0}
    for v in reversed(postorder([root])):  # every node before its parents: its level is final when reached
        for p in v.parents:
            level[p] = max(level.get(p, 0), level[v] + 1)
    ranks: dict[int, int] = {}
    for d in level.values():
        ranks[d] = ranks.get(d, 0) + 1
    depth, breadth = len(ranks), max(ranks.values())
    along, across = depth * 150 + (depth - 1) * 72, breadth * 30 + (breadth - 1) * 18
    return {"LR": (along, across), "TB": (breadth * 150 + (breadth - 1) * 18, depth * 30 + (depth - 1) * 72)}


number = fmt  # numbers as the stepper writes them (never rounded into a false whole number)


def group(tag: object) -> str:
    """An nn tag as a short group name (("hidden layer 1", "unit 2") -> "hidden layer 1 · unit 2"); "" for none."""
    if isinstance(tag, tuple):
        return " · ".join(map(str, tag))
    return tag if isinstance(tag, str) else ""


def walk_steps(root: Value, nodes: list[Value]) -> tuple[list[Any], dict[Value, str]]:
    """A fresh backward pass through the stepper (every grad zeroed first): its steps, and every value's name."""
    for v in nodes:
        v.grad = 0.0
    steps = list(root.backward_steps())
    names: dict[Value, str] = {}
    for step in steps:
        names.setdefault(step.node, step.name)
        for t in step.terms:
            if not t.constant:
                names.setdefault(t.parent, t.name)
    return steps, names


def frames(root: Value, nodes: list[Value]) -> dict[str, Any]:
    """Rows (one per named value) and frames (start + one per step) for the page; leaves ``.grad`` final.

    Frame 0 holds every row's gradient; each later frame only what its step changed (``grads``: row →
    new gradient, ``final``: rows whose gradient is complete from then on, ``received``: rows that got
    a share, ``current``: the step's node), so a graph of 200 values and 100 steps stays a small answer.
    """
    steps, names = walk_steps(root, nodes)
    shown = [v for v in nodes if v in names or v is root]
    if root not in names:  # a lone leaf: no step names it
        names[root] = root.label or "root"
    row = {v: i for i, v in enumerate(shown)}
    consumers = dict.fromkeys(nodes, 0)
    for v in nodes:
        for p in set(v.parents):
            consumers[p] += 1
    rname = names[root]
    start: dict[str, Any] = {
        "title": f"start: ∂{rname}/∂{rname} = 1.0", "lines": ["the root is seeded with 1; every other gradient starts at 0", "press Next"],
        "text": f"start: ∂{rname}/∂{rname} = 1.0, every other gradient 0", "current": None, "received": [], "final": [row[root]],
        "grads": {str(i): number(1.0 if v is root else 0.0) for i, v in enumerate(shown)},
    }  # fmt: skip
    out = [start]
    for step in steps:
        final = []
        for p in set(step.node.parents):
            consumers[p] -= 1
            if consumers[p] == 0 and p in row:
                final.append(row[p])  # every node using p has sent its share: p's gradient is complete
        lines = step.lines() + (["done: every gradient is final, as backward() gives"] if step.index == step.total - 1 else [])
        out.append({
            "title": step.header(), "lines": lines, "text": str(step), "current": row[step.node], "final": sorted(final),
            "grads": {str(row[t.parent]): number(t.after) for t in step.terms if t.parent in row},
            "received": sorted({row[t.parent] for t in step.terms if t.contribution != 0.0 and t.parent in row}),
        })  # fmt: skip
    rows = [{"name": names[v], "data": number(v.data), "leaf": not v.op, "op": v.op, "group": group(v.tag)} for v in shown]
    return {"rows": rows, "frames": out, "total": len(steps), "root": rname}
