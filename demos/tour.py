"""The short tour (under a minute): backprop on the lectures' toy graph, then a network learning two moons."""

from __future__ import annotations

import time
from pathlib import Path

from demos import moons, toy


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    start = time.perf_counter()
    paths: list[Path] = []
    for number, (title, demo) in enumerate([("backprop by hand, on a graph of five nodes", toy), ("a network learns", moons)], 1):
        print(f"\n{'=' * 100}\n{number}. {title}  (python -m demos {demo.__name__.split('.')[-1]})\n{'=' * 100}")
        paths += demo.run(out=out, quick=quick, seed=seed)
    print(f"\ntour done in {time.perf_counter() - start:.1f} s. The pictures it made:")
    for path in paths:
        print(f"  {path}")
    print("open the .html file in a browser to step through the backward pass; `python -m demos` lists the other demos.")
    return paths
