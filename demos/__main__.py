"""``python -m demos`` lists the demos; ``python -m demos NAME [--out DIR] [--quick] [--seed N]`` runs one.

Each demo is a module in this package with a one-line docstring and ``run(out, quick, seed)``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

DEMOS = ["toy", "neuron", "lecture", "activations", "xor", "moons", "sine", "overfit", "spiral", "modes", "digits", "pytorch", "compiled",
         "tour"]


def _summary(name: str) -> str:
    doc = importlib.import_module(f"demos.{name}").__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos", description="stepgrad demos")
    parser.add_argument("name", nargs="?", help="demo to run; omit to list them")
    parser.add_argument("--out", default="out", type=Path, help="folder for pictures (default: out/)")
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    parser.add_argument("--seed", default=0, type=int, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.name is None:
        print("stepgrad demos -- run one with: python -m demos NAME [--out DIR] [--quick] [--seed N]\n")
        for name in DEMOS:
            print(f"  {name:<12} {_summary(name)}")
        return 0
    if args.name not in DEMOS:
        print(f"unknown demo {args.name!r}; choose one of: {', '.join(DEMOS)}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    importlib.import_module(f"demos.{args.name}").run(out=args.out, quick=args.quick, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
