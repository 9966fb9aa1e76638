"""fit's ``plot=`` and ``callback=``: watch training as it happens.

``fit(..., plot=True)`` redraws one figure every few epochs (``live_figure.py``: the loss and
accuracy curves, and the decision regions for two inputs). In Jupyter the figure is shown under
the cell and updated in place (``IPython.display.display(..., display_id=True)`` then
``.update``); in a terminal it is saved when training ends, to ``training.png`` in the current
folder. ``plot="run.png"`` saves the last figure there, ``plot="run.gif"`` an animation of every
redraw (Pillow, which matplotlib brings) -- in a notebook as well as showing it.

``callback=f`` calls ``f(epoch, history)`` after every epoch (epoch from 1; ``history`` the
``History`` so far): print, log, or draw your own picture.

matplotlib is imported only when a plot is asked for (``pip install 'stepgrad[demos]'``); pyplot
never is, so a notebook's own figures and backend are left alone.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .progress import in_notebook

DEFAULT_FILE = "training.png"
SUFFIXES = (".png", ".gif")
MAX_REDRAWS = 15  # redraw every k epochs, k = ceil(epochs / 15): a redraw costs ~0.1 s, an epoch may cost less
FRAME_MS, LAST_FRAME_MS = 200, 2000  # GIF timing: each redraw, then a pause on the final picture

Callback = Callable[[int, Any], Any]


def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as err:
        raise ImportError(f"fit(plot=...) draws with matplotlib ({err.name} is not installed): pip install 'stepgrad[demos]'") from None


def target(plot: object) -> Path | None:
    """The file ``plot`` names (None for a figure shown only in a notebook); a clear error for anything else."""
    if plot is True:
        return None if in_notebook() else Path(DEFAULT_FILE)
    if not isinstance(plot, str | os.PathLike):
        raise TypeError(f"plot must be True, False or a file name ending in .png or .gif, not {type(plot).__name__}: {plot!r}")
    path = Path(plot)
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"plot={str(plot)!r}: the file name must end in .png (the last figure) or .gif (an animation of the epochs)")
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"plot={str(plot)!r}: the folder {str(folder)!r} does not exist; create it first")
    if path.is_dir():
        raise IsADirectoryError(f"plot={str(plot)!r} is a folder; add a file name such as training.png")
    return path


class LivePlot:
    """One figure of a training run, redrawn every ``every`` epochs (and at the first and last)."""

    def __init__(self, path: Path | None, show: bool, model: Any, rows: list[list[float]], ys: list[Any], entry: Any, epochs: int) -> None:
        _matplotlib()
        from .live_figure import TrainingFigure

        self.path, self.show, self.epochs = path, show, epochs
        self.figure = TrainingFigure(model, rows, ys, entry, epochs)
        self.every = max(1, math.ceil(epochs / MAX_REDRAWS))
        self.gif = path is not None and path.suffix.lower() == ".gif"
        self.frames: list[bytes] = []  # the PNG of every redraw for a GIF, else the last one only
        self.handle: Any = None

    def start(self, history: Any) -> None:
        """The untrained model, shown (in Jupyter: above the progress bar) and first in a GIF."""
        if self.show or self.gif:
            self._draw(history, 0)

    def __call__(self, epoch: int, history: Any) -> None:
        if epoch % self.every == 0 or epoch in (1, self.epochs):
            self._draw(history, epoch)

    def _draw(self, history: Any, epoch: int) -> None:
        png = self.figure.render(history, epoch)
        if self.gif or not self.frames:
            self.frames.append(png)
        else:
            self.frames[-1] = png
        if self.show:
            self._display(png)

    def _display(self, png: bytes) -> None:
        from IPython.display import Image, display

        picture = Image(data=png, format="png")
        if self.handle is None:
            self.handle = display(picture, display_id=True)
        else:
            self.handle.update(picture)

    def close(self) -> Path | None:
        """Save the PNG (the last figure) or the GIF (every redraw) if a file was asked for; the path written."""
        if self.path is None or not self.frames:
            return None
        if self.path.suffix.lower() == ".png":
            data = self.frames[-1]
        else:
            data = gif(self.frames)
        self.path.write_bytes(data)
        return self.path


def gif(frames: list[bytes]) -> bytes:
    """PNG frames as one looping GIF: FRAME_MS each, the last held for LAST_FRAME_MS."""
    import io

    from PIL import Image

    pictures = [Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=255) for png in frames]
    out = io.BytesIO()
    durations = [FRAME_MS] * (len(pictures) - 1) + [LAST_FRAME_MS]
    pictures[0].save(out, format="GIF", save_all=True, append_images=pictures[1:], duration=durations, loop=0)
    return out.getvalue()


def watcher(plot: object, callback: object, model: Any, rows: list[list[float]], ys: list[Any], entry: Any, epochs: int,
            history: Any) -> Any:  # fmt: skip
    """What fit calls after each epoch: the callback and/or the live plot, checked before training (None: nothing).

    With a plot, the untrained model is drawn now (``history`` is the run's, still empty)."""
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function f(epoch, history), not {type(callback).__name__}: {callback!r}")
    if plot is None or plot is False:
        return _Watch(None, callback) if callback is not None else None
    path = target(plot)
    live = LivePlot(path, in_notebook(), model, rows, ys, entry, epochs)
    live.start(history)
    return _Watch(live, callback, announce=plot is True and path is not None)


class _Watch:
    """The per-epoch hook fit calls: the user's callback, then the plot; ``close()`` saves the plot's file."""

    def __init__(self, live: LivePlot | None, callback: Any, announce: bool = False) -> None:
        self.live, self.callback, self.announce = live, callback, announce  # announce: say where plot=True put its file

    def __call__(self, epoch: int, history: Any) -> None:
        if self.callback is not None:
            self.callback(epoch, history)
        if self.live is not None:
            self.live(epoch, history)

    def close(self) -> None:
        written = self.live.close() if self.live is not None else None
        if written is not None and self.announce:
            print(f"fit: the training figure is in {written.resolve()}")
