"""Every request the page makes, answered by stepgrad: ``handle(method, params) -> {"ok": ...} | {"error": ...}``.

The same module serves both hosts: ``server.py`` calls ``handle`` for each POST to /api, and the
static site's Web Worker calls ``handle_json`` in Pyodide. Errors come back as data (type,
message and, for typed code, the line), never as a crash of the host.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from autograd_core import __version__

from . import limits
from .datasets import DATASETS
from .graph_lab import GraphLab
from .presets import PRESETS
from .train_config import ACTIVATIONS, LOSSES, OPTIMIZERS, Config
from .train_lab import TrainLab
from .usercode import RULE, CodeError


class Session:
    """One page's state: the graph lab's graph and the train lab's data and model."""

    def __init__(self) -> None:
        self.graph = GraphLab()
        self.train = TrainLab()
        self.methods: dict[str, Callable[..., Any]] = {
            "hello": self.hello, "graph.build": self.graph.build, "graph.frame": self.graph.frame, "graph.paths": self.graph.paths,
            "train.configure": lambda **settings: self.train.configure(settings), "train.reset": self.train.reset,
            "train.step": self.train.step, "train.edit": self.train.edit, "train.state": self.train.state, "train.trace": self.trace,
        }  # fmt: skip

    def hello(self) -> dict[str, Any]:
        """What the page needs before anything else: presets, choices, defaults and caps."""
        return {
            "version": __version__, "python": sys.version.split()[0], "platform": sys.platform, "rule": RULE,
            "presets": [{"id": k, "title": p.title, "code": p.code} for k, p in PRESETS.items()],
            "datasets": [{"id": k, "title": d.title, "classes": d.classes, "noise": d.noise} for k, d in DATASETS.items()],
            "activations": list(ACTIVATIONS), "losses": list(LOSSES), "optimizers": list(OPTIMIZERS),
            "defaults": Config().to_json(),
            "limits": {"values": limits.MAX_VALUES, "work": limits.MAX_WORK, "layers": limits.MAX_LAYERS,
                       "width": limits.MAX_WIDTH, "points": [limits.MIN_POINTS, limits.MAX_POINTS], "seconds": limits.CODE_SECONDS},
        }  # fmt: skip

    def trace(self, index: int, picture: dict[str, Any] | None = None) -> dict[str, Any]:
        """Training point ``index``'s loss through the current weights, as code run in the graph lab (``picture`` as for build)."""
        code = self.train.trace(index)
        return {**self.graph.build(code=code, picture=picture), "code": code, "point": self.train.state()["train"][index]}

    def handle(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Answer one request; any failure becomes ``{"error": {"type", "message", ...}}``."""
        try:
            if method not in self.methods:
                raise ValueError(f"unknown method {method!r}; the methods are {', '.join(self.methods)}")
            if params is None:
                params = {}
            if not isinstance(params, dict):
                raise TypeError(f"params must be an object, not {type(params).__name__}")
            return {"ok": self.methods[method](**params)}
        except CodeError as err:
            return {"error": {"type": err.kind, "message": err.message, "line": err.line, "text": err.text, "where": "code"}}
        except limits.LimitError as err:
            return {"error": {"type": "Limit", "message": str(err)}}
        except TypeError as err:
            if "argument" in str(err):  # a parameter the method does not take
                return {"error": {"type": "TypeError", "message": f"{method}: {err}"}}
            return {"error": {"type": "TypeError", "message": str(err)}}
        except Exception as err:  # the page shows whatever stepgrad said
            return {"error": {"type": type(err).__name__, "message": str(err)}}


_SESSION: Session | None = None


def session() -> Session:
    """The process's session (one page per local server or per Web Worker)."""
    global _SESSION
    if _SESSION is None:
        _SESSION = Session()
    return _SESSION


def handle(method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return session().handle(method, params)


def handle_json(request: str) -> str:
    """``{"method", "params"}`` as JSON text in, the answer as JSON text out (what the Web Worker passes)."""
    try:
        message = json.loads(request)
        method, params = message["method"], message.get("params")
    except (ValueError, KeyError, TypeError) as err:
        return json.dumps({"error": {"type": "BadRequest", "message": f"not a request: {err}"}})
    return json.dumps(handle(method, params), allow_nan=False, default=str)


def use_layout(render: Callable[[str, str], Any]) -> None:
    """Lay pictures out with ``render(dot_source, fmt) -> str`` (in the browser: viz.js, called from Python)."""
    from autograd_core.drawing import set_layout

    set_layout(lambda source, fmt: str(render(source, fmt)).encode("utf-8"))
