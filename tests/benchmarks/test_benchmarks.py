"""Smoke tests of the benchmark suite: the floor is right, and a quick run writes its results.

No timing is asserted anywhere: figures depend on the machine; only their presence and shape do not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import floor, moons, steps
from benchmarks.__main__ import BENCHMARKS, main
from benchmarks.report import END, START, update_readme


@pytest.fixture(scope="module")
def problem() -> tuple[list[list[float]], list[float], list[floor.Matrix], list[list[float]]]:
    xs, ys = steps.moons(30, seed=1)
    ws, bs = steps.init_weights(seed=1)
    bs = [[0.1 * (j - len(b) / 2) for j in range(len(b))] for b in bs]  # non-zero biases exercise their gradients too
    return xs, ys, ws, bs


def floor_answer(problem: tuple) -> tuple[float, list[float]]:
    xs, ys, ws, bs = problem
    loss, gws, gbs = floor.step(ws, bs, xs, ys, steps.ALPHA)
    return loss, floor.flat(gws, gbs)


def test_floor_gradients_agree_with_the_engine(problem: tuple) -> None:
    xs, ys, ws, bs = problem
    moons.agree("autograd_core", steps.engine_step(ws, bs, xs, ys), floor_answer(problem))


def nudged_loss(problem: tuple, layer: int, j: int, i: int, delta: float) -> float:
    """The floor's loss with weight ws[layer][j][i] moved by delta."""
    xs, ys, ws, bs = problem
    w2 = [[list(wj) for wj in w] for w in ws]
    w2[layer][j][i] += delta
    return floor.step(w2, bs, xs, ys, steps.ALPHA)[0]


def test_floor_gradients_agree_with_central_differences(problem: tuple) -> None:
    ws = problem[2]
    _, grads = floor_answer(problem)
    eps = 1e-6
    for layer, j, i in [(0, 0, 1), (1, 5, 3), (2, 0, 7)]:
        numeric = (nudged_loss(problem, layer, j, i, eps) - nudged_loss(problem, layer, j, i, -eps)) / (2 * eps)
        k = sum(len(w) * (len(w[0]) + 1) for w in ws[:layer]) + j * (len(ws[layer][0]) + 1) + i  # floor.flat order
        assert grads[k] == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_floor_gradients_agree_with_micrograd(problem: tuple) -> None:
    pytest.importorskip("micrograd")
    import micrograd.nn

    xs, ys, ws, bs = problem
    model = steps.copy_weights(micrograd.nn.MLP(2, steps.SIZES[1:]), ws, bs)
    loss = steps.micrograd_step(model, xs, ys)
    moons.agree("micrograd", (loss.data, steps.grads(model)), floor_answer(problem))


def test_floor_gradients_agree_with_the_nn_library(problem: tuple) -> None:
    why = steps.nn_missing()
    if why:
        pytest.skip(f"nn library not ready: {why}")
    from nn import MLP

    xs, ys, ws, bs = problem
    for fused in (True, False):
        model = steps.copy_weights(MLP(2, steps.SIZES[1:], fused=fused, seed=0), ws, bs)
        loss = steps.stepgrad_step(model, xs, ys)
        moons.agree(f"nn fused={fused}", (loss.data, steps.grads(model)), floor_answer(problem))


def test_quick_run_writes_every_benchmark(tmp_path: Path) -> None:
    pytest.importorskip("micrograd")
    out = tmp_path / "results.json"
    assert main(["--quick", "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["quick"] is True
    assert {"python", "platform", "cpu", "cores", "micrograd"} <= results["machine"].keys()
    assert list(results["benchmarks"]) == BENCHMARKS
    for name, bench in results["benchmarks"].items():
        assert not bench.get("error"), (name, bench.get("skipped"))
        if "skipped" in bench:  # only for an optional package that is missing, and it says which
            assert "not installed" in bench["skipped"], bench["skipped"]
            continue
        assert bench["rows"], name
        for r in bench["rows"]:
            assert {"measure", "unit", "median", "min", "max", "target", "status"} <= r.keys()
            if r["target"] and r["median"] is not None and not r["target"].startswith("0:"):
                assert r["status"] == "n/a (quick)", r  # toy sizes never pass or fail a target


def test_readme_block_is_the_only_part_rewritten(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nbefore\n{START}\nold table\n{END}\nafter\n", encoding="utf-8")
    update_readme(readme, "| new | table |")
    assert readme.read_text(encoding="utf-8") == f"# title\n\nbefore\n{START}\n| new | table |\n{END}\nafter\n"
    bare = tmp_path / "BARE.md"
    bare.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="bench:start"):
        update_readme(bare, "| x |")
    assert bare.read_text(encoding="utf-8") == "no markers\n"


def test_without_scikit_learn_the_digits_benchmark_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from benchmarks import digits
    from benchmarks.harness import Skipped

    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    with pytest.raises(Skipped, match=r"scikit-learn is not installed: pip install 'stepgrad\[bench\]'"):
        digits.run(quick=True)
