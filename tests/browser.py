"""Headless Chromium for the page tests: offline (every non-local request blocked), or a clean skip.

``chromium()`` yields a selenium driver with its viewport set to exactly ``width`` × ``height`` CSS
pixels; ``sanitize()`` does to HTML what JupyterLab does to an untrusted output.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

BLOCKED = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]


@contextmanager
def chromium(width: int = 1280, height: int = 800) -> Iterator[Any]:
    """A headless Chromium driver that never reaches the network; skips the test when Chromium is missing."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
    if not binary or not driver_path:
        pytest.skip("Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="stepgrad-chromium-")
    for arg in [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ]:  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": BLOCKED})
        viewport(driver, width, height)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def viewport(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport exactly ``width`` × ``height`` CSS pixels (a window's frame would take some)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def severe_errors(driver: Any, ignore: str = r"$^") -> list[dict]:
    """The browser's console errors, except those matching ``ignore`` (e.g. blocked CDN scripts)."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE" and not re.search(ignore, e.get("message", ""))]


# JupyterLab's sanitizer (packages/apputils/src/sanitizer.ts): these tags are kept; script, style,
# textarea and option are dropped with their content; every other tag is dropped, its text kept.
ALLOWED = set(
    "a abbr acronym address area article aside audio b bdi bdo big blockquote br button canvas caption center cite code col "
    "colgroup colspan command data datalist dd del details dfn dir div dl dt em fieldset figcaption figure font footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr i img input ins kbd label legend li map mark menu meter nav nobr ol optgroup option "
    "output p pre progress q rowspan s samp section select small source span strike strong sub summary sup table tbody td "
    "textarea tfoot th thead time tr track tt u ul var video wbr".split()
)


def sanitize(html: str) -> str:
    """``html`` as an untrusted JupyterLab output shows it (an approximation good for what we write)."""
    html = re.sub(r"<(script|style|textarea|option)\b[^>]*>.*?</\1\s*>", "", html, flags=re.S | re.I)
    return re.sub(r"</?([a-zA-Z][\w:-]*)\b[^>]*>", lambda m: m.group(0) if m.group(1).lower() in ALLOWED else "", html)
