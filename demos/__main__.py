"""``python -m demos`` lists the demos; ``python -m demos NAME [--out DIR] [--quick] [--seed N]`` runs one.

``python -m demos playground [--port N] [--no-browser]`` serves the web playground on 127.0.0.1.

Each demo is a module in this package with a one-line docstring and ``run(out, quick, seed)``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

DEMOS = [
    "toy", "neuron", "lecture", "activations", "xor", "moons", "sine", "overfit", "spiral", "modes", "digits", "pytorch", "compiled",
    "tour", "playground",
]  # fmt: skip


def _summary(name: str) -> str:
    doc = importlib.import_module(f"demos.{name}").__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos", description="stepgrad demos")
    parser.add_argument("name", nargs="?", help="demo to run; omit to list them")
    parser.add_argument("--out", default="out", type=Path, help="folder for pictures (default: out/)")
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    parser.add_argument("--seed", default=0, type=int, help="random seed (default 0)")
    parser.add_argument("--port", type=int, help="playground: the port on 127.0.0.1 (default 8765; 0 = any free port)")
    parser.add_argument("--no-browser", action="store_true", help="playground: print the URL, do not open a browser")
    args = parser.parse_args(argv)
    if args.name is None:
        print("stepgrad demos -- run one with: python -m demos NAME [--out DIR] [--quick] [--seed N]\n")
        for name in DEMOS:
            print(f"  {name:<12} {_summary(name)}")
        return 0
    if args.name not in DEMOS:
        print(f"unknown demo {args.name!r}; choose one of: {', '.join(DEMOS)}", file=sys.stderr)
        return 2
    if args.name != "playground" and (args.port is not None or args.no_browser):
        parser.error("--port and --no-browser are options of the playground demo")
    server = {"port": args.port, "browser": not args.no_browser} if args.name == "playground" else {}
    args.out.mkdir(parents=True, exist_ok=True)
    importlib.import_module(f"demos.{args.name}").run(out=args.out, quick=args.quick, seed=args.seed, **server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
