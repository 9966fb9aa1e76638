"""The HTML stepper page: self-contained, one frame per step, and it steps, fits and scales in Chromium."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from autograd_core import Value, draw
from autograd_core.drawing import find_binary
from autograd_core.drawing.html_page import MAX_STEPS
from demos.toy import build
from tests.browser import chromium, severe_errors
from tests.strategies_graphs import chain

try:
    find_binary()
except Exception as err:
    pytest.skip(f"no layout program: {err}", allow_module_level=True)


def frame_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" class="sgs-data">(.*?)</script>', page, flags=re.S).group(1))


@pytest.fixture(scope="module")
def toy_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    *_, e = build()
    e.backward()
    return draw(e, derivatives=True).save(tmp_path_factory.mktemp("html") / "toy.html")


def test_the_page_is_self_contained(toy_page: Path) -> None:
    page = toy_page.read_text(encoding="utf-8")
    data = frame_data(page)
    assert len(data["frames"]) == 4  # the start, then one frame per step
    assert all(f["svg"].startswith("<svg") and "<?xml" not in f["svg"] for f in data["frames"])
    assert not re.search(r"<script[^>]+src=|<link|<img|@import|url\(|<iframe", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}  # XML namespaces, never fetched


def test_frames_carry_the_steps_the_gradients_and_the_paths(toy_page: Path) -> None:
    data = frame_data(toy_page.read_text(encoding="utf-8"))
    assert data["names"] == ["e", "c", "a", "b", "d"]  # the constant 1 has no row
    titles = [f["title"] for f in data["frames"]]
    assert titles == ["start: ∂e/∂e = 1", "e = c × d: ∂e/∂e = 1.0", "c = a + b: ∂e/∂c = 2.0", "d = b + 1.0: ∂e/∂d = 3.0"]
    grads = [f["grads"] for f in data["frames"]]
    assert grads == [["1.0", "0.0", "0.0", "0.0", "0.0"], ["1.0", "2.0", "0.0", "0.0", "3.0"],
                     ["1.0", "2.0", "2.0", "2.0", "3.0"], ["1.0", "2.0", "2.0", "5.0", "3.0"]]  # fmt: skip
    assert [f["final"][3] for f in data["frames"]] == [False, False, False, True]  # b: final once d has sent its share
    assert data["frames"][3]["lines"] == ["b.grad += 1 × 3.0 = 3.0, now 5.0", "done: every gradient is final, as backward() gives"]
    assert data["paths"][3][-1] == "  ∂e/∂b = 2.0 + 3.0 = 5.0" and len(data["paths"][3]) == 4


def test_frames_share_one_layout(toy_page: Path) -> None:
    svgs = [f["svg"] for f in frame_data(toy_page.read_text(encoding="utf-8"))["frames"]]
    assert len({re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', s).groups() for s in svgs}) == 1
    node = re.compile(r'<g id="node\d+" class="node[^"]*">\s*<title>(\w+)</title>\s*<path[^>]* d="M([\d.,-]+)')
    places = [node.findall(svg) for svg in svgs]
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


def state(driver: object) -> tuple[str, str, dict[str, str], list[int]]:
    """(counter, title, grads by node name, indices of the visible frames) as the page shows them."""
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, ".sgs tbody tr")
    grads = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_elements(By.TAG_NAME, "td")[2].text for r in rows}
    frames = driver.find_elements(By.CSS_SELECTOR, ".sgs-frame")
    return (driver.find_element(By.CSS_SELECTOR, ".sgs-counter").text, driver.find_element(By.CSS_SELECTOR, ".sgs-title").text, grads,
            [i for i, f in enumerate(frames) if f.is_displayed()])  # fmt: skip


def test_the_page_steps_in_chromium(toy_page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with chromium() as driver:
        driver.get(toy_page.as_uri())
        counter, title, grads, visible = state(driver)
        assert (counter, title, visible) == ("step 0 of 3", "start: ∂e/∂e = 1", [0])
        assert grads == {"e": "1.0", "c": "0.0", "a": "0.0", "b": "0.0", "d": "0.0"}
        driver.find_element(By.CSS_SELECTOR, ".sgs-next").click()
        counter, title, grads, visible = state(driver)
        assert (counter, title, visible) == ("step 1 of 3", "e = c × d: ∂e/∂e = 1.0", [1])
        assert grads == {"e": "1.0", "c": "2.0", "a": "0.0", "b": "0.0", "d": "3.0"}
        assert "c.grad += d × 1.0 = 2.0 × 1.0 = 2.0" in driver.find_element(By.CSS_SELECTOR, ".sgs-explain").text
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.ARROW_RIGHT)
        assert state(driver)[0] == "step 2 of 3"
        driver.find_element(By.CSS_SELECTOR, ".sgs-prev").click()
        assert state(driver)[0] == "step 1 of 3"
        body.send_keys(Keys.END)
        counter, title, grads, visible = state(driver)
        assert (counter, visible) == ("step 3 of 3", [3]) and (grads["a"], grads["b"]) == ("2.0", "5.0")  # as backward() gives
        assert driver.find_element(By.CSS_SELECTOR, ".sgs-next").get_attribute("disabled") == "true"
        driver.find_element(By.CSS_SELECTOR, ".sgs-reset").click()
        assert state(driver)[0] == "step 0 of 3"
        driver.find_element(By.CSS_SELECTOR, ".sgs-play").click()
        deadline = time.monotonic() + 10
        while state(driver)[0] == "step 0 of 3" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert state(driver)[0] != "step 0 of 3"  # Play moves on by itself
        driver.find_element(By.CSS_SELECTOR, ".sgs-play").click()  # pause
        assert driver.find_element(By.CSS_SELECTOR, ".sgs-play").text == "▶ Play"
        assert severe_errors(driver) == []


def test_clicking_a_node_shows_its_gradient_as_a_sum_over_paths(toy_page: Path) -> None:
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        driver.get(toy_page.as_uri())
        panel = driver.find_element(By.CSS_SELECTOR, ".sgs-paths")
        assert "Click a node" in panel.text
        b = next(g for g in driver.find_elements(By.CSS_SELECTOR, ".sgs-frame:not([hidden]) g.node") if g.text.startswith("b"))
        b.click()
        assert [line.strip() for line in panel.text.splitlines()] == [
            "∂e/∂b = the sum over the 2 paths from b to e:", "b → c → e: ∂e/∂c·∂c/∂b = d·1 = 2.0·1 = 2.0",
            "b → d → e: ∂e/∂d·∂d/∂b = c·1 = 3.0·1 = 3.0", "∂e/∂b = 2.0 + 3.0 = 5.0",
        ]  # fmt: skip
        driver.find_elements(By.CSS_SELECTOR, ".sgs tbody tr")[2].click()  # the row of a
        assert panel.text.startswith("∂e/∂a: one path leads from a to e:")


def visible_box(driver: object) -> dict:
    """The shown frame's picture, and every node of it, in viewport pixels; and the page's size."""
    return driver.execute_script("""
        const svg = document.querySelector('.sgs-frame:not([hidden]) svg'), r = svg.getBoundingClientRect();
        const nodes = [...svg.querySelectorAll('g.node')].map(g => g.getBoundingClientRect());
        return {svg: [r.left, r.top, r.right, r.bottom], nodes: nodes.map(n => [n.left, n.top, n.right, n.bottom]),
                page: [innerWidth, innerHeight, document.documentElement.scrollWidth, document.documentElement.scrollHeight],
                scale: Number(document.querySelector('.sgs').dataset.scale)};""")


def test_at_1280_by_800_the_whole_toy_graph_shows_on_every_frame(toy_page: Path, tmp_path: Path) -> None:
    from PIL import Image
    from selenium.webdriver.common.by import By

    with chromium(1280, 800) as driver:
        driver.get(toy_page.as_uri())
        for k in range(4):
            box = visible_box(driver)
            assert box["page"][:2] == [1280, 800] and box["page"][2] <= 1280  # no sideways scrolling
            left, top, right, bottom = box["svg"]
            assert 0 <= left and right <= 1280 and 0 <= top and bottom <= 800, box
            assert len(box["nodes"]) == 9 and all(0 <= n[0] and n[2] <= 1280 and 0 <= n[1] and n[3] <= 800 for n in box["nodes"])
            assert box["scale"] >= 1.0  # the picture is not shrunk: its text is at least 11 px
            shot = tmp_path / f"frame{k}.png"
            driver.save_screenshot(str(shot))
            pixels = Image.open(shot).convert("RGB").crop(tuple(map(int, box["svg"])))
            colours = {c for _, c in pixels.getcolors(1 << 20)}
            assert {(0xFE, 0xD7, 0xAA), (0xDB, 0xEA, 0xFE)} <= colours  # the root's orange and the inputs' blue are on screen
            driver.find_element(By.CSS_SELECTOR, ".sgs-next").click()


def test_a_big_screen_scales_the_picture_up_and_zoom_works(toy_page: Path) -> None:
    from selenium.webdriver.common.by import By

    with chromium(1920, 1080) as driver:
        driver.get(toy_page.as_uri())
        big = visible_box(driver)["scale"]
        assert big > 1.4  # a projector gets a bigger picture, not the same small one
        driver.find_element(By.CSS_SELECTOR, ".sgs-zoom-in").click()
        assert visible_box(driver)["scale"] == pytest.approx(big * 1.25, rel=0.01)
        driver.find_element(By.CSS_SELECTOR, ".sgs-fit").click()
        assert visible_box(driver)["scale"] == pytest.approx(big, rel=0.01)
