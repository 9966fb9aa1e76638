"""Run inside Pyodide by run_in_pyodide.mjs: the engine's behaviour the web build depends on, as JSON results.

Not a pytest module: test_pyodide.py compares these results with the same things computed in CPython.
"""

import json
import platform
import sys
import warnings

results: dict = {"python": sys.version.split()[0], "platform": sys.platform, "system": platform.system()}

from autograd_core import Value  # noqa: E402
from autograd_core.drawing import DotNotFoundError, draw, get_layout  # noqa: E402


def toy():
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    d = b + 1
    e = c * d
    c.label, d.label, e.label = "c", "d", "e"
    return a, b, e


a, b, e = toy()
e.backward()
results["toy_grads"] = [a.grad, b.grad]
a, b, e = toy()
results["toy_steps"] = [str(step) for step in e.backward_steps()]
results["toy_source"] = draw(e).source

try:  # no layout function yet: the error must say what to do in a browser
    draw(e).svg()
    results["no_layout_error"] = None
except DotNotFoundError as err:
    results["no_layout_error"] = str(err)

from playground.api import handle, use_layout  # noqa: E402

use_layout(render_with_viz)  # noqa: F821 -- set by run_in_pyodide.mjs, as the page's worker does
results["layout_set"] = get_layout() is not None
results["toy_svg"] = draw(e).svg()

import nn  # noqa: E402

X, y = nn.moons(60, noise=0.1, seed=0, signed=True)
model = nn.MLP(2, [4, 4, 1], seed=0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    history = nn.fit(model, X, y, loss="hinge", optimizer=nn.SGD(model.parameters(), lr=0.1), epochs=5, l2=1e-4, seed=0)
results["fit_losses"] = history.loss
results["fit_warnings"] = [str(w.message) for w in caught]

# Freeing a deep graph: a 5,000-node chain built by typed code is refused (too big to draw) and freed one node
# at a time; all at once it would overflow the browser's stack and kill the runtime.
chain = handle("graph.build", {"code": "x = Value(1.0)\nfor i in range(5000):\n    x = x + 1\nx"})
results["chain_answer"] = chain.get("error", {}).get("type")
results["alive_after_chain"] = handle("graph.build", {"preset": "toy"})["ok"]["total"]
frame = handle("graph.frame", {"k": 3})["ok"]["svg"]
results["frame_has_svg"] = "<svg" in frame and "grad 5.0" in frame

# Steps patched into one layout (playground/patched.py) are the frames viz.js lays out whole, byte for byte.
from autograd_core.drawing.dot import View, build  # noqa: E402
from autograd_core.drawing.options import options  # noqa: E402
from playground.patched import Pass  # noqa: E402

x, w = Value(-0.5, label="x"), Value(2.0, label="w")
for derivatives in (False, True):
    frames = Pass(((x * w).tanh() + x) ** 2, options(derivatives, "LR", 4, None, False, 400, True, None))
    views = map(frames.replay.view, range(-1, frames.total))
    whole = [View(v.grads, v.current, v.final, v.received, frames.cold_view.grad_widths) for v in views]
    sources = [build(frames.root, frames.nodes, frames.opts, view).source for view in whole]
    results.setdefault("patched_mismatches", []).extend(
        k for k, source in enumerate(sources) if frames.svg(k) != render_with_viz(source, "svg")  # noqa: F821
    )

# The page draws its maps from the weights the engine sends: the JS evaluator is checked against nn.predict.
handle("train.configure", {"hidden": [5, 3], "activation": "tanh", "loss": "bce_logits"})
weights = handle("train.step", {"epochs": 3})["ok"]["weights"]
session_model = __import__("playground.api", fromlist=["session"]).session().train.model
points = [[-1.0 + 0.37 * i, 1.2 - 0.29 * i] for i in range(9)]
results["netmaps"] = {"weights": weights, "points": points, "predictions": nn.predict(session_model, points)}

json.dumps(results)
