"""Whether operations record a graph, and whether they are checked for NaN/inf.

Both live in one context variable, so each thread (and each asyncio task) has its own mode and
``no_grad`` in one thread never affects another. Node creation reads it once per op.
"""

from __future__ import annotations

from contextlib import ContextDecorator
from contextvars import ContextVar, Token

RECORD = 1  # bit 0: build the graph (parents, op) for new nodes
ANOMALY = 2  # bit 1: check every forward value and backward gradient for NaN/inf

MODE: ContextVar[int] = ContextVar("stepgrad_mode", default=RECORD)


class _SetMode(ContextDecorator):
    """Base for context managers that set mode bits on entry and restore them on exit.

    Used as a decorator, each call gets its own fresh instance (``_recreate_cm``), so recursion
    and threads never share a saved token.
    """

    def _new_mode(self, mode: int) -> int:
        raise NotImplementedError

    def __enter__(self) -> _SetMode:
        self._token: Token[int] = MODE.set(self._new_mode(MODE.get()))
        return self

    def __exit__(self, *exc: object) -> None:
        MODE.reset(self._token)

    def _recreate_cm(self) -> _SetMode:
        return type(self)()


class no_grad(_SetMode):  # noqa: N801 -- PyTorch's name
    """Compute values without recording a graph: results are leaves with no parents.

    Use as ``with no_grad(): ...`` or as a decorator ``@no_grad()``.
    """

    def _new_mode(self, mode: int) -> int:
        return mode & ~RECORD


class enable_grad(_SetMode):  # noqa: N801 -- PyTorch's name
    """Record a graph again inside a ``no_grad`` block."""

    def _new_mode(self, mode: int) -> int:
        return mode | RECORD


class detect_anomaly(_SetMode):  # noqa: N801 -- PyTorch's name
    """Raise ``FloatingPointError`` at the first op whose value or gradient is NaN or infinite.

    The error names the op, the node's label, its inputs and whether it happened in the forward
    or the backward pass. Off by default; costs nothing when off.
    """

    def _new_mode(self, mode: int) -> int:
        return mode | ANOMALY


def is_grad_enabled() -> bool:
    """True when new operations record a graph (not inside ``no_grad``)."""
    return bool(MODE.get() & RECORD)
