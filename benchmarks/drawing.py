"""Benchmark 5: time to draw the lectures' toy graph and a ~1,000-node graph, to SVG and to PNG.

``draw(root).save(path)`` end to end: DOT building, the layout binary, writing the file, with the
drawing's default options. The big graph is one point through an unfused 2-16-16-1 MLP built from
elementary ``*`` and ``+`` (about 1,000 nodes, leaves included).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from .harness import Skipped, Variant, alternate, summarise
from .memory import walk
from .report import row


def toy() -> Any:
    """The lectures' toy graph e = (a + b) · (b + 1) at a = 2, b = 1, after backward."""
    from autograd_core import Value

    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    d = b + 1
    e = c * d
    c.label, d.label, e.label = "c", "d", "e"
    e.backward()
    return e


def mlp_graph(sizes: tuple[int, ...] = (2, 16, 16, 1), seed: int = 0) -> Any:
    """One point through an MLP made of elementary ops (ReLU hidden, linear output), after backward."""
    from autograd_core import Value

    rng = random.Random(seed)
    a: list[Any] = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(sizes[0])]
    for layer, (nin, nout) in enumerate(zip(sizes, sizes[1:])):
        outs = []
        for _ in range(nout):
            z = Value(0.0, label="b")
            for i in range(nin):
                z = z + Value(rng.uniform(-1, 1), label=f"w{i}") * a[i]
            outs.append(z if layer == len(sizes) - 2 else z.relu())
        a = outs
    a[0].backward()
    return a[0]


def run(quick: bool = False, rounds: int | None = None) -> dict[str, Any]:
    """Each graph × format drawn in turn, round after round; a Skipped if drawing is not there yet."""
    try:
        from autograd_core import draw
    except ImportError as err:
        raise Skipped(f"autograd_core.draw is not available yet ({err})") from None
    rounds = rounds or (1 if quick else 3)
    graphs = {"toy graph": toy(), "MLP graph": mlp_graph((2, 4, 1) if quick else (2, 16, 16, 1))}
    sizes = {name: len(walk(root, lambda v: v.parents)) for name, root in graphs.items()}
    files: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:

        def job(name: str, root: Any, fmt: str) -> Variant:
            path = Path(tmp) / f"{name.split()[0]}.{fmt}"

            def go() -> None:
                draw(root).save(str(path))
                files[f"{name} {fmt}"] = path.stat().st_size

            return Variant(f"{name} ({sizes[name]:,} nodes) {fmt.upper()}", go)

        variants = [job(name, root, fmt) for name, root in graphs.items() for fmt in ("svg", "png")]
        samples = alternate(variants, rounds, warmup=1)
    stats = summarise(samples)
    rows = [row(f"draw + save: {v.name}", stats[v.name]["total"], "s") for v in variants]
    notes = ["file sizes: " + ", ".join(f"{k} {b / 1e3:,.0f} kB" for k, b in files.items())]
    return {"title": "drawing", "params": {"nodes": sizes, "rounds": rounds, "bytes": files}, "rows": rows, "notes": notes,
            "samples": samples}  # fmt: skip
