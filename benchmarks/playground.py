"""The playground in headless Chromium: load time, draw and step latency, live training speed, repaint time.

    npm --prefix web ci && python web/build.py     # the static site (Pyodide)
    python -m benchmarks.playground [--quick]      # measures both hosts, writes the "playground" key of results.json
    python -m benchmarks.playground --readme       # ... and the table in README.md (--render: from results.json)

Times are read from the page itself (performance marks and a MutationObserver on the drawing), so
they include the engine call, the layout, and putting the picture on the page. Every non-local
request is blocked. Not part of ``python -m benchmarks``: it needs Chromium and the built site.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .chromium import browser, missing, serve_folder, wait_for, wait_ready
from .harness import machine
from .report import fmt, row, target

SITE = Path(__file__).resolve().parents[1] / "web" / "dist"
RESULTS = Path(__file__).resolve().parent / "results.json"
README = Path(__file__).resolve().parents[1] / "README.md"
CHROMIUM_NOTE = "(the system's build), every non-local request blocked, times from the page's own marks"
MLP = "model = nn.MLP(2, [8, 8, 1], seed=0)\nx = [Value(0.5, label='x1'), Value(-0.3, label='x2')]\nloss = (model(x) - 1.0) ** 2\nloss"
BIG = "n = 48\nxs = [Value(0.02 * i, label=f'x{i}') for i in range(n)]\nws = [Value(0.5, label=f'w{i}') for i in range(n)]\n" \
      "e = vsum([(x * w).tanh() for x, w in zip(xs, ws)])\ne.label = 'e'\ne"  # fmt: skip
GRAPHS = {"toy graph (6 values)": None, "MLP(2, [8, 8, 1]) on one point (144 values, one box per neuron)": MLP,
          "a 48-term sum of tanh(x·w) (193 values, all drawn)": BIG}  # fmt: skip
AFTER = """const done = arguments[arguments.length - 1], box = document.querySelector('[data-testid=graph]');
const before = box.firstChild, t0 = performance.now();
const watch = new MutationObserver(() => {
  if (box.firstChild !== before && box.querySelector('svg')) { watch.disconnect(); done(performance.now() - t0); }
});
watch.observe(box, { childList: true });
(ACTION)();"""


def after(driver: Any, action: str) -> float:
    """Milliseconds from running ``action`` (JS) to a new picture in the drawing's box."""
    return float(driver.execute_async_script(AFTER.replace("ACTION", action)))


def ready_ms(driver: Any) -> float:
    wait_ready(driver, 120)
    return float(driver.execute_script("return performance.getEntriesByName('stepgrad-ready')[0].startTime"))


def loads(base: str, cold: int, warm: int) -> tuple[list[float], list[float]]:
    """Navigation to "ready": ``cold`` times in a fresh browser profile, ``warm`` reloads in one."""
    colds: list[float] = []
    warms: list[float] = []
    for _ in range(cold):
        with browser() as d:
            d.get(base + "#lab=graph&preset=toy")
            colds.append(ready_ms(d))
            for _ in range(warm if not warms else 0):
                d.refresh()
                warms.append(ready_ms(d))
    return colds, warms


def graph_latency(d: Any, base: str, steps: int) -> dict[str, list[float]]:
    """Draw (typed code → first picture) and step (Next → the next picture) for the toy graph and two big ones.

    Steps are timed back to back, and after a pause as a reader makes (the page fetches the next frame meanwhile).
    """
    d.get("about:blank")
    d.get(base + "#lab=graph&preset=toy")
    wait_ready(d, 120)
    wait_for(d, "document.querySelector('[data-testid=graph] svg')")
    count = "+document.querySelector('[data-testid=step-count]').textContent.split(' of ')[1]"
    out: dict[str, list[float]] = {}
    for name, code in GRAPHS.items():
        source = json.dumps(code if code else d.execute_script("return document.getElementById('code').value"))
        draw = f"() => {{ const c = document.getElementById('code'); c.value = {source}; c.dispatchEvent(new Event('input')); " \
               "document.querySelector('[data-testid=run]').click(); }"  # fmt: skip
        nxt = "() => document.querySelector('[data-testid=next]').click()"
        draws, moves, paused = [], [], []
        for _ in range(3):
            draws.append(after(d, draw))
            total = int(d.execute_script(f"return {count}"))
            for k in range(min(steps, total)):
                if k % 2:
                    time.sleep(0.6)  # a reader's pause: the next frame is fetched meanwhile
                    paused.append(after(d, nxt))
                else:
                    moves.append(after(d, nxt))
        out[f"draw: {name}"], out[f"step, back to back: {name}"], out[f"step after a 0.6 s pause: {name}"] = draws, moves, paused
    return out


def training(d: Any, base: str, seconds: float) -> tuple[float, list[float]]:
    """Epochs a second of MLP(2, [16, 16, 1]) on 100 moons points, full batch, with every repaint; the repaint times."""
    d.get("about:blank")
    d.get(base + "#lab=train&dataset=moons&hidden=16,16&batch=full")
    wait_ready(d, 120)
    d.execute_script("performance.clearMeasures('stepgrad-repaint'); document.querySelector('[data-testid=train]').click()")
    time.sleep(min(3.0, seconds / 4))  # let the page find its epochs per request
    e0, t0 = int(d.execute_script("return document.querySelector('[data-testid=epoch]').textContent")), time.perf_counter()
    time.sleep(seconds)
    e1, t1 = int(d.execute_script("return document.querySelector('[data-testid=epoch]').textContent")), time.perf_counter()
    d.execute_script("document.querySelector('[data-testid=train]').click()")
    repaints = d.execute_script("return performance.getEntriesByName('stepgrad-repaint').map((m) => m.duration)")
    return (e1 - e0) / (t1 - t0), [float(x) for x in repaints]


