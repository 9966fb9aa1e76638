"""The demos from any folder: ``stepgrad list | tour | demo NAME`` or ``python -m demos [NAME]``.

``stepgrad`` is the console command pip installs (pyproject's ``[project.scripts]``);
``python -m demos NAME [--out DIR] [--quick] [--seed N]`` runs the same demos. Each demo is a
module in this package with a one-line docstring and ``run(out, quick, seed)``; its pictures go to
``out/`` under the current folder. ``stepgrad demo playground [--port N] [--no-browser]`` (or
``python -m demos playground ...``) serves the web playground on 127.0.0.1.
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
COMMANDS = ("list", "demo")  # stepgrad's subcommands; "tour" is a demo, so both spellings run it


def _summary(name: str) -> str:
    doc = importlib.import_module(f"demos.{name}").__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _program() -> str:
    """How the user called us, for usage lines: ``stepgrad`` (the console command) or ``python -m demos``."""
    return "stepgrad" if Path(sys.argv[0]).stem == "stepgrad" else "python -m demos"


def _list(prog: str) -> int:
    run = f"{prog} demo NAME" if prog == "stepgrad" else f"{prog} NAME"
    print(f"stepgrad demos -- run one with: {run} [--out DIR] [--quick] [--seed N]\n")
    for name in DEMOS:
        print(f"  {name:<12} {_summary(name)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``[list] | [demo] NAME [--out DIR] [--quick] [--seed N]``: list the demos or run one; the exit status."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    prog = _program()
    command = args_in[0] if args_in and args_in[0] in COMMANDS else None
    if command is not None:
        args_in = args_in[1:]
    usage = f"{prog} list | tour | demo NAME" if prog == "stepgrad" else f"{prog} [NAME]"
    parser = argparse.ArgumentParser(prog=prog, usage=usage + " [--out DIR] [--quick] [--seed N]",
                                     description="stepgrad demos: each prints what happens and writes its pictures to out/")  # fmt: skip
    parser.add_argument("name", nargs="?", help="demo to run (`list` shows them all); omit to list them")
    parser.add_argument("--out", default="out", type=Path, help="folder for pictures (default: out/ in the current folder)")
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    parser.add_argument("--seed", default=0, type=int, help="random seed (default 0)")
    parser.add_argument("--port", type=int, help="playground: the port on 127.0.0.1 (default 8765; 0 = any free port)")
    parser.add_argument("--no-browser", action="store_true", help="playground: print the URL, do not open a browser")
    args = parser.parse_args(args_in)
    if args.name is None:
        if command == "demo":
            print(f"{prog} demo: which one? choose one of: {', '.join(DEMOS)}", file=sys.stderr)
            return 2
        return _list(prog)
    if command == "list":
        parser.error(f"list takes no demo name (got {args.name!r})")
    if args.name not in DEMOS:
        print(f"unknown demo {args.name!r}; choose one of: {', '.join(DEMOS)}", file=sys.stderr)
        return 2
    if args.name != "playground" and (args.port is not None or args.no_browser):
        parser.error("--port and --no-browser are options of the playground demo")
    server = {"port": args.port, "browser": not args.no_browser} if args.name == "playground" else {}
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        print(f"cannot create the output folder {str(args.out)!r}: {err.strerror or err}", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"demos.{args.name}")
    except ImportError as err:
        extra = "torch" if err.name == "torch" else "demos"
        print(f"the {args.name} demo needs {err.name}: pip install 'stepgrad[{extra}]'", file=sys.stderr)
        return 2
    module.run(out=args.out, quick=args.quick, seed=args.seed, **server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
