"""The plain-Python floor: one moons training step with floats and lists, backprop derived by hand.

This is what a competent person writes without any autodiff: an explicit forward pass of the
MLP (ReLU hidden layers, a linear output), micrograd's demo loss

    loss = mean_k relu(1 - y_k · score_k) + α · Σ p²

and its gradient by the chain rule written out. No graph, no nodes: the limit a pure-Python
scalar engine can approach. ``ws[l][j]`` are the weights of neuron j of layer l, ``bs[l][j]`` its
bias; gradients come back in the same shapes.
"""

from __future__ import annotations

from operator import mul

Matrix = list[list[float]]


def forward(ws: list[Matrix], bs: list[list[float]], x: list[float]) -> tuple[list[list[float]], list[list[float]]]:
    """Activations of every layer (``acts[0]`` is the input) and pre-activations ``z`` of every layer."""
    acts, zs = [x], []
    last = len(ws) - 1
    for layer, (w, b) in enumerate(zip(ws, bs, strict=True)):
        a = acts[-1]
        z = [bj + sum(map(mul, wj, a)) for wj, bj in zip(w, b, strict=True)]
        zs.append(z)
        acts.append(z if layer == last else [v if v > 0.0 else 0.0 for v in z])
    return acts, zs


def step(
    ws: list[Matrix], bs: list[list[float]], xs: list[list[float]], ys: list[float], alpha: float = 1e-4
) -> tuple[float, list[Matrix], list[list[float]]]:
    """Loss and its gradient with respect to every weight and bias, for the full batch ``xs``, ``ys`` (±1)."""
    gws = [[[0.0] * len(wj) for wj in w] for w in ws]
    gbs = [[0.0] * len(b) for b in bs]
    n = len(xs)
    data_loss = 0.0
    for x, y in zip(xs, ys, strict=True):
        acts, zs = forward(ws, bs, x)
        margin = 1.0 - y * acts[-1][0]
        if margin <= 0.0:
            continue  # relu(margin) = 0: no loss, no gradient from this point
        data_loss += margin
        delta = [-y / n]  # ∂loss/∂score
        for layer in range(len(ws) - 1, -1, -1):
            w, a, gw, gb = ws[layer], acts[layer], gws[layer], gbs[layer]
            if layer != len(ws) - 1:  # through the ReLU: ∂a/∂z = 1 if z > 0 else 0
                z = zs[layer]
                delta = [d if zj > 0.0 else 0.0 for d, zj in zip(delta, z, strict=True)]
            back = [0.0] * len(a)
            for j, d in enumerate(delta):
                if d == 0.0:
                    continue
                gb[j] += d
                gwj, wj = gw[j], w[j]
                for i, ai in enumerate(a):
                    gwj[i] += d * ai
                    back[i] += d * wj[i]
            delta = back
    reg = 0.0
    for w, b, gw, gb in zip(ws, bs, gws, gbs, strict=True):
        for wj, gwj in zip(w, gw, strict=True):
            for i, p in enumerate(wj):
                reg += p * p
                gwj[i] += 2.0 * alpha * p
        for j, p in enumerate(b):
            reg += p * p
            gb[j] += 2.0 * alpha * p
    return data_loss / n + alpha * reg, gws, gbs


def flat(ws: list[Matrix], bs: list[list[float]]) -> list[float]:
    """Weights and biases in micrograd's parameter order: per layer, per neuron, w₀..wₙ₋₁ then b."""
    return [p for w, b in zip(ws, bs, strict=True) for wj, bj in zip(w, b, strict=True) for p in (*wj, bj)]
