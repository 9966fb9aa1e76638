"""stepgrad's engine: a scalar reverse-mode autodiff on one op table.

>>> a, b = Value(2.0, label="a"), Value(1.0, label="b")
>>> e = (a + b) * (b + 1)
>>> e.backward()
>>> a.grad, b.grad
(2.0, 5.0)
"""

from . import engine
from .compiler import compile as compile  # a training step as generated Python (autograd_core/compiler/)
from .engine import topological_order
from .fast import backward
from .functional import linear, linear_rows, softmax, vsum, wsum
from .grad_mode import detect_anomaly, enable_grad, is_grad_enabled, no_grad
from .gradcheck import GradcheckError, gradcheck, numerical_grad
from .graph import walk, zero_grad
from .op import TABLE, Op, register, unregister
from .value import Value, apply

__all__ = [
    "TABLE", "GradcheckError", "Op", "Value", "apply", "backward", "detect_anomaly", "enable_grad", "engine",
    "gradcheck", "is_grad_enabled", "linear", "linear_rows", "no_grad", "numerical_grad", "register", "softmax",
    "topological_order", "unregister", "vsum", "walk", "wsum", "zero_grad",
]  # fmt: skip
__version__ = "0.1.0"

# Seeing backprop: the stepper, paths and derivations are light; drawing loads the graphviz package on first use.
from .derive import derivation
from .pathsum import count_paths, paths
from .stepper import Step

__all__ += ["Drawing", "Step", "count_paths", "derivation", "draw", "paths"]


def __getattr__(name: str) -> object:
    """``draw`` and ``Drawing`` come from ``autograd_core.drawing``, imported when first asked for."""
    if name in ("draw", "Drawing"):
        from . import drawing

        return getattr(drawing, name)
    raise AttributeError(f"module 'autograd_core' has no attribute {name!r}")
