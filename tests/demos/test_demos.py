"""Every demo runs with --quick, in-process through ``python -m demos``'s ``main``, into a temporary folder,
and writes the pictures it promises: PNGs with the PNG signature and a real size, SVGs that parse as XML,
non-empty HTML pages, animated GIFs."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the demos need the demos extra: pip install 'stepgrad[demos]'")
pytest.importorskip("sklearn", reason="the demos need the demos extra: pip install 'stepgrad[demos]'")

from demos.__main__ import DEMOS, main

PICTURES = {
    "toy": ["toy.svg", "toy.png", "toy.html", "toy.gif"],
    "neuron": ["neuron_graph.svg", "neuron_graph.png", "neuron_slope.png"],
    "lecture": ["lecture_graph.svg", "lecture_graph.png", "lecture_graph.html", "lecture_loss.png"],
    "activations": ["activations.png"],
    "xor": ["xor.png"],
    "moons": ["moons.png"],
    "sine": ["sine.png"],
    "overfit": ["overfit.png"],
    "spiral": ["spiral.png", "spiral_graph.svg", "spiral_graph.png"],
    "modes": ["modes.png"],
    "digits": ["digits.png", "digits_mistakes.png"],
    "pytorch": [],  # it prints its evidence (check_pytorch_printout) rather than drawing it
    "compiled": [],  # it prints the generated code beside the notes' δ recursion
    "tour": ["toy.svg", "toy.png", "toy.html", "toy.gif", "moons.png"],
    "playground": [],  # a server: --quick starts it, loads the page, asks for the toy graph's steps, stops
}


SLIDES = {"lecture_graph.png", "neuron_graph.png", "spiral_graph.png"}


def check_picture(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
        assert width >= 200 and height >= 100, f"{path.name} is only {width}×{height} pixels"
        assert len(data) > 5_000, f"{path.name} is only {len(data)} bytes"
    elif path.suffix == ".svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg"), f"{path.name}: root element is {root.tag}"
        assert len(list(root.iter())) > 10, f"{path.name} has almost nothing in it"
    elif path.suffix == ".gif":
        assert data[:6] == b"GIF89a", f"{path.name} is not a GIF"
        assert data.count(b"\x21\xf9\x04") >= 4, f"{path.name} has fewer than 4 frames"  # one graphic control block a frame
    elif path.suffix == ".html":
        text = data.decode("utf-8")
        assert len(text) > 1_000 and "\\u003csvg" in text, f"{path.name} is empty or has no picture"  # SVGs in the frames' JSON
    else:
        raise AssertionError(f"unexpected file {path.name}")


def check_pytorch_printout(printed: str) -> None:
    """The agreement lines are all there and within 1e-12, and the timing ends in a speed ratio."""
    diffs = dict(re.findall(r"^  (outputs|loss|gradients) \(.+?\)\s+(\S+)$", printed, flags=re.M))
    assert sorted(diffs) == ["gradients", "loss", "outputs"], printed
    assert all(float(d) <= 1e-12 for d in diffs.values()), diffs
    assert "gradients (337 parameters)" in printed  # every parameter of MLP(2, [16, 16, 1]) was compared
    ratio = re.search(r"^PyTorch takes the same step (\d+)× faster", printed, flags=re.M)
    assert ratio and int(ratio[1]) >= 1, printed


def test_every_demo_is_listed_in_the_issues_order_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert DEMOS == list(PICTURES)
    assert main([]) == 0
    listing = capsys.readouterr().out
    for name in DEMOS:
        line = next(row for row in listing.splitlines() if row.strip().startswith(name + " "))
        assert len(line.split(maxsplit=1)[1]) > 20, f"{name} has no one-line summary"


def test_an_unknown_demo_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nonesuch"]) == 2
    assert "unknown demo 'nonesuch'" in capsys.readouterr().err


@pytest.mark.parametrize("name", DEMOS)
def test_demo_runs_quick_and_writes_valid_pictures(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main([name, "--out", str(out), "--quick", "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    assert printed.strip(), f"{name} printed nothing"
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(PICTURES[name])
    for filename in written:
        check_picture(out / filename)
        if filename in SLIDES:  # a graph for a 16:9 slide: at most 2,400 × 1,350 pixels, at a readable resolution
            width, height = struct.unpack(">II", (out / filename).read_bytes()[16:24])
            dpi = int(re.search(rf"{filename} \(.*?, (\d+) dpi: fits a 16:9 slide\)", printed).group(1))
            assert width <= 2400 and height <= 1350 and 100 <= dpi <= 144, (filename, width, height, dpi)
    if name == "pytorch":
        if importlib.util.find_spec("torch") is None:  # without torch it says how to install it (see the test below)
            assert "pip install 'stepgrad[torch]'" in printed
        else:
            check_pytorch_printout(printed)
    if name == "tour":  # it ends with the paths of the pictures it made
        tail = printed.split("The pictures it made:")[1]
        assert all(str(out / filename) in tail for filename in written)


def test_the_pytorch_demo_without_torch_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed: `import torch` raises ImportError
    out = tmp_path / "out"
    assert main(["pytorch", "--out", str(out), "--quick"]) == 0
    printed = capsys.readouterr().out
    assert "this demo needs PyTorch" in printed and "pip install 'stepgrad[torch]'" in printed
    assert "outputs (" not in printed and list(out.iterdir()) == []
