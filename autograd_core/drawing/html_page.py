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

from ..names import Names, d_name, fmt, is_number
from .groups import group_paths
from .html_assets import CSS, JS

if TYPE_CHECKING:
    from .drawing import Drawing

MAX_STEPS = 100
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")


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
    row = {v: i for i, v in enumerate(shown)}
    records = []
    for frame, _ in frames:
        view, step = frame.view, frame.step
        grads = view.grads or {}
        if step is None:
            title = f"start: ∂{d_name(root_name)}/∂{d_name(root_name)} = 1"
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
            "current": row.get(view.current) if view.current is not None else None,
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
<style>{CSS}</style>
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
<script>{JS}</script>
</body>
</html>
"""
