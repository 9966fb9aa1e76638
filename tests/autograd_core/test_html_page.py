"""The HTML stepper page: self-contained, one frame per step, and it really steps in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograd_core import Value, draw
from autograd_core.drawing import find_binary
from autograd_core.drawing.html_page import MAX_STEPS
from demos.toy import build
from tests.strategies_graphs import chain

try:
    find_binary()
except Exception as err:  # noqa: BLE001
    pytest.skip(f"no layout program: {err}", allow_module_level=True)


def frame_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="frames">(.*?)</script>', page, flags=re.S).group(1))


@pytest.fixture(scope="module")
def toy_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    *_, e = build()
    e.backward()
    return draw(e, derivatives=True).save(tmp_path_factory.mktemp("html") / "toy.html")


def test_the_page_is_self_contained(toy_page: Path) -> None:
    page = toy_page.read_text(encoding="utf-8")
    assert page.count('<div class="frame"') == 4  # the start, then one frame per step
    assert page.count("<svg") == 4 and "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert not re.search(r"<script[^>]+src=|<link|<img|@import|url\(|<iframe", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}  # XML namespaces, never fetched


def test_frames_carry_the_steps_and_the_gradients_filling_in(toy_page: Path) -> None:
    data = frame_data(toy_page.read_text(encoding="utf-8"))
    assert data["names"] == ["e", "c", "a", "b", "d"]  # the constant 1 has no row
    titles = [f["title"] for f in data["frames"]]
    assert titles == ["start: ∂e/∂e = 1", "e = c × d: ∂e/∂e = 1.0", "c = a + b: ∂e/∂c = 2.0", "d = b + 1.0: ∂e/∂d = 3.0"]
    grads = [f["grads"] for f in data["frames"]]
    assert grads == [["1.0", "0.0", "0.0", "0.0", "0.0"], ["1.0", "2.0", "0.0", "0.0", "3.0"],
                     ["1.0", "2.0", "2.0", "2.0", "3.0"], ["1.0", "2.0", "2.0", "5.0", "3.0"]]  # fmt: skip
    assert [f["final"][3] for f in data["frames"]] == [False, False, False, True]  # b: final once d has sent its share
    assert data["frames"][3]["lines"] == ["b.grad += 1 × 3.0 = 3.0, now 5.0", "done: every gradient is final, as backward() gives"]


def test_frames_share_one_layout(toy_page: Path) -> None:
    page = toy_page.read_text(encoding="utf-8")
    sizes = set(re.findall(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', page))
    assert len(sizes) == 1
    node = re.compile(r'<g id="node\d+" class="node[^"]*">\s*<title>(\w+)</title>\s*<path[^>]* d="M([\d.,-]+)')
    places = [node.findall(frame) for frame in page.split('<div class="frame"')[1:]]
    assert all(p == places[0] for p in places) and len(places[0]) == 6  # every node stays where it was


def test_labels_are_escaped_inside_the_page(tmp_path: Path) -> None:
    x = Value(1.0, label="</script><script>alert(1)</script>")
    y = x * 2.0
    page = draw(y).save(tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert frame_data(page)["names"][1] == "</script><script>alert(1)</script>"


def test_too_many_steps_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=f"more than {MAX_STEPS}"):
        draw(chain(MAX_STEPS + 1), max_nodes=None).save(tmp_path / "big.html")


# ---- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
    if not chromium or not driver_path:
        pytest.skip("Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="stepgrad-chromium-")
    for arg in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", "--window-size=1400,900"]:  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def state(driver: object) -> tuple[str, str, dict[str, str], list[int]]:
    """(counter, title, grads by node name, indices of the visible frames) as the page shows them."""
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#grads tbody tr")
    grads = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_elements(By.TAG_NAME, "td")[2].text for r in rows}
    frames = driver.find_elements(By.CSS_SELECTOR, ".frame")
    return (driver.find_element(By.ID, "counter").text, driver.find_element(By.ID, "title").text, grads,
            [i for i, f in enumerate(frames) if f.is_displayed()])  # fmt: skip


def test_the_page_steps_in_chromium(browser: object, toy_page: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(toy_page.as_uri())
    counter, title, grads, visible = state(driver)
    assert (counter, title, visible) == ("step 0 of 3", "start: ∂e/∂e = 1", [0])
    assert grads == {"e": "1.0", "c": "0.0", "a": "0.0", "b": "0.0", "d": "0.0"}
    driver.find_element(By.ID, "next").click()
    counter, title, grads, visible = state(driver)
    assert (counter, title, visible) == ("step 1 of 3", "e = c × d: ∂e/∂e = 1.0", [1])
    assert grads == {"e": "1.0", "c": "2.0", "a": "0.0", "b": "0.0", "d": "3.0"}
    assert "c.grad += d × 1.0 = 2.0 × 1.0 = 2.0" in driver.find_element(By.ID, "explain").text
    driver.save_screenshot(str(tmp_path / "step1.png"))
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_RIGHT)
    assert state(driver)[0] == "step 2 of 3"
    driver.find_element(By.ID, "prev").click()
    assert state(driver)[0] == "step 1 of 3"
    body.send_keys(Keys.END)
    counter, title, grads, visible = state(driver)
    assert (counter, visible) == ("step 3 of 3", [3]) and (grads["a"], grads["b"]) == ("2.0", "5.0")  # as backward() gives
    assert driver.find_element(By.ID, "next").get_attribute("disabled") == "true"
    driver.find_element(By.ID, "reset").click()
    assert state(driver)[0] == "step 0 of 3"
    driver.find_element(By.ID, "play").click()
    deadline = time.monotonic() + 10
    while state(driver)[0] == "step 0 of 3" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert state(driver)[0] != "step 0 of 3"  # Play moves on by itself
    driver.find_element(By.ID, "play").click()  # pause
    assert driver.find_element(By.ID, "play").text == "▶ Play"
    assert driver.get_log("browser") == [] if hasattr(driver, "get_log") else True
