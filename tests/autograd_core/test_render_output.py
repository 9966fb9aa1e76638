"""Pictures through the real layout program: SVG is valid XML, PNG is a PNG of bounded size,
labels of any text survive escaping, ``save`` picks the format, Jupyter gets SVG and PNG."""

from __future__ import annotations

import struct
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings

from autograd_core import Value, draw
from autograd_core.drawing import find_binary
from autograd_core.names import clean
from demos.toy import build
from tests.strategies_graphs import chain, label_text, tagged_network

try:
    find_binary()
except Exception as err:
    pytest.skip(f"no layout program: {err}", allow_module_level=True)

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """The text of every <text> element, non-breaking spaces as spaces."""
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()).replace("\xa0", " ") for t in root.iter(f"{SVG}text")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def toy() -> Value:
    *_, e = build()
    e.backward()
    return e


def test_svg_is_valid_xml_with_every_number_in_it() -> None:
    shown = texts(draw(toy(), derivatives=True).svg())
    for text in ["e", "data 6.0", "grad 1.0", "b", "grad 5.0", "∂e/∂c = d = 2.0", "×", "output (the root)"]:
        assert text in shown


def test_png_of_the_toy_graph() -> None:
    width, height = png_size(draw(toy(), derivatives=True).png())
    assert 800 < width < 3000 and 200 < height < 1500
    small = png_size(draw(toy()).png(dpi=72))
    assert small[0] < width / 1.5


def test_a_big_png_is_scaled_down_to_the_cap() -> None:
    big = draw(chain(150))  # a long, thin picture
    width, height = png_size(big.png(max_side=1200))
    assert width <= 1200 and height <= 1200 and width > 1000


@settings(max_examples=40)
@given(label=label_text, group=label_text)
def test_labels_of_any_text_render_literally(label: str, group: str) -> None:
    x = Value(2.0, label=label or "x")
    y = (x * 3.0).tanh()
    y.label = label + "_out"
    shown = texts(draw(y, clusters={x: group} if group.strip() else None).svg())
    joined = "\n".join(shown)
    for text in (label or "x", label + "_out", group if group.strip() else ""):
        line = clean(text).strip()  # names and titles are drawn on one line, as the stepper and the tree print them
        if line:
            assert line.replace("\t", " ").replace("\xa0", " ") in joined, (line, shown)


def test_unicode_and_markup_in_labels_png_too(tmp_path: Path) -> None:
    x = Value(1.0, label='σ(θ) "q" {a|b} <i>x</i> a\\b\nline 2 ∂')
    y = x.sigmoid()
    y.label = "∂L/∂θ"
    d = draw(y, derivatives=True)
    png_size(d.save(tmp_path / "u.png").read_bytes())
    shown = texts(d.svg())
    assert 'σ(θ) "q" {a|b} <i>x</i> a\\b line 2 ∂' in shown and "∂L/∂θ" in shown


def test_save_picks_the_format_by_suffix(tmp_path: Path) -> None:
    d = draw(toy())
    assert d.save(tmp_path / "t.svg").read_text().startswith("<?xml")
    png_size(d.save(tmp_path / "t.png").read_bytes())
    assert d.save(tmp_path / "t.dot").read_text() == d.source == d.save(tmp_path / "t.gv").read_text()
    assert d.save(str(tmp_path / "t.HTML")).read_text().startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.dot, \.gv, \.html"):
        d.save(tmp_path / "t.pdf")


def test_jupyter_display_is_svg_and_png() -> None:  # the display hooks in detail: test_display.py
    d = draw(toy())
    assert "<svg" in d._repr_svg_() and d._repr_png_().startswith(b"\x89PNG")
    bundle, _ = d._repr_mimebundle_()
    assert sorted(bundle) == ["image/png", "image/svg+xml", "text/plain"] and "data 6.0" in bundle["image/svg+xml"]
    assert repr(d).startswith("<Drawing of 6 values (3 computed)")


def test_clusters_render(tmp_path: Path) -> None:
    root, _ = tagged_network((2, 3, 1))
    root.backward()
    shown = texts(draw(root, clusters=lambda v: v.tag).svg())
    assert {"hidden layer 1", "output layer", "unit 3"} <= set(shown)
    collapsed = texts(draw(root, clusters=lambda v: v.tag, collapse=True).svg())
    assert "unit 3" in collapsed and "(6 values)" in collapsed and "(5 values)" in collapsed


def test_the_toy_graph_draws_in_well_under_a_second() -> None:
    e = toy()
    start = time.perf_counter()
    draw(e, derivatives=True).svg()
    assert time.perf_counter() - start < 2.0  # typically 0.01 s; a generous bound against hangs


def test_saving_into_a_missing_folder_or_a_folder_names_the_problem(tmp_path: Path) -> None:
    d = draw(Value(1.0, label="a") * 2)
    with pytest.raises(FileNotFoundError, match=r"folder .*missing.* does not exist"):
        d.save(tmp_path / "missing" / "g.dot")
    (tmp_path / "taken.svg").mkdir()
    with pytest.raises(IsADirectoryError, match="it is a folder"):
        d.save(tmp_path / "taken.svg")
    with pytest.raises(ValueError, match="suffix must be one of"):
        d.save(tmp_path / "g.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.svg"]


def test_saving_where_writing_is_not_allowed_names_the_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)  # root may write anywhere, so simulate a read-only folder
    with pytest.raises(PermissionError, match="no permission to write there"):
        draw(Value(1.0)).save(tmp_path / "g.dot")
