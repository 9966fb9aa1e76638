"""Where fit's output goes: a terminal, a Jupyter notebook (with or without ipywidgets), or a log.

- a Jupyter notebook with ipywidgets: tqdm's widget bar;
- a Jupyter notebook without it: tqdm's plain text bar, written to the cell's stderr (tqdm.auto
  would warn ``IProgress not found`` and show nothing);
- a terminal: tqdm's text bar; a log file, a pipe or a web page (Pyodide, the playground): no bar.

``in_notebook()`` is tqdm.autonotebook's own test (a Jupyter kernel's shell, not a Qt console or
Spyder), so the bar and the live plot (``live_plot.py``) agree with tqdm about where they are.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any


def in_notebook() -> bool:
    """True inside a Jupyter kernel (notebook, JupyterLab, VS Code, Colab, JupyterLite), False elsewhere."""
    if "ipykernel.zmqshell" in sys.modules:
        if any(key == "QT_API" or key.startswith("SPYDER") for key in os.environ):
            return False  # a Qt console or Spyder: text output, no HTML widgets
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
        kind = type(shell).__name__.lower()
        return shell is not None and "qt" not in kind and "spyder" not in kind
    return "IPython.utils._process_emscripten" in sys.modules  # JupyterLite (Pyodide)


def widget_bar() -> Any:
    """tqdm's notebook (widget) bar class, or None when ipywidgets is missing or too old for it."""
    try:
        importlib.import_module("ipywidgets")  # tqdm.notebook imports without it, then fails when a bar is made
        from tqdm.notebook import IProgress
        from tqdm.notebook import tqdm as notebook_tqdm
    except ImportError:
        return None
    return notebook_tqdm if IProgress is not None else None


def bar(epochs: int, progress: bool, desc: str = "fit") -> Any:
    """A tqdm bar over ``epochs`` for fit (disabled when ``progress`` is False or nobody would see it)."""
    from tqdm import std

    if sys.platform == "emscripten":  # Pyodide has no threads for tqdm's monitor, started by every bar, even hidden (it warns)
        std.tqdm.monitor_interval = 0  # tqdm's documented switch
    options: dict[str, Any] = {"total": epochs, "desc": desc, "unit": "epoch"}
    if not progress:
        return std.tqdm(disable=True, **options)
    if in_notebook():
        widget = widget_bar()
        if widget is not None:
            return widget(**options)
        return std.tqdm(file=sys.stderr, ncols=100, **options)  # plain text: the notebook shows stderr under the cell
    terminal = sys.platform != "emscripten" and sys.stderr.isatty()  # a web page's console is no terminal
    return std.tqdm(disable=not terminal, dynamic_ncols=True, **options)
