"""Benchmark 4: memory per node of the moons step graph, and freeing it without the cyclic GC.

With tracemalloc on and the cyclic GC off, one moons step is built (forward, then backward) on
models that already exist, so what is traced is the graph: bytes per node = bytes still
allocated after backward / nodes made by the step (found by walking the graph from the loss,
parameters not counted). Then the loss is dropped, with the GC still off: the memory must come
back and weak references to sample nodes must die, by reference counting alone. micrograd is
measured the same way (its closures make cycles, so it only comes back after ``gc.collect()``).
"""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from . import steps
from .report import row, target

Parents = Callable[[Any], Iterable[Any]]


def walk(root: Any, parents: Parents) -> list[Any]:
    """Every node reachable from ``root`` (itself included), iteratively."""
    seen = {id(root): root}
    stack = [root]
    while stack:
        for p in parents(stack.pop()):
            if id(p) not in seen:
                seen[id(p)] = p
                stack.append(p)
    return list(seen.values())


def measure(build: Callable[[], Any], parents: Parents, params: list[Any]) -> dict[str, Any]:
    """Trace one step graph: bytes after forward and after backward, node count, what is left once it is dropped."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        loss = build()
        forward = tracemalloc.get_traced_memory()[0] - base
        loss.backward()
        step = tracemalloc.get_traced_memory()[0] - base
        owned = {id(p) for p in params}
        nodes = [v for v in walk(loss, parents) if id(v) not in owned]
        refs = [weakref.ref(v) for v in nodes[:: max(1, len(nodes) // 20)]]
        count = len(nodes)
        del nodes
        for p in params:
            p.grad = 0.0  # leaf gradients are kept on purpose; put the shared 0.0 back
        del loss
        left = tracemalloc.get_traced_memory()[0] - base
        alive = sum(r() is not None for r in refs)
        found = gc.collect()  # with refcounting alone having done its work, the GC should find nothing
        after_gc = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
        gc.enable()
    return {
        "nodes": count,
        "forward": forward,
        "step": step,
        "left": left,
        "alive": alive,
        "sampled": len(refs),
        "after_gc": after_gc,
        "gc_found": found,
    }


def graphs(quick: bool) -> dict[str, tuple[Callable[[], Any], Parents, list[Any]]]:
    """The step graphs to trace: (build the loss, how to find a node's parents, the parameters)."""
    xs, ys = steps.moons(20 if quick else 100)
    ws, bs = steps.init_weights()
    out: dict[str, tuple[Callable[[], Any], Parents, list[Any]]] = {}
    stepgrad_parents: Parents = lambda v: v.parents
    if steps.nn_missing() is None:
        from nn import MLP

        for fused in (True, False):
            model = steps.copy_weights(MLP(2, steps.SIZES[1:], fused=fused, seed=0), ws, bs)
            out[f"stepgrad fused={fused}"] = (lambda m=model: steps.stepgrad_loss(m, xs, ys), stepgrad_parents, model.parameters())
    wvs, bvs = steps.engine_params(ws, bs)
    out["autograd_core linear_rows (no nn)"] = (lambda: steps.engine_loss(wvs, bvs, xs, ys), stepgrad_parents, steps.flat_values(wvs, bvs))
    import micrograd.nn

    mg = steps.copy_weights(micrograd.nn.MLP(2, steps.SIZES[1:]), ws, bs)
    out["micrograd"] = (lambda: steps.micrograd_loss(mg, xs, ys), lambda v: v._prev, mg.parameters())
    return out


def run(quick: bool = False, rounds: int | None = None) -> dict[str, Any]:
    """Bytes per node for every engine's step graph, and whether dropping it frees it without the GC."""
    rows, notes, raw = [], [], {}
    if steps.nn_missing():
        notes.append(f"stepgrad's nn library is not ready ({steps.nn_missing()}): only the autograd_core-built graph is measured")
    for name, (build, parents, params) in graphs(quick).items():
        m = raw[name] = measure(build, parents, params)
        stepgrad = not name.startswith("micrograd")
        tgt = target("<=", 200.0, "≤ 200 B/node") if stepgrad else None
        size = f"{m['nodes']:,} nodes"
        rows.append(row(f"{name}: bytes per node after forward", m["forward"] / m["nodes"], "B/node", tgt=tgt, quick=quick,
                        note=f"{size}, {m['forward'] / 1e6:.2f} MB"))  # fmt: skip
        rows.append(row(f"{name}: bytes per node after forward + backward", m["step"] / m["nodes"], "B/node", tgt=tgt, quick=quick,
                        note=f"{size}, {m['step'] / 1e6:.2f} MB"))  # fmt: skip
        freed = m["alive"] == 0 and m["gc_found"] == 0
        rows.append(row(f"{name}: objects the GC finds after the graph is dropped", m["gc_found"], "objects",
                        note=f"{m['alive']}/{m['sampled']} sampled nodes still alive; {m['left'] / 1e3:,.0f} kB allocated "
                             f"before gc.collect(), {m['after_gc'] / 1e3:,.0f} kB after"))  # fmt: skip
        if stepgrad:
            rows[-1].update(target="0: freed by refcounting", status="pass" if freed else "FAIL")
        else:
            rows[-1]["status"] = "freed" if freed else "not freed without the GC"
    notes.append(
        "bytes = tracemalloc's count of memory still allocated, parameters made beforehand; after backward every "
        "node's grad is its own float object (24 B) where it was the shared 0.0"
    )
    notes.append("after the drop, with the GC still off, gc.collect() counts the unreachable objects refcounting left behind; "
                 "the kB it returns besides are CPython's free lists (tuples, floats), which a full collection empties")  # fmt: skip
    params = {"points": 20 if quick else 100, "sizes": steps.SIZES}
    return {"title": "memory per node", "params": params, "rows": rows, "notes": notes, "raw": raw}
