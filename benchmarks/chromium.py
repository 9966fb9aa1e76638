"""Headless Chromium for the playground's browser tests and benchmark: the system's Chromium, local pages only.

Every request to anything but 127.0.0.1 / localhost goes to a dead proxy (and names do not
resolve), so a page that tried to fetch from a CDN would fail instead of quietly going online.
Never downloads a browser.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]  # fmt: skip


def missing() -> str | None:
    """Why a browser session cannot start here (None when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not (shutil.which("chromium") or shutil.which("chromium-browser")) or not shutil.which("chromedriver"):
        return "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
    return None


@contextmanager
def browser(width: int = 1280, height: int = 800) -> Iterator[Any]:
    """A selenium driver for a fresh headless Chromium with a throwaway profile; closed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="stepgrad-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    for flag in [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        driver.set_window_size(width, height)
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript", ".js": "text/javascript",
                      ".wasm": "application/wasm", ".whl": "application/zip", ".json": "application/json"}  # fmt: skip

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops reading (a page left mid-load) is no error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Any static file server will do for the built site; this one is Python's, on 127.0.0.1. Yields the URL."""
    server = _Server(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_for(driver: Any, script: str, timeout: float = 30.0, poll: float = 0.02) -> Any:
    """Run ``script`` (a JS expression) until it gives a truthy value; that value, or TimeoutError."""
    stop = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.monotonic() > stop:
            raise TimeoutError(f"waited {timeout:g} s for: {script}")
        time.sleep(poll)


STATUS = "document.querySelector('[data-testid=status]')"


def wait_ready(driver: Any, timeout: float = 60.0) -> str:
    """Wait until the page's status says "ready" (or shows a failure, raised as RuntimeError)."""
    text = wait_for(driver, f"{STATUS} && /ready|failed/.test({STATUS}.className) && {STATUS}.className", timeout)
    if "failed" in text:
        raise RuntimeError("the playground failed to start: " + driver.execute_script(f"return {STATUS}.textContent"))
    return str(text)
