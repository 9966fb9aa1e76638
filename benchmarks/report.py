"""Figures as table rows, targets judged beside them, the Markdown table and the README block.

A benchmark returns ``{"title", "params", "rows", "notes"}``; each row is one figure with its
median/min/max (or a single value), its unit, and optionally the target it answers to. A target
is judged on the median; quick runs use toy sizes, so their targets read "n/a (quick)".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

START, END = "<!-- bench:start -->", "<!-- bench:end -->"

Row = dict[str, Any]


def target(op: str, value: float, text: str, hard: float | None = None) -> dict[str, Any]:
    """A target: ``op`` is "<=" (at most ``value``) or ">=" (at least); ``hard`` is an outer limit for "<="."""
    return {"op": op, "value": value, "text": text, "hard": hard}


def judge(measured: float, tgt: dict[str, Any] | None, quick: bool) -> str | None:
    """ "pass" / "FAIL ..." for a target, None without one, "n/a (quick)" on toy sizes."""
    if tgt is None:
        return None
    if quick:
        return "n/a (quick)"
    ok = measured <= tgt["value"] if tgt["op"] == "<=" else measured >= tgt["value"]
    if ok:
        return "pass"
    if tgt.get("hard") is not None and measured <= tgt["hard"]:
        return f"FAIL (above {tgt['value']:g}, within the hard limit {tgt['hard']:g})"
    return "FAIL"


def row(
    measure: str, stats: dict[str, float] | float | None, unit: str, scale: float = 1.0,
    tgt: dict[str, Any] | None = None, quick: bool = False, note: str = "",
) -> Row:  # fmt: skip
    """One figure. ``stats`` is a harness summary or a single number; values are multiplied by ``scale``."""
    if stats is None:
        values = {"median": None, "min": None, "max": None}
    elif isinstance(stats, dict):
        values = {k: stats[k] * scale for k in ("median", "min", "max")}
    else:
        values = {"median": stats * scale, "min": None, "max": None}
    if values["median"] is None:
        status = None if tgt is None else ("n/a (quick)" if quick else "not measured")
    else:
        status = judge(values["median"], tgt, quick)
    return {"measure": measure, "unit": unit, **values, "target": tgt["text"] if tgt else None, "status": status, "note": note}


def fmt(x: float | None) -> str:
    """A number to about 3 significant figures, no scientific notation for everyday sizes."""
    if x is None:
        return ""
    if x == 0 or 0.01 <= abs(x) < 1e7:
        return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"
    return f"{x:.3g}"


def to_markdown(results: dict[str, Any]) -> str:
    """The results as one Markdown table, with the machine line and any notes underneath."""
    m = results["machine"]
    lines = [
        "| benchmark | measure | median | min | max | unit | target | status |",
        "|---|---|--:|--:|--:|---|---|---|",
    ]
    notes = []
    for name, bench in results["benchmarks"].items():
        if bench.get("skipped"):
            lines.append(f"| {name} | skipped: {bench['skipped']} | | | | | | |")
            continue
        for r in bench["rows"]:
            measure = r["measure"] + (f" ({r['note']})" if r.get("note") else "")
            lines.append(
                f"| {name} | {measure} | {fmt(r['median'])} | {fmt(r['min'])} | {fmt(r['max'])} | {r['unit']} "
                f"| {r['target'] or ''} | {r['status'] or ''} |"
            )
        notes += [f"- {name}: {n}" for n in bench.get("notes", [])]
    loads = [x for b in results["benchmarks"].values() for x in (b.get("load") or []) if x is not None]
    load = f" Load average (1 min) during the run {min(loads):.1f}–{max(loads):.1f} on {m['cores']} cores." if loads else ""
    head = (
        f"Python {m['python']} ({m['implementation']}) on {m['platform']}, CPU {m['cpu']} × {m['cores']}; "
        f"micrograd {m['micrograd']}; stepgrad {m.get('stepgrad_commit')}; {m['date']}"
        f"{' — QUICK smoke run, toy sizes' if results.get('quick') else ''}.{load}"
    )
    return "\n".join([head, "", *lines, *([""] + notes if notes else [])])


def update_readme(readme: Path, table: str) -> None:
    """Replace what lies between the bench markers in ``readme`` (nothing else); a clear error without them."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if len(pattern.findall(text)) != 1:
        raise SystemExit(f"{readme}: needs exactly one {START} ... {END} block; README left untouched")
    new = pattern.sub(lambda _: f"{START}\n{table}\n{END}", text)
    readme.write_text(new, encoding="utf-8")
