"""The stepper in HTML: a self-contained page (``draw(e).save("e.html")``) and the same stepper as an
element for a notebook's output (``inline.py``).

One SVG per frame -- frame 0 is the start, frame k the picture after k nodes, all with one layout --
the step's explanation beside the picture, a table of gradients filling in, and for any node
clicked its gradient as a sum over paths. Reset / Prev / Play / Next, zoom (− fit +) and the
keys; no network, no external scripts or fonts.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from typing import TYPE_CHECKING, Any

from ..names import Names, fmt, is_number
from ..pathsum import listed
from .frames import MAX_STEPS, check_steps
from .groups import group_paths
from .html_assets import CSS, PAGE_CSS
from .html_script import script

if TYPE_CHECKING:
    from .drawing import Drawing

MAX_LISTED_PATHS = 12
__all__ = ["MAX_STEPS", "element", "new_id", "page", "payload"]
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)


def _json(obj: object) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def payload(drawing: Drawing) -> dict[str, Any]:
    """Everything the script shows: per row (every value but unlabelled numbers) its name, group, data, SVG
    node id and sum over paths; per frame its SVG, title, explanation, gradients and markings."""
    check_steps(drawing)
    frames = drawing.frames()
    digits = drawing.options.digits
    name = Names(drawing.nodes, digits)
    shown = [v for v in drawing.nodes if not is_number(v)]
    row = {v: i for i, v in enumerate(shown)}
    records = []
    for frame, svg in frames:
        view = frame.view
        grads = view.grads or {}
        records.append({
            "title": frame.title, "lines": frame.lines, "svg": _PROLOG.sub("", svg),
            "grads": [fmt(grads.get(v, 0.0), digits) for v in shown],
            "final": [v in (view.final or ()) for v in shown],
            "received": [v in view.received for v in shown],
            "current": row.get(view.current) if view.current is not None else None,
        })  # fmt: skip
    groups = group_paths(shown, drawing.options.clusters)
    return {
        "names": [name(v) for v in shown], "groups": [" / ".join(groups.get(v, ())) for v in shown],
        "data": [fmt(v.data, digits) for v in shown], "ids": [f"n{name.index[v]}" for v in shown],
        "paths": [listed(drawing.root, v, name, MAX_LISTED_PATHS, drawing.nodes).lines() for v in shown],
        "frames": records, "root": name(drawing.root),
    }  # fmt: skip


def element(data: dict[str, Any], uid: str, page: bool, static: str = "") -> str:
    """The stepper's element: its style, a static fallback (``static``: HTML shown until the script runs), the JSON, the script."""
    return (
        f'<div class="sgs" id="{uid}">\n<style>{CSS}</style>\n{static}'
        f'<script type="application/json" class="sgs-data">{_json(data)}</script>\n'
        f"<script>{script(uid, page)}</script>\n</div>\n"
    )


def new_id() -> str:
    """A fresh element id: two outputs of one notebook never share one."""
    return f"sgs-{secrets.token_hex(6)}"


def page(drawing: Drawing) -> str:
    """The HTML page for ``drawing``'s graph (its options: derivatives, clusters, ...)."""
    data = payload(drawing)
    title = html.escape(f"stepgrad: backward through {data['root']}, step by step")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{PAGE_CSS}</style>
</head>
<body>
<h1>{title}</h1>
{element(data, "stepper", page=True)}</body>
</html>
"""
