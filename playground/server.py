"""The playground served from pip alone: the page from ``static/`` and its engine in this Python process.

``serve(port)`` listens on 127.0.0.1 only (nothing else on the network can reach it), answers
``POST /api`` with ``api.handle`` one request at a time, serves the page's files, and tells the
page which engine it has through ``/host.json``. No npm, no internet.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any

from .api import Session

HOST = "127.0.0.1"
STATIC = Path(str(files("playground") / "static"))
MAX_BODY = 1_000_000
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".html": "text/html", ".svg": "image/svg+xml",
         ".json": "application/json", ".png": "image/png", ".wasm": "application/wasm"}  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    server: PlaygroundServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # http.server's name
        if not self._local():
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/host.json":
            return self._send(HTTPStatus.OK, json.dumps({"engine": "local"}).encode(), "application/json")
        file = _static_file(path)
        if file is None:
            return self._send(HTTPStatus.NOT_FOUND, f"no such file: {path}".encode(), "text/plain; charset=utf-8")
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, file.read_bytes(), kind + ("; charset=utf-8" if kind.startswith("text/") else ""))

    def do_POST(self) -> None:
        if not self._local():
            return
        if self.path != "/api":
            return self._send(HTTPStatus.NOT_FOUND, b"POST goes to /api", "text/plain")
        # Typed code runs in this process: only this server's own page may send it. Other sites' pages
        # send an Origin of their own, and cannot send JSON without the browser asking first (CORS).
        origin = self.headers.get("Origin")
        ours = (self.server.url.rstrip("/"), self.server.url.replace(HOST, "localhost").rstrip("/"))
        if origin is not None and origin.rstrip("/") not in ours:
            return self._send(HTTPStatus.FORBIDDEN, b"only the playground's own page may call /api", "text/plain")
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            return self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, b"/api takes application/json", "text/plain")
        size = int(self.headers.get("Content-Length") or 0)
        if not 0 < size <= MAX_BODY:
            return self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"a request is 1 byte to 1 MB of JSON", "text/plain")
        try:
            message = json.loads(self.rfile.read(size))
            method, params = message["method"], message.get("params")
        except (ValueError, KeyError, TypeError) as err:
            answer: dict[str, Any] = {"error": {"type": "BadRequest", "message": f"not a request: {err}"}}
        else:
            with self.server.lock:  # one page, one engine: requests take turns
                answer = self.server.session.handle(method, params)
        self._send(HTTPStatus.OK, json.dumps(answer, allow_nan=False, default=str).encode(), "application/json")

    def _local(self) -> bool:
        """Only pages loaded from this server may call it (a Host header naming another site is refused)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host in (HOST, "localhost"):
            return True
        self._send(HTTPStatus.FORBIDDEN, b"the playground answers 127.0.0.1 and localhost only", "text/plain")
        return False

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows the URL, not every request
        pass


class PlaygroundServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int) -> None:
        self.session = Session()
        self.lock = threading.Lock()
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page that went away before its answer (a frame fetched ahead, then the tab closed) is no error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _static_file(path: str) -> Path | None:
    """The file under ``static/`` that ``path`` names (``/`` is index.html); None for anything outside it."""
    relative = path.lstrip("/") or "index.html"
    file = (STATIC / relative).resolve()
    if STATIC.resolve() not in file.parents or not file.is_file():
        return None
    return file


def make_server(port: int = 0) -> PlaygroundServer:
    """A server on 127.0.0.1:``port`` (0: any free port), not yet serving; a clear OSError if the port is taken."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"port must be a whole number from 0 to 65535, not {port!r}")
    try:
        return PlaygroundServer(port)
    except OSError as err:
        raise OSError(f"cannot listen on {HOST}:{port} ({err.strerror}): pass another --port, or --port 0 for any free one") from None
