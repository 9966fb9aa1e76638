"""Assign a step's new parameter values whole: Ctrl-C is held back while they are written, and an
assignment that fails part-way is undone, so parameters are never left half-updated.

Python delivers Ctrl-C as a ``KeyboardInterrupt`` raised between any two bytecodes of the main
thread, so a plain loop ``for p, x in ...: p.data = x`` can stop after any parameter. ``commit``
swaps the SIGINT handler for one that only remembers the signal, writes everything, restores the
handler and then delivers a signal that came meanwhile: the interrupt lands after the step.
Only the main thread can receive it, and only a Python-level handler raises (not ``SIG_IGN`` or
``SIG_DFL``), so elsewhere the writes simply run.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Sequence
from types import FrameType, TracebackType
from typing import Any

from autograd_core import Value


class HeldInterrupts:
    """A context manager: SIGINT during the block runs its handler (``KeyboardInterrupt``) at the end."""

    def __init__(self) -> None:
        self.handler: Any = None
        self.caught: list[tuple[int, FrameType | None]] = []

    def _hold(self, signum: int, frame: FrameType | None) -> None:
        self.caught.append((signum, frame))

    def __enter__(self) -> HeldInterrupts:
        if threading.current_thread() is not threading.main_thread():
            return self
        try:
            handler = signal.getsignal(signal.SIGINT)
            if callable(handler):
                signal.signal(signal.SIGINT, self._hold)
                self.handler = handler
        except (AttributeError, ValueError, OSError):  # no signals here (a browser, a sub-interpreter)
            pass
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        handler, self.handler = self.handler, None
        if handler is None:
            return
        signal.signal(signal.SIGINT, handler)
        if self.caught:
            signum, frame = self.caught[0]
            self.caught.clear()
            handler(signum, frame)  # the default handler raises KeyboardInterrupt here, after the writes


def commit(params: Sequence[Value], old: Sequence[float], new: Sequence[float], finish: Callable[[], None]) -> None:
    """``p.data = x`` for every parameter, then ``finish()`` (the optimizer's new state), as one unit:
    an exception part-way (a parameter class whose ``data`` refuses a value) puts back ``old``."""
    with HeldInterrupts():
        try:
            for p, x in zip(params, new):
                p.data = x
            finish()
        except BaseException:
            for p, x in zip(params, old):  # those not yet written already hold their old value
                try:
                    p.data = x
                except BaseException:  # best effort; the original error is what matters
                    pass
            raise
