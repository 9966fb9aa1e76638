"""The playground in headless Chromium on both hosts: stepping, a preset, live training, a link's state, errors.

Every non-local request is blocked (benchmarks/chromium.py), so the static site proves it runs offline.
"""

from __future__ import annotations

import re
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from benchmarks.chromium import wait_for, wait_ready


def tid(name: str) -> str:
    return f"document.querySelector('[data-testid={name}]')"


def open_page(driver: Any, base: str, fragment: str) -> None:
    """A fresh page load (a new hash alone would not reload) with ``fragment`` as its state; waits for "ready"."""
    driver.get("about:blank")
    driver.get(base + fragment)
    wait_ready(driver, timeout=90)


def text(driver: Any, name: str) -> str:
    return str(driver.execute_script(f"return {tid(name)}.textContent"))


def click(driver: Any, name: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"[data-testid={name}]").click()


def wait_svg_with(driver: Any, needle: str) -> None:
    wait_for(driver, f"{tid('graph')}.querySelector('svg') && {tid('graph')}.querySelector('svg').textContent.includes({needle!r})")


def test_the_toy_graph_steps_to_3_of_3_with_b_gradient_5(driver: Any, base: str) -> None:
    open_page(driver, base, "#lab=graph&preset=toy")
    assert text(driver, "status") == "ready"
    wait_svg_with(driver, "grad 1.0")
    assert text(driver, "step-count") == "step 0 of 3"
    for k in (1, 2, 3):
        click(driver, "next")
        wait_for(driver, f"{tid('step-count')}.textContent === 'step {k} of 3'")
    assert "b.grad += 1 × 3.0 = 3.0, now 5.0" in text(driver, "step-text")
    wait_svg_with(driver, "grad 5.0")
    grad_of_b = driver.execute_script("return document.querySelector('#grads tr[data-node=b]').cells[2].textContent")
    assert grad_of_b == "5.0"
    assert driver.execute_script(f"return {tid('next')}.disabled")
    click(driver, "prev")
    wait_for(driver, f"{tid('step-count')}.textContent === 'step 2 of 3'")


def test_a_preset_renders_an_svg(driver: Any, base: str) -> None:
    open_page(driver, base, "#lab=graph&preset=toy")
    Select(driver.find_element(By.ID, "preset")).select_by_value("lecture")
    wait_for(driver, f"{tid('step-count')}.textContent === 'step 0 of 11'")
    wait_svg_with(driver, "W11")
    nodes = driver.execute_script(f"return {tid('graph')}.querySelectorAll('svg g.node').length")
    assert nodes > 30
    assert "nn.MLP" in driver.execute_script(f"return {tid('code')}.value")


def test_30_training_steps_on_moons_learn(driver: Any, base: str) -> None:
    open_page(driver, base, "#lab=train&dataset=moons")
    assert driver.execute_script(f"return {tid('dataset')}.value") == "moons"
    assert text(driver, "epoch") == "0"
    loss0 = float(text(driver, "loss"))
    for k in range(1, 31):
        click(driver, "train-step")
        wait_for(driver, f"{tid('epoch')}.textContent === '{k}'")
    loss30 = float(text(driver, "loss"))
    accuracy = int(text(driver, "accuracy").rstrip("%"))
    assert loss30 < loss0 / 3 and accuracy >= 85, (loss0, loss30, accuracy)
    click(driver, "reset")
    wait_for(driver, f"{tid('epoch')}.textContent === '0'")
    click(driver, "train")  # play, then pause
    wait_for(driver, f"+{tid('epoch')}.textContent >= 3")
    click(driver, "train")
    assert driver.execute_script(f"return {tid('train')}.textContent").endswith("Train")


def test_a_link_restores_its_state(driver: Any, base: str) -> None:
    open_page(driver, base, "#lab=train&preset=neuron&k=2&dataset=circles&hidden=4,2&act=tanh&lr=0.03&loss=bce_logits&hide=code,seed")
    values = driver.execute_script("return ['dataset', 'hidden', 'activation', 'lr', 'loss'].map((i) => document.getElementById(i).value)")
    assert values == ["circles", "4, 2", "tanh", "0.03", "bce_logits"]
    assert driver.execute_script("return document.getElementById('train-lab').hidden") is False
    hidden = driver.execute_script("return [...document.querySelectorAll('[data-control=code], [data-control=seed]')].map((e) => e.hidden)")
    assert hidden == [True, True]
    driver.find_element(By.ID, "tab-graph").click()
    wait_for(driver, f"{tid('step-count')}.textContent === 'step 2 of 8'")
    assert driver.execute_script("return document.getElementById('preset').value") == "neuron" and "∂loss/∂" in text(driver, "step-text")
    assert re.search(r"[#&]k=2(&|$)", driver.current_url) and "dataset=circles" in driver.current_url


def test_a_bad_line_shows_its_error(driver: Any, base: str) -> None:
    open_page(driver, base, "#lab=graph&preset=toy")
    editor = driver.find_element(By.CSS_SELECTOR, "[data-testid=code]")
    editor.clear()
    editor.send_keys("a = Value(2.0, label='a')\nb = (a - 2).log()\nb\n")
    click(driver, "run")
    wait_for(driver, "!document.getElementById('code-error').hidden")
    error = driver.execute_script("return document.getElementById('code-error').textContent")
    assert "ValueError on line 2" in error and "log needs a positive input" in error and "(a - 2).log()" in error
    assert driver.execute_script("return document.querySelector('#gutter .bad').textContent") == "2"
    assert text(driver, "status") == "ready"


def test_nothing_but_the_local_host_can_be_reached(driver: Any, base: str) -> None:
    open_page(driver, base, "#lab=graph&preset=toy")
    resources = driver.execute_script("return performance.getEntriesByType('resource').map((r) => r.name)")
    assert resources and all(r.startswith(base) for r in resources), resources  # everything the page loaded came from its host
    outcome = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('https://cdn.jsdelivr.net/pyodide/', {mode: 'no-cors'}).then(() => done('reached'), () => done('blocked'));"
    )
    assert outcome == "blocked"  # and had it tried to go further, it would have failed


def test_a_picture_is_parsed_inert(driver: Any, base: str) -> None:
    """parseSvg: Graphviz's SVG as the XML parser reads it; scripts, event attributes and javascript: links stripped."""
    open_page(driver, base, "#lab=graph&preset=toy")
    wait_svg_with(driver, "grad 1.0")
    checks = driver.execute_async_script("""const done = arguments[arguments.length - 1];
      import('./js/graph-view.js').then(({ parseSvg }) => {
        const text = document.querySelector('[data-testid=graph] svg').outerHTML;
        const xml = new DOMParser().parseFromString(text, 'image/svg+xml');
        const bad = parseSvg('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script><g onclick="x"><a href="javascript:x">' +
          '<text>a &lt;img src=x onerror=y&gt;</text></a></g><foreignObject><img src="x"/></foreignObject></svg>');
        done([parseSvg(text).isEqualNode(xml.documentElement), bad.outerHTML]);
      });""")
    assert checks[0]
    assert checks[1] == '<svg xmlns="http://www.w3.org/2000/svg"><g><a><text>a &lt;img src=x onerror=y&gt;</text></a></g></svg>'
