"""``python -m benchmarks``: run the suite, write results.json, print the Markdown table.

python -m benchmarks                      # every benchmark, full size (a few minutes)
python -m benchmarks --only moons chain   # some of them (merged into the existing results.json)
python -m benchmarks --quick              # toy sizes, seconds: a smoke run (writes out/bench-quick.json)
python -m benchmarks --readme             # ...and rewrite the table between the README's bench markers
python -m benchmarks --render --readme    # no run: table from results.json into the README
python -m benchmarks --profile            # cProfile of the fused moons step: the hot spots
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from .harness import Skipped, machine
from .report import to_markdown, update_readme

BENCHMARKS = ["moons", "chain", "wide", "memory", "drawing", "digits"]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
QUICK_RESULTS = HERE.parent / "out" / "bench-quick.json"


def run_one(name: str, quick: bool, rounds: int | None) -> dict[str, Any]:
    """One benchmark's result; a skip or an error is recorded (and printed) instead of stopping the suite."""
    print(f"[benchmarks] {name} ...", file=sys.stderr, flush=True)
    load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    t0 = time.perf_counter()
    try:
        result = importlib.import_module(f"benchmarks.{name}").run(quick=quick, rounds=rounds)
    except Skipped as why:
        result = {"skipped": str(why)}
    except Exception as err:  # one broken benchmark must not hide the others' figures
        traceback.print_exc()
        result = {"skipped": f"ERROR {type(err).__name__}: {err}", "error": True}
    result["seconds"] = time.perf_counter() - t0
    result["load"] = [load0, os.getloadavg()[0]] if load0 is not None else None  # other processes competing for the CPU
    result["date"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    print(f"[benchmarks] {name} done in {result['seconds']:.1f} s", file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run, write, print; exit status 1 if any benchmark errored."""
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME", help=f"run only these: {', '.join(BENCHMARKS)}")
    p.add_argument("--quick", action="store_true", help="toy sizes and 2 rounds: a smoke run in seconds (targets not judged)")
    p.add_argument("--rounds", type=int, help="interleaved rounds per comparison (default per benchmark)")
    p.add_argument("--out", type=Path, help="results file (default benchmarks/results.json; with --quick out/bench-quick.json)")
    p.add_argument("--readme", nargs="?", const=HERE.parent / "README.md", type=Path, metavar="PATH",
                   help="rewrite the table between <!-- bench:start --> and <!-- bench:end --> in README.md")  # fmt: skip
    p.add_argument("--render", action="store_true", help="do not run: render the existing results file")
    p.add_argument("--profile", action="store_true", help="profile the fused moons step with cProfile and print the hot spots")
    args = p.parse_args(argv)
    if args.profile:
        from .profile import main as profile_main

        return profile_main()
    out: Path = args.out or (QUICK_RESULTS if args.quick else RESULTS)
    if args.render:
        results = json.loads(out.read_text(encoding="utf-8"))
    else:
        results = {"machine": machine(), "quick": args.quick, "benchmarks": {}}
        if args.only and out.exists():  # a partial run keeps the other benchmarks' last figures
            old = json.loads(out.read_text(encoding="utf-8"))
            if old.get("quick") == args.quick:
                results["benchmarks"] = old.get("benchmarks", {})
        for name in args.only or BENCHMARKS:
            results["benchmarks"][name] = run_one(name, args.quick, args.rounds)
        results["benchmarks"] = {k: results["benchmarks"][k] for k in BENCHMARKS if k in results["benchmarks"]}
        if out.exists():  # figures written by other scripts (benchmarks/playground.py's "playground") are kept
            results = {**json.loads(out.read_text(encoding="utf-8")), **results}
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"[benchmarks] wrote {out}", file=sys.stderr)
    table = to_markdown(results)
    print(table)
    if args.readme:
        update_readme(args.readme, table)
        print(f"[benchmarks] table written into {args.readme}", file=sys.stderr)
    return 1 if any(b.get("error") for b in results["benchmarks"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