def site_size() -> dict[str, int]:
    parts: dict[str, int] = {}
    for p in SITE.rglob("*"):
        if p.is_file():
            part = p.relative_to(SITE).parts[0] if len(p.relative_to(SITE).parts) > 1 else "page"
            parts[part] = parts.get(part, 0) + p.stat().st_size
    return parts


def stats(xs: list[float]) -> dict[str, float]:
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def measure_host(name: str, base: str, quick: bool) -> list[dict[str, Any]]:
    q = quick
    colds, warms = loads(base, 1 if q else 3, 1 if q else 3)
    rows = [row(f"{name}: cold load to ready (fresh browser profile)", stats(colds), "s", 1e-3, target("<=", 8, "≤ 8 s"), q),
            row(f"{name}: warm reload to ready", stats(warms), "s", 1e-3, target("<=", 4, "≤ 4 s"), q)]  # fmt: skip
    with browser() as d:
        for measure, samples in graph_latency(d, base, 3 if q else 10).items():
            rows.append(row(f"{name}: {measure}", stats(samples), "ms", tgt=target("<=", 200, "≤ 200 ms"), quick=q))
        rate, repaints = training(d, base, 4 if q else 12)
    rows.append(row(f"{name}: live training, MLP(2, [16, 16, 1]) on 100 moons, full batch, with repaints", rate, "epochs/s",
                    tgt=target(">=", 20, "≥ 20/s"), quick=q))  # fmt: skip
    if repaints:
        rows.append(row(f"{name}: repaint (decision map, every unit's map, curves)", stats(repaints), "ms",
                        tgt=target("<=", 50, "≤ 50 ms"), quick=q))  # fmt: skip
    return rows


def run(quick: bool = False) -> dict[str, Any]:
    why = missing()
    if why:
        raise SystemExit(f"cannot run the playground benchmark: {why}")
    if not (SITE / "host.json").is_file():
        raise SystemExit("the static site is not built: npm --prefix web ci && python web/build.py")
    from playground.server import make_server

    load = [os.getloadavg()[0]] if hasattr(os, "getloadavg") else []
    rows: list[dict[str, Any]] = []
    with serve_folder(SITE) as url:
        rows += measure_host("static site (Pyodide)", url, quick)
    server = make_server(0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        rows += measure_host("local server (CPython)", server.url, quick)
    finally:
        server.shutdown()
        server.server_close()
    size = site_size()
    rows.append(row("static site size (web/dist)", sum(size.values()) / 1e6, "MB"))
    notes = [f"site: {', '.join(f'{k} {v / 1e6:.2f} MB' for k, v in sorted(size.items(), key=lambda kv: -kv[1]))}",
             "draw: from pressing Draw to the picture on the page; step: from Next to the next picture"]  # fmt: skip
    if load:
        notes.append(f"load average (1 min) {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores")
    return {"title": "playground in the browser", "machine": machine(), "quick": quick, "rows": rows, "notes": notes,
            "date": time.strftime("%Y-%m-%d %H:%M:%S %z")}  # fmt: skip


START, END = "<!-- playground:start -->", "<!-- playground:end -->"


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table, with where and when they were measured."""
    m = result["machine"]
    lines = [f"Headless Chromium {CHROMIUM_NOTE}; CPU {m['cpu']} × {m['cores']}; stepgrad {m.get('stepgrad_commit')}; {m['date']}.", "",
             "| measure | median | min | max | unit | target | status |", "|---|--:|--:|--:|---|---|---|"]  # fmt: skip
    for r in result["rows"]:
        lines.append(f"| {r['measure']} | {fmt(r['median'])} | {fmt(r['min'])} | {fmt(r['max'])} | {r['unit']} | {r['target'] or ''} "
                     f"| {r['status'] or ''} |")  # fmt: skip
    return "\n".join([*lines, "", *(f"- {n}" for n in result["notes"])])


def update_readme(readme: Path, text: str) -> None:
    """Replace what lies between the playground markers in ``readme`` (nothing else)."""
    old = readme.read_text(encoding="utf-8")
    if old.count(START) != 1 or old.count(END) != 1:
        raise SystemExit(f"{readme}: needs one {START} ... {END} block; README left untouched")
    head, rest = old.split(START)
    readme.write_text(f"{head}{START}\n{text}\n{END}{rest.split(END)[1]}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.playground", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="one sample each, short training (a smoke run)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file to add the 'playground' key to")
    parser.add_argument("--readme", nargs="?", const=README, type=Path, metavar="PATH",
                        help=f"write the table between {START} and {END} in README.md")  # fmt: skip
    parser.add_argument("--render", action="store_true", help="do not measure: use the results file's figures")
    args = parser.parse_args(argv)
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    if args.render:
        result = results["playground"]
    else:
        result = run(args.quick)
        results["playground"] = result  # the other keys stay as they are
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.readme:
        update_readme(args.readme, table(result))
    for r in result["rows"]:
        print(f"{r['measure']}: median {r['median']:.4g} {r['unit']}" + (f" (target {r['target']}: {r['status']})" if r["target"] else ""))
    print(f"wrote the 'playground' key of {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
