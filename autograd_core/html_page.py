"""A self-contained HTML page that steps through backward: ``draw(e).save("e.html")``.

One SVG per frame (the start, then one per step, all with the same layout), the step's
explanation beside the picture and a table of gradients filling in. Prev / Next / Play /
Reset buttons and the arrow keys; no network, no external scripts or fonts.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING

from .drawing.dot import group_paths
from .stepper import Names, fmt, is_number

if TYPE_CHECKING:
    from .drawing import Drawing

MAX_STEPS = 100
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2937; }
header { padding: 12px 20px; border-bottom: 1px solid #e5e7eb; background: #f9fafb; }
h1 { font-size: 18px; margin: 0 0 8px; }
nav button { font: inherit; padding: 4px 12px; margin-right: 4px; border: 1px solid #9ca3af; border-radius: 6px;
             background: white; cursor: pointer; }
nav button:disabled { opacity: .4; cursor: default; }
#counter { margin-left: 12px; font-weight: 600; }
.hint { color: #6b7280; font-size: 13px; margin: 6px 0 0; }
main { display: flex; flex-wrap: wrap; gap: 20px; padding: 16px 20px; align-items: flex-start; }
#picture { flex: 3 1 560px; overflow: auto; max-height: 78vh; }
#picture.fit svg { max-width: 100%; height: auto; }
.group { color: #6b7280; font-size: 12px; margin-left: 6px; }
aside { flex: 1 1 320px; max-width: 520px; }
#title { font-size: 16px; margin: 0 0 6px; font-family: ui-monospace, Menlo, Consolas, monospace; }
#explain { margin: 0 0 14px; padding-left: 18px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13.5px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 2px 10px; border-bottom: 1px solid #e5e7eb; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.current td { border-top: 2px solid #dc2626; border-bottom: 2px solid #dc2626; }
tr.current td:first-child { color: #dc2626; font-weight: 700; }
td.received { background: #fee2e2; }
td.pending { color: #9ca3af; font-style: italic; }
td.final { font-weight: 700; }
"""

_JS = """
const data = JSON.parse(document.getElementById("frames").textContent);
const frames = document.querySelectorAll(".frame");
const body = document.querySelector("#grads tbody");
const rows = data.names.map((name, i) => {
  const tr = body.insertRow();
  const n = tr.insertCell(); n.textContent = name;
  if (data.groups[i]) { const g = document.createElement("span"); g.className = "group"; g.textContent = data.groups[i]; n.append(g); }
  const d = tr.insertCell(); d.textContent = data.data[i]; d.className = "num";
  tr.insertCell().className = "num";
  return tr;
});
let k = 0, timer = null;
function show(i) {
  k = Math.max(0, Math.min(frames.length - 1, i));
  frames.forEach((f, j) => { f.hidden = j !== k; });
  const f = data.frames[k];
  document.getElementById("counter").textContent = `step ${k} of ${frames.length - 1}`;
  document.getElementById("title").textContent = f.title;
  const ul = document.getElementById("explain");
  ul.replaceChildren(...f.lines.map(t => { const li = document.createElement("li"); li.textContent = t; return li; }));
  rows.forEach((tr, i) => {
    const g = tr.cells[2];
    g.textContent = f.grads[i];
    g.className = "num " + (f.final[i] ? "final" : "pending") + (f.received[i] ? " received" : "");
    tr.className = f.current === i ? "current" : "";
  });
  const node = frames[k].querySelector(".current"), pic = document.getElementById("picture");
  if (node) {  // bring this step's node to the middle of the picture's scroll area
    const r = node.getBoundingClientRect(), p = pic.getBoundingClientRect();
    pic.scrollLeft += r.left + r.width / 2 - (p.left + p.width / 2);
    pic.scrollTop += r.top + r.height / 2 - (p.top + p.height / 2);
  }
  document.getElementById("prev").disabled = document.getElementById("reset").disabled = k === 0;
  document.getElementById("next").disabled = k === frames.length - 1;
  if (k === frames.length - 1) stop();
}
function stop() { clearInterval(timer); timer = null; document.getElementById("play").textContent = "▶ Play"; }
function play() {
  if (timer) return stop();
  if (k === frames.length - 1) show(0);
  document.getElementById("play").textContent = "❚❚ Pause";
  timer = setInterval(() => show(k + 1), 1200);
}
document.getElementById("next").onclick = () => show(k + 1);
document.getElementById("prev").onclick = () => show(k - 1);
document.getElementById("reset").onclick = () => { stop(); show(0); };
document.getElementById("play").onclick = play;
document.getElementById("fit").onchange = e => document.getElementById("picture").classList.toggle("fit", e.target.checked);
document.addEventListener("keydown", e => {
  const act = { ArrowRight: () => show(k + 1), ArrowLeft: () => show(k - 1), Home: () => show(0),
                End: () => show(frames.length - 1), " ": play }[e.key];
  if (act) { e.preventDefault(); act(); }
});
show(0);
"""


