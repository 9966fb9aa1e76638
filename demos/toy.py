"""The lectures' toy graph c = a + b, d = b + 1, e = c·d at a = 2, b = 1, and its backward pass."""

from __future__ import annotations

from pathlib import Path

from autograd_core import Value


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
    print("forward:  c = a + b,  d = b + 1,  e = c * d   at a = 2, b = 1")
    e.backward()
    print(f"{'node':<6}{'value':>8}{'∂e/∂node':>12}")
    for v in (a, b, c, d, e):
        print(f"{v.label:<6}{v.data:>8g}{v.grad:>12g}")
    print("b is used twice (in c and in d), so ∂e/∂b = ∂e/∂c·1 + ∂e/∂d·1 = 2 + 3 = 5")
    return []
