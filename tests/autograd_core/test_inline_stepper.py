"""``e.stepper()`` inline: its own ids, a still picture until its script runs, and it steps in an executed
notebook exported with nbconvert and opened offline in Chromium (two steppers in one notebook)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograd_core import draw
from autograd_core.drawing import find_binary
from autograd_core.drawing.inline import LIVE_HINT, Stepper
from demos.toy import build
from tests.browser import chromium, sanitize, severe_errors

try:
    find_binary()
except Exception as err:
    pytest.skip(f"no layout program: {err}", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]


def toy_stepper() -> Stepper:
    *_, e = build()
    return e.stepper(derivatives=True)


def test_each_output_has_its_own_id_and_no_svg_outside_its_scripts() -> None:
    stepper = toy_stepper()
    first, second = stepper._repr_html_(), stepper._repr_html_()
    ids = [re.search(r'<div class="sgs" id="(sgs-[0-9a-f]+)"', h).group(1) for h in (first, second)]
    assert ids[0] != ids[1] and "document.getElementById(uid)" in first and f'const uid = "{ids[0]}"' in first
    outside = re.sub(r"<script\b.*?</script>", "", first, flags=re.S)
    assert "<svg" not in outside  # only the JSON holds SVG: a sanitizer that drops scripts leaves no SVG text behind
    assert 'src="data:image/svg+xml;base64,' in outside and "trust this notebook" in outside
    assert repr(stepper) == "<Stepper through 3 backward steps; shows itself in Jupyter, .html() gives the element>"
    assert isinstance(draw(build()[-1]).stepper(), Stepper)


def test_untrusted_it_is_a_still_picture_and_one_line(tmp_path: Path) -> None:
    page = tmp_path / "untrusted.html"
    page.write_text(f"<!DOCTYPE html><meta charset='utf-8'><body>{sanitize(toy_stepper().html())}</body>", encoding="utf-8")
    with chromium(1000, 800) as driver:
        driver.get(page.as_uri())
        shown = driver.execute_script("""const img = document.querySelector('img');
            return [img.complete && img.naturalWidth, img.getBoundingClientRect().width, document.body.innerText.trim()];""")
        assert shown[0] > 300 and 300 < shown[1] <= 1000  # the last frame, as a picture that fits
        assert shown[2] == LIVE_HINT  # one line of text: no wall of SVG text, no controls that do nothing


def notebook_html(tmp_path: Path) -> Path:
    """A two-cell notebook with a stepper in each, executed and exported to HTML as `jupyter nbconvert --to html` does."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    pytest.importorskip("ipykernel")
    code = "import sys; sys.path.insert(0, {root!r})\nfrom demos.toy import build\na, b, c, d, e = build()\ne.stepper(derivatives=True)"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code.format(root=str(ROOT))), nbformat.v4.new_code_cell("e.stepper()")]
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert [("text/html" in o.get("data", {})) for o in outputs] == [True, True], outputs
    body, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    path = tmp_path / "notebook.html"
    path.write_text(body, encoding="utf-8")
    return path


def test_in_an_exported_notebook_each_stepper_steps_with_its_buttons(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = notebook_html(tmp_path)
    with chromium(1280, 900) as driver:
        driver.get(page.as_uri())
        steppers = driver.find_elements(By.CSS_SELECTOR, ".sgs")
        assert len(steppers) == 2 and all(s.get_attribute("data-ready") == "1" for s in steppers)
        assert driver.find_elements(By.CSS_SELECTOR, ".sgs-static") == []  # the live stepper replaced the still picture
        counters = [s.find_element(By.CSS_SELECTOR, ".sgs-counter") for s in steppers]
        assert [c.text for c in counters] == ["step 0 of 3", "step 0 of 3"]
        first, second = steppers
        driver.execute_script("arguments[0].scrollIntoView()", first)
        first.find_element(By.CSS_SELECTOR, ".sgs-next").click()
        first.find_element(By.CSS_SELECTOR, ".sgs-next").click()
        assert [c.text for c in counters] == ["step 2 of 3", "step 0 of 3"]  # one stepper moves, not the other
        assert first.find_element(By.CSS_SELECTOR, ".sgs-title").text == "c = a + b: ∂e/∂c = 2.0"
        first.find_element(By.CSS_SELECTOR, ".sgs-prev").click()
        assert counters[0].text == "step 1 of 3"
        driver.execute_script("arguments[0].scrollIntoView()", second)
        second.find_element(By.CSS_SELECTOR, ".sgs-next").click()
        assert [c.text for c in counters] == ["step 1 of 3", "step 1 of 3"]
        visible = second.find_elements(By.CSS_SELECTOR, ".sgs-frame")
        assert [f.is_displayed() for f in visible] == [False, True, False, False]
        assert severe_errors(driver, ignore=r"net::ERR_|require|MathJax|Failed to load resource") == []
