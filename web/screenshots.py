"""The README's pictures of the playground, taken from the built static site in headless Chromium at 1280×800.

    python web/screenshots.py        # writes docs/images/playground-graph.png and playground-train.png
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.chromium import browser, serve_folder, wait_for, wait_ready  # noqa: E402

IMAGES = ROOT / "docs" / "images"
EPOCH = "document.querySelector('[data-testid=epoch]').textContent"


def graph_lab(d: object, url: str) -> None:
    """The toy graph at its last step, edge derivatives on, b's gradient as a sum over its two paths."""
    d.get(url + "#lab=graph&preset=toy&deriv=1&k=2")  # type: ignore[attr-defined]
    wait_ready(d, 120)
    wait_for(d, "document.querySelector('[data-testid=graph] svg')")
    d.execute_script("document.querySelector('[data-testid=next]').click()")  # type: ignore[attr-defined]
    wait_for(d, "document.querySelector('[data-testid=step-count]').textContent === 'step 3 of 3'")
    d.execute_script("document.querySelector('#grads tr[data-node=b] td').click()")  # type: ignore[attr-defined]
    wait_for(d, "!document.getElementById('paths').hidden")
    time.sleep(1.0)
    d.save_screenshot(str(IMAGES / "playground-graph.png"))  # type: ignore[attr-defined]


def train_lab(d: object, url: str) -> None:
    """Two moons with MLP(2, [8, 8, 1]) (the defaults) learning live: about 60 epochs in."""
    d.get("about:blank")  # type: ignore[attr-defined]  # (a new hash alone would not load the page again)
    d.get(url + "#lab=train&dataset=moons")  # type: ignore[attr-defined]
    wait_ready(d, 120)
    d.execute_script("document.querySelector('[data-testid=train]').click()")  # type: ignore[attr-defined]
    wait_for(d, f"+{EPOCH} >= 60", 120)
    d.execute_script("document.querySelector('[data-testid=train]').click()")  # type: ignore[attr-defined]
    time.sleep(1.0)
    d.save_screenshot(str(IMAGES / "playground-train.png"))  # type: ignore[attr-defined]


def main() -> int:
    site = ROOT / "web" / "dist"
    if not (site / "host.json").is_file():
        sys.exit("build the static site first: npm --prefix web ci && python web/build.py")
    with serve_folder(site) as url, browser(1280, 800) as d:
        graph_lab(d, url)
        train_lab(d, url)
    print(f"wrote {IMAGES / 'playground-graph.png'} and {IMAGES / 'playground-train.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
