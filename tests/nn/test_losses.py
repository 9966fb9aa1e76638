"""Losses: hand-computed values, PyTorch agreement in float64, stability, graph size, bad input."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_core import Value, gradcheck
from nn import bce_loss, bce_with_logits, cross_entropy, hinge_loss, l2, mse_loss

from .strategies import scalar_batches


def values(xs: list[float]) -> list[Value]:
    return [Value(x) for x in xs]


def test_hand_computed_values() -> None:
    assert mse_loss([1.0, 2.0], [0.0, 0.0]).data == 2.5
    assert mse_loss([1.0, 2.0], [0.0, 0.0], half=True).data == 1.25
    assert mse_loss([[1.0, 2.0], [3.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]).data == 3.5  # mean over all 4 outputs
    assert bce_loss([0.8, 0.25], [1, 0]).data == pytest.approx(-(math.log(0.8) + math.log(0.75)) / 2, rel=1e-15)
    assert bce_with_logits([0.0], [1]).data == pytest.approx(math.log(2), rel=1e-15)
    assert cross_entropy([[0.0, 0.0, 0.0]], [2]).data == pytest.approx(math.log(3), rel=1e-15)
    assert hinge_loss([2.0, 0.5, -1.0], [1, 1, 1]).data == pytest.approx((0 + 0.5 + 2) / 3, rel=1e-15)
    assert l2([Value(3.0), Value(-4.0)]).data == 25.0


def test_gradients_by_hand() -> None:
    p = values([0.5, -1.0])
    mse_loss(p, [1.0, 1.0]).backward()  # ∂/∂pᵢ = 2(pᵢ - yᵢ)/N
    assert [v.grad for v in p] == [-0.5, -2.0]
    s = values([0.3, -2.0])
    bce_with_logits(s, [1, 0]).backward()  # ∂/∂sᵢ = (σ(sᵢ) - yᵢ)/N
    assert [v.grad for v in s] == pytest.approx([(1 / (1 + math.exp(-0.3)) - 1) / 2, 1 / (1 + math.exp(2.0)) / 2], rel=1e-12)
    w = values([3.0, -4.0])
    l2(w).backward()
    assert [v.grad for v in w] == [6.0, -8.0]
    h = values([2.0, 0.5])
    hinge_loss(h, [1, -1]).backward()  # inactive margin: 0; active: ∂/∂s = -y/N
    assert [v.grad for v in h] == [0.0, 0.5]


def test_each_loss_sums_its_terms_with_one_node_not_a_chain() -> None:
    n = 100
    rng = random.Random(0)
    scores = values([rng.uniform(-2, 2) for _ in range(n)])
    for loss in (hinge_loss(scores, [1] * n), bce_with_logits(scores, [1] * n), mse_loss(scores, [0] * n)):
        mean = loss.parents[0] if loss.op == "neg" else loss  # the cross-entropies negate the mean
        assert mean.op == "div" and mean.parents[0].op == "vsum" and len(mean.parents[0].parents) == n
    assert l2(scores).op == "vsum" and len(l2(scores).parents) == n


def test_stability_at_extreme_scores() -> None:
    assert bce_with_logits([1000.0, -1000.0], [1, 0]).data == 0.0
    assert bce_with_logits([-1000.0], [1]).data == 1000.0
    s = Value(-800.0)
    bce_with_logits([s], [1]).backward()
    assert s.grad == -1.0
    assert cross_entropy([[1000.0, 0.0, -1000.0]], [0]).data == 0.0
    assert cross_entropy([[1000.0, 0.0]], [1]).data == 1000.0
    p = [Value(0.0), Value(1.0)]
    loss = bce_loss(p, [1, 0])  # log(0) would raise: clamped at -100 as PyTorch
    assert loss.data == 100.0
    loss.backward()
    assert bce_loss([1.0, 0.0], [1, 0]).data == 0.0


@given(scalar_batches(), st.data())
def test_gradients_agree_with_central_differences(scores: list[float], data: st.DataObject) -> None:
    n = len(scores)
    pm = data.draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n))
    soft = data.draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    probs = [1 / (1 + math.exp(-s)) for s in scores]
    gradcheck(lambda *s: bce_with_logits(list(s), soft), scores, atol=1e-6)
    gradcheck(lambda *s: mse_loss(list(s), soft, half=True), scores, atol=1e-6)
    gradcheck(lambda *p: bce_loss(list(p), soft), [min(max(p, 0.01), 0.99) for p in probs], atol=1e-6)
    if all(abs(1 - y * s) > 1e-3 for y, s in zip(pm, scores, strict=True)):  # away from the hinge's kink
        gradcheck(lambda *s: hinge_loss(list(s), pm), scores, atol=1e-6)
    k = data.draw(st.integers(2, 4))
    rows = [scores[i : i + k] + [0.0] * (k - len(scores[i : i + k])) for i in range(0, n, k)]
    classes = [data.draw(st.integers(0, k - 1)) for _ in rows]
    flat = [x for row in rows for x in row]
    gradcheck(lambda *xs: cross_entropy([list(xs[i : i + k]) for i in range(0, len(xs), k)], classes), flat, atol=1e-6)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: mse_loss([1.0], [1.0, 2.0]), ValueError, "1 predictions but 2 targets"),
        (lambda: mse_loss([], []), ValueError, "batch is empty"),
        (lambda: mse_loss(["a"], [1.0]), TypeError, "prediction 0 must be a Value or a number, not str"),
        (lambda: mse_loss([1.0], [None]), TypeError, "target 0 must be a finite number"),
        (lambda: mse_loss([[1.0, 2.0]], [1.0]), ValueError, "prediction 0 has 2 outputs"),
        (lambda: bce_loss([1.5], [1]), ValueError, "not a probability in"),
        (lambda: bce_loss([0.5], [2]), ValueError, "targets must be in"),
        (lambda: bce_loss([[0.5, 0.5]], [1]), ValueError, "needs one per example"),
        (lambda: bce_with_logits([0.5], [-1]), ValueError, "targets must be in"),
        (lambda: hinge_loss([0.5], [0]), ValueError, "labels must be -1 or"),
        (lambda: cross_entropy([[0.5, 1.0]], [2]), ValueError, r"target 0 = 2: cross_entropy targets are class indices 0\.\.1"),
        (lambda: cross_entropy([[0.5, 1.0]], [1.0]), ValueError, "class indices"),
        (lambda: cross_entropy([[0.5]], [0]), ValueError, "at least 2 class scores"),
        (lambda: cross_entropy([[0.5, 1.0], [1.0, 2.0, 3.0]], [0, 0]), ValueError, "logits 1 has 3 scores"),
        (lambda: l2([1.0]), TypeError, "parameter 0 must be a Value"),
        (lambda: hinge_loss("ab", [1, 1]), TypeError, "predictions must be a list"),
    ],
)
def test_bad_input_is_a_clear_error(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


# ---- PyTorch, float64 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():  # type: ignore[no-untyped-def]
    return pytest.importorskip("torch")


def _check(torch, ours, theirs, inputs, t_inputs) -> None:  # type: ignore[no-untyped-def]
    ours.backward()
    theirs.backward()
    assert ours.data == pytest.approx(theirs.item(), rel=1e-12, abs=1e-14)
    got = [v.grad for row in inputs for v in (row if isinstance(row, list) else [row])]
    assert got == pytest.approx(t_inputs.grad.flatten().tolist(), rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_agree_with_torch(torch, seed: int) -> None:  # type: ignore[no-untyped-def]
    F = torch.nn.functional  # noqa: N806
    rng = random.Random(seed)
    n = rng.randint(1, 12)
    raw = [rng.uniform(-8, 8) for _ in range(n)]

    def pair(xs):  # type: ignore[no-untyped-def]
        return values(xs), torch.tensor(xs, dtype=torch.float64, requires_grad=True)

    soft = [rng.random() for _ in range(n)]
    ys = torch.tensor(soft, dtype=torch.float64)
    v, t = pair(raw)
    _check(torch, mse_loss(v, soft), F.mse_loss(t, ys), v, t)
    v, t = pair(raw)
    _check(torch, bce_with_logits(v, soft), F.binary_cross_entropy_with_logits(t, ys), v, t)
    probs = [1 / (1 + math.exp(-x)) for x in raw]
    v, t = pair(probs)
    _check(torch, bce_loss(v, soft), F.binary_cross_entropy(t, ys), v, t)
    pm = [rng.choice([-1.0, 1.0]) for _ in range(n)]
    v, t = pair(raw)
    _check(torch, hinge_loss(v, pm), torch.clamp(1 - torch.tensor(pm, dtype=torch.float64) * t, min=0).mean(), v, t)
    k = rng.randint(2, 5)
    rows = [[rng.uniform(-30, 30) for _ in range(k)] for _ in range(n)]
    classes = [rng.randrange(k) for _ in range(n)]
    vs = [values(r) for r in rows]
    t = torch.tensor(rows, dtype=torch.float64, requires_grad=True)
    _check(torch, cross_entropy(vs, classes), F.cross_entropy(t, torch.tensor(classes)), vs, t)
    wide = [[rng.uniform(-3, 3) for _ in range(k)] for _ in range(n)]
    targets = [[rng.uniform(-3, 3) for _ in range(k)] for _ in range(n)]
    vs = [values(r) for r in wide]
    t = torch.tensor(wide, dtype=torch.float64, requires_grad=True)
    _check(torch, mse_loss(vs, targets), F.mse_loss(t, torch.tensor(targets, dtype=torch.float64)), vs, t)
    ps = values(raw)
    t = torch.tensor(raw, dtype=torch.float64, requires_grad=True)
    _check(torch, l2(ps), (t * t).sum(), ps, t)
