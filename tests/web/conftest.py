"""Browser sessions for the playground's tests: headless system Chromium, every non-local request blocked.

One browser per test module; the two hosts are the local server (this Python process's engine) and
the built static site (Pyodide in a Web Worker). Each skips with the reason when it cannot run here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import chromium

SITE = Path(__file__).resolve().parents[2] / "web" / "dist"


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    why = chromium.missing()
    if why:
        pytest.skip(why)
    with chromium.browser() as d:
        yield d


@pytest.fixture(scope="module")
def local_url() -> Iterator[str]:
    from playground.server import make_server

    server = make_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def static_url() -> Iterator[str]:
    if not (SITE / "host.json").is_file() or not (SITE / "pyodide" / "pyodide.asm.wasm").is_file():
        pytest.skip("the static site is not built: npm --prefix web ci && python web/build.py")
    with chromium.serve_folder(SITE) as url:
        yield url


@pytest.fixture(scope="module", params=["local", "static"])
def base(request: pytest.FixtureRequest) -> str:
    """The page's address on each host in turn (module-scoped: tests run host by host)."""
    return request.getfixturevalue(f"{request.param}_url")
