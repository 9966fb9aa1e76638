"""stepgrad's playground: the real engine behind a web page.

``api.handle(method, params)`` answers every request the page makes (build a graph from typed
code or a preset, draw step k, sum over paths, train a network live, trace one example). Both
hosts run this same module: ``server`` serves the page from ``static/`` on 127.0.0.1 with the
engine in the local Python process (``python -m demos playground``), and the static site runs it
in Pyodide inside a Web Worker (``web/build.py`` builds that site).
"""

from .api import Session, handle, handle_json

__all__ = ["Session", "handle", "handle_json"]
