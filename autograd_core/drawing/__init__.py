"""Drawing Value graphs: ``draw(root, **options) -> Drawing`` (DOT, SVG, PNG, HTML stepper, Jupyter).

``binary`` finds the layout program (graphviz-pure, no system packages needed), ``layout`` holds
the hook that replaces it (``set_layout``: viz.js in a web page), ``dot`` builds the DOT graph,
``replay`` re-runs backward step by step for pictures, ``frames`` and ``gif`` make the captioned
frames and the GIF, ``html_page`` and ``inline`` the stepper (a page, a notebook output),
``drawing`` holds ``draw``.
"""

from .binary import DotNotFoundError, find_binary
from .dot import GraphTooLargeError
from .drawing import Drawing, draw
from .layout import get_layout, set_layout

__all__ = ["DotNotFoundError", "Drawing", "GraphTooLargeError", "draw", "find_binary", "get_layout", "set_layout"]
