"""The lectures' toy graph c = a + b, d = b + 1, e = c·d at a = 2, b = 1, and its backward pass."""

from __future__ import annotations

from pathlib import Path

from autograd_core import Value, draw


def build() -> tuple[Value, ...]:
    """The toy graph's nodes a, b, c, d, e (labelled)."""
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    c.label = "c"
    d = b + 1
    d.label = "d"
    e = c * d
    e.label = "e"
    return a, b, c, d, e


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    a, b, c, d, e = build()
    print("forward:  c = a + b,  d = b + 1,  e = c * d   at a = 2, b = 1\n")
    print("backward, one node at a time (each input's grad += local derivative × the node's grad):")
    for step in e.backward_steps():
        print(f"  {step.index + 1}. {step}")
    print(f"\n{'node':<6}{'value':>8}{'∂e/∂node':>12}")
    for v in (a, b, c, d, e):
        print(f"{v.label:<6}{v.data:>8g}{v.grad:>12g}")
    print("b is used twice (in c and in d), so ∂e/∂b = ∂e/∂c·1 + ∂e/∂d·1 = 2 + 3 = 5\n")
    print(e.tree())
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    drawing = draw(e, derivatives=True)
    paths = [drawing.save(out / f"toy.{suffix}") for suffix in ("svg", "png", "html")]
    print("\nwrote " + ", ".join(map(str, paths)) + "  (open toy.html in a browser to step through backward)")
    return paths
