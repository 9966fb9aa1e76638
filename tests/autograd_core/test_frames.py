"""Frames of the backward pass: captioned, one size for all, as numbered PNG/SVG files and an animated GIF."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd_core import draw
from autograd_core.drawing import find_binary
from autograd_core.drawing.frames import MAX_STEPS, layout_options
from demos.toy import build
from tests.strategies_graphs import chain, lecture_network

try:
    find_binary()
except Exception as err:
    pytest.skip(f"no layout program: {err}", allow_module_level=True)

Image = pytest.importorskip("PIL.Image", reason="GIFs and PNG frames need Pillow: pip install pillow")


def toy():
    *_, e = build()
    return draw(e, derivatives=True)


def test_frames_are_numbered_from_the_start_and_captioned_with_the_steppers_words() -> None:
    frames = toy().frames()
    assert [f.number for f, _ in frames] == [0, 1, 2, 3] and all(f.total == 3 for f, _ in frames)
    assert frames[0][0].step is None and frames[0][0].caption.splitlines() == [
        "step 0 of 3: start: ∂e/∂e = 1", "the root is seeded with 1; every other gradient starts at 0",
    ]  # fmt: skip
    assert frames[3][0].caption.splitlines() == [
        "step 3 of 3: d = b + 1.0: ∂e/∂d = 3.0", "b.grad += 1 × 3.0 = 3.0, now 5.0", "done: every gradient is final, as backward() gives",
    ]  # fmt: skip
    for k, (frame, _) in enumerate(frames[1:], 1):
        assert draw(build()[-1], step=k).caption == frame.caption  # draw(e, step=k) is frame k


def test_png_frames_share_one_size_and_show_their_caption(tmp_path: Path) -> None:
    files = toy().save_frames(tmp_path)
    assert [f.name for f in files] == ["step_00.png", "step_01.png", "step_02.png", "step_03.png"]
    images = [Image.open(f) for f in files]
    assert len({im.size for im in images}) == 1
    width, height = images[0].size
    assert 800 < width < 1600 and height > 600  # 144 dpi
    pixels = [im.convert("L").crop((0, height - 60, width, height)).tobytes() for im in images]
    assert all(min(p) < 80 for p in pixels)  # dark caption text at the bottom of every frame
    assert pixels[0] != pixels[1]  # ... and each frame's own caption
    (tmp_path / "small").mkdir()
    small = Image.open(toy().save_frames(tmp_path / "small", dpi=72)[0])
    assert small.size[0] == pytest.approx(width / 2, abs=40)


def test_svg_frames_are_one_size_with_the_caption_as_text(tmp_path: Path) -> None:
    files = toy().save_frames(tmp_path, "svg", stem="toy")
    assert [f.name for f in files] == ["toy_00.svg", "toy_01.svg", "toy_02.svg", "toy_03.svg"]
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len({re.match(r'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', t).groups() for t in texts}) == 1
    for t in texts:
        ET.fromstring(t)  # well-formed
    assert "step 2 of 3: c = a + b: ∂e/∂c = 2.0" in texts[2] and "a.grad += 1 × 2.0 = 2.0" in texts[2]


def test_the_gif_plays_every_frame_the_same_size(tmp_path: Path) -> None:
    path = toy().save(tmp_path / "toy.gif", seconds=1.5)
    gif = Image.open(path)
    assert gif.format == "GIF" and gif.n_frames == 4 and gif.info.get("loop") == 0
    sizes, durations = set(), []
    for k in range(gif.n_frames):
        gif.seek(k)
        sizes.add(gif.size)
        durations.append(gif.info["duration"])
    assert len(sizes) == 1 and durations == [1500, 1500, 1500, 3000]  # the last frame stays twice as long


def test_png_dpi(tmp_path: Path) -> None:
    d = toy()
    small, big = (Image.open(d.save(tmp_path / f"{dpi}.png", dpi)) for dpi in (72, 216))
    assert big.size[0] == pytest.approx(3 * small.size[0], rel=0.02)


def test_bad_frame_options_are_clear_errors(tmp_path: Path) -> None:
    d = toy()
    for call, error, match in [
        (lambda: d.save(tmp_path / "x.svg", dpi=100), ValueError, "dpi is for .png and .gif"),
        (lambda: d.save(tmp_path / "x.png", seconds=1), ValueError, "seconds .per frame. is for .gif"),
        (lambda: d.save(tmp_path / "x.gif", seconds=0), ValueError, "seconds must be a number of seconds per frame"),
        (lambda: d.save(tmp_path / "x.png", dpi=0), ValueError, "dpi must be an int from 1 to 2400"),
        (lambda: d.save_frames(tmp_path, "jpg"), ValueError, "format must be 'png' or 'svg'"),
        (lambda: d.save_frames(tmp_path, "svg", dpi=96), ValueError, "dpi is for PNG frames"),
        (lambda: d.save_frames(tmp_path, stem="a/b"), ValueError, "stem must be a non-empty file name"),
        (lambda: d.save_frames(tmp_path / "nowhere"), FileNotFoundError, "does not exist; create it first"),
        (lambda: draw(chain(MAX_STEPS + 1), max_nodes=None).save(tmp_path / "big.gif"), ValueError, f"more than {MAX_STEPS}"),
    ]:  # fmt: skip
        with pytest.raises(error, match=match):
            call()


def test_without_pillow_the_error_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"need Pillow: pip install pillow"):
        toy().save(tmp_path / "x.gif")
    assert len(toy().save_frames(tmp_path, "svg")) == 4  # SVG frames need no Pillow


def test_frames_take_the_orientation_that_fits_a_screen_unless_told() -> None:
    root = lecture_network()
    assert layout_options(draw(root)).rankdir == "TB"  # a network: top to bottom
    assert layout_options(draw(root, rankdir="LR")).rankdir == "LR"  # asked for: kept
    assert draw(root).options.rankdir == "LR"  # a still picture keeps left to right
