"""How a ``Drawing`` shows itself in Jupyter and at an IPython prompt, without ever raising.

A notebook asks an object for its pictures through ``_repr_mimebundle_`` first and then through
``_repr_svg_``/``_repr_png_`` for any format the bundle left out; an exception in any of them
fails the cell, and "Run all" stops there. So every hook here returns something or nothing:

- with a layout program: SVG (crisp, zoomable) and PNG (for viewers that block SVG), each
  computed only if the front end can show it, plus the short ``repr`` as text;
- without one, or if the layout fails or times out: only text -- the error saying how to fix
  it, and the DOT source (paste it into any Graphviz viewer) -- and the notebook runs on.
"""

from __future__ import annotations

import base64
import struct
import sys
from collections.abc import Callable, Iterable
from typing import Any

SVG, PNG, TEXT = "image/svg+xml", "image/png", "text/plain"
DPI = 144  # a PNG at twice Graphviz's 72 points per inch: sharp on high-density screens
MAX_SIDE = 2400  # pixels: a big graph's PNG is scaled down (SVG keeps every detail)
MAX_SOURCE = 20_000  # characters of DOT source shown when there is no picture


def active_types() -> set[str] | None:
    """The formats the running IPython front end can show (a terminal: text only), or None outside IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    types = getattr(getattr(shell, "display_formatter", None), "active_types", None)
    return set(types) if types else None


def wanted(include: Iterable[str] | None, exclude: Iterable[str] | None) -> list[str]:
    """The picture formats to make: asked for (``include``), not refused (``exclude``), and showable."""
    shown = active_types() if include is None else set(include)
    refused = set(exclude or ())
    return [kind for kind in (SVG, PNG) if (shown is None or kind in shown) and kind not in refused]


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def no_picture(summary: str, error: BaseException, source: str) -> str:
    """The text a notebook shows instead of a picture: what went wrong, how to fix it, and the DOT source."""
    cut = len(source) - MAX_SOURCE
    shown = source if cut <= 0 else source[:MAX_SOURCE] + f"\n... ({cut:,} more characters in .source)"
    return f"{summary}\nno picture: {type(error).__name__}: {error}\n\nThe DOT source (.source; any Graphviz viewer draws it):\n{shown}"


def bundle(
    svg: Callable[[], str], png: Callable[[int, int], bytes], summary: str, source: Callable[[], str],
    include: Iterable[str] | None, exclude: Iterable[str] | None,
) -> tuple[dict[str, str], dict[str, Any]]:  # fmt: skip
    """The mime bundle (data, metadata): SVG and/or PNG with the summary as text, or text alone on failure."""
    data: dict[str, str] = {}
    metadata: dict[str, Any] = {}
    try:
        kinds = wanted(include, exclude)
        if SVG in kinds:
            data[SVG] = svg()
        if PNG in kinds:
            picture = png(DPI, MAX_SIDE)
            data[PNG] = base64.b64encode(picture).decode("ascii")
            width, height = png_size(picture)  # shown at the SVG's size: 96 CSS pixels per 72 points
            metadata[PNG] = {"width": round(width * 96 / DPI), "height": round(height * 96 / DPI)}
    except Exception as err:  # a display hook must never fail the cell
        return {TEXT: no_picture(summary, err, source())}, {}
    data[TEXT] = summary
    return data, metadata


def quietly(make: Callable[[], Any]) -> Any:
    """``make()``, or None if it fails (IPython then moves on to the next format)."""
    try:
        return make()
    except Exception:  # a display hook must never fail the cell
        return None
