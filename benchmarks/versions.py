"""Before and after, in one process: the working tree against an earlier commit, side by side.

``python -m benchmarks.versions REV`` exports ``autograd_core`` and ``nn`` at git revision REV
into a temporary folder under other names (``autograd_core_then``, ``nn_then``), imports both
versions into this one process, and times the same workloads on each, alternating round by
round (``harness.alternate``): the fused and unfused moons step (MLP(2, [16, 16, 1]), 100
points, hinge + 1e-4·Σp², through ``model.batch`` as ``fit`` runs it), a 1,000,000-node chain
forward + backward, and bytes per node of the fused moons graph. Prints one line per workload
with the medians and the median per-round ratio now ÷ then.
"""

from __future__ import annotations

import argparse
import importlib
import re
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from types import ModuleType
from typing import Any

from .harness import Variant, alternate, ratio, summary
from .steps import SIZES, copy_weights, init_weights, moons

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd_core", "nn")


def export(rev: str, suffix: str = "_then") -> Path:
    """The two packages at ``rev``, renamed with ``suffix`` (imports rewritten), in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="stepgrad-versions-"))
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, *PACKAGES], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=tar, check=True)
    for pkg in PACKAGES:
        for path in (folder / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"^(\s*(?:from|import)\s+)(autograd_core|nn)\b", lambda m: m.group(1) + m.group(2) + suffix, text, flags=re.M)
            path.write_text(text, encoding="utf-8")
        (folder / pkg).rename(folder / (pkg + suffix))
    return folder


def moons_step(nn: ModuleType, fused: bool) -> Any:
    """One full-batch step's work (zero grads, forward through ``model.batch``, loss, backward) as a closure."""
    xs, y = moons(100)
    ws, bs = init_weights()
    model = copy_weights(nn.MLP(2, SIZES[1:], fused=fused, seed=0), ws, bs)
    params = model.parameters()

    def step() -> None:
        model.zero_grad()
        loss = nn.hinge_loss(model.batch(xs), y) + 1e-4 * nn.l2(params)
        loss.backward()

    return step


def chain(ac: ModuleType, n: int = 1_000_000) -> None:
    v = ac.Value(0.5)
    for i in range(n // 2):
        v = (v * 1.0001).tanh() if i % 2 else v + 0.001
    v.backward()


def bytes_per_node(ac: ModuleType, nn: ModuleType) -> float:
    """tracemalloc's count of memory held by the fused moons graph, per node (parameters made beforehand)."""
    xs, y = moons(100)
    model = nn.MLP(2, SIZES[1:], seed=0)
    params = model.parameters()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loss = nn.hinge_loss(model.batch(xs), y) + 1e-4 * nn.l2(params)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    nodes = len(ac.walk(loss)) if hasattr(ac, "walk") else len(ac.stepper.walk(loss))
    return used / nodes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.versions", description=__doc__)
    p.add_argument("rev", help="the git revision to compare the working tree with")
    p.add_argument("--rounds", type=int, default=15)
    args = p.parse_args(argv)
    sys.path.insert(0, str(export(args.rev)))
    sys.path.insert(0, str(ROOT))
    now = {pkg: importlib.import_module(pkg) for pkg in PACKAGES}
    then = {pkg: importlib.import_module(pkg + "_then") for pkg in PACKAGES}
    print(f"now: {now['autograd_core'].__file__}\nthen: {then['autograd_core'].__file__} ({args.rev})")
    work = {
        "moons fused step": lambda m: moons_step(m["nn"], True),
        "moons fused=False step": lambda m: moons_step(m["nn"], False),
        "1,000,000-node chain fwd+bwd": lambda m: (lambda: chain(m["autograd_core"])),
    }
    for what, make in work.items():
        rounds = 5 if "chain" in what else args.rounds
        number = 1 if "chain" in what else 20
        variants = [Variant("now", make(now), number=number), Variant("then", make(then), number=number)]
        samples = alternate(variants, rounds)
        med = {v.name: summary(samples[v.name]["total"])["median"] for v in variants}
        r = ratio(samples, "now", "then")["median"]
        print(f"{what:32s} now {med['now'] * 1e3:9.2f} ms   then {med['then'] * 1e3:9.2f} ms   now/then {r:.3f}")
    b_now, b_then = bytes_per_node(now["autograd_core"], now["nn"]), bytes_per_node(then["autograd_core"], then["nn"])
    print(f"{'bytes per node (fused moons)':32s} now {b_now:9.1f}      then {b_then:9.1f}      now/then {b_now / b_then:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
