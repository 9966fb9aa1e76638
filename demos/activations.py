"""Linear, step, sigmoid, tanh and ReLU and their derivatives, the derivatives computed by backward() on [-5, 5]."""

from __future__ import annotations

from math import nan
from pathlib import Path

from autograd_core import Value
from demos.plotting import plt, save

# name -> (activation as a Value method, line style). linear is k·z with k = 1.
ACTIVATIONS = {
    "linear": (lambda z: z * 1.0, dict(color="0.5", linestyle=":", linewidth=2)),
    "step": (Value.step, dict(color="#d62728", linestyle="-", linewidth=2)),
    "sigmoid": (Value.sigmoid, dict(color="#2ca02c", linestyle="--", linewidth=2)),
    "tanh": (Value.tanh, dict(color="#1f77b4", linestyle="-", linewidth=2)),
    "ReLU": (Value.relu, dict(color="#9467bd", linestyle="-.", linewidth=2)),
}


def value_and_slope(f, z: float) -> tuple[float, float]:
    """a = f(z) and da/dz from one forward and one backward pass: no derivative formula written here."""
    v = Value(z, label="z")
    a = f(v)
    a.backward()
    return a.data, v.grad


def central_difference(f, z: float, h: float = 1e-5) -> float:
    """(f(z + h) - f(z - h)) / 2h, the slope measured from outside the engine."""
    return (f(Value(z + h)).data - f(Value(z - h)).data) / (2 * h)


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    n = 101 if quick else 401
    zs = [-5 + 10 * i / (n - 1) for i in range(n)]  # includes z = 0, where step and ReLU have a corner
    curves = {name: [value_and_slope(f, z) for z in zs] for name, (f, _) in ACTIVATIONS.items()}

    print("a(z) and da/dz (from backward) at a few points:")
    points = [-2.0, -0.5, 0.0, 0.5, 2.0]
    print(f"{'':>9}" + "".join(f"{'z = ' + format(z, 'g'):>16}" for z in points))
    print(f"{'':>9}" + f"{'a(z)':>8}{'da/dz':>8}" * len(points))
    for name, (f, _) in ACTIVATIONS.items():
        cells = [value_and_slope(f, z) for z in points]
        print(f"{name:>9}" + "".join(f"{a:>8.4f}{s:>8.4f}" for a, s in cells))

    print("\nbackward() against central differences, away from z = 0:")
    for name, (f, _) in ACTIVATIONS.items():
        err = max(abs(s - central_difference(f, z)) for z, (_, s) in zip(zs, curves[name]) if abs(z) > 1e-3)
        print(f"  {name:>8}: largest |backward - central difference| = {err:.1e}")
    step, relu = ACTIVATIONS["step"][0], ACTIVATIONS["ReLU"][0]
    print("at z = 0 the step jumps and ReLU bends, so no derivative exists there; the engine picks one:")
    print(f"  step: backward gives {value_and_slope(step, 0.0)[1]:g}, central difference {central_difference(step, 0.0):.4g}")
    print(f"  ReLU: backward gives {value_and_slope(relu, 0.0)[1]:g}, central difference {central_difference(relu, 0.0):.4g}")
    print("the step's derivative is 0 everywhere else: gradient descent gets no signal through a step unit.")

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, (_, style) in ACTIVATIONS.items():
        left.plot(zs, [a for a, _ in curves[name]], label=name, **style)
        slopes = [s for _, s in curves[name]]
        # a jump in the derivative (ReLU at 0) is drawn as a gap, not as a vertical line
        slopes = [nan if i and abs(s - slopes[i - 1]) > 0.5 else s for i, s in enumerate(slopes)]
        right.plot(zs, slopes, label=name, **style)
    right.plot([0, 0], [0, 1], "o", color="k", fillstyle="none", markersize=9, label="z = 0: no derivative\n(step, ReLU)")
    left.set(title="Activation functions a(z)", xlabel="z (net input)", ylabel="a(z)", xlim=(-5, 5), ylim=(-1.2, 1.2))
    right.set(title="Their derivatives da/dz, from backward()", xlabel="z (net input)", ylabel="da/dz", xlim=(-5, 5), ylim=(-0.2, 1.2))
    left.legend(loc="upper left")
    right.legend(loc="center left", fontsize=9)
    return [save(fig, out, "activations.png")]