def _json(obj: object) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(drawing: Drawing) -> str:
    """The HTML page for ``drawing``'s graph (its options: derivatives, clusters, ...)."""
    steps = sum(v.op_entry is not None for v in drawing.nodes)
    if steps > MAX_STEPS:
        raise ValueError(
            f"the HTML stepper draws one picture per step and this pass has {steps} steps, more than {MAX_STEPS}: "
            "step through a smaller graph, or use .svg for a picture of the whole graph"
        )
    frames = drawing.frames()
    digits = drawing.options.digits
    name = Names(drawing.nodes, digits)
    shown = [v for v in drawing.nodes if not is_number(v)]
    root_name = name(drawing.root)
    records = []
    for frame, _ in frames:
        view, step = frame.view, frame.step
        grads = view.grads or {}
        if step is None:
            title = f"start: ∂{root_name}/∂{root_name} = 1"
            lines = ["the root is seeded with 1; every other gradient starts at 0", "press Next (→)"]
        else:
            title, lines = step.header(), step.lines()
            if step.index == step.total - 1:
                lines = [*lines, "done: every gradient is final, as backward() gives"]
        records.append({
            "title": title, "lines": lines,
            "grads": [fmt(grads.get(v, 0.0), digits) for v in shown],
            "final": [v in (view.final or ()) for v in shown],
            "received": [v in view.received for v in shown],
            "current": shown.index(view.current) if view.current in shown else None,
        })  # fmt: skip
    paths = group_paths(shown, drawing.options.clusters)
    groups = [" / ".join(paths.get(v, ())) for v in shown]
    payload = {"names": [name(v) for v in shown], "groups": groups, "data": [fmt(v.data, digits) for v in shown], "frames": records}
    pictures = "\n".join(
        f'<div class="frame"{"" if i == 0 else " hidden"}>{_PROLOG.sub("", svg)}</div>' for i, (_, svg) in enumerate(frames)
    )
    title = html.escape(f"stepgrad: backward through {root_name}, step by step")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<nav><button id="reset">Reset</button><button id="prev">◀ Prev</button><button id="play">▶ Play</button>
<button id="next">Next ▶</button><span id="counter"></span>
<label class="hint"><input type="checkbox" id="fit"> fit the picture to the page</label></nav>
<p class="hint">Keys: → next, ← previous, space play/pause, Home reset, End last step. Each step applies the chain rule at one node:
every input's grad += local derivative × the node's grad.</p>
</header>
<main>
<section id="picture">
{pictures}
</section>
<aside>
<h2 id="title"></h2>
<ul id="explain"></ul>
<table id="grads"><thead><tr><th>node</th><th>data</th><th>grad</th></tr></thead><tbody></tbody></table>
</aside>
</main>
<script type="application/json" id="frames">{_json(payload)}</script>
<script>{_JS}</script>
</body>
</html>
"""
