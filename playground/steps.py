"""A graph's backward pass as the page shows it: one frame per step, with a gradient table filling in.

Everything comes from the engine's stepper (``backward_steps``): each step's explanation, and for
each input the gradient before and after. Frame 0 is the start (the root seeded with 1); frame k
is the state after step k.
"""

from __future__ import annotations

from typing import Any

from autograd_core import Value

from .limits import MAX_VALUES, LimitError


def discover(root: Value, cap: int = MAX_VALUES) -> list[Value] | None:
    """The values under ``root`` in order of discovery (root first), or None past ``cap`` of them.

    None rather than an exception: a traceback would keep this frame's lists alive, and the
    graph would then be freed by whichever reference happens to go last (see teardown.py).
    """
    seen = {root}
    out: list[Value] = []
    stack = [root]
    while stack:
        v = stack.pop()
        out.append(v)
        for p in reversed(v.parents):
            if p not in seen:
                if len(seen) >= cap:
                    return None
                seen.add(p)
                stack.append(p)
    return out


def too_big(cap: int = MAX_VALUES) -> LimitError:
    return LimitError(
        f"this graph has more than {cap} values; the graph lab draws at most {cap} (a bigger picture is "
        "unreadable and slow to lay out). Make it smaller: fewer units, fewer points, a shorter chain"
    )


def number(x: float) -> str:
    """``x`` to 4 significant digits, whole numbers with ``.0`` (as the stepper writes them)."""
    s = f"{x:.4g}"
    return s + ".0" if s.lstrip("-").isdigit() else s


def group(tag: object) -> str:
    """An nn tag as a short group name ("layers.0.neurons.3" -> "layer 0, unit 3"); "" for none."""
    if not isinstance(tag, str):
        return ""
    return tag.replace("layers.", "layer ").replace(".neurons.", ", unit ")


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
    """Rows (one per named value) and frames (start + one per step) for the page; leaves ``.grad`` final."""
    steps, names = walk_steps(root, nodes)
    shown = [v for v in nodes if v in names or v is root]
    if root not in names:  # a lone leaf: no step names it
        names[root] = root.label or "root"
    row = {v: i for i, v in enumerate(shown)}
    consumers = dict.fromkeys(nodes, 0)
    for v in nodes:
        for p in set(v.parents):
            consumers[p] += 1
    grads = dict.fromkeys(shown, 0.0)
    grads[root] = 1.0
    final = {root}
    rname = names[root]
    out = [_frame(f"start: ∂{rname}/∂{rname} = 1.0", ["the root is seeded with 1; every other gradient starts at 0", "press Next"],
                  f"start: ∂{rname}/∂{rname} = 1.0, every other gradient 0", shown, grads, final, set(), None)]  # fmt: skip
    for step in steps:
        for t in step.terms:
            if t.parent in grads:
                grads[t.parent] = t.after
        for p in set(step.node.parents):
            consumers[p] -= 1
            if consumers[p] == 0:
                final.add(p)
        received = {t.parent for t in step.terms if t.contribution != 0.0}
        lines = step.lines() + (["done: every gradient is final, as backward() gives"] if step.index == step.total - 1 else [])
        out.append(_frame(step.header(), lines, str(step), shown, grads, final, received, row[step.node]))
    rows = [{"name": names[v], "data": number(v.data), "leaf": not v.op, "op": v.op, "group": group(v.tag)} for v in shown]
    return {"rows": rows, "frames": out, "total": len(steps), "root": rname}


def _frame(title: str, lines: list[str], text: str, shown: list[Value], grads: dict[Value, float], final: set[Value],
           received: set[Value], current: int | None) -> dict[str, Any]:  # fmt: skip
    return {
        "title": title, "lines": lines, "text": text, "current": current,
        "grads": [number(grads[v]) for v in shown],
        "final": [v in final for v in shown],
        "received": [v in received for v in shown],
    }  # fmt: skip
