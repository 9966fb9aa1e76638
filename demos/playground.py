"""The web playground served on 127.0.0.1 with the engine in this Python process: step through backprop, train live."""

from __future__ import annotations

import json
import threading
import urllib.request
import webbrowser
from pathlib import Path

from playground.server import make_server

DEFAULT_PORT = 8765


def run(out: Path, quick: bool = False, seed: int = 0, port: int | None = None, browser: bool = True) -> list[Path]:
    """Serve until Ctrl-C (``quick``: start, answer one page load and one request, stop). Writes no files."""
    server = make_server(DEFAULT_PORT if port is None and not quick else port or 0)
    print(f"stepgrad playground: {server.url}   (the engine runs in this Python process; Ctrl-C stops it)", flush=True)
    if quick:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with urllib.request.urlopen(server.url, timeout=10) as page:
                print(f"GET / -> {page.status}, {len(page.read()):,} bytes")
            body = json.dumps({"method": "graph.build", "params": {"preset": "toy"}}).encode()
            request = urllib.request.Request(server.url + "api", body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                steps = json.load(answer)["ok"]["frames"][1:]
            print("POST /api graph.build toy ->", "; ".join(f["title"] for f in steps))
        finally:
            server.shutdown()
            server.server_close()
        return []
    if browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.server_close()
    return []
