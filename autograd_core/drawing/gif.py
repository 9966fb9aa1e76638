"""Captioned frames as PNG images and an animated GIF (Pillow), and numbered frame files.

Each frame is the picture with its caption under it on one white canvas; every canvas has the
size of the largest picture plus the tallest caption, so the frames line up in a slide deck and
the GIF never jumps. Pillow is an optional dependency: ``pip install pillow`` (it comes with
matplotlib, and with ``pip install 'stepgrad[frames]'``).
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .frames import captioned_svgs, png_parts

if TYPE_CHECKING:
    from .drawing import Drawing

FORMATS = ("png", "svg")
PILLOW_HINT = "pip install pillow (or pip install 'stepgrad[frames]')"


def pillow() -> Any:
    """The ``PIL.Image`` module, or an ImportError saying how to install it."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(f"GIFs and captioned PNG frames need Pillow: {PILLOW_HINT}; SVG frames do not need it") from None
    return Image


def check_seconds(seconds: object) -> float:
    """``seconds`` per frame: a positive number up to 60."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0.02 <= seconds <= 60 or math.isnan(seconds):
        raise ValueError(f"seconds must be a number of seconds per frame from 0.02 to 60, not {seconds!r}")
    return float(seconds)


def check_dpi(dpi: object, default: int = 144) -> int:
    """``dpi`` as an int from 1 to 2400 (None: ``default``)."""
    if dpi is None:
        return default
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 1 <= dpi <= 2400:
        raise ValueError(f"dpi must be an int from 1 to 2400 (dots per inch, e.g. 144), or None, not {dpi!r}")
    return dpi


def compose(drawing: Drawing, dpi: int, max_side: int = 8000) -> list[Any]:
    """Every frame (the start, then one per step) as an RGB image: picture above, caption below, all one size."""
    image = pillow()
    _, pictures, captions = png_parts(drawing, dpi, max_side)
    graphs = [image.open(io.BytesIO(p)) for p in pictures]
    texts = [image.open(io.BytesIO(c)) for c in captions]
    width = max(im.width for im in graphs + texts)
    graph_h, text_h = max(im.height for im in graphs), max(im.height for im in texts)
    rule = max(1, dpi // 72)
    out = []
    for g, t in zip(graphs, texts, strict=True):
        canvas = image.new("RGB", (width, graph_h + rule + text_h), "white")
        canvas.paste(_on_white(image, g), ((width - g.width) // 2, 0))
        canvas.paste((209, 213, 219), (0, graph_h, width, graph_h + rule))  # a thin grey rule above the caption
        canvas.paste(_on_white(image, t), (0, graph_h + rule))
        out.append(canvas)
    return out


def _on_white(image: Any, im: Any) -> Any:
    """``im`` flattened onto white (a PNG with transparency would turn black in a GIF)."""
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        back = image.new("RGB", im.size, "white")
        back.paste(im, mask=im.getchannel("A"))
        return back
    return im.convert("RGB")


def gif_bytes(drawing: Drawing, dpi: int | None = None, seconds: float = 2.5) -> bytes:
    """An animated GIF of the pass: each frame ``seconds`` long, the last one twice as long, looping."""
    frames = compose(drawing, check_dpi(dpi, 96))
    seconds = check_seconds(seconds)
    paletted = [f.quantize(colors=255) for f in frames]
    durations = [int(seconds * 1000)] * len(paletted)
    durations[-1] *= 2
    buffer = io.BytesIO()
    paletted[0].save(buffer, format="GIF", save_all=True, append_images=paletted[1:], duration=durations, loop=0, disposal=1)
    return buffer.getvalue()


def frame_files(drawing: Drawing, folder: Path, format: str, dpi: int | None, stem: str) -> list[tuple[Path, bytes]]:
    """(path, bytes) of each numbered frame file: ``stem_00.png`` is the start, ``stem_01.png`` after the first node …"""
    if format not in FORMATS:
        raise ValueError(f"format must be 'png' or 'svg', not {format!r}")
    if not isinstance(stem, str) or not stem or any(c in stem for c in "/\\\0"):
        raise ValueError(f"stem must be a non-empty file name without a folder, not {stem!r}")
    if format == "svg":
        if dpi is not None:
            raise ValueError("dpi is for PNG frames; an SVG has no pixels (leave dpi=None)")
        data = [svg.encode("utf-8") for _, svg in captioned_svgs(drawing)]
    else:
        data = []
        for im in compose(drawing, check_dpi(dpi)):
            buffer = io.BytesIO()
            im.save(buffer, format="PNG", optimize=True)
            data.append(buffer.getvalue())
    digits = max(2, len(str(len(data) - 1)))
    return [(folder / f"{stem}_{k:0{digits}d}.{format}", d) for k, d in enumerate(data)]
