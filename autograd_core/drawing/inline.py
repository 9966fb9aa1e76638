"""The stepper inline in a notebook: ``e.stepper()`` or ``draw(e).stepper()``.

Its ``_repr_html_`` is the HTML page's stepper as one element (style, JSON, script, all inside it,
its id fresh for each output so several live in one notebook). It runs in the live notebook, in
``jupyter nbconvert --to html`` output opened offline, and in JupyterLab for trusted output. An
untrusted notebook strips scripts and styles: what is left is the last frame as a picture (an
``<img>``, which the sanitizer keeps) and one line saying how to see it live -- never the SVG's
text spilled out.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING, Any

from .html_page import element, new_id, payload

if TYPE_CHECKING:
    from .drawing import Drawing

LIVE_HINT = (
    "A still picture of the last step: to step through backward here, trust this notebook (the Trust Notebook "
    'command; the File menu in the classic Notebook) and run the cell again, or open draw(…).save("backward.html").'
)


class Stepper:
    """A backward pass to step through, for Jupyter (``_repr_html_``); ``html()`` gives the element as text."""

    def __init__(self, drawing: Drawing) -> None:
        self.drawing = drawing
        self._data: dict[str, Any] | None = None

    @property
    def data(self) -> dict[str, Any]:
        """What the stepper shows (frames, names, gradients, paths), computed once."""
        if self._data is None:
            self._data = payload(self.drawing)
        return self._data

    def static(self) -> str:
        """The fallback: the last frame as an image, and how to see it live."""
        last = self.data["frames"][-1]["svg"]
        src = "data:image/svg+xml;base64," + base64.b64encode(last.encode("utf-8")).decode("ascii")
        alt = html.escape(f"the graph of {self.data['root']} after the backward pass, every gradient filled in")
        return (
            f'<div class="sgs-static"><img src="{src}" alt="{alt}" style="max-width: 100%; height: auto">'
            f'<p style="color: #6b7280; font-size: 13px; margin: 4px 0">{html.escape(LIVE_HINT)}</p></div>\n'
        )

    def html(self) -> str:
        """The stepper as one HTML element with a fresh id."""
        return element(self.data, new_id(), page=False, static=self.static())

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        steps = len(self.data["frames"]) - 1 if self._data is not None else sum(v.op_entry is not None for v in self.drawing.nodes)
        return f"<Stepper through {steps} backward steps; shows itself in Jupyter, .html() gives the element>"
