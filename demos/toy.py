"""The lectures' toy graph c = a + b, d = b + 1, e = c·d at a = 2, b = 1, and its backward pass."""

from __future__ import annotations

from pathlib import Path

from autograd_core import Value, derivation, draw, paths


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
        print(f"  step {step.number}: {step}")
    print(f"\n{'node':<6}{'value':>8}{'∂e/∂node':>12}")
    for v in (a, b, c, d, e):
        print(f"{v.label:<6}{v.data:>8g}{v.grad:>12g}")
    print("\nb is used twice (in c and in d), so its gradient is a sum over the two paths from b to e:")
    print(paths(e, b), end="\n\n")
    print(e.tree())
    print("\nthe same pass as equations (derivation(e); format='latex' gives an align* for a paper or slides):\n")
    print(derivation(e, paths=False))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    drawing = draw(e, derivatives=True)
    files = [drawing.save(out / f"toy.{suffix}") for suffix in ("svg", "png", "html", "gif")]
    print("wrote " + ", ".join(map(str, files)) + "  (open toy.html in a browser to step through backward; toy.gif plays it)")
    return files
