"""Every notebook in notebooks/ runs top to bottom in a fresh kernel (nbclient), in a temporary folder,
within a time limit; the committed files carry no outputs; the README links each one.

The kernel is ``python3`` as ipykernel installs it into the venv (``python -m ipykernel install
--sys-prefix`` registers it if it is missing); jupyter_client starts it with this interpreter."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook tests need the dev extra: pip install -e '.[dev]'")
nbclient = pytest.importorskip("nbclient", reason="the notebook tests need the dev extra: pip install -e '.[dev]'")
pytest.importorskip("ipykernel", reason="the notebook tests need a kernel: pip install -e '.[dev]'")
pytest.importorskip("matplotlib", reason="the notebooks draw with matplotlib: pip install -e '.[dev]'")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
TIME_LIMIT = 240  # seconds for a whole notebook (each takes seconds; a hang fails instead of blocking CI)
KERNEL = "python3"


def kernel_or_skip() -> None:
    """Skip unless the python3 kernel exists and runs this interpreter (where stepgrad is installed)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.skip(f"no {KERNEL!r} Jupyter kernel: register this venv's with `{sys.executable} -m ipykernel install --sys-prefix`")
    runs = spec.argv[0]
    same = runs in ("python", f"python{sys.version_info[0]}", f"python{sys.version_info[0]}.{sys.version_info[1]}") or (
        Path(runs).resolve() == Path(sys.executable).resolve()
    )  # jupyter_client starts "python" as sys.executable
    assert same, f"the {KERNEL!r} kernel runs {runs}, not this venv's Python; `{sys.executable} -m ipykernel install --sys-prefix`"


def test_there_are_ten_notebooks_in_the_lectures_order() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert len(names) == 10 and [n[:3] for n in names] == [f"{k:02d}_" for k in range(1, 11)], names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_are_stripped(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code"
    for i, cell in enumerate(code):
        assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: code cell {i} has outputs; clear them before committing"
        assert "execution" not in cell.metadata, f"{path.name}: code cell {i} keeps execution timings"
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_readme_links_every_notebook(path: Path) -> None:
    assert f"(notebooks/{path.name})" in README, f"README.md does not link notebooks/{path.name}"


def outputs(nb: Any) -> list[Any]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path) -> None:
    kernel_or_skip()
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=TIME_LIMIT, startup_timeout=120, kernel_name=KERNEL,
                                     resources={"metadata": {"path": str(tmp_path)}})  # fmt: skip
    start = time.perf_counter()
    try:
        asyncio.run(asyncio.wait_for(client.async_execute(), TIME_LIMIT))
    except asyncio.TimeoutError:
        pytest.fail(f"{path.name} did not finish within {TIME_LIMIT} s")
    seconds = time.perf_counter() - start
    print(f"{path.name}: {seconds:.1f} s")
    shown = outputs(nb)
    assert not [o for o in shown if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in shown if o.output_type == "stream")
    assert not re.search(r"TqdmWarning|IProgress not found|Traceback", text), text[-2000:]
    for cell in nb.cells:  # every draw(...) showed a picture, SVG and PNG
        if cell.cell_type == "code" and re.search(r"^draw\(", cell.source, flags=re.M):
            data = [o.data for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
            assert any({"image/svg+xml", "image/png"} <= set(d) for d in data), cell.source
    assert list(tmp_path.iterdir()) == []  # in a notebook plot=True shows the figure and writes no file


def test_with_no_layout_program_run_all_keeps_going(tmp_path: Path) -> None:
    """The issue's failure, end to end: draw(e) in a kernel that finds no layout program shows text, the next cell runs."""
    kernel_or_skip()
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[
        new_code_cell("from autograd_core import Value, draw\ne = Value(2.0, label='a') * 3\ndraw(e)"),
        new_code_cell("print('still running')"),
    ])  # fmt: skip
    env = {**os.environ, "STEPGRAD_DOT": str(tmp_path / "no-such-dot")}
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name=KERNEL, resources={"metadata": {"path": str(tmp_path)}})
    asyncio.run(asyncio.wait_for(client.async_execute(env=env), TIME_LIMIT))
    shown = nb.cells[0].outputs[0].data
    assert sorted(shown) == ["text/plain"] and "DotNotFoundError" in shown["text/plain"] and "digraph" in shown["text/plain"]
    assert nb.cells[1].outputs[0].text == "still running\n"
